/* Word (.docx) of the tender, written with the vendored `docx` library (web/vendor/docx,
   see README): A4, the site's proofing language on the styles and on every run, the tender's
   name as title, the criteria grouped by type in tender order and numbered with Word's own
   numbering (numbering.xml), an annex for the contract manager (follow-up and sources), and a
   footer with the site's address, the build date and the page number (a PAGE field). */
(function () {
  "use strict";
  var t = window.gpp.tender;
  var D = window.docx;

  function make(m) {
    var s = m.strings;
    var lang = { value: m.tag, eastAsia: m.tag, bidirectional: m.tag };

    function run(text, opts) {
      var o = { text: text, language: lang };
      Object.keys(opts || {}).forEach(function (k) { o[k] = opts[k]; });
      return new D.TextRun(o);
    }
    /* A line of segments: filled values plain, unfilled placeholders highlighted and bracketed. */
    function runs(line) {
      return line.map(function (seg) {
        if (seg.mark !== undefined) return run(seg.mark, { highlight: "yellow", bold: true });
        return run(t.segText(seg));
      });
    }
    function text(blocks, out) {
      blocks.forEach(function (b) {
        b.items.forEach(function (line) {
          out.push(new D.Paragraph(b.kind === "ul" ? { children: runs(line), numbering: { reference: "punkter", level: 0 } }
                                                  : { children: runs(line) }));
        });
      });
    }
    function labelled(label, blocks, out) {
      out.push(new D.Paragraph({ keepNext: true, children: [run(label, { bold: true })] }));
      text(blocks, out);
    }

    var body = [new D.Paragraph({ heading: D.HeadingLevel.TITLE, children: [run(m.title)] }),
                new D.Paragraph({ children: [run(s.sel_doc_requirements + ": " + m.count + " · " + m.site_name + " · " + s.sel_doc_built + " " + m.build_date)] })];
    m.groups.forEach(function (g) {
      body.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_1, keepNext: true, children: [run(g.label)] }));
      g.entries.forEach(function (e) {
        body.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_2, keepNext: true, numbering: { reference: "krav", level: 0 },
                                    children: [run(e.c.cite + " " + e.c.title)] }));
        labelled(s.requirement, e.requirement, body);
        labelled(s.verification, e.verification, body);
        if (e.c.labels.length) {
          body.push(new D.Paragraph({ children: [run(s.accepted_labels + ": ", { bold: true }), run(e.c.labels.join(", "))] }));
        }
      });
    });
    body.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_1, pageBreakBefore: true, children: [run(s.sel_doc_annex)] }));
    body.push(new D.Paragraph({ children: [run(s.sel_doc_annex_intro)] }));
    m.groups.forEach(function (g) {
      g.entries.forEach(function (e) {
        body.push(new D.Paragraph({ heading: D.HeadingLevel.HEADING_3, keepNext: true, children: [run(e.c.cite + " " + e.c.title)] }));
        if (e.follow_up) labelled(s.follow_up, e.follow_up, body);
        body.push(new D.Paragraph({ keepNext: true, children: [run(s.sel_doc_source, { bold: true })] }));
        e.c.sources.forEach(function (src) {
          body.push(new D.Paragraph({ numbering: { reference: "punkter", level: 0 }, children: [run(src.title + ": " + src.url)] }));
        });
      });
    });

    var footer = new D.Footer({ children: [new D.Paragraph({ children: [
      run(m.site_name + " · " + m.site_url + " · " + s.sel_doc_built + " " + m.build_date + " · " + s.sel_doc_page + " "),
      new D.TextRun({ children: [D.PageNumber.CURRENT], language: lang })
    ] })] });
    var doc = new D.Document({
      title: m.title, creator: m.site_name, lastModifiedBy: m.site_name, description: m.site_url,
      styles: { default: {
        document: { run: { language: lang, font: "Calibri", size: 22 } },
        title: { run: { language: lang } }, heading1: { run: { language: lang } },
        heading2: { run: { language: lang } }, heading3: { run: { language: lang } }
      } },
      numbering: { config: [
        { reference: "krav", levels: [{ level: 0, format: D.LevelFormat.DECIMAL, text: "%1.", alignment: D.AlignmentType.LEFT,
                                        style: { paragraph: { indent: { left: 567, hanging: 567 } } } }] },
        { reference: "punkter", levels: [{ level: 0, format: D.LevelFormat.BULLET, text: "\u2022", alignment: D.AlignmentType.LEFT,
                                           style: { paragraph: { indent: { left: 567, hanging: 283 } } } }] }
      ] },
      sections: [{
        properties: { page: { size: { width: 11906, height: 16838, orientation: D.PageOrientation.PORTRAIT },
                              margin: { top: 1418, bottom: 1418, left: 1418, right: 1418 } } },
        footers: { default: footer },
        children: body
      }]
    });
    return D.Packer.toBlob(doc);
  }

  t.exporters.docx = { ext: "docx", make: make };
})();

/* Word (.docx) of the tender, written with the vendored `docx` library (web/vendor/docx, see
   README). What it holds and in which order is tender.js's DOCUMENT; this file only says how it
   looks: A4, Word's own styles with their formatting (Title, Heading 1 for each type of
   requirement, Heading 2 numbered for each criterion, Heading 3 in the annex), so the navigation
   pane and an inserted table of contents work and the procurer's own template can restyle it;
   the site's proofing language on every style and run; headings kept with their text; a cover
   block (name, date, the criteria with versions, the link that reopens the selection); the
   contract manager's annex; page numbers. The build runs the same file to make each category's
   Word download (opslag/webengine.py), so `build(m)` (the document) is kept apart from the Blob. */
(function () {
  "use strict";
  var t = window.gpp.tender;
  var D = window.docx;
  var GREEN = "1F5C3A";
  var PT = 2;  // docx sizes are half-points
  var TWIP = 20;  // and spacing twentieths of a point

  function styles(lang) {
    function heading(size, before, after, outline, color) {
      return {
        run: { language: lang, font: "Calibri", size: size * PT, bold: true, color: color },
        paragraph: { spacing: { before: before * TWIP, after: after * TWIP }, keepNext: true, keepLines: true, outlineLevel: outline }
      };
    }
    return {
      default: {
        document: { run: { language: lang, font: "Calibri", size: 10.5 * PT }, paragraph: { spacing: { after: 4 * TWIP, line: 264 } } },
        title: { run: { language: lang, font: "Calibri", size: 22 * PT, bold: true, color: GREEN }, paragraph: { spacing: { after: 6 * TWIP } } },
        heading1: heading(15, 18, 6, 0, GREEN),
        heading2: heading(12, 12, 2, 1, "222222"),
        heading3: heading(11, 10, 2, 2, "222222")
      },
      paragraphStyles: [
        { id: "GppFacts", name: "GppFacts", basedOn: "Normal", next: "Normal", quickFormat: true,
          run: { language: lang, size: 9 * PT, color: "595959" }, paragraph: { spacing: { after: 4 * TWIP }, keepNext: true } },
        { id: "GppLabel", name: "GppLabel", basedOn: "Normal", next: "Normal", quickFormat: true,
          run: { language: lang, bold: true }, paragraph: { spacing: { before: 4 * TWIP, after: 1 * TWIP }, keepNext: true } }
      ]
    };
  }

  /* The writing helpers of one document in the tender's language. */
  function kit(m) {
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
    function para(children, extra) {
      var o = { children: children };
      Object.keys(extra || {}).forEach(function (k) { o[k] = extra[k]; });
      return new D.Paragraph(o);
    }
    function bullet(children) { return para(children, { numbering: { reference: "punkter", level: 0 } }); }
    function blocks(bs, out) {
      bs.forEach(function (b) {
        b.items.forEach(function (line) { out.push(b.kind === "ul" ? bullet(runs(line)) : para(runs(line))); });
      });
    }
    /* A part of the tender document (tender.js DOCUMENT): its label, then its text or lines. */
    function part(p, out) {
      out.push(para([run(p.label)], { style: "GppLabel" }));
      if (p.blocks) blocks(p.blocks, out);
      else p.lines.forEach(function (line) { out.push(p.lines.length > 1 ? bullet([run(line)]) : para([run(line)])); });
    }
    return { lang: lang, run: run, runs: runs, para: para, bullet: bullet, blocks: blocks, part: part };
  }

  /* The facts line under a document's title: "Krav: 12 · Dannet 2026-12-07 · <site> · Udgave: …". */
  function coverFacts(m, para, run) {
    var s = m.strings;
    return para([run([s.sel_doc_requirements + ": " + m.count, s.sel_doc_built + " " + m.build_date, m.site_name,
                      t.editionText(m)].filter(Boolean).join(" · "))], { style: "GppFacts" });
  }

  function build(m) {
    var s = m.strings;
    var k = kit(m), run = k.run, para = k.para, bullet = k.bullet, part = k.part;

    var body = [para([run(m.title)], { heading: D.HeadingLevel.TITLE })];
    body.push(coverFacts(m, para, run));
    /* The cover: every criterion with its version, and the link that reopens the selection. */
    body.push(para([run(s.sel_doc_contents)], { style: "GppLabel" }));
    m.groups.forEach(function (g) {
      g.entries.forEach(function (e) { body.push(bullet([run(e.c.cite + "  " + e.c.title)])); });
    });
    if (m.link) {
      body.push(para([run(s.sel_doc_reopen + " "), new D.ExternalHyperlink({ link: m.link, children: [run(m.link, { style: "Hyperlink" })] })],
                     { style: "GppFacts", spacing: { before: 6 * TWIP } }));
    }
    m.groups.forEach(function (g) {
      body.push(para([run(g.label)], { heading: D.HeadingLevel.HEADING_1 }));
      g.entries.forEach(function (e) {
        body.push(para([run(e.c.title)], { heading: D.HeadingLevel.HEADING_2, numbering: { reference: "krav", level: 0 } }));
        body.push(para([run(t.metaLine(m, e))], { style: "GppFacts" }));
        t.parts(m, e, "BIDDER").forEach(function (p) { part(p, body); });
      });
    });
    body.push(para([run(s.sel_doc_annex)], { heading: D.HeadingLevel.HEADING_1, pageBreakBefore: true }));
    body.push(para([run(s.sel_doc_annex_intro)]));
    m.groups.forEach(function (g) {
      g.entries.forEach(function (e) {
        body.push(para([run(e.c.cite + "  " + e.c.title)], { heading: D.HeadingLevel.HEADING_3 }));
        t.parts(m, e, "ANNEX").forEach(function (p) { part(p, body); });
      });
    });

    /* For the contract notice on TED (eForms): the proposed values with the criteria they come from. */
    if (m.eforms.length) {
      body.push(para([run(s.sel_eforms_title)], { heading: D.HeadingLevel.HEADING_1 }));
      body.push(para([run(s.sel_eforms_intro)]));
      t.eformsLines(m).forEach(function (f) {
        body.push(para([run(f.head)], { style: "GppLabel" }));
        f.lines.forEach(function (line) { body.push(bullet([run(line)])); });
      });
    }

    return documentOf(m, k, body);
  }

  /* The page, styles, numbering and footer every document of ours has, around its body. */
  function documentOf(m, k, body) {
    var s = m.strings, lang = k.lang, run = k.run, para = k.para;
    var footer = new D.Footer({ children: [para([
      run([m.site_name, t.editionText(m), s.sel_doc_built + " " + m.build_date, s.sel_doc_page + " "].filter(Boolean).join(" · "),
          { size: 8 * PT, color: "595959" }),
      new D.TextRun({ children: [D.PageNumber.CURRENT], language: lang, size: 8 * PT, color: "595959" }),
      run(" / ", { size: 8 * PT, color: "595959" }),
      new D.TextRun({ children: [D.PageNumber.TOTAL_PAGES], language: lang, size: 8 * PT, color: "595959" })
    ])] });
    return new D.Document({
      title: m.title, creator: m.site_name, lastModifiedBy: m.site_name, description: m.link || m.site_url,
      styles: styles(lang),
      numbering: { config: [
        { reference: "krav", levels: [{ level: 0, format: D.LevelFormat.DECIMAL, text: "%1.", alignment: D.AlignmentType.LEFT,
                                        style: { paragraph: { indent: { left: 454, hanging: 454 } } } }] },
        { reference: "punkter", levels: [{ level: 0, format: D.LevelFormat.BULLET, text: "\u2022", alignment: D.AlignmentType.LEFT,
                                           style: { paragraph: { indent: { left: 340, hanging: 227 } } } }] }
      ] },
      sections: [{
        properties: { page: { size: { width: 11906, height: 16838, orientation: D.PageOrientation.PORTRAIT },
                              margin: { top: 1134, bottom: 1134, left: 1247, right: 1247, footer: 567 } } },
        footers: { default: footer },
        children: body
      }]
    });
  }

  /* The market-dialogue questionnaire (tender.js DOCUMENT.QUESTIONNAIRE and QUESTIONS): a cover
     with the intro and a box for the company, then per criterion its heading, facts line,
     requirement and labels, and a table of the questions with room for the answers (the choices
     of "can you meet it" as boxes to tick). Nothing for the buyer only: no advice, no annex. */
  function questionnaire(m) {
    var s = m.strings;
    var k = kit(m), run = k.run, para = k.para, part = k.part;
    var CELL = { top: 80, bottom: 80, left: 100, right: 100 };
    var LINE = { style: D.BorderStyle.SINGLE, size: 4, color: "B7C4BA" };
    var BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };
    function table(rows) {
      return new D.Table({
        width: { size: 9412, type: D.WidthType.DXA }, columnWidths: [3400, 6012], borders: BORDERS,
        rows: rows.map(function (r, i) {
          var together = i < rows.length - 1;  // a table kept on one page: every row but the last keeps with the next
          return new D.TableRow({ cantSplit: true, children: [
            new D.TableCell({ width: { size: 3400, type: D.WidthType.DXA }, margins: CELL,
                              shading: { type: D.ShadingType.CLEAR, fill: "E8F0EA", color: "auto" },
                              children: [para([run(r[0], { bold: true })], { keepNext: together })] }),
            new D.TableCell({ width: { size: 6012, type: D.WidthType.DXA }, margins: CELL,
                              children: [para([run(r[1])], { spacing: { after: 240 }, keepNext: together })] })
          ] });
        })
      });
    }
    var qs = t.questions(m);
    var body = [para([run(s.sel_q_title + ": " + m.title)], { heading: D.HeadingLevel.TITLE })];
    body.push(coverFacts(m, para, run));
    body.push(para([run(s.sel_q_intro)]));
    body.push(table([[s.sel_q_company, ""]]));
    m.groups.forEach(function (g) {
      body.push(para([run(g.label)], { heading: D.HeadingLevel.HEADING_1 }));
      g.entries.forEach(function (e) {
        body.push(para([run(e.c.title)], { heading: D.HeadingLevel.HEADING_2, numbering: { reference: "krav", level: 0 } }));
        body.push(para([run(t.metaLine(m, e, "QUESTIONNAIRE"))], { style: "GppFacts" }));
        t.parts(m, e, "QUESTIONNAIRE").filter(function (p) { return t.DOCUMENT.META.indexOf(p.field) < 0; })
          .forEach(function (p) { part(p, body); });
        body.push(para([run("")], { spacing: { after: 60 }, keepNext: true }));
        body.push(table(qs.map(function (q) {
          return [q.label, q.choices ? q.choices.map(function (c) { return "\u2610 " + c; }).join("     ") : ""];
        })));
      });
    });
    return documentOf(m, k, body);
  }

  t.exporters.docx = {
    ext: "docx",
    build: build,
    make: function (m) { return D.Packer.toBlob(build(m)); }
  };
  t.exporters["q-docx"] = {
    ext: "docx",
    suffix: "sel_q_file",
    build: questionnaire,
    make: function (m) { return D.Packer.toBlob(questionnaire(m)); }
  };
})();

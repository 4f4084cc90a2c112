/* Plain text of the tender, for pasting into e-tender systems. What it holds and in which order
   is tender.js's DOCUMENT, as in the Word file; the build runs this file for each category's .txt
   download (opslag/webengine.py), so `build(m)` (the text) is kept apart from the Blob. */
(function () {
  "use strict";
  var t = window.gpp.tender;

  function underline(text, ch) { return text + "\n" + new Array(text.length + 1).join(ch); }

  function part(p, out) {
    out.push(p.label + ":");
    if (p.blocks) out.push(t.blocksText(p.blocks));
    else p.lines.forEach(function (line) { out.push(p.lines.length > 1 ? "- " + line : line); });
    out.push("");
  }

  function build(m) {
    var s = m.strings, n = 0;
    var out = [underline(m.title, "="), "", [s.sel_doc_requirements + ": " + m.count, s.sel_doc_built + " " + m.build_date, t.editionText(m)].filter(Boolean).join(" · "), ""];
    out.push(s.sel_doc_contents + ":");
    m.groups.forEach(function (g) { g.entries.forEach(function (e) { out.push("- " + e.c.cite + "  " + e.c.title); }); });
    if (m.link) out.push("", s.sel_doc_reopen + " " + m.link);
    m.groups.forEach(function (g) {
      out.push("", "", underline(g.label, "-"), "");
      g.entries.forEach(function (e) {
        n += 1;
        out.push(n + ". " + e.c.title, t.metaLine(m, e), "");
        t.parts(m, e, "BIDDER").forEach(function (p) { part(p, out); });
      });
    });
    out.push("", underline(s.sel_doc_annex, "="), "", s.sel_doc_annex_intro, "");
    m.groups.forEach(function (g) {
      g.entries.forEach(function (e) {
        out.push(e.c.cite + "  " + e.c.title, "");
        t.parts(m, e, "ANNEX").forEach(function (p) { part(p, out); });
      });
    });
    if (m.eforms.length) {
      out.push(underline(s.sel_eforms_title, "-"), "", s.sel_eforms_intro, "");
      t.eformsLines(m).forEach(function (f) {
        out.push(f.head + ":");
        f.lines.forEach(function (line) { out.push("- " + line); });
        out.push("");
      });
    }
    out.push([m.site_name, t.editionText(m), m.site_url, s.sel_doc_built + " " + m.build_date].filter(Boolean).join(" · "));
    return out.join("\n").replace(/\n{3,}/g, "\n\n\n") + "\n";
  }

  t.exporters.txt = {
    ext: "txt",
    build: build,
    make: function (m) { return new Blob([build(m)], { type: "text/plain;charset=utf-8" }); }
  };
})();

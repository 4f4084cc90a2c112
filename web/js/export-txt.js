/* Plain text of the tender: one block per criterion, for pasting into e-tender systems. */
(function () {
  "use strict";
  var t = window.gpp.tender;

  function make(m) {
    var s = m.strings, out = [m.title, ""];
    m.groups.forEach(function (g) {
      out.push(g.label.toUpperCase(), "");
      g.entries.forEach(function (e) {
        out.push(e.c.cite + " " + e.c.title);
        out.push(s.requirement + ":", t.blocksText(e.requirement));
        out.push(s.verification + ":", t.blocksText(e.verification));
        if (e.c.labels.length) out.push(s.accepted_labels + ": " + e.c.labels.join(", "));
        out.push("");
      });
    });
    out.push(m.site_name + " · " + m.site_url + " · " + s.sel_doc_built + " " + m.build_date);
    return new Blob([out.join("\n") + "\n"], { type: "text/plain;charset=utf-8" });
  }

  t.exporters.txt = { ext: "txt", make: make };
})();

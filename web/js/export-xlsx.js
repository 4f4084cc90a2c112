/* The bidder's compliance sheet (.xlsx), written with the vendored `exceljs` library
   (web/vendor/exceljs, see README): one row per criterion (id:version, type,
   requirement, documentation, "Opfyldt (ja/nej)" as a drop-down, and an empty column for the
   bidder's reference), frozen header, wrapped text, set widths, printed on A4 landscape.
   No cell starts a formula: text beginning with = + - @ tab or CR gets a leading ' (OWASP). */
(function () {
  "use strict";
  var t = window.gpp.tender;
  var FORMULA = /^[=+\-@\t\r]/;

  function safe(text) { return FORMULA.test(text) ? "'" + text : text; }
  function header(text) { return String(text).replace(/&/g, "&&"); }  // & starts a code in print headers

  function make(m) {
    var s = m.strings;
    var book = new window.ExcelJS.Workbook();
    book.creator = book.lastModifiedBy = m.site_name;
    book.title = m.title;
    book.subject = s.sel_sheet_intro;
    var sheet = book.addWorksheet(s.sel_sheet_name.slice(0, 31), {
      views: [{ state: "frozen", ySplit: 1 }],
      pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0,
                   printTitlesRow: "1:1", margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 } },
      headerFooter: {
        oddHeader: "&L" + header(m.title) + "&R" + header(s.sel_sheet_intro).slice(0, 200),
        oddFooter: "&L" + header(m.site_name + " · " + m.site_url + " · " + s.sel_doc_built + " " + m.build_date) + "&R" + header(s.sel_doc_page) + " &P / &N"
      }
    });
    sheet.columns = [
      { header: s.sel_col_id, key: "id", width: 12 },
      { header: s.sel_col_type, key: "type", width: 18 },
      { header: s.sel_col_requirement, key: "requirement", width: 70 },
      { header: s.sel_col_documentation, key: "documentation", width: 50 },
      { header: s.sel_col_met, key: "met", width: 16 },
      { header: s.sel_col_reference, key: "reference", width: 36 }
    ];
    var head = sheet.getRow(1);
    head.font = { bold: true };
    head.alignment = { wrapText: true, vertical: "top" };
    head.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8F0EA" } };
    m.groups.forEach(function (g) {
      g.entries.forEach(function (e) {
        var row = sheet.addRow({
          id: e.c.cite, type: g.label,
          requirement: safe(e.c.title + "\n" + t.blocksText(e.requirement)),
          documentation: safe(t.blocksText(e.verification)), met: "", reference: ""
        });
        row.alignment = { wrapText: true, vertical: "top" };
        row.getCell("met").dataValidation = {
          type: "list", allowBlank: true, formulae: ['"' + s.sel_yes + "," + s.sel_no + '"'],
          showErrorMessage: true, errorTitle: s.sel_col_met, error: s.sel_yes + " / " + s.sel_no
        };
      });
    });
    return book.xlsx.writeBuffer().then(function (buffer) {
      return new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    });
  }

  t.exporters.xlsx = { ext: "xlsx", make: make };
})();

/* The bidder's compliance sheet (.xlsx), written with the vendored `exceljs` library
   (web/vendor/exceljs, see README), to be filled in as it is: one row per criterion with
   id:version, type, the requirement (filled in), the documentation to submit, the bidder's answer
   (a drop-down, one list validation per answer cell), the bidder's reference to their
   documentation and the evaluator's remark. The header row is frozen and printed on every page;
   A4 landscape, fitted to the page width and as many pages down as it needs; page numbers in the
   footer. Neither Excel nor LibreOffice grows a row to its wrapped text when it opens a file, so
   every row's height is set here from an estimate of its lines (`lines`).
   No cell is a formula: every text is written as a string cell, which a spreadsheet shows as it
   is, so no escape character is needed or shown (CSV, where it is, follows opslag/exports/cells.py).
   Dates in the file are the data's build date, not the clock. */
(function () {
  "use strict";
  var t = window.gpp.tender;
  /* Arial 10 on every cell: Excel has it, and LibreOffice's Liberation Sans has the same widths,
     so one estimate of the wrapped lines holds in both. A unit of column width is the width of a
     digit of the workbook's default font (Calibri 11: 7 px at 96 dpi; LibreOffice's Carlito or a
     fallback is as wide or wider, which only gives the text more room). A line holds the
     column's pixels (its width times 7) less the cell's margins, in ems of Arial 10 (13.33 px);
     characters are counted in ems by class, rounded up from Arial's advance widths, and lines
     break at spaces as the programs do, so a row is rather a little too high than cut off. */
  var FONT = { name: "Arial", size: 10 };
  var PX_PER_UNIT = 7;
  var MARGINS = 6;    // pixels left and right of a cell's text, together
  var EM_PX = FONT.size * 96 / 72;
  var NARROW = /[ijlftrI.,:;'!|()[\]/ -]/;  // 0.19-0.33 em: 0.34
  var WIDE = /[mwMWæÆœŒ@%—…]/;              // 0.83-1.02 em: 1.02
  var UPPER = /\p{Lu}/u;                    // 0.61-0.78 em: 0.78; the rest (mostly 0.5-0.56 em): 0.56
  var BOLD = 1.1;     // Arial Bold is about a tenth wider
  var LINE = 12.75;   // points per line of Arial 10 (Excel's own; LibreOffice's is about 11.5)
  var PAD = 4;        // points below the last line
  var MAX_ROW = 409;  // Excel's highest row, in points
  var BORDER = { style: "thin", color: { argb: "FFB7C4BA" } };
  var BORDERS = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
  var BIDDER = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF8DC" } };
  var EVALUATOR = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF1F3F5" } };
  var HEAD = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8F0EA" } };

  /* Text as a cell shows it: OOXML's escape _xHHHH_ written so that it shows as typed (Excel
     would turn a typed "_x0041_" into "A"). A text cell of an .xlsx is a string (exceljs writes it
     to the shared strings), never a formula, whatever it starts with, so no apostrophe goes in
     front: that is CSV's rule (opslag/exports/cells.py), where a cell is only text until read, and
     here the bidder would see the apostrophe ("'- dagslys …" for a requirement that opens with a list). */
  function safe(text) { return String(text).replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1"); }
  /* Text in a print header or footer, where & starts a code (&& is one &), at most `max`
     characters written; Excel allows 255 in a header or footer. */
  function code(text, max) {
    var s = String(text);
    var out = s.replace(/&/g, "&&");
    for (var n = s.length; out.length > max; n -= 1) out = (s.slice(0, n - 1) + "…").replace(/&/g, "&&");
    return out;
  }

  var EMS = {};  // character -> ems, as met
  function ems(text) {
    var n = 0;
    for (var i = 0; i < text.length; i += 1) {
      var ch = text[i];
      var w = EMS[ch];
      if (w === undefined) w = EMS[ch] = NARROW.test(ch) ? 0.34 : WIDE.test(ch) ? 1.02 : UPPER.test(ch) ? 0.78 : 0.56;
      n += w;
    }
    return n;
  }
  /* How many lines a text wraps to in a column `width` units wide: paragraphs at explicit line
     breaks, words moved whole to the next line, a word longer than a line broken within it. */
  function lines(text, width, scale) {
    var room = (width * PX_PER_UNIT - MARGINS) / EM_PX;
    var space = ems(" ") * scale;
    return String(text).split("\n").reduce(function (total, para) {
      var count = 1;
      var used = 0;
      para.split(" ").forEach(function (word) {
        var w = ems(word) * scale;
        if (used > 0 && used + space + w <= room) { used += space + w; return; }
        if (used > 0) count += 1;
        while (w > room) { w -= room; count += 1; }
        used = w;
      });
      return total + count;
    }, 0);
  }
  /* A row's height from its cells' lines; `bold` the texts in bold, by column. */
  function height(texts, columns, scale, bold) {
    var most = columns.reduce(function (n, col) {
      var b = (bold || {})[col.key];
      return Math.max(n, lines(texts[col.key] || "", col.width, scale) + (b ? lines(b, col.width, BOLD) : 0));
    }, 1);
    return Math.min(MAX_ROW, Math.ceil(most * LINE + PAD));
  }
  /* The ems of the widest word of some texts, and the column width that holds a line of `em`. */
  function widest(texts, scale) {
    return texts.reduce(function (n, text) {
      return String(text).split(/\s+/).reduce(function (most, w) { return Math.max(most, ems(w) * scale); }, n);
    }, 0);
  }
  function units(em) { return Math.ceil((em * EM_PX + MARGINS) / PX_PER_UNIT) + 1; }

  /* The compliance sheet: the bidder answers met / not met and points to their documentation. */
  function make(m) {
    var s = m.strings;
    var rows = [];
    m.groups.forEach(function (g) {
      g.entries.forEach(function (e) {
        rows.push({
          id: t.citeText(m, e), type: g.label, title: e.c.title,
          /* under the title: when the criterion last changed (the facts line's date), then the text */
          requirement: s.last_changed + " " + e.c.changed + "\n" + t.blocksText(e.requirement),
          documentation: e.verification ? t.blocksText(e.verification) : "",
          answer: "", reference: "", remark: ""
        });
      });
    });
    /* the id and type columns as wide as their widest word, so that no word is broken */
    var types = m.groups.map(function (g) { return g.label; });
    return sheetOf(m, {
      title: m.title, name: s.sel_sheet_name, intro: s.sel_sheet_intro, rows: rows,
      columns: [
        { key: "id", label: s.sel_col_id },
        { key: "type", label: s.sel_col_type, width: units(Math.max(widest(types, 1), widest([s.sel_col_type], BOLD))) },
        { key: "requirement", label: s.sel_col_requirement, width: 58 },
        { key: "documentation", label: s.sel_col_documentation, width: 42 },
        { key: "answer", label: s.sel_col_answer, choices: [s.sel_answer_met, s.sel_answer_not_met], fill: BIDDER },
        { key: "reference", label: s.sel_col_reference, width: 26, fill: BIDDER },
        { key: "remark", label: s.sel_col_remark, width: 26, fill: EVALUATOR }
      ]
    });
  }

  /* The market-dialogue questionnaire (tender.js DOCUMENT.QUESTIONNAIRE and QUESTIONS): one row
     per criterion, the requirement (filled in) and its accepted labels, then a column per
     question for the supplier, "can you meet it" as a drop-down of its choices. */
  function questionnaire(m) {
    var s = m.strings;
    var widths = { sel_q_months: 11, sel_q_documentation: 32, sel_q_price: 16, sel_q_remark: 30 };
    var rows = [];
    m.groups.forEach(function (g) {
      g.entries.forEach(function (e) {
        var row = { id: t.citeText(m, e), title: e.c.title };
        var texts = t.parts(m, e, "QUESTIONNAIRE").filter(function (p) { return t.DOCUMENT.META.indexOf(p.field) < 0; });
        row.requirement = texts.map(function (p) {
          return p.blocks ? t.blocksText(p.blocks) : p.label + ": " + p.lines.join(", ");
        }).join("\n");
        rows.push(row);
      });
    });
    return sheetOf(m, {
      title: s.sel_q_title + ": " + m.title, name: s.sel_q_sheet, intro: s.sel_q_intro, rows: rows,
      columns: [
        { key: "id", label: s.sel_col_id },
        { key: "requirement", label: s.sel_col_requirement, width: 62 }
      ].concat(t.questions(m).map(function (q) {
        return { key: q.key, label: q.label, width: widths[q.key], choices: q.choices, fill: BIDDER };
      }))
    });
  }

  /* A sheet to fill in: `spec` {title, name, intro, rows: [{key: text}, with `title` shown in
     bold above the requirement], columns: [{key, label, width?, choices?, fill?}]}. A column
     without a width is as wide as its widest word; a column with choices as wide as the longest
     choice and the drop-down's button, with one list validation over its range. */
  function sheetOf(m, spec) {
    var s = m.strings;
    var columns = spec.columns.map(function (col) {
      var width = col.width;
      if (col.choices) width = Math.max(14, units(Math.max.apply(null, col.choices.map(ems))) + 3, width || 0);
      if (!width) {
        width = units(Math.max(widest(spec.rows.map(function (r) { return r[col.key]; }), 1), widest([col.label], BOLD)));
      }
      return { key: col.key, width: width, label: col.label, choices: col.choices, fill: col.fill };
    });
    var labels = {};
    columns.forEach(function (col) { labels[col.key] = col.label; });
    var first = columns.filter(function (col) { return col.fill; })[0];

    var book = new window.ExcelJS.Workbook();
    book.creator = book.lastModifiedBy = m.site_name;
    book.title = spec.title;
    book.subject = spec.intro;
    book.created = book.modified = new Date(m.build_date + "T00:00:00Z");
    var sheet = book.addWorksheet(spec.name.slice(0, 31), {
      views: [{ state: "frozen", ySplit: 1, topLeftCell: "A2",
                activeCell: (first ? String.fromCharCode(65 + columns.indexOf(first)) : "A") + "2" }],
      pageSetup: {
        paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1",
        margins: { left: 0.4, right: 0.4, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 }
      },
      headerFooter: {
        oddHeader: "&L&9&\"Arial,Bold\"" + code(spec.title, 90) + "&R&9&\"Arial,Regular\"" + code(spec.name, 60),
        oddFooter: "&L&8&\"Arial,Regular\"" + code(m.site_name + " · " + (m.edition ? t.editionText(m) + " · " : "") + m.site_url + " · " + s.sel_doc_built + " " + m.build_date, 150) +
                   "&R&8&\"Arial,Regular\"" + code(s.sel_doc_page, 20) + " &P / &N"
      }
    });
    sheet.columns = columns.map(function (col) { return { key: col.key, width: col.width }; });

    var head = sheet.addRow(columns.map(function (col) { return safe(labels[col.key]); }));
    head.height = height(labels, columns, BOLD);
    head.eachCell(function (cell) {
      cell.font = { name: FONT.name, size: FONT.size, bold: true };
      cell.alignment = { wrapText: true, vertical: "top" };
      cell.fill = HEAD;
      cell.border = BORDERS;
    });

    spec.rows.forEach(function (r) {
      var row = sheet.addRow(columns.map(function (col) { return r[col.key] ? safe(r[col.key]) : null; }));
      row.height = height(r, columns, 1, { requirement: r.title });
      /* the requirement under its title in bold */
      row.getCell("requirement").value = { richText: [
        { font: { name: FONT.name, size: FONT.size, bold: true }, text: safe(r.title) + "\n" },
        { font: FONT, text: safe(r.requirement) }
      ] };
      columns.forEach(function (col, i) {
        var cell = row.getCell(i + 1);
        cell.font = FONT;
        cell.alignment = { wrapText: true, vertical: "top" };
        cell.border = BORDERS;
        if (col.fill) cell.fill = col.fill;
      });
    });
    /* one validation for each choice column's range: exceljs 4.4 merges validations set cell by
       cell into overlapping ranges (it sorts E10 before E2), which covers cells twice */
    columns.filter(function (col) { return col.choices; }).forEach(function (col) {
      var letter = sheet.getColumn(col.key).letter;
      if (!spec.rows.length) return;
      sheet.dataValidations.add(letter + "2:" + letter + (spec.rows.length + 1), {
        type: "list", allowBlank: true, formulae: ['"' + col.choices.join(",") + '"'],
        showErrorMessage: true, errorStyle: "stop", errorTitle: col.label.slice(0, 32),
        error: (s.sel_answer_error + " " + col.choices.join(", ")).slice(0, 225),
        showInputMessage: true, promptTitle: col.label.slice(0, 32), prompt: spec.intro.slice(0, 255)
      });
    });
    return book.xlsx.writeBuffer().then(function (buffer) {
      return new Blob([buffer], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    });
  }

  t.exporters.xlsx = { ext: "xlsx", make: make };
  t.exporters["q-xlsx"] = { ext: "xlsx", suffix: "sel_q_file", make: questionnaire };
})();

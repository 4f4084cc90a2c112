/* The compare page (sammenlign/?k=IT-03:1,IT-03): two or three criteria or versions side by side,
   their texts aligned by field (requirement, verification, follow-up), each column's differences
   marked word by word against the first column (web/js/diff.js, the one word diff). The query is
   read with the selection's parser (ids and versions), resolved with tender.js (an earlier
   version with its own texts: atVersion); what cannot be shown is named, never an error. The page
   changes nothing stored: adding or removing a column only rewrites the address (?k=). */
(function () {
  "use strict";
  var gpp = window.gpp;
  var MAX = 3;
  var FIELDS = ["requirement", "verification", "follow_up"];
  var el = gpp.el;

  function cite(item) { return item.version ? item.id + ":" + item.version : item.id; }

  /* What the page shows for a ?k= value, as data (the V8 tests run it): {columns: [{item, c}],
     unknown: [text], dropped: [text], rows: [{field, label, cells: [{paragraphs, diff}]}]}. A
     column's `c` is the criterion as that version read; `unknown` names what the data does not
     hold (a malformed token, an id it lacks, a version that never existed or whose texts it lacks),
     `dropped` what is beyond the third column, `failed` what exists but whose part is not loaded
     (the page loads the parts first: a part that failed). */
  function plan(data, query) {
    var parsed = gpp.selection.parse(String(query || "").slice(0, 2000), true);
    var unknown = parsed.bad.slice(0, 20), columns = [], dropped = [];
    var r = gpp.tender.resolve(data, parsed.items, true);
    var missing = r.unknown, failed = r.pending.map(cite);
    r.entries.forEach(function (e) {
      if (e.outdated && !e.c.current) { missing.push(e.item); return; }  // a version without its texts
      if (columns.length < MAX) columns.push({ item: e.item, c: e.c }); else dropped.push(cite(e.item));
    });
    missing.forEach(function (i) { unknown.push(cite(i)); });
    var first = columns[0];
    var rows = FIELDS.filter(function (f) { return columns.some(function (col) { return col.c[f]; }); }).map(function (f) {
      return { field: f, label: data.strings[f], cells: columns.map(function (col, i) {
        if (!col.c[f]) return null;
        if (i === 0) return { paragraphs: gpp.diff.paragraphs([["=", gpp.diff.fieldText(col.c[f])]]), diff: false };
        var d = gpp.diff.fields(first.c[f], col.c[f]);
        return { paragraphs: d.paragraphs, diff: d.changed };
      }) };
    });
    return { columns: columns, unknown: unknown, dropped: dropped, failed: failed, rows: rows };
  }

  /* One change, not by colour alone: struck through or underlined, and spelled out for screen readers. */
  function change(tag, said, text, strings) {
    var e = el(tag);
    e.appendChild(el("span", "gpp-sr-only", "[" + said + " "));
    e.appendChild(document.createTextNode(text));
    e.appendChild(el("span", "gpp-sr-only", " " + strings.diff_end + "]"));
    return e;
  }

  function cell(c, strings) {
    var box = el("div", "gpp-diff");
    if (!c) { box.appendChild(el("p", "gpp-hint", strings.cmp_none)); return box; }
    c.paragraphs.forEach(function (p) {
      var para = el("p");
      p.forEach(function (op) {
        if (op[0] === "-") para.appendChild(change("del", strings.diff_deleted, op[1], strings));
        else if (op[0] === "+") para.appendChild(change("ins", strings.diff_inserted, op[1], strings));
        else para.appendChild(document.createTextNode(op[1]));
      });
      box.appendChild(para);
    });
    return box;
  }

  function init(root) {
    var box = root.querySelector("#gpp-compare");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var site = box.dataset.data.replace(/downloads\/udbud\.json$/, "");
    gpp.tender.loadData(box.dataset.data, []).then(function (data) {
      var strings = data.strings;
      var msgs = box.querySelector(".gpp-compare__messages"), out = box.querySelector(".gpp-compare__table");
      var form = box.querySelector(".gpp-compare__add"), input = form.querySelector("input");

      function query() { return new URLSearchParams(window.location.search).get("k") || ""; }
      function go(items) {
        window.history.replaceState(window.history.state, "", window.location.pathname + gpp.selection.query(items, window.location.search));
        draw();
      }

      /* the parts of the criteria asked for, then the table; a part that fails is named on the page */
      function draw() {
        var items = gpp.selection.parse(String(query()).slice(0, 2000), true).items;
        gpp.tender.loadData(box.dataset.data, items).then(function () { drawn(""); }, function (err) {
          drawn(String(err && err.message ? err.message : err));
        });
      }

      function drawn(error) {
        var p = plan(data, query());
        box.dataset.loaded = "1";  // drawn below, in this same task
        msgs.textContent = "";
        out.textContent = "";
        if (p.unknown.length) msgs.appendChild(el("p", "gpp-notice gpp-notice--warn", strings.cmp_unknown + " " + p.unknown.join(", ")));
        if (p.failed.length) msgs.appendChild(el("p", "gpp-notice gpp-notice--warn", strings.sel_part_failed + " " + p.failed.join(", ") + (error ? " (" + error + ")" : "")));
        if (p.dropped.length) msgs.appendChild(el("p", "gpp-notice gpp-notice--warn", strings.cmp_too_many + " " + p.dropped.join(", ")));
        form.hidden = p.columns.length >= MAX;
        if (!p.columns.length) { out.appendChild(el("p", "gpp-compare__empty", strings.cmp_empty)); return; }
        var table = el("table", "gpp-compare__grid gpp-compare__grid--" + p.columns.length);
        var head = table.appendChild(el("thead")).appendChild(el("tr"));
        head.appendChild(el("td"));
        p.columns.forEach(function (col, i) {
          var th = el("th");
          th.scope = "col";
          var a = el("a", "gpp-card__cite", col.c.cite);
          a.href = site + col.c.url;
          th.appendChild(a);
          th.appendChild(document.createTextNode(" " + col.c.title));
          var what = (col.c.current ? strings.cmp_old : strings.cmp_current) + (i === 0 && p.columns.length > 1 ? " · " + strings.cmp_reference : "");
          th.appendChild(el("span", "gpp-compare__what", what));
          var remove = el("button", "md-button gpp-compare__remove", strings.cmp_remove);
          remove.type = "button";
          remove.appendChild(el("span", "gpp-sr-only", " " + col.c.cite));
          remove.addEventListener("click", function () {
            go(p.columns.filter(function (other) { return other !== col; }).map(function (other) { return other.item; }));
          });
          th.appendChild(remove);
          head.appendChild(th);
        });
        var body = table.appendChild(el("tbody"));
        p.rows.forEach(function (row) {
          var tr = body.appendChild(el("tr"));
          tr.dataset.field = row.field;
          var th = tr.appendChild(el("th", "", row.label));
          th.scope = "row";
          row.cells.forEach(function (c, i) {
            var td = tr.appendChild(el("td"));
            td.dataset.label = p.columns[i].c.cite + " · " + row.label;
            td.appendChild(cell(c, strings));
          });
        });
        var wrap = el("div", "gpp-compare__scroll");
        wrap.appendChild(table);
        out.appendChild(wrap);
      }

      form.hidden = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var added = gpp.selection.parse(input.value, true).items;
        if (!added.length) return;
        var items = gpp.selection.parse(query(), true).items.concat(added);
        input.value = "";
        go(items);
      });
      draw();
    }, function (e) { if (window.console) console.warn(e.message); });
  }

  gpp.compare = { plan: plan, MAX: MAX };
  gpp.feature("compare", init);
})();

/* The "Mit udbud" page (udbud/): shows the selection grouped in tender order, the placeholders
   as form fields, messages about a link's problems, and the export buttons. The selection
   itself is kept by selection.js; the model and the exports are tender.js and export-*.js.

   URL contract: udbud/?k=IT-01,RENS-02:1,FOED-03 (ids, optionally :version). Opening such a
   link shows exactly that selection (and stores it); the address bar always shows the current
   selection, so it can be bookmarked or mailed. */
(function () {
  "use strict";
  var gpp = window.gpp;
  var sel = gpp.selection;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  var loadExporter = function (format) { return gpp.tender.exporter(format); };

  /* Make one export of the current selection; resolves to {blob, name, ms}. Used by the buttons
     and by the benchmark (bench/). */
  function exportNow(data, format) {
    var t0 = performance.now();
    return loadExporter(format).then(function (exporter) {
      var m = gpp.tender.model(data, sel.items(), sel.name(), sel.values(), false, window.location.href);
      return Promise.resolve(exporter.make(m)).then(function (blob) {
        return { blob: blob, name: gpp.tender.fileName(m, exporter.ext), ms: performance.now() - t0 };
      });
    });
  }

  function field(seg, value, onInput) {
    var ph = seg.ph;
    var input;
    if (ph.options.length) {
      input = el("select", "gpp-field");
      var none = el("option", "", "— " + seg.choose + " " + ph.label + " —");
      none.value = "";
      input.appendChild(none);
      ph.options.forEach(function (o) { var opt = el("option", "", o); opt.value = o; input.appendChild(opt); });
      input.value = ph.options.indexOf(value) >= 0 ? value : "";
      input.addEventListener("change", function () { onInput(input.value); });
    } else {
      input = el("input", "gpp-field");
      input.type = "text";
      input.value = value || "";
      input.size = Math.max(6, Math.min(24, ph.label.length + 2));
      if (ph["default"]) input.placeholder = ph["default"];
      input.addEventListener("input", function () { onInput(input.value); });
    }
    input.setAttribute("aria-label", ph.label + (ph.unit ? " (" + ph.unit + ")" : ""));
    input.dataset.key = seg.key;
    input.classList.toggle("gpp-field--empty", !value);
    return input;
  }

  /* A text with its placeholders as fields. */
  function textWithFields(blocks, id, fieldName, strings) {
    var wrap = el("div", "gpp-pick__text"), n = 0, values = sel.values();
    blocks.forEach(function (block) {
      var container = block.kind === "ul" ? el("ul") : null;
      block.items.forEach(function (line) {
        var p = block.kind === "ul" ? el("li") : el("p");
        line.forEach(function (seg) {
          if (typeof seg === "string") { p.appendChild(document.createTextNode(seg)); return; }
          var k = gpp.tender.key(id, fieldName, n); n += 1;
          var input = field({ ph: seg, key: k, choose: strings.sel_choose }, values[k], function (v) {
            sel.setValue(k, v);
            input.classList.toggle("gpp-field--empty", !v);
          });
          p.appendChild(input);
          if (seg.unit && !seg.options.length) p.appendChild(document.createTextNode(" " + seg.unit));
        });
        (container || wrap).appendChild(p);
      });
      if (container) wrap.appendChild(container);
    });
    return wrap;
  }

  function message(box, text, items, extra) {
    var p = el("p", "gpp-notice gpp-notice--warn");
    p.appendChild(el("strong", "", text));
    if (items) p.appendChild(document.createTextNode(" " + items));
    if (extra) { p.appendChild(document.createTextNode(" ")); p.appendChild(extra); }
    box.appendChild(p);
  }

  function init(root) {
    var box = root.querySelector("#gpp-builder");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var problems = { malformed: [], unknown: [] };
    var k = new URL(window.location.href).searchParams.get("k");
    if (k !== null) {
      var parsed = sel.parse(k);
      problems.malformed = parsed.bad;
      sel.set(parsed.items);
    }
    gpp.tender.loadData(box.dataset.data).then(function (data) {
      gpp.builderData = data;
      var strings = data.strings;
      var r0 = gpp.tender.resolve(data, sel.items());
      if (r0.unknown.length) {  // not kept: they can never be shown
        problems.unknown = r0.unknown;
        sel.set(sel.items().filter(function (i) { return data.criteria[i.id]; }));
      }
      var name = box.querySelector("#gpp-tender-name");
      name.value = sel.name();
      name.addEventListener("input", function () { sel.setName(name.value); });
      var shown = null;
      function render() {
        var items = sel.items(), now = sel.format(items);
        var url = new URL(window.location.href);
        if (url.searchParams.get("k") !== now) {
          url.searchParams.set("k", now);
          history.replaceState(history.state, "", url.pathname + "?" + url.searchParams.toString().replace(/%2C/gi, ",").replace(/%3A/gi, ":") + url.hash);
        }
        if (shown === now) return;  // a typed value or name: nothing to redraw
        shown = now;
        var msgs = box.querySelector(".gpp-builder__messages"), list = box.querySelector(".gpp-builder__list");
        msgs.textContent = ""; list.textContent = "";
        if (gpp.selectionWasReset) message(msgs, strings.sel_storage_reset);
        if (problems.malformed.length) message(msgs, strings.sel_malformed, problems.malformed.join(", "));
        if (problems.unknown.length) message(msgs, strings.sel_unknown, sel.format(problems.unknown));
        var r = gpp.tender.resolve(data, items);
        if (r.retired.length) {
          message(msgs, strings.sel_retired, r.retired.map(function (x) {
            return x.c.cite + " " + x.c.title + (x.c.replaced_by ? " → " + x.c.replaced_by : "");
          }).join("; "));
        }
        box.querySelector(".gpp-builder__empty").hidden = r.entries.length > 0;
        box.querySelectorAll(".gpp-export").forEach(function (b) { b.disabled = r.entries.length === 0; });
        var m = gpp.tender.model(data, items, sel.name(), sel.values());
        m.groups.forEach(function (g) {
          var section = el("section", "gpp-pick-group");
          section.appendChild(el("h2", "gpp-pick-group__title", g.label));
          g.entries.forEach(function (e) {
            var c = e.c, art = el("article", "gpp-pick");
            art.id = "valgt-" + c.id.toLowerCase();
            var h = el("h3", "gpp-pick__title");
            var a = el("a", "gpp-card__cite", c.cite);
            a.href = box.dataset.data.replace(/downloads\/udbud\.json$/, "") + c.url;
            h.appendChild(a); h.appendChild(document.createTextNode(" " + c.title));
            art.appendChild(h);
            art.appendChild(el("p", "gpp-pick__meta", c.category_title + " · " + g.label + " · " +
              data.levels.filter(function (l) { return l.id === c.level; })[0].label));
            if (e.outdated) {
              var use = el("button", "md-button gpp-use-current", strings.sel_use_current + " (" + c.cite + ")");
              use.type = "button";
              use.addEventListener("click", function () { sel.add(c.id, c.version); });
              var note = el("p", "gpp-notice gpp-notice--warn gpp-outdated");
              note.appendChild(el("strong", "", e.item.id + ":" + e.item.version + " " + strings.sel_outdated + " (" + c.cite + ")."));
              note.appendChild(document.createTextNode(" ")); note.appendChild(use);
              art.appendChild(note);
            }
            [["requirement", strings.requirement], ["verification", strings.verification], ["follow_up", strings.follow_up]].forEach(function (f) {
              if (!c[f[0]]) return;
              art.appendChild(el("h4", "", f[1]));
              art.appendChild(textWithFields(c[f[0]], c.id, f[0], strings));
            });
            var actions = el("p", "gpp-pick__actions");
            actions.appendChild(sel.toggleButton(c.id, e.item.version ? c.id + ":" + e.item.version : c.id));
            art.appendChild(actions);
            section.appendChild(art);
          });
          list.appendChild(section);
        });
      }
      sel.onChange(render);
      render();
      var status = box.querySelector(".gpp-export-status");
      box.querySelectorAll(".gpp-export").forEach(function (button) {
        button.addEventListener("click", function () {
          status.textContent = strings.sel_export_busy;
          exportNow(data, button.dataset.format).then(function (out) {
            gpp.tender.download(out.blob, out.name);
            gpp.lastExport = { format: button.dataset.format, ms: out.ms, name: out.name };
            status.textContent = strings.sel_export_done;
          }, function (err) {
            status.textContent = strings.sel_export_failed + " " + (err && err.message ? err.message : err);
          });
        });
      });
      box.querySelector(".gpp-print").addEventListener("click", function () { window.print(); });
      box.dataset.loaded = "1";
    }, function (err) {
      message(box.querySelector(".gpp-builder__messages"), String(err && err.message ? err.message : err));
    });
  }

  gpp.builder = { exportNow: exportNow, loadExporter: loadExporter };
  gpp.feature("builder", init);
})();

/* The change log (aendringer/): filters by category, type, level (cumulative: "up to" a level),
   kind (versions or errata) and period, kept in the address
   (?kategori=…&type=…&niveau=…&slags=rettelser&periode=2026&fra=2026-03-01&side=2)
   so a filtered view can be bookmarked and survives a reload. The page holds only the newest
   changes; this file loads the build's index of every change's facts (downloads/aendringer/
   index.json, from opslag/exports/changes_data.py), filters it, and fetches (gpp.parts, parts.js)
   only the numbered parts holding the page it draws. Rows are clones of the page's own <template> (one markup,
   templates/change_row.html.j2), filled with textContent: no text from the data becomes markup. */
(function () {
  "use strict";
  var gpp = window.gpp;
  var DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  var FIELDS = ["kategori", "type", "niveau", "slags", "periode", "fra"];

  /* The address's filters into the form: a value the form does not offer is ignored. */
  function read(form) {
    var q = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var el = form.elements[name], v = q.get(name) || "";
      if (el.tagName === "SELECT") {
        el.value = Array.prototype.some.call(el.options, function (o) { return o.value === v; }) ? v : "";
      } else {
        el.value = DATE.test(v) ? v : "";
      }
    });
    var side = parseInt(q.get("side") || "1", 10);
    return Number.isFinite(side) && side > 1 ? side : 1;  // "abc" or "-3": the first page
  }

  function write(form, page) {
    var q = new URLSearchParams();
    FIELDS.forEach(function (name) { if (form.elements[name].value) q.set(name, form.elements[name].value); });
    if (page > 1) q.set("side", String(page));
    var s = q.toString();
    window.history.replaceState(window.history.state, "", window.location.pathname + (s ? "?" + s : ""));
  }

  /* Indexes of the rows the filters let through, newest first. */
  function matches(index, form) {
    var f = form.elements;
    var cat = f.kategori.value ? index.categories.indexOf(f.kategori.value) : -1;
    var type = f.type.value ? index.types.indexOf(f.type.value) : -1;
    var level = f.niveau;
    var rank = level.value ? Number(level.options[level.selectedIndex].dataset.rank) : Infinity;
    var year = f.periode.value, since = DATE.test(f.fra.value) ? f.fra.value : "";
    var kind = f.slags.value, errata = {};  // "versioner" | "rettelser" | "" (both)
    (index.errata || []).forEach(function (i) { errata[i] = true; });
    var out = [];
    index.rows.forEach(function (row, i) {
      var date = index.dates[row[0]];
      if ((cat < 0 || row[1] === cat) && (type < 0 || row[2] === type) && row[3] <= rank &&
          (!kind || (kind === "rettelser") === !!errata[i]) &&
          (!year || date.slice(0, 4) === year) && (!since || date >= since)) out.push(i);
    });
    return out;
  }

  function fill(li, e, base) {
    function set(cls, text) { li.querySelector(cls).textContent = text; }
    li.id = e.anchor;
    set(".gpp-change__date", e.date);
    set(".gpp-change__cite", e.cite);
    set(".gpp-change__link", e.cite);
    li.querySelector(".gpp-change__link").href = base + e.url;
    set(".gpp-change__title", e.title);
    set(".gpp-change__category", e.category);
    li.querySelector(".gpp-change__new").hidden = !e.new;
    li.querySelector(".gpp-change__erratum").hidden = !e.erratum;  // a correction without a new version
    set(".gpp-change__note", e.note);
    li.querySelector(".gpp-change__editors").hidden = !e.change;
    set(".gpp-change__change", e.change || "");
    set(".gpp-change__type", e.type);
    set(".gpp-change__level", e.level);
    return li;
  }

  function init(root) {
    var form = root.querySelector("form.gpp-changes-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var list = root.querySelector("ul.gpp-changes"), template = root.querySelector("#gpp-change-row");
    var pager = root.querySelector("nav.gpp-pager"), more = root.querySelector(".gpp-changes-more");
    var none = root.querySelector(".gpp-changes-none"), count = form.querySelector(".gpp-changes-count__n");
    var base = form.dataset.base, parts = null, index = null, page = 1, drawing = 0;

    function draw() {
      var found = matches(index, form), size = index.page_size;
      var pages = Math.max(1, Math.ceil(found.length / size));
      page = Math.min(page, pages);
      var shown = found.slice((page - 1) * size, page * size);
      var mine = ++drawing;
      return parts.entries(shown).then(function (entries) {
        if (mine !== drawing) return;  // a newer choice is being drawn
        count.textContent = String(found.length);  // with its rows, not over the rows before them
        if (more) more.hidden = true;  // a failure shown before is over
        list.textContent = "";
        entries.forEach(function (e) {
          list.appendChild(fill(template.content.firstElementChild.cloneNode(true), e, base));
        });
        none.hidden = found.length > 0;
        pager.hidden = pages < 2;
        pager.querySelector(".gpp-pager__where").textContent =
          pager.dataset.page + " " + page + " " + pager.dataset.of + " " + pages;
        pager.querySelector(".gpp-pager__prev").disabled = page <= 1;
        pager.querySelector(".gpp-pager__next").disabled = page >= pages;
      }, function () { if (mine === drawing) failed(); });  // an older choice's failure is not this one's
    }

    function failed() {
      if (more) { more.hidden = false; more.textContent = form.dataset.failed; }
    }

    function changed() { page = 1; write(form, page); draw(); }
    form.addEventListener("change", changed);
    form.addEventListener("submit", function (event) { event.preventDefault(); changed(); });
    form.addEventListener("reset", function () { setTimeout(changed, 0); });
    function turn(step) {
      return function () {
        page += step; write(form, page);
        draw().then(function () { list.scrollIntoView({ block: "start" }); });
      };
    }
    pager.querySelector(".gpp-pager__prev").addEventListener("click", turn(-1));
    pager.querySelector(".gpp-pager__next").addEventListener("click", turn(1));

    gpp.json(form.dataset.index).then(function (data) {
      index = data;
      parts = gpp.parts.open(base + index.parts, index.chunk);
      page = read(form);
      form.hidden = false;
      if (more) more.hidden = true;
      return draw().then(function () { write(form, page); });
    }).catch(failed);
  }

  gpp.feature("changes", init);
})();

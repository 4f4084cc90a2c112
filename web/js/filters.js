/* The filters: one component (templates/filters.html.j2) on the search page and on the category,
   ecolabel, POGI goal and type pages. Its facets, their address parameters and options come from
   one definition (opslag/model/facets.py), written into the form by the build; nothing is listed here.

   - A criterion passes when it has the chosen value of every facet; the level is "up to": the
     chosen option's rank (data-rank, from vocab/levels.yaml) or below, so levels are cumulative
     everywhere.
   - The choices live in the page's address (?niveau=avanceret&kategori=rengoeringsservice, next to
     ?q= on the search page): read when the page opens, written on every change (replaceState), so
     a filtered page survives a reload and can be shared. A value the form does not offer is ignored.
   - Each option shows how many criteria it would show with the other choices kept.
   - On a phone the form hides behind one button (CSS; the button toggles it).
   - An edition's build adds "only mandatory for us" on a category page (a checkbox, not in the
     address): the cards with data-mandatory, the counts among them.
   Pages list their criteria with data-facets (JSON of the facets' values); the search page and a
   long list in parts (data-dynamic; web/js/critlist.js, with every criterion's values from the
   list's index, unpack()) draw their own list and ask gpp.filters which pass and what to count. */
(function () {
  "use strict";

  function selects(form) { return Array.prototype.slice.call(form.querySelectorAll("select[data-param]")); }

  function chosen(select) {
    var option = select.options[select.selectedIndex];
    return option && option.value ? { value: option.value, rank: option.dataset.rank } : null;
  }

  /* The criteria's values as small integers, the form count() reads: per facet (a select's name)
     `start` and `codes` (criterion n's values are codes[start[n]] .. codes[start[n + 1] - 1]; the
     level's is its rank), `index` (value -> code) and `size` (codes are below it). A page's
     criteria are encoded here from their values (facets.py's values()); the search page makes the
     same from its index's facet arrays (search.js), so no criterion becomes an object per key. */
  function encode(form, values) {
    var out = {};
    selects(form).forEach(function (select) {
      var name = select.name, cumulative = !!select.dataset.cumulative, index = new Map(), size = 0;
      var start = new Int32Array(values.length + 1), codes = [];
      values.forEach(function (v, n) {
        var x = v[name];
        if (cumulative) {
          if (typeof x === "number") { codes.push(x); size = Math.max(size, x + 1); }
        } else if (Array.isArray(x)) {
          x.forEach(function (value) {
            if (!index.has(value)) index.set(value, index.size);
            codes.push(index.get(value));
          });
        }
        start[n + 1] = codes.length;
      });
      out[name] = { start: start, codes: Int32Array.from(codes), index: index, size: cumulative ? size : index.size };
    });
    return out;
  }

  var NONE = { start: new Int32Array(1), codes: new Int32Array(0), index: new Map(), size: 0 };

  /* Counts per option: how many criteria the option would show with the other facets' choices
     kept, in one pass over the hits (`hits`: criteria as positions in `facets`' codes), each adding
     its own codes into a typed array per facet, never a loop over the options (1,860 categories at
     20,000 criteria) nor an object per criterion. Returns the positions in `hits` that pass every
     choice, so a caller filters and counts at once. The options' texts are written at once, or with
     `later` (the search page, on every key) only the chosen ones, the rest when a list is about to
     open (focus, pointer) or after a pause. */
  function count(form, facets, hits, later) {
    var all = selects(form), m = all.length, passed = [];
    var starts = [], codes = [], want = [], upto = [], counts = [];
    all.forEach(function (select) {
      var f = facets[select.name] || NONE, choice = chosen(select), cumulative = !!select.dataset.cumulative;
      starts.push(f.start);
      codes.push(f.codes);
      upto.push(cumulative);
      // -1: no choice; a value the criteria do not have: -2, which no code equals
      want.push(!choice ? -1 : cumulative ? Number(choice.rank) : f.index.has(choice.value) ? f.index.get(choice.value) : -2);
      counts.push(new Int32Array(f.size));
    });
    for (var n = 0; n < hits.length; n++) {
      var doc = hits[n], failed = -1, fails = 0, k, j, s, c;
      for (k = 0; k < m && fails < 2; k++) {
        if (want[k] === -1) continue;
        s = starts[k]; c = codes[k];
        var ok = false;
        for (j = s[doc]; j < s[doc + 1] && !ok; j++) ok = upto[k] ? c[j] <= want[k] : c[j] === want[k];
        if (!ok) { failed = k; fails += 1; }
      }
      if (fails > 1) continue;
      if (!fails) passed.push(n);
      for (k = 0; k < m; k++) {
        if (fails && failed !== k) continue;
        s = starts[k]; c = codes[k];
        var into = counts[k];
        for (j = s[doc]; j < s[doc + 1]; j++) into[c[j]] += 1;
      }
    }
    form.gppCounts = { selects: all, facets: facets, counts: counts, left: new Set(all) };
    clearTimeout(form.gppLabelTimer);
    if (later) {
      all.forEach(function (select) { if (select.value) label(form, select, true); });
      form.gppLabelTimer = setTimeout(function () { all.forEach(function (select) { label(form, select); }); }, 300);
    } else {
      all.forEach(function (select) { label(form, select); });
    }
    return passed;
  }

  /* How many of the tallied criteria (`c`, by code) an option would show (a level: the ranks up to its own). */
  function optionCount(select, c, index, option) {
    var n = 0;
    if (select.dataset.cumulative) {
      for (var rank = 0; rank < c.length && rank <= Number(option.dataset.rank); rank++) n += c[rank];
    } else if (index.has(option.value)) {
      n = c[index.get(option.value)];
    }
    return n;
  }

  /* One select's options with the counts of the last count() (a level: the ranks up to its own). */
  function label(form, select, chosenOnly) {
    var last = form.gppCounts;
    if (!last || !last.left.has(select)) return;
    if (!chosenOnly) last.left.delete(select);
    var c = last.counts[last.selects.indexOf(select)], index = (last.facets[select.name] || NONE).index;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value || (chosenOnly && !option.selected)) return;
      if (!option.dataset.name) option.dataset.name = option.textContent;
      var n = optionCount(select, c, index, option);
      option.textContent = option.dataset.name + " (" + n + ")";
      option.disabled = n === 0 && !option.selected;
    });
  }

  /* The address's choices into the form (unknown parameters and values are ignored). */
  function readAddress(form) {
    var params = new URL(window.location.href).searchParams;
    selects(form).forEach(function (select) {
      var want = params.get(select.dataset.param) || "";
      var ok = Array.prototype.some.call(select.options, function (o) { return o.value === want; });
      select.value = ok ? want : "";
    });
  }

  function writeAddress(form) {
    var url = new URL(window.location.href);
    selects(form).forEach(function (select) {
      if (select.value) url.searchParams.set(select.dataset.param, select.value);
      else url.searchParams.delete(select.dataset.param);
    });
    if (url.href !== window.location.href) history.replaceState(history.state, "", url);
  }

  /* The phone's button says how many choices are made, so a collapsed filter is never a secret. */
  function mark(form) {
    var box = form.closest(".gpp-filterbox"), button = box && box.querySelector(".gpp-filterbox__toggle");
    if (!button) return;
    if (!button.dataset.name) button.dataset.name = button.textContent;
    var n = selects(form).filter(function (select) { return select.value; }).length;
    button.textContent = button.dataset.name + (n ? " (" + n + ")" : "");
  }

  function bindToggle(form) {
    var box = form.closest(".gpp-filterbox"), button = box && box.querySelector(".gpp-filterbox__toggle");
    if (!button || button.dataset.ready) return;
    button.dataset.ready = "1";
    button.addEventListener("click", function () {
      var open = !box.classList.contains("gpp-filterbox--open");
      box.classList.toggle("gpp-filterbox--open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  /* Prepare a form once: the address read in, the toggle bound; onChange runs after every change. */
  function attach(form, onChange) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    readAddress(form);
    bindToggle(form);
    mark(form);
    form.addEventListener("change", function () { writeAddress(form); mark(form); onChange(); });
    ["focusin", "pointerdown", "mousedown"].forEach(function (kind) {  // a list about to open: its counts now
      form.addEventListener(kind, function (event) { if (event.target.dataset && event.target.dataset.param) label(form, event.target); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  /* On a page with a fixed list: options no criterion on the page has are left out, and a facet
     none of whose options would narrow the list (every criterion has the one value) is not shown.
     Returns the list's values encoded (encode()), what count() then reads on every change. */
  function prune(form, values) {
    var facets = encode(form, values);
    selects(form).forEach(function (select) {
      var f = facets[select.name], c = new Int32Array(f.size), narrows = false;
      for (var j = 0; j < f.codes.length; j++) c[f.codes[j]] += 1;
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (!option.value) return;
        var n = optionCount(select, c, f.index, option);
        if (!n) select.removeChild(option);
        else if (n < values.length) narrows = true;
      });
      if (!narrows && !select.value) select.closest("label").hidden = true;
    });
    return facets;
  }

  /* The values of a list in parts, from its index (opslag/model/facets.py's packed()): per
     criterion what values() gives, so the filters count over criteria the page does not hold. */
  function unpack(packed) {
    var names = packed.names, tables = packed.values;
    return packed.rows.map(function (row) {
      var values = {};
      names.forEach(function (name, k) {
        var cell = row[k], table = tables[name];
        if (Array.isArray(cell)) values[name] = cell.map(function (i) { return table[i]; });
        else values[name] = name === packed.cumulative ? table[cell] : [table[cell]];
      });
      return values;
    });
  }

  function parse(el) {
    try { return JSON.parse(el.dataset.facets); } catch (_e) { return {}; }
  }

  /* A page that lists its criteria (data-facets): hide what does not pass, count, say how many. */
  function initFilters(root) {
    var form = root.querySelector("form.gpp-filters");
    if (!form || form.dataset.dynamic) return;
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-facets]"));
    var values = items.map(parse);
    var facets = prune(form, values);  // encoded once: every change counts over these codes
    var output = form.querySelector(".gpp-filter-count");
    var number = output && output.querySelector(".gpp-filter-count__n");
    var word = output && output.querySelector(".gpp-filter-count__word");
    function apply() {
      /* an edition's build: "only mandatory for us" (the cards carry data-mandatory from the edition) */
      var onlyMandatory = !!(form.elements.mandatory && form.elements.mandatory.checked);
      var inScope = [];
      items.forEach(function (item, i) { if (!onlyMandatory || item.dataset.mandatory === "1") inScope.push(i); });
      var passed = count(form, facets, inScope);  // counts and passes in one pass
      var visible = new Set(passed.map(function (n) { return inScope[n]; }));
      items.forEach(function (item, i) { item.hidden = !visible.has(i); });
      var shown = visible.size;
      root.querySelectorAll("h2.gpp-group").forEach(function (heading) {
        heading.hidden = !root.querySelector('article.gpp-card[data-type="' + heading.dataset.type + '"]:not([hidden])');
      });
      if (number) number.textContent = String(shown);
      if (word) word.textContent = shown === 1 ? output.dataset.one : output.dataset.many;  // "1 vist kriterium"
    }
    attach(form, apply);
    apply();
  }

  window.gpp.filters = { attach: attach, count: count, prune: prune, unpack: unpack };
  window.gpp.feature("filters", initFilters);
})();

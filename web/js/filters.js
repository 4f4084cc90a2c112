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
   Pages list their criteria with data-facets (JSON of the facets' values); the search page
   (data-dynamic) draws its own list and asks gpp.filters which results pass and what to count. */
(function () {
  "use strict";

  function selects(form) { return Array.prototype.slice.call(form.querySelectorAll("select[data-param]")); }

  function chosen(select) {
    var option = select.options[select.selectedIndex];
    return option && option.value ? { value: option.value, rank: option.dataset.rank } : null;
  }

  /* Whether one criterion's facet values (facets.py's values()) pass one select's choice. */
  function passes(select, values, choice) {
    if (!choice) return true;
    var v = values[select.name];
    if (select.dataset.cumulative) return typeof v === "number" && v <= Number(choice.rank);
    return Array.isArray(v) && v.indexOf(choice.value) >= 0;
  }

  function accepts(form, values) {
    return selects(form).every(function (select) { return passes(select, values, chosen(select)); });
  }

  /* Counts per option: how many criteria the option would show with the other facets' choices kept. */
  function count(form, list) {
    var all = selects(form), choices = all.map(chosen);
    var counts = all.map(function () { return new Map(); });
    list.forEach(function (values) {
      var failed = [];
      all.forEach(function (select, i) { if (!passes(select, values, choices[i])) failed.push(i); });
      if (failed.length > 1) return;
      all.forEach(function (select, i) {
        if (failed.length && failed[0] !== i) return;
        Array.prototype.forEach.call(select.options, function (option) {
          if (option.value && passes(select, values, { value: option.value, rank: option.dataset.rank })) {
            counts[i].set(option.value, (counts[i].get(option.value) || 0) + 1);
          }
        });
      });
    });
    all.forEach(function (select, i) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        if (!option.dataset.name) option.dataset.name = option.textContent;
        var n = counts[i].get(option.value) || 0;
        option.textContent = option.dataset.name + " (" + n + ")";
        option.disabled = n === 0 && !option.selected;
      });
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
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  /* On a page with a fixed list: options no criterion on the page has are left out, and a facet
     none of whose options would narrow the list (every criterion has the one value) is not shown. */
  function prune(form, values) {
    selects(form).forEach(function (select) {
      var narrows = false;
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (!option.value) return;
        var n = values.filter(function (v) {
          return passes(select, v, { value: option.value, rank: option.dataset.rank });
        }).length;
        if (!n) select.removeChild(option);
        else if (n < values.length) narrows = true;
      });
      if (!narrows && !select.value) select.closest("label").hidden = true;
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
    prune(form, values);
    var output = form.querySelector(".gpp-filter-count");
    var number = output && output.querySelector(".gpp-filter-count__n");
    var word = output && output.querySelector(".gpp-filter-count__word");
    function apply() {
      var shown = 0;
      items.forEach(function (item, i) {
        item.hidden = !accepts(form, values[i]);
        if (!item.hidden) shown += 1;
      });
      root.querySelectorAll("h2.gpp-group").forEach(function (heading) {
        heading.hidden = !root.querySelector('article.gpp-card[data-type="' + heading.dataset.type + '"]:not([hidden])');
      });
      count(form, values);
      if (number) number.textContent = String(shown);
      if (word) word.textContent = shown === 1 ? output.dataset.one : output.dataset.many;  // "1 vist kriterium"
    }
    attach(form, apply);
    apply();
  }

  window.gpp.filters = { attach: attach, accepts: accepts, count: count };
  window.gpp.feature("filters", initFilters);
})();

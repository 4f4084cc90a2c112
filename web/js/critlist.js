/* A long criterion list in parts (a requirement type's, ecolabel's or POGI goal's page at scale;
   opslag/exports/list_parts.py): the page holds the first rows; the list's index (data-parts)
   holds every criterion's filter values, so the filters (gpp.filters, the one component) count
   and filter over the whole list, not over the rows loaded, and a filtered address reloaded shows
   the same. The rows that pass are drawn a page at a time ("Vis flere kriterier"), each fetched
   with its part (gpp.parts) as the build made it from the page's own row template. */
(function () {
  "use strict";
  var gpp = window.gpp;

  /* A row of a part: the build's HTML of the page's row template (autoescaped), parsed inert. */
  function element(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  function init(root) {
    var list = root.querySelector("ul.gpp-critlist[data-parts]");
    var form = root.querySelector("form.gpp-filters");
    if (!list || !form || list.dataset.ready) return;
    list.dataset.ready = "1";
    var more = root.querySelector(".gpp-critlist-more__button");
    var status = root.querySelector(".gpp-critlist-more__status");
    var output = form.querySelector(".gpp-filter-count");
    var number = output && output.querySelector(".gpp-filter-count__n");
    var word = output && output.querySelector(".gpp-filter-count__word");
    var rows = Array.prototype.slice.call(list.children);  // by position in the whole list; the page's first
    var facets = null, everyone = [], parts = null, passed = [], limit = 0, size = 0, drawing = 0;

    function failed() {
      status.textContent = list.dataset.failed;
      more.hidden = true;
    }

    /* The first `limit` criteria that pass, fetched where the page does not have them yet. */
    function draw(focusFrom) {
      var shown = passed.slice(0, limit), mine = ++drawing;
      var missing = shown.filter(function (i) { return !rows[i]; });
      return parts.entries(missing).then(function (html) {
        if (mine !== drawing) return;  // a newer choice is being drawn
        missing.forEach(function (i, k) { rows[i] = element(html[k]); });
        list.textContent = "";
        shown.forEach(function (i) { list.appendChild(rows[i]); });
        if (gpp.selection) gpp.selection.wire(list);
        status.textContent = status.dataset.showing + " " + shown.length + " " + status.dataset.of + " " + passed.length;
        more.hidden = shown.length >= passed.length;
        var first = focusFrom !== undefined && rows[shown[focusFrom]];
        if (first) first.querySelector("a").focus();  // "show more": on to the first row added
      }, function () { if (mine === drawing) failed(); });  // an older choice's failure is not this one's
    }

    function apply() {
      passed = gpp.filters.count(form, facets, everyone);  // over every criterion of the list
      limit = size;
      if (number) number.textContent = String(passed.length);
      if (word) word.textContent = passed.length === 1 ? output.dataset.one : output.dataset.many;
      draw();
    }

    more.addEventListener("click", function () {
      var from = limit;
      limit += size;
      draw(from);
    });

    /* the filters wait for the index: a choice made before it came would be counted over nothing */
    var choices = Array.prototype.slice.call(form.querySelectorAll("select"));
    choices.forEach(function (select) { select.disabled = true; });
    gpp.json(list.dataset.parts).then(function (index) {
      choices.forEach(function (select) { select.disabled = false; });
      var values = gpp.filters.unpack(index.facets);
      everyone = values.map(function (_v, i) { return i; });
      parts = gpp.parts.open(list.dataset.base + index.parts, index.chunk);
      size = index.page_size;
      facets = gpp.filters.prune(form, values);
      gpp.filters.attach(form, apply);
      apply();
    }).catch(failed);
  }

  gpp.feature("critlist", init);
})();

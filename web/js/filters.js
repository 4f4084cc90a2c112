/* The filters of a category page: by requirement type and by level. */
(function () {
  "use strict";

  function initFilters(root) {
    var form = root.querySelector("form.gpp-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var output = form.querySelector(".gpp-filter-count");
    var count = output && output.querySelector(".gpp-filter-count__n");
    var word = output && output.querySelector(".gpp-filter-count__word");
    function apply() {
      /* levels are cumulative: "up to" a level shows every card whose rank is not higher
         (ranks come from vocab/levels.yaml through the data-rank attributes) */
      var type = form.elements.type.value, level = form.elements.level, shown = 0;
      var rank = level.value ? Number(level.options[level.selectedIndex].dataset.rank) : Infinity;
      /* an edition's build: "only mandatory for us" (the cards carry data-mandatory from the edition) */
      var onlyMandatory = !!(form.elements.mandatory && form.elements.mandatory.checked);
      root.querySelectorAll("article.gpp-card").forEach(function (card) {
        var visible = (!type || card.dataset.type === type) && Number(card.dataset.rank) <= rank &&
                      (!onlyMandatory || card.dataset.mandatory === "1");
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      root.querySelectorAll("h2.gpp-group").forEach(function (heading) {
        var any = root.querySelector('article.gpp-card[data-type="' + heading.dataset.type + '"]:not([hidden])');
        heading.hidden = !any;
      });
      if (count) count.textContent = String(shown);
      if (word) word.textContent = shown === 1 ? output.dataset.one : output.dataset.many;  // "1 vist kriterium"
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  window.gpp.feature("filters", initFilters);
})();

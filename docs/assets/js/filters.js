/* The filters of a category page: by requirement type and by level. */
(function () {
  "use strict";

  function initFilters(root) {
    var form = root.querySelector("form.gpp-filters");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var count = form.querySelector(".gpp-filter-count span");
    function apply() {
      var type = form.elements.type.value, level = form.elements.level.value, shown = 0;
      root.querySelectorAll("article.gpp-card").forEach(function (card) {
        var visible = (!type || card.dataset.type === type) && (!level || card.dataset.level === level);
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      root.querySelectorAll("h2.gpp-group").forEach(function (heading) {
        var any = root.querySelector('article.gpp-card[data-type="' + heading.dataset.type + '"]:not([hidden])');
        heading.hidden = !any;
      });
      if (count) count.textContent = String(shown);
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  window.gpp.feature("filters", initFilters);
})();

/* On every page: the header search box and the language switch. */
(function () {
  "use strict";

  /* Language switch: both sites have the same pages at the same paths, so switching keeps the
     reader on the page they are reading. (The theme's own mapping cannot tell the languages
     apart when one of them lives at the site root.) */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
    if (!link) return;
    var roots = Array.prototype.map.call(document.querySelectorAll("link[rel=alternate][hreflang]"),
      function (l) { return l.href; }).sort(function (a, b) { return b.length - a.length; });
    var here = window.location.href;
    var current = roots.find(function (root) { return here.indexOf(root) === 0; });
    if (!current) return;
    event.preventDefault();
    event.stopPropagation();
    window.location.href = link.href + here.slice(current.length);
  }, true);

  /* The header search box (overrides/main.html): put in once; instant navigation keeps the header. */
  function initHeaderSearch() {
    var found = window.gpp.headerPart("gpp-header-search", "form.gpp-header-search");
    if (!found) return;
    found.part.querySelector("input").value = new URL(window.location.href).searchParams.get("q") || "";
    found.header.appendChild(found.part);
  }

  window.gpp.feature("header", initHeaderSearch);
})();

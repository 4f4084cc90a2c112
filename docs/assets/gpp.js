/* Det Grønne Opslagsværk: copy buttons, filters and search. Runs on every page view,
   also after Material's instant navigation swaps the content (document$). */
(function () {
  "use strict";

  function initCopy(root) {
    root.querySelectorAll("button.gpp-copy").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        var status = button.parentNode.querySelector(".gpp-copy-status");
        var text = source ? source.textContent : "";
        function done(ok) { if (status) status.textContent = ok ? button.dataset.done : button.dataset.failed; }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
        } else {
          var area = document.createElement("textarea");
          area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
          document.body.appendChild(area); area.select();
          var ok = false; try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
          document.body.removeChild(area); done(ok);
        }
      });
    });
  }

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

  /* The query plan: the same as opslag/search_index.py's plan() and search(). */
  var ID = /^([a-zæøå]{2,5})-?0*([0-9]{1,3})$/;
  var CPV = /^([0-9]{8})(?:-[0-9])?$/;
  var WORD = /[\p{L}\p{N}]+/gu;

  function plan(query) {
    var out = [];
    query.toLowerCase().split(/\s+/).forEach(function (raw) {
      raw = raw.replace(/^[.,;:!?()"']+|[.,;:!?()"']+$/g, "");
      if (!raw) return;
      var m = raw.match(ID);
      if (m) {
        var number = String(parseInt(m[2], 10));
        out.push([m[1] + (number.length < 2 ? "0" + number : number), "code"]);
        return;
      }
      m = raw.match(CPV);
      if (m) { out.push([m[1], "code"]); return; }
      (raw.match(WORD) || []).forEach(function (w) { out.push([w, "word"]); });
    });
    return out;
  }

  function editDistance(word) { return word.length >= 10 ? 2 : word.length >= 5 ? 1 : 0; }

  function run(index, query) {
    var clauses = plan(query);
    if (!clauses.length) return [];
    return index.query(function (q) {
      clauses.forEach(function (c) {
        var term = c[0];
        if (c[1] === "code") { q.term(term, { fields: ["code"], usePipeline: false, boost: 100 }); return; }
        q.term(term, { boost: 10 });
        q.term(term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 1 });
        if (editDistance(term)) q.term(term, { usePipeline: false, editDistance: editDistance(term), boost: 1 });
      });
    });
  }

  var loaded = {};
  function loadIndex(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url).then(function (r) { return r.json(); }).then(function (data) {
        return { index: lunr.Index.load(data.index), docs: data.docs };
      });
    }
    return loaded[url];
  }

  function initSearch(root) {
    var list = root.querySelector("#gpp-results");
    if (!list || list.dataset.ready) return;
    list.dataset.ready = "1";
    var status = root.querySelector("#gpp-search-status");
    var input = root.querySelector("form.gpp-search input[type=search]");
    var form = input.form;
    var base = list.dataset.index.replace(/search\/[a-z]+\.json$/, "");
    function show(query) {
      loadIndex(list.dataset.index).then(function (data) {
        var hits = query.trim() ? run(data.index, query).slice(0, 50) : [];
        list.textContent = "";
        hits.forEach(function (hit) {
          var d = data.docs[hit.ref];
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = base + d.url;
          var cite = document.createElement("strong");
          cite.textContent = d.cite;
          a.appendChild(cite);
          a.appendChild(document.createTextNode(" " + d.title));
          var meta = document.createElement("span");
          meta.className = "gpp-critlist__meta";
          meta.textContent = d.category + " · " + d.meta;
          var snippet = document.createElement("p");
          snippet.textContent = d.snippet;
          li.appendChild(a); li.appendChild(document.createTextNode(" ")); li.appendChild(meta); li.appendChild(snippet);
          list.appendChild(li);
        });
        if (status) status.textContent = query.trim() ? (hits.length ? hits.length + " " + status.dataset.count : status.dataset.none) : "";
      });
    }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(window.location.href);
        url.searchParams.set("q", input.value);
        history.replaceState(history.state, "", url);
        show(input.value);
      }, 150);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
    var initial = new URL(window.location.href).searchParams.get("q") || "";
    input.value = initial;
    if (initial) show(initial);
  }

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
    var template = document.getElementById("gpp-header-search");
    var header = document.querySelector(".md-header__inner");
    if (!template || !header || header.querySelector("form.gpp-header-search")) return;
    var form = template.content.firstElementChild.cloneNode(true);
    var input = form.querySelector("input");
    input.value = new URL(window.location.href).searchParams.get("q") || "";
    header.appendChild(form);
  }

  window.gppSearchPlan = plan;  // exposed for the browser tests of the query plan

  function init() {
    var root = document.querySelector("article.md-content__inner") || document;
    initHeaderSearch(); initCopy(root); initFilters(root); initSearch(root);
  }
  if (typeof document$ !== "undefined") { document$.subscribe(init); }
  else { document.addEventListener("DOMContentLoaded", init); }
})();

/* The search page: runs the lunr index built by opslag/search_index.py. */
(function () {
  "use strict";

  /* The query plan: the same as opslag/search_index.py's plan() and search(). */
  var ID = /^([a-zæøå]{2,5})-?0*([0-9]{1,3})$/;
  var CPV = /^([0-9]{8})(?:-[0-9])?$/;
  var WORD = /[\p{L}\p{N}]+/gu;

  /* Bounds on the work one query can cause: the same as search_index.py's MAX_QUERY_* and MAX_*_LENGTH. */
  var MAX_QUERY_CHARS = 400, MAX_QUERY_TERMS = 12, MAX_TERM_LENGTH = 40, MAX_FUZZY2_LENGTH = 20;

  function plan(query) {
    var out = [];
    query.slice(0, MAX_QUERY_CHARS).toLowerCase().split(/\s+/).forEach(function (raw) {
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
    return out.slice(0, MAX_QUERY_TERMS).map(function (c) { return [c[0].slice(0, MAX_TERM_LENGTH), c[1]]; });
  }

  function editDistance(word) {
    return word.length >= 10 && word.length <= MAX_FUZZY2_LENGTH ? 2 : word.length >= 5 ? 1 : 0;
  }

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

  window.gpp.searchPlan = plan;  // for the browser tests of the query plan
  window.gppSearchPlan = plan;  // the name the existing tests use
  window.gpp.feature("search", initSearch);
})();

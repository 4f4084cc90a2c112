/* Det Grønne Opslagsværk: the one namespace (window.gpp) and the loader of the features.

   Every feature is its own file in assets/js/ and is loaded only on pages that use it: FEATURES
   maps a file to the selector that tells a page needs it. Each file registers itself with
   gpp.feature(name, init); init(root) runs on every page view, also after Material's instant
   navigation swaps the content (document$), so it must be safe to run twice on the same page.
   Scripts are same-origin files (no inline code, no eval): the site's Content-Security-Policy
   allows nothing else. */
(function () {
  "use strict";
  var self = document.currentScript;
  window.gpp = window.gpp || {};
  var gpp = window.gpp;
  gpp.assets = self ? self.src.replace(/js\/gpp\.js(\?.*)?$/, "") : "";  // .../assets/
  gpp.inits = gpp.inits || {};

  /* feature file -> [selector that says a page needs it, files it needs first (in order)] */
  var FEATURES = {
    copy: ["button.gpp-copy", []],
    filters: ["form.gpp-filters", []],
    changes: ["form.gpp-changes-filters", ["js/parts.js"]],
    critlist: ["ul.gpp-critlist[data-parts]", ["js/filters.js", "js/parts.js"]],
    search: ["#gpp-results", ["js/filters.js"]],
    builder: ["#gpp-builder", ["js/tender.js", "js/share.js"]],
    downloads: ["p.gpp-downloads[data-data]", ["js/tender.js"]],
    compare: ["#gpp-compare", ["js/tender.js", "js/diff.js"]]
  };
  gpp.FEATURES = FEATURES;
  var loading = {};

  gpp.feature = function (name, init) { gpp.inits[name] = init; };

  /* Load a script once; resolves when it has run. */
  gpp.script = function (src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var el = document.createElement("script");
        el.src = src; el.async = false;
        el.onload = function () { resolve(); };
        el.onerror = function () { reject(new Error("could not load " + src)); };
        document.head.appendChild(el);
      });
    }
    return loading[src];
  };

  /* A feature's files, in order: what it needs, then itself. */
  gpp.load = function (name) {
    var files = FEATURES[name][1].concat(["js/" + name + ".js"]);
    return files.reduce(function (done, file) {
      return done.then(function () { return gpp.script(gpp.assets + file); });
    }, Promise.resolve());
  };

  /* A part of the header kept in a <template> (overrides/main.html): cloned into the header once,
     since instant navigation keeps the header. Null when the page has no such template or the
     header already holds the part. */
  gpp.headerPart = function (templateId, selector) {
    var template = document.getElementById(templateId);
    var header = document.querySelector(".md-header__inner");
    if (!template || !header || header.querySelector(selector)) return null;
    return { header: header, part: template.content.firstElementChild.cloneNode(true) };
  };

  /* A JSON file of the site: resolves to its data; rejects with "<url>: <status>" when the server
     answers with an error (a missing part must not read as an empty one), or with the network's or
     the parser's error. Every feature that loads data uses it. */
  gpp.json = function (url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  };

  /* A new element with an optional class and text (never markup): the pages that build their own. */
  gpp.el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  gpp.root = function () { return document.querySelector("article.md-content__inner") || document; };

  function run(name, root) {
    try { gpp.inits[name](root); } catch (e) { if (window.console) console.warn("gpp." + name, e); }
  }

  function init() {
    var root = gpp.root();
    Object.keys(gpp.inits).forEach(function (name) { if (!FEATURES[name]) run(name, root); });  // always-on ones
    Object.keys(FEATURES).forEach(function (name) {
      if (!root.querySelector(FEATURES[name][0])) return;
      gpp.load(name).then(function () { if (gpp.inits[name]) run(name, gpp.root()); },
        function (e) { if (window.console) console.warn(e.message); });
    });
  }
  /* Start once every script of the page has run (the always-on features have registered). */
  function start() {
    if (typeof document$ !== "undefined") { document$.subscribe(init); } else { init(); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { setTimeout(start, 0); }
})();

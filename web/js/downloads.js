/* A category page's downloads follow its filters: while a filter hides criteria, the Word, text
   and JSON links make their file in the browser from exactly the criteria shown (the same
   model and exports as "Mit udbud", tender.js and export-*.js); unfiltered, they are the
   prebuilt files. */
(function () {
  "use strict";
  var gpp = window.gpp;

  function shown(root) {
    var cards = root.querySelectorAll("article.gpp-card"), items = [];
    cards.forEach(function (card) {
      if (card.hidden) return;
      var parts = card.querySelector(".gpp-card__cite").textContent.trim().split(":");
      items.push({ id: parts[0], version: parseInt(parts[1], 10) });
    });
    return { filtered: items.length < cards.length, items: items };
  }

  /* The address that opens these criteria in Mit udbud (the header's link to it, with ?k=). */
  function reopenLink(items) {
    var mine = document.querySelector("a.gpp-header-selection");
    if (!mine || !gpp.selection) return "";
    var url = new URL(mine.href, window.location.href);
    url.search = gpp.selection.query(items, "");
    return url.href;
  }

  function filterLabel(root) {
    var form = root.querySelector("form.gpp-filters");
    if (!form) return "";
    return Array.prototype.filter.call(form.querySelectorAll("select"), function (s) { return s.value; })
      .map(function (s) { var o = s.options[s.selectedIndex]; return o.dataset.name || o.textContent; }).join(", ");
  }

  function asJson(link, ids) {
    return gpp.json(link.href).then(function (wrapped) {
      wrapped.result.criteria = wrapped.result.criteria.filter(function (c) { return ids.indexOf(c.id) >= 0; });
      return new Blob([JSON.stringify(wrapped, null, 1) + "\n"], { type: "application/json" });
    });
  }

  function init(root) {
    var box = root.querySelector("p.gpp-downloads[data-data]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var note = box.querySelector(".gpp-downloads__note");
    function update() { if (note) note.textContent = shown(root).filtered ? note.dataset.text : ""; }
    var form = root.querySelector("form.gpp-filters");
    if (form) form.addEventListener("change", function () { setTimeout(update, 0); });
    update();
    box.querySelectorAll("a[data-format]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var now = shown(root);
        if (!now.filtered) return;  // the prebuilt file is exactly the page
        event.preventDefault();
        var format = link.dataset.format, title = box.dataset.title + " – " + filterLabel(root);
        var stem = link.getAttribute("href").split("/").pop().replace(/\.[a-z]+$/, "");
        var made = format === "json"
          ? asJson(link, now.items.map(function (i) { return i.id; }))
          : Promise.all([gpp.tender.loadData(box.dataset.data, now.items), gpp.tender.exporter(format)]).then(function (got) {
            return got[1].make(gpp.tender.model(got[0], now.items, title, {}, true, reopenLink(now.items)));
          });
        made.then(function (blob) {
          gpp.tender.download(blob, stem + "-" + now.items.length + "." + format);
        }, function (err) { if (note) note.textContent = String(err && err.message ? err.message : err); });
      });
    });
  }

  gpp.feature("downloads", init);
})();

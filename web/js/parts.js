/* Data in numbered parts: a list too long for its page (the change log, web/js/changes.js; the
   long criterion lists, web/js/critlist.js) is written by the build as an index and parts of
   `chunk` entries each, <folder><n>.json (opslag/exports/changes_data.py, list_parts.py). This is
   the one loader of them: a part is fetched once, the first time an entry of it is wanted; a part
   that failed is asked again next time. */
(function () {
  "use strict";

  /* The parts at folder + n + ".json"; entries(positions) resolves to the entries at those
     positions of the whole list, in the order asked, fetching only the parts that hold them. */
  function open(folder, chunk) {
    var parts = {};
    function part(n) {
      if (!parts[n]) parts[n] = window.gpp.json(folder + n + ".json").catch(function (e) { delete parts[n]; throw e; });
      return parts[n];
    }
    function entries(positions) {
      var needed = [];
      positions.forEach(function (i) {
        var n = Math.floor(i / chunk);
        if (needed.indexOf(n) < 0) needed.push(n);
      });
      return Promise.all(needed.map(part)).then(function (loaded) {
        return positions.map(function (i) { return loaded[needed.indexOf(Math.floor(i / chunk))][i % chunk]; });
      });
    }
    return { entries: entries };
  }

  window.gpp.parts = { open: open };
})();

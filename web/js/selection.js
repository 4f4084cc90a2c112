/* "Mit udbud": the procurer's selection of criteria, on every page.

   API (window.gpp.selection), also for other features such as the search results:
     gpp.selection.toggleButton(id, cite)  a new <button> that adds/removes criterion `id`
                                           (cite "IT-03:2" pins that version; default: unpinned)
     gpp.selection.items()                 [{id, version|null}] in the order they were added
     gpp.selection.has(id), add(id, version), remove(id), set(items), toggle(id, version)
     gpp.selection.name() / setName(text)  the tender's name
     gpp.selection.values() / setValue(key, value)  what the procurer typed into placeholders
     gpp.selection.onChange(fn)            fn() after every change (also from other tabs)
     gpp.selection.parse(text, versions)   "IT-01,RENS-02:1" -> {items, bad: [tokens]} (one item an id,
                                           or with `versions` one an id and version)
     gpp.selection.format(items)           the inverse, for the URL contract udbud/?k=...
     gpp.selection.query(items, search)    an address's query with that ?k= (builder, compare, downloads)
   The whole tender ({items, name, values}, "the current one"):
     snapshot() a copy; replace(tender) puts another in its place; isEmpty(); revision() counts
     the replacements (the udbud page redraws its fields then); same(a, b) same criteria, name and values
   "Mine udbud", the saved copies ([{id, saved: ISO time, items, name, values}], oldest first):
     saved(); savedRevision() (changes when they change); saveCopy(tender) -> "saved" | "same" (an equal copy exists) | "empty" | "failed" (storage);
     saveCopies([tender]) -> {added, same} or null (all or none: an import);
     removeSaved(id); openSaved(id) (the current one is saved as a copy first; false if it could not be);
     startNew() (the same, then an empty tender)
   The current one lives in localStorage (KEY) and, on the udbud/ page, in the URL (?k= and #v=,
   web/js/share.js); the saved copies in localStorage (SAVED).
   Buttons in pages are <button class="gpp-select" data-id data-cite hidden> (templates/
   select_button.html.j2); this file shows and wires them, and keeps the header counter. */
(function () {
  "use strict";
  var gpp = window.gpp;
  var KEY = "gpp.selection.v1";
  var SAVED = "gpp.tenders.v1";
  var listeners = [];
  var state = null;
  var copies = null;
  var rev = 0;
  var savedRev = 0;  // counts the changes of the saved copies (readers redraw their list only then)
  var TOKEN = /^([A-Za-zÆØÅæøå0-9-]{1,12})(?::([0-9]{1,4}))?$/;  // shape only; the builder checks ids

  function empty() { return { items: [], name: "", values: {} }; }

  function valid(s) {
    if (!s || typeof s !== "object" || !Array.isArray(s.items)) return false;
    if (typeof s.name !== "string" || !s.values || typeof s.values !== "object" || Array.isArray(s.values)) return false;
    return s.items.every(function (i) {
      return i && typeof i.id === "string" && TOKEN.test(i.id) && (i.version === null || (typeof i.version === "number" && i.version > 0));
    }) && Object.keys(s.values).every(function (k) { return typeof s.values[k] === "string"; });
  }

  function load() {
    var raw = null;
    try { raw = window.localStorage.getItem(KEY); } catch (_e) { return empty(); }
    if (raw === null) return empty();
    try {
      var parsed = JSON.parse(raw);
      if (valid(parsed)) return parsed;
    } catch (_e) { /* falls through: reset below */ }
    gpp.selectionWasReset = true;  // the udbud page says so
    try { window.localStorage.removeItem(KEY); } catch (_e) { /* private mode */ }
    return empty();
  }

  function current() { if (!state) state = load(); return state; }

  function notify() {
    listeners.forEach(function (fn) { try { fn(); } catch (e) { if (window.console) console.warn(e); } });
  }

  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (_e) { /* storage full or off */ }
    notify();
  }

  /* The saved copies: a list that cannot be read is set aside under another key, never lost. */
  function validCopy(c) { return valid(c) && typeof c.id === "string" && typeof c.saved === "string"; }
  function loadCopies() {
    var raw = null;
    try { raw = window.localStorage.getItem(SAVED); } catch (_e) { return []; }
    if (raw === null) return [];
    try {
      var parsed = JSON.parse(raw);
      if (Array.isArray(parsed) && parsed.every(validCopy)) return parsed;
    } catch (_e) { /* falls through */ }
    gpp.savedWasReset = true;
    try { window.localStorage.setItem(SAVED + ".unreadable", raw); window.localStorage.removeItem(SAVED); } catch (_e) { /* off */ }
    return [];
  }
  function savedList() { if (!copies) copies = loadCopies(); return copies; }
  function storeCopies(list) {
    try { window.localStorage.setItem(SAVED, JSON.stringify(list)); } catch (_e) { return false; }
    copies = list;
    savedRev += 1;
    notify();
    return true;
  }

  function copyOf(t) {
    var values = {};
    Object.keys(t.values || {}).forEach(function (k) { values[k] = String(t.values[k]); });
    return { items: (t.items || []).map(function (i) { return { id: i.id, version: i.version || null }; }),
             name: String(t.name || ""), values: values };
  }

  function filledValues(values) {
    var out = {};
    Object.keys(values || {}).forEach(function (k) { var v = String(values[k]).trim(); if (v) out[k] = v; });
    return out;
  }
  function itemKeys(t) { return t.items.map(function (i) { return i.id + ":" + (i.version || ""); }).sort().join(","); }
  function sameItems(a, b) { return itemKeys(a) === itemKeys(b); }
  function same(a, b) {
    var va = filledValues(a.values), vb = filledValues(b.values), ka = Object.keys(va), kb = Object.keys(vb);
    return sameItems(a, b) && String(a.name || "").trim() === String(b.name || "").trim() && ka.length === kb.length &&
      ka.every(function (k) { return va[k] === vb[k]; });
  }

  function newId() { return "t" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }

  /* Tenders added to the saved copies in one write (all or none): {added, same} or null when the
     browser could not store them. Empty ones and ones equal to a copy already there are skipped. */
  function saveCopies(tenders) {
    var list = savedList().slice(), added = 0, skipped = 0, now = new Date().toISOString();
    tenders.forEach(function (t) {
      if ((!t.items.length && !String(t.name || "").trim()) || list.some(function (c) { return same(c, t); })) { skipped += 1; return; }
      var c = copyOf(t);
      c.id = newId();
      c.saved = now;
      list.push(c);
      added += 1;
    });
    if (added && !storeCopies(list)) return null;
    return { added: added, same: skipped };
  }

  function saveCopy(t) {
    if (!t.items.length && !String(t.name || "").trim()) return "empty";
    var r = saveCopies([t]);
    return !r ? "failed" : r.added ? "saved" : "same";
  }

  function replace(t) { state = copyOf(t); rev += 1; save(); }

  function index(id) {
    var items = current().items;
    for (var i = 0; i < items.length; i += 1) if (items[i].id === id) return i;
    return -1;
  }

  /* `versions`: keep one item per id and version (the compare page: IT-03:1,IT-03), not per id. */
  function parse(text, versions) {
    var items = [], bad = [], seen = {};
    String(text || "").split(",").forEach(function (raw) {
      var token = raw.trim();
      if (!token) return;
      var m = token.match(TOKEN);
      if (!m) { bad.push(token); return; }
      var id = m[1].toUpperCase(), once = versions ? id + ":" + (m[2] ? parseInt(m[2], 10) : "") : id;
      if (seen[once]) return;
      seen[once] = true;
      items.push({ id: id, version: m[2] ? parseInt(m[2], 10) : null });
    });
    return { items: items, bad: bad };
  }

  function format(items) {
    return items.map(function (i) { return i.version ? i.id + ":" + i.version : i.id; }).join(",");
  }

  /* An address's query with ?k= set to these items, its other parameters kept as they are written:
     "?k=IT-01,RENS-02:1&x=y". The list is encoded once, its commas and colons left readable (they
     mean the same to the reader, URLSearchParams, which decodes once); the one writer of ?k=. */
  function query(items, search) {
    var rest = String(search || "").replace(/^\?/, "").split("&").filter(function (p) { return p && !/^k(=|$)/.test(p); });
    var k = encodeURIComponent(format(items)).replace(/%2C/g, ",").replace(/%3A/g, ":");
    return "?" + ["k=" + k].concat(rest).join("&");
  }

  var api = {
    KEY: KEY,
    parse: parse,
    format: format,
    query: query,
    items: function () { return current().items.slice(); },
    has: function (id) { return index(id) >= 0; },
    add: function (id, version) {
      var i = index(id);
      if (i >= 0) current().items[i].version = version || null; else current().items.push({ id: id, version: version || null });
      save();
    },
    addMany: function (list) {
      list.forEach(function (it) { if (index(it.id) < 0) current().items.push({ id: it.id, version: it.version || null }); });
      save();
    },
    remove: function (id) { var i = index(id); if (i >= 0) { current().items.splice(i, 1); save(); } },
    toggle: function (id, version) { if (api.has(id)) api.remove(id); else api.add(id, version); },
    set: function (items) { current().items = items.map(function (i) { return { id: i.id, version: i.version || null }; }); save(); },
    name: function () { return current().name; },
    setName: function (text) { current().name = String(text); save(); },
    values: function () { return current().values; },
    setValue: function (key, value) {
      if (value) current().values[key] = String(value); else delete current().values[key];
      save();
    },
    onChange: function (fn) { listeners.push(fn); },
    SAVED: SAVED,
    snapshot: function () { return copyOf(current()); },
    replace: replace,
    isEmpty: function (t) { t = t || current(); return !t.items.length && !String(t.name || "").trim(); },  // a named tender is kept too
    revision: function () { return rev; },
    same: same,
    sameItems: sameItems,
    savedRevision: function () { return savedRev; },
    saved: function () { return savedList().map(function (c) { var o = copyOf(c); o.id = c.id; o.saved = c.saved; return o; }); },
    saveCopy: saveCopy,
    saveCopies: saveCopies,
    removeSaved: function (id) { return storeCopies(savedList().filter(function (c) { return c.id !== id; })); },
    openSaved: function (id) {
      var found = savedList().filter(function (c) { return c.id === id; })[0];
      if (!found) return false;
      if (!api.isEmpty() && saveCopy(current()) === "failed") return false;
      if (!storeCopies(savedList().filter(function (c) { return c.id !== id; }))) return false;
      replace(found);
      return true;
    },
    startNew: function () {
      if (saveCopy(current()) === "failed") return false;
      replace({ items: [], name: "", values: {} });
      return true;
    },
    toggleButton: function (id, cite) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button gpp-select";
      button.dataset.id = id;
      button.dataset.cite = cite || id;
      var strings = document.getElementById("gpp-header-selection");
      var add = document.createElement("span"), remove = document.createElement("span"), hidden = document.createElement("span");
      add.className = "gpp-select__add"; remove.className = "gpp-select__remove"; hidden.className = "md-visually-hidden";
      add.textContent = strings ? strings.dataset.add : "+";
      remove.textContent = strings ? strings.dataset.remove : "−";
      hidden.textContent = " " + (cite || id);
      button.appendChild(add); button.appendChild(remove); button.appendChild(hidden);
      wire(button);
      return button;
    }
  };
  gpp.selection = api;

  function versionOf(cite) { var m = /:([0-9]+)$/.exec(cite || ""); return m ? parseInt(m[1], 10) : null; }

  function paint(button) {
    var on = api.has(button.dataset.id);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.classList.toggle("md-button--primary", on);
    button.querySelector(".gpp-select__add").hidden = on;
    button.querySelector(".gpp-select__remove").hidden = !on;
  }

  function wire(button) {
    if (button.dataset.ready) return;
    button.dataset.ready = "1";
    button.hidden = false;
    button.addEventListener("click", function () { api.toggle(button.dataset.id, versionOf(button.dataset.cite)); });
    paint(button);
  }

  /* What the header counts: the stored items that can be criteria (the build's id pattern, on the
     header's template), so an id such as "toString" in a tampered store is not counted. */
  function countable() {
    var template = document.getElementById("gpp-header-selection");
    var pattern = template && template.dataset.idPattern ? new RegExp(template.dataset.idPattern) : null;
    return current().items.filter(function (i) { return !pattern || pattern.test(i.id); }).length;
  }

  function paintAll() {
    document.querySelectorAll("button.gpp-select").forEach(paint);
    document.querySelectorAll(".gpp-header-selection__count").forEach(function (el) {
      el.textContent = String(countable());
    });
  }
  listeners.push(paintAll);

  /* "Tilføj alle op til niveau": every criterion card on the page whose rank is not higher. */
  function initAddAll(root) {
    var form = root.querySelector("form.gpp-addall");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    /* Add the cards that pass `wanted` (adds only: nothing in the tender is removed or replaced). */
    function addCards(wanted) {
      var list = [];
      root.querySelectorAll("article.gpp-card").forEach(function (card) {
        var button = card.querySelector("button.gpp-select");
        if (button && wanted(card)) list.push({ id: button.dataset.id, version: versionOf(button.dataset.cite) });
      });
      var before = current().items.length;
      api.addMany(list);
      var status = form.querySelector(".gpp-addall-status");
      var added = current().items.length - before;  // "1 kriterium tilføjet", "3 kriterier tilføjet"
      if (status) status.textContent = added + " " + (added === 1 ? form.dataset.addedOne : form.dataset.added);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var rank = Number(form.elements.rank.value);
      addCards(function (card) { return Number(card.dataset.rank) <= rank; });
    });
    /* an edition's build: every criterion of the category that is mandatory for its buyers */
    var mandatory = form.querySelector("button.gpp-addall-mandatory");
    if (mandatory) {
      mandatory.addEventListener("click", function () {
        addCards(function (card) { return card.dataset.mandatory === "1"; });
      });
    }
  }

  function initHeaderCounter() {
    var found = window.gpp.headerPart("gpp-header-selection", ".gpp-header-selection");
    if (!found) return;
    found.header.insertBefore(found.part, found.header.querySelector("form.gpp-header-search"));
  }

  /* A page restored from the back/forward cache: the tender may have changed meanwhile. */
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    state = null; copies = null; rev += 1; savedRev += 1;
    notify();
  });

  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { state = null; rev += 1; } else if (event.key === SAVED) { copies = null; savedRev += 1; } else return;
    notify();
  });

  /* A selection that could not be read was reset (load()): say so once, on whatever page it
     happened; the udbud page says it in its own message area. */
  function initResetNotice(root) {
    var template = document.getElementById("gpp-header-selection");
    if (!gpp.selectionWasReset || gpp.resetNoticeShown || !template || root.querySelector("#gpp-builder")) return;
    gpp.resetNoticeShown = true;
    var p = document.createElement("p");
    p.className = "gpp-notice gpp-notice--warn";
    p.setAttribute("role", "status");
    p.textContent = template.dataset.reset;
    root.insertBefore(p, root.firstChild);
  }

  /* Rows a page adds after it opened (web/js/critlist.js): their toggles wired and painted. A row
     put back after a filter took it off the page is painted again: the tender may have changed
     meanwhile (another tab), and a toggle showing the old state would do the opposite of its label. */
  api.wire = function (root) {
    root.querySelectorAll("button.gpp-select").forEach(function (button) { wire(button); paint(button); });
  };

  gpp.feature("selection", function (root) {
    current();
    initHeaderCounter();
    initResetNotice(root);
    root.querySelectorAll("button.gpp-select").forEach(wire);
    initAddAll(root);
    paintAll();
  });
})();

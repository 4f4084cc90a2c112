/* The "Mit udbud" page (udbud/): shows the selection grouped in tender order, the placeholders
   as form fields, messages about a link's problems, the export buttons and "Mine udbud" (the
   saved copies, their file). The selection itself is kept by selection.js; the model and the
   exports are tender.js and export-*.js; the link's #v= and the file are share.js.

   URL contract: udbud/?k=IT-01,RENS-02:1,FOED-03#v=DATA (ids, optionally :version; #v= the
   tender's name and filled values, see share.js). The address bar always shows the current
   tender, so it can be bookmarked or mailed. Opening a link while the browser holds another
   non-empty tender asks first (open it, the current one saved as a copy / add its criteria /
   cancel); a link that cannot be read changes nothing and says so. */
(function () {
  "use strict";
  var gpp = window.gpp;
  var sel = gpp.selection;
  var share = gpp.share;
  var MAIL_LIMIT = 2000;  // characters of a link that mail clients pass on whole (README: Mit udbud)
  var MAX_VALUE = 1000, MAX_NAME = 200;  // what the inputs take: less than a link may carry (share.js LIMITS)
  var PAUSE = 400;  // ms after the last keystroke before the link's #v= is packed again (deflate is not free)

  var el = gpp.el;

  var loadExporter = function (format) { return gpp.tender.exporter(format); };

  /* Make one export of the current selection; resolves to {blob, name, ms}. Used by the buttons
     and by the benchmark (bench/). */
  function exportNow(data, format) {
    var t0 = performance.now();
    return loadExporter(format).then(function (exporter) {
      var m = gpp.tender.model(data, sel.items(), sel.name(), sel.values(), false, window.location.href);
      if (m.resolved.pending.length) {  // a part not loaded: a document without them would be silently short
        throw new Error(m.strings.sel_part_failed + " " + gpp.selection.format(m.resolved.pending));
      }
      return Promise.resolve(exporter.make(m)).then(function (blob) {
        var suffix = exporter.suffix ? m.strings[exporter.suffix] : "";  // the questionnaire: "-markedsdialog"
        return { blob: blob, name: gpp.tender.fileName(m, exporter.ext, suffix), ms: performance.now() - t0 };
      });
    });
  }

  function field(seg, value, onInput) {
    var ph = seg.ph;
    var input;
    if (ph.options.length) {
      input = el("select", "gpp-field");
      var none = el("option", "", "— " + seg.choose + " " + ph.label + " —");
      none.value = "";
      input.appendChild(none);
      ph.options.forEach(function (o) { var opt = el("option", "", o); opt.value = o; input.appendChild(opt); });
      input.value = ph.options.indexOf(value) >= 0 ? value : "";
      input.addEventListener("change", function () { onInput(input.value); });
    } else {
      input = el("input", "gpp-field");
      input.type = "text";
      input.maxLength = MAX_VALUE;
      input.value = value || "";
      input.size = Math.max(6, Math.min(24, ph.label.length + 2));
      /* a phone shows the number keyboard for a number; no grey suggestion inside the field (it
         would read as filled in but export as empty): the suggestion is a button beside it */
      input.inputMode = ph.kind === "number" || ph.kind === "percent" ? "decimal" : "text";
      input.addEventListener("input", function () { onInput(input.value); });
    }
    input.setAttribute("aria-label", ph.label + (ph.unit ? " (" + ph.unit + ")" : ""));
    input.dataset.key = seg.key;
    input.classList.toggle("gpp-field--empty", !value);
    return input;
  }

  /* A text with its placeholders as fields. */
  function textWithFields(blocks, id, fieldName, strings) {
    var wrap = el("div", "gpp-pick__text"), n = 0, values = sel.values();
    blocks.forEach(function (block) {
      var container = block.kind === "ul" ? el("ul") : null;
      block.items.forEach(function (line) {
        var p = block.kind === "ul" ? el("li") : el("p");
        line.forEach(function (seg) {
          if (typeof seg === "string") { p.appendChild(document.createTextNode(seg)); return; }
          var k = gpp.tender.key(id, fieldName, n); n += 1;
          var note = el("span", "gpp-field-msg");
          note.id = "gpp-msg-" + k.replace(/[^A-Za-z0-9-]/g, "-");
          note.setAttribute("aria-live", "polite");
          function checked(v) {  // the message beside the field, and aria-invalid, for what was typed
            var problem = gpp.tender.checkValue(seg, v);
            note.textContent = problem ? strings[problem] : "";
            input.setAttribute("aria-invalid", problem ? "true" : "false");
            input.classList.toggle("gpp-field--empty", !String(v || "").trim());
          }
          var input = field({ ph: seg, key: k, choose: strings.sel_choose }, values[k], function (v) {
            sel.setValue(k, v);
            checked(v);
          });
          input.setAttribute("aria-describedby", note.id);
          p.appendChild(input);
          if (seg.unit && !seg.options.length) p.appendChild(document.createTextNode(" " + seg.unit));
          if (seg["default"]) {  // "Brug forslaget: 3 år": one click takes it; else the field stays unfilled
            var suggested = seg["default"] + (seg.unit && !seg.options.length ? " " + seg.unit : "");
            var take = el("button", "md-button gpp-use-suggestion", strings.sel_use_suggestion + " " + suggested);
            take.type = "button";
            take.dataset.for = k;  // the field it fills (data-key names the fields themselves)
            take.addEventListener("click", function () {
              input.value = seg["default"];
              sel.setValue(k, seg["default"]);
              checked(seg["default"]);
            });
            p.appendChild(document.createTextNode(" "));
            p.appendChild(take);
          }
          p.appendChild(note);
          checked(values[k]);
        });
        (container || wrap).appendChild(p);
      });
      if (container) wrap.appendChild(container);
    });
    return wrap;
  }

  function message(box, text, items, extra, kind) {
    var p = el("p", "gpp-notice gpp-notice--" + (kind || "warn"));
    p.appendChild(el("strong", "", text));
    if (items) p.appendChild(document.createTextNode(" " + items));
    if (extra) { p.appendChild(document.createTextNode(" ")); p.appendChild(extra); }
    box.appendChild(p);
  }

  function button(text, cls, hiddenText) {
    var b = el("button", "md-button " + cls, text);
    b.type = "button";
    if (hiddenText) b.appendChild(el("span", "md-visually-hidden", " " + hiddenText));
    return b;
  }

  /* The addresses this page wrote in this tab (sessionStorage: fingerprints, the last 200). Back
     or a reload to one of them is the browser's own older state, not a link from someone else.
     (history.state cannot hold the mark: Material replaces it with its scroll position.) */
  var OWN = "gpp.ownLinks";
  function fingerprint(href) {
    var h = 0x811c9dc5;
    for (var i = 0; i < href.length; i += 1) h = Math.imul(h ^ href.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(36) + "." + href.length.toString(36);
  }
  function ownLinks() {
    try {
      var list = JSON.parse(window.sessionStorage.getItem(OWN) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (_e) { return []; }
  }
  function remember(href) {
    var f = fingerprint(href), list = ownLinks();
    if (list[list.length - 1] === f) return;
    list = list.filter(function (x) { return x !== f; }).concat([f]).slice(-200);
    try { window.sessionStorage.setItem(OWN, JSON.stringify(list)); } catch (_e) { /* off: every link asks */ }
  }
  function isOwn(href) { return ownLinks().indexOf(fingerprint(href)) >= 0; }

  /* "Skoler 2027 (12 kriterier)" */
  function title(t, strings) { return String(t.name || "").trim() || strings.sel_doc_untitled; }
  function count(t, strings) {
    return t.items.length + " " + (t.items.length === 1 ? strings.sel_tender_count_one : strings.sel_tender_count);
  }

  /* The question when a link brings another tender than the browser holds: "open" | "add" | "cancel". */
  function ask(dialog, theirs, mine, strings) {
    dialog.querySelector(".gpp-share-theirs").textContent = title(theirs, strings) + " (" + count(theirs, strings) + ")";
    dialog.querySelector(".gpp-share-mine").textContent = title(mine, strings) + " (" + count(mine, strings) + ")";
    return new Promise(function (resolve) {
      var buttons = dialog.querySelectorAll("button[data-choice]");
      function done(choice) {
        buttons.forEach(function (b) { b.removeEventListener("click", onClick); });
        dialog.removeEventListener("cancel", onCancel);
        if (dialog.open) dialog.close();
        resolve(choice);
      }
      function onClick(event) { done(event.currentTarget.dataset.choice); }
      function onCancel(event) { event.preventDefault(); done("cancel"); }  // Esc
      buttons.forEach(function (b) { b.addEventListener("click", onClick); });
      dialog.addEventListener("cancel", onCancel);
      dialog.showModal();
    });
  }

  function init(root) {
    var box = root.querySelector("#gpp-builder");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var problems = { malformed: [], unknown: [], link: null, done: null, storage: false };
    var asking = false;
    var loadFailed = null;  // the tender state (render's `now`) whose parts could not be loaded, and why
    /* the head (every id, the texts of the page) first; each category's criteria when the tender needs them */
    gpp.tender.loadData(box.dataset.data, []).then(function (data) {
      gpp.builderData = data;
      var strings = data.strings, root = box.dataset.data.replace(/downloads\/udbud\.json$/, "");  // the site root
      var shown = null, tendersShown = null, urlSeq = 0, urlTimer = null, savedShown = { rev: -1, list: [] };
      var msgs = box.querySelector(".gpp-builder__messages"), list = box.querySelector(".gpp-builder__list");
      var nameInput = box.querySelector("#gpp-tender-name"), note = box.querySelector(".gpp-builder__link-note");
      var status = box.querySelector(".gpp-tenders__status");

      /* The items the data can show: tender.js's resolve decides (an id it holds, a version that existed). */
      function known(items) {
        var unknown = gpp.tender.resolve(data, items, true).unknown;
        return items.filter(function (i) { return unknown.indexOf(i) < 0; });
      }

      /* A link (?k= and #v=) into the current tender, asking first where it would replace another.
         An address this page wrote itself in this tab (Back, also where only the fragment
         changes; a reload) is no link from outside: the browser's stored tender is newer, and is shown. */
      function takeLink(href) {
        var link = share.read(href);
        if (link.k === null && link.v === null) return Promise.resolve();
        if (isOwn(href)) return Promise.resolve();
        var parsed = sel.parse(link.k || "");
        var got = link.v === null ? Promise.resolve(null) : share.decode(link.v, parsed.items);
        return got.then(function (work) {
          if (work && work.error) { problems.link = work.error; return null; }  // nothing changes
          var items = known(parsed.items), unknown = gpp.tender.resolve(data, parsed.items).unknown;
          var theirs = { items: items, name: work ? work.name : "", values: work ? share.normalize({ items: items, values: work.values }).values : {} };
          var mine = sel.snapshot();
          if (!items.length) {  // udbud/?k= alone, or only unknown ids: nothing to open, nothing replaced
            problems.malformed = parsed.bad;
            problems.unknown = unknown;
            if (!parsed.bad.length && !unknown.length) problems.done = strings.sel_link_empty;  // said, not silent
            return null;
          }
          var choice;
          if (sel.isEmpty(mine)) choice = Promise.resolve("first");
          else if (work ? sel.same(share.normalize(mine), theirs) : sel.sameItems(mine, theirs)) choice = Promise.resolve("same");
          else { asking = true; choice = ask(box.querySelector("#gpp-share-dialog"), theirs, mine, strings); }
          return choice.then(function (c) {
            asking = false;
            if (c === "cancel") { problems.done = strings.sel_share_cancelled; return; }
            problems.malformed = parsed.bad;
            problems.unknown = unknown;
            if (c === "first") {
              if (work) sel.replace(theirs); else sel.set(items);  // ids alone keep the name and values
            } else if (c === "open") {
              if (sel.saveCopy(mine) === "failed") { problems.storage = true; return; }
              sel.replace(theirs);
              problems.done = strings.sel_share_opened;
            } else if (c === "add") {
              var merged = sel.snapshot();
              theirs.items.forEach(function (i) { if (!merged.items.some(function (m) { return m.id === i.id; })) merged.items.push(i); });
              Object.keys(theirs.values).forEach(function (k) { if (!String(merged.values[k] || "").trim()) merged.values[k] = theirs.values[k]; });
              if (!merged.name.trim()) merged.name = theirs.name;
              sel.replace(merged);
              problems.done = strings.sel_share_added;
            }
          });
        });
      }

      function drawMessages() {
        msgs.textContent = "";
        if (gpp.selectionWasReset) message(msgs, strings.sel_storage_reset);
        if (gpp.savedWasReset) message(msgs, strings.sel_saved_reset);
        if (problems.link) message(msgs, strings["sel_link_" + problems.link]);
        if (problems.storage) message(msgs, strings.sel_storage_full);
        if (problems.done) message(msgs, problems.done, null, null, "info");
        if (problems.malformed.length) message(msgs, strings.sel_malformed, problems.malformed.join(", "));
        if (problems.unknown.length) message(msgs, strings.sel_unknown, sel.format(problems.unknown));
        var r = gpp.tender.resolve(data, sel.items());
        if (r.pending.length) {  // parts that failed to load: said, and the stored tender kept as it is
          message(msgs, strings.sel_part_failed, sel.format(r.pending) + (loadFailed ? " (" + loadFailed.error + ")" : ""));
        }
        if (r.retired.length) {
          message(msgs, strings.sel_retired, r.retired.map(function (x) {
            return x.c.cite + " " + x.c.title + (x.c.replaced_by ? " → " + x.c.replaced_by : "");
          }).join("; "));
        }
      }

      /* The address bar (the share link): ?k= and #v=, the name and values packed by share.js. A change
         of the criteria writes it at once; typing (a name, a placeholder) after a pause or when the
         focus leaves the field, so a keystroke does not deflate the whole tender. The stored
         tender is saved on every change regardless (selection.js). */
      function writeUrl(now) {
        if (asking) return;
        urlSeq += 1;
        var seq = urlSeq;
        box.dataset.urlPending = "1";
        clearTimeout(urlTimer);
        urlTimer = null;
        if (now) packUrl(seq); else urlTimer = setTimeout(function () { urlTimer = null; packUrl(seq); }, PAUSE);
      }
      function flushUrl() { if (urlTimer) { clearTimeout(urlTimer); urlTimer = null; packUrl(urlSeq); } }
      function packUrl(seq) {
        var snap = sel.snapshot();
        share.encode(snap).then(function (out) {
          if (seq !== urlSeq || asking || !box.isConnected) return;
          var next = window.location.pathname + sel.query(snap.items, window.location.search) + (out.value ? "#v=" + out.value : "");
          if (window.location.pathname + window.location.search + window.location.hash !== next) {
            history.replaceState(history.state, "", next);
          }
          remember(window.location.href);
          var text = out.error ? strings["sel_link_write_" + out.error] : window.location.href.length > MAIL_LIMIT ? strings.sel_link_long : "";
          note.textContent = text || "";
          note.hidden = !text;
          delete box.dataset.urlPending;
        });
      }

      /* The saved copies, newest first, read again only when they have changed (not per keystroke). */
      function savedNewestFirst() {
        var rev = sel.savedRevision();
        if (savedShown.rev !== rev) savedShown = { rev: rev, list: sel.saved().reverse() };
        return savedShown.list;
      }

      function drawTenders() {
        var sig = JSON.stringify([sel.name(), sel.items().length, sel.savedRevision()]);
        if (sig === tendersShown) return;
        tendersShown = sig;
        var cur = sel.snapshot(), saved = savedNewestFirst();
        var ul = box.querySelector(".gpp-tenders__list");
        ul.textContent = "";
        var li = el("li", "gpp-tenders__current");
        li.appendChild(el("strong", "gpp-tenders__name", title(cur, strings)));
        li.appendChild(document.createTextNode(" · " + count(cur, strings) + " · " + strings.sel_tenders_current));
        ul.appendChild(li);
        saved.forEach(function (c) {
          var item = el("li", "gpp-tenders__saved"), name = title(c, strings);
          item.dataset.id = c.id;
          item.appendChild(el("span", "gpp-tenders__name", name));
          var when = new Date(c.saved);
          item.appendChild(document.createTextNode(" · " + count(c, strings) + " · " + strings.sel_tenders_saved + " " +
            (Number.isNaN(when.getTime()) ? "" : when.toLocaleString(data.language_tag, { dateStyle: "short", timeStyle: "short" })) + " "));
          var open = button(strings.sel_tenders_open, "gpp-tenders-open", name);
          open.addEventListener("click", function () {
            if (sel.openSaved(c.id)) say(strings.sel_tenders_opened + " " + name);
            else say(strings.sel_storage_full);
          });
          var del = button(strings.sel_tenders_delete, "gpp-tenders-delete", name);
          del.addEventListener("click", function () {
            if (!window.confirm(strings.sel_tenders_delete_confirm + " " + name)) return;
            say(sel.removeSaved(c.id) ? strings.sel_tenders_deleted + " " + name : strings.sel_storage_full);
          });
          item.appendChild(open); item.appendChild(document.createTextNode(" ")); item.appendChild(del);
          ul.appendChild(item);
        });
        box.querySelector(".gpp-tenders__count").textContent = "(" + (saved.length + 1) + ")";
      }
      function say(text) { status.textContent = text; }

      function render() {
        if (!box.isConnected) return;  // a page left by instant navigation: its listener stays, idle
        var items = sel.items(), now = sel.revision() + "|" + sel.format(items);
        if (nameInput.value !== sel.name() && document.activeElement !== nameInput) nameInput.value = sel.name();
        writeUrl(shown !== now);  // a typed value or name: the link after a pause
        drawTenders();
        if (shown === now) return;  // a typed value or name: nothing to redraw
        var r = gpp.tender.resolve(data, items);
        if (r.pending.length && !(loadFailed && loadFailed.now === now)) {  // load their categories, then draw
          gpp.tender.loadData(box.dataset.data, r.pending).then(render, function (err) {
            loadFailed = { now: now, error: String(err && err.message ? err.message : err) };
            render();
          });
          return;
        }
        shown = now;
        drawMessages();
        list.textContent = "";
        box.querySelector(".gpp-builder__empty").hidden = r.entries.length + r.pending.length > 0;
        box.querySelectorAll(".gpp-export").forEach(function (b) { b.disabled = r.entries.length === 0 || r.pending.length > 0; });
        var m = gpp.tender.model(data, items, sel.name(), sel.values());
        var all = el("button", "md-button gpp-use-all-suggestions", strings.sel_use_all_suggestions);
        all.type = "button";
        all.addEventListener("click", function () {  // every empty field that has a suggestion
          list.querySelectorAll(".gpp-use-suggestion").forEach(function (take) {
            var input = list.querySelector(".gpp-field[data-key=\"" + take.dataset.for + "\"]");
            if (input && !input.value.trim()) take.click();
          });
        });
        if (r.entries.length) list.appendChild(el("p", "gpp-builder__suggestions")).appendChild(all);
        m.groups.forEach(function (g) {
          var section = el("section", "gpp-pick-group");
          section.appendChild(el("h2", "gpp-pick-group__title", g.label));
          g.entries.forEach(function (e) {
            var c = e.c, art = el("article", "gpp-pick");
            art.id = "valgt-" + c.id.toLowerCase();
            var h = el("h3", "gpp-pick__title");
            var a = el("a", "gpp-card__cite", c.cite);
            a.href = root + c.url;
            h.appendChild(a); h.appendChild(document.createTextNode(" " + c.title));
            art.appendChild(h);
            art.appendChild(el("p", "gpp-pick__meta", c.category_title + " · " + g.label + " · " + e.level));  // the model's label
            if (data.edition && data.edition.mandatory.indexOf(c.id) >= 0) {  // an edition's build
              var meta = art.querySelector(".gpp-pick__meta");
              meta.appendChild(document.createTextNode(" "));
              meta.appendChild(el("span", "gpp-badge gpp-badge--mandatory", strings.edition_mandatory + " " + data.edition.name));
            }
            /* the label market advice (builder_data.market_advice): for the buyer, never in the documents */
            if (c.market_advice) {
              var advice = el("aside", "gpp-card__guidance gpp-market-advice");
              advice.appendChild(el("h4", "", strings.sel_market_title));
              advice.appendChild(el("p", "", c.market_advice));
              art.appendChild(advice);
            }
            if (e.outdated) {  // a pinned earlier version: its own text when the data has it (tender.js atVersion)
              var cur = c.current || c;
              var use = el("button", "md-button gpp-use-current", strings.sel_use_current + " (" + cur.cite + ")");
              use.type = "button";
              use.addEventListener("click", function () { sel.add(cur.id, cur.version); });
              var outdated = el("p", "gpp-notice gpp-notice--warn gpp-outdated");
              outdated.appendChild(el("strong", "", c.current
                ? c.cite + " " + strings.sel_pinned_old + " " + cur.cite + "."
                : e.item.id + ":" + e.item.version + " " + strings.sel_outdated + " (" + cur.cite + ")."));
              outdated.appendChild(document.createTextNode(" ")); outdated.appendChild(use);
              if (c.current) {
                var compare = el("a", "md-button gpp-compare-current", strings.sel_compare_current);
                compare.href = root + data.compare_url + sel.query(sel.parse(c.cite + "," + cur.id, true).items, "");
                outdated.appendChild(document.createTextNode(" ")); outdated.appendChild(compare);
              }
              art.appendChild(outdated);
              var ended = c.ended && c.ended[String(e.item.version)];  // the grace period (opslag/model/lifecycle.py)
              if (ended) {
                art.appendChild(el("p", "gpp-notice gpp-notice--grace gpp-grace", e.item.id + ":" + e.item.version +
                  (ended.open ? " " + strings.grace_accepted_until + " " + ended.until + "; " + strings.grace_use + " " + ended.new + " " + strings.grace_in_new
                              : ": " + strings.grace_ended + " " + ended.until) + "."));
              }
            }
            [["requirement", strings.requirement], ["verification", strings.verification], ["follow_up", strings.follow_up]].forEach(function (f) {
              if (!c[f[0]]) return;
              art.appendChild(el("h4", "", f[1]));
              art.appendChild(textWithFields(c[f[0]], c.id, f[0], strings));
            });
            var actions = el("p", "gpp-pick__actions");
            actions.appendChild(sel.toggleButton(c.id, e.item.version ? c.id + ":" + e.item.version : c.id));
            art.appendChild(actions);
            section.appendChild(art);
          });
          list.appendChild(section);
        });
        box.dataset.loaded = "1";  // drawn with its data: what the tests and the benchmark wait for
      }

      /* Criteria the stored tender holds that the data does not know: named and dropped. */
      function dropUnknown() {
        var unknown = gpp.tender.resolve(data, sel.items()).unknown;
        if (!unknown.length) return;
        problems.unknown = problems.unknown.concat(unknown.filter(function (u) {
          return !problems.unknown.some(function (p) { return p.id === u.id; });
        }));
        sel.set(known(sel.items()));
      }

      function initTenders() {
        box.querySelector("details.gpp-tenders").hidden = false;
        box.querySelector(".gpp-tenders-new").addEventListener("click", function () {
          var had = !sel.isEmpty();
          if (!sel.startNew()) { say(strings.sel_storage_full); return; }
          say(had ? strings.sel_tenders_new_done : "");
        });
        box.querySelector(".gpp-tenders-export").addEventListener("click", function () {
          var cur = sel.snapshot(), all = (sel.isEmpty(cur) && !cur.name.trim() ? [] : [cur]).concat(sel.saved());
          var file = share.fileOf(all, new Date().toISOString());
          gpp.tender.download(new Blob([JSON.stringify(file, null, 1) + "\n"], { type: "application/json" }),
            strings.sel_tenders_file + "-" + file.exported.slice(0, 10) + ".json");
          say(all.length + " " + strings.sel_tenders_exported);
        });
        var input = box.querySelector(".gpp-tenders-file");
        box.querySelector(".gpp-tenders-import").addEventListener("click", function () { input.value = ""; input.click(); });
        input.addEventListener("change", function () {
          var file = input.files && input.files[0];
          if (!file) return;
          if (file.size > share.LIMITS.file) { say(strings.sel_import_large); return; }
          file.text().then(function (text) {
            var got = share.readFile(text);
            if (got.error) { say(strings["sel_import_" + got.error]); return; }
            var r = sel.saveCopies(got.tenders);
            if (!r) say(strings.sel_storage_full);
            else say(r.added ? r.added + " " + strings.sel_import_done : strings.sel_import_nothing);
            box.querySelector("details.gpp-tenders").open = true;
          }, function () { say(strings.sel_import_broken); });
        });
      }

      /* A link pasted into the address bar of this page changes only the fragment: no new page. */
      gpp.builderTakeLink = function (href) {
        if (asking) return;
        problems = { malformed: [], unknown: [], link: null, done: null, storage: false };
        takeLink(href).then(function () { shown = null; render(); });
      };

      takeLink(window.location.href).then(function () {
        dropUnknown();
        nameInput.maxLength = MAX_NAME;
        nameInput.value = sel.name();
        nameInput.addEventListener("input", function () { sel.setName(nameInput.value); });
        initTenders();
        box.addEventListener("focusout", flushUrl);  // leaving a field (for the address bar, say): the link now
        sel.onChange(render);
        render();
        box.querySelectorAll(".gpp-export").forEach(function (exportButton) {
          exportButton.addEventListener("click", function () {
            var exportStatus = box.querySelector(".gpp-export-status");
            exportStatus.textContent = strings.sel_export_busy;
            exportNow(data, exportButton.dataset.format).then(function (out) {
              gpp.tender.download(out.blob, out.name);
              gpp.lastExport = { format: exportButton.dataset.format, ms: out.ms, name: out.name };
              exportStatus.textContent = strings.sel_export_done;
            }, function (err) {
              exportStatus.textContent = strings.sel_export_failed + " " + (err && err.message ? err.message : err);
            });
          });
        });
        box.querySelector(".gpp-print").addEventListener("click", function () { window.print(); });
        /* an edition's build: every criterion mandatory for its buyers, added (nothing is removed) */
        var mandatory = box.querySelector(".gpp-add-mandatory");
        if (mandatory && data.edition) {
          mandatory.hidden = false;
          mandatory.addEventListener("click", function () {
            var before = sel.items().length;
            sel.addMany(data.edition.mandatory.map(function (id) { return { id: id, version: null }; }));
            box.querySelector(".gpp-add-mandatory-status").textContent = (sel.items().length - before) + " " + strings.sel_added;
          });
        }
      });
    }).catch(function (err) {
      message(box.querySelector(".gpp-builder__messages"), String(err && err.message ? err.message : err));
    });
  }

  if (!gpp.builderHashListener) {
    gpp.builderHashListener = true;
    window.addEventListener("hashchange", function () {
      if (/^#v=/.test(window.location.hash) && gpp.builderTakeLink && document.querySelector("#gpp-builder[data-loaded]")) {
        gpp.builderTakeLink(window.location.href);
      }
    });
  }

  gpp.builder = { exportNow: exportNow, loadExporter: loadExporter };
  gpp.feature("builder", init);
})();

/* The search: the one implementation of the query (plan, lookup, expand, search), and the search
   page (the result list, its filters, the singular/plural result line). The index
   (search/<lang>.json) is computed at build time by opslag/search/index.py, which documents the
   query plan; `build.py search`, the build (resolving synonyms) and the tests run this same file
   in V8 (opslag/search/query.py), so they rank exactly as the site. */
(function () {
  "use strict";

  var ID = null, CPV = null, GPP = null;  /* from the data (opslag/source/schema.py's patterns), never retyped here */
  var WORD = /[\p{L}\p{N}]+/gu;
  var FOLD = { "æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "é": "e", "è": "e" };

  function fold(word) { return word.toLowerCase().replace(/[æøåäöüéè]/g, function (c) { return FOLD[c]; }); }
  function loose(word) { return word.replace(/ae/g, "a").replace(/oe/g, "o").replace(/aa/g, "a"); }
  function words(text) { return text.match(WORD) || []; }

  function cpvTree(code) {
    var out = [];
    [5, 4, 3, 2].forEach(function (n) {
      var zeros = "00000000".slice(0, 8 - n), broader = code.slice(0, n) + zeros;
      if (broader !== code && out.indexOf(broader) < 0 && code.slice(n) !== zeros) out.push(broader);
    });
    return out;
  }

  function plan(query, limits) {
    var out = [];
    fold(query.slice(0, limits.chars)).split(/\s+/).forEach(function (raw) {
      raw = raw.replace(/^[.,;:!?()"']+|[.,;:!?()"']+$/g, "");
      if (!raw) return;
      var codes = [], m = raw.match(ID);
      if (m) { var n = String(parseInt(m[2], 10)); codes.push("#" + m[1] + (n.length < 2 ? "0" + n : n)); }
      m = raw.match(GPP);
      if (m) codes.push("#" + m[1] + m[2]);
      m = raw.match(CPV);
      if (m) { codes.push("#" + m[1]); cpvTree(m[1]).forEach(function (c) { codes.push("#" + c); }); }
      var parts = words(raw);
      if (codes.length) out.push([codes, "code", parts]);
      else if (parts.length > 1) out.push([parts.join(""), "joined", parts]);  // ø-mærket, pc-skærm
      else parts.forEach(function (w) { out.push([w, "word", null]); });
    });
    return out.slice(0, limits.terms).map(function (t) {
      return t[1] === "code" ? t : [t[0].slice(0, limits.length), t[1], t[2]];
    });
  }

  /* Lookups over the shipped tables, built once per index. */
  function prepare(data) {
    lastLimits = data.limits;
    lastData = data;
    ID = new RegExp(data.patterns.id, "u");
    CPV = new RegExp(data.patterns.cpv, "u");
    GPP = new RegExp(data.patterns.gpp, "u");
    data.word = new Map(); data.key = new Map(); data.stopSet = new Set(data.stop);
    data.words.forEach(function (w, i) { data.word.set(w, i); });
    data.keys.forEach(function (k, i) { data.key.set(k, i); });
    return data;
  }

  function get(table, k) { return Object.hasOwn(table, k) ? table[k] : null; }

  function direct(data, w) {
    if (data.word.has(w)) return data.word_keys[data.word.get(w)];
    if (data.key.has(w)) return [data.key.get(w)];
    return get(data.loose, loose(w)) || [];
  }

  function union(a, b) {
    var seen = new Set(a), out = a.slice();
    b.forEach(function (k) { if (!seen.has(k)) { seen.add(k); out.push(k); } });
    return out.sort(function (x, y) { return x - y; });
  }

  function lookup(data, w, synonyms) {
    var keys = direct(data, w);
    if (!keys.length) {
      for (var i = 0; i < data.suffixes.length; i++) {
        var suffix = data.suffixes[i];
        if (w.length - suffix.length >= data.limits.part && w.slice(-suffix.length) === suffix) {
          var base = w.slice(0, w.length - suffix.length);
          keys = direct(data, base);
          if (!keys.length && base.length > 3 && base[base.length - 1] === base[base.length - 2]) keys = direct(data, base.slice(0, -1));
          if (keys.length) break;
        }
      }
    }
    if (synonyms !== false) {
      var extra = get(data.synonyms, w) || get(data.synonyms, loose(w)) || [];
      if (extra.length) keys = union(keys, extra);
    }
    return keys;
  }

  /* opslag/search/decompound.py's split(): fewest known parts, then fewest linking letters, longest first part. */
  var LINKS = ["", "s", "e"];
  function split(word, known, minPart) {
    var n = word.length, best = {};
    best[n] = [0, 0, []];
    for (var start = n - 1; start >= 0; start--) {
      var choice = null;
      for (var end = n; end > start + minPart - 1; end--) {
        var part = word.slice(start, end);
        if (!known(part)) continue;
        for (var l = 0; l < LINKS.length; l++) {
          var link = LINKS[l];
          if (end < n && link && word.slice(end, end + link.length) !== link) continue;
          if (end === n && link) continue;
          var rest = best[end + link.length];
          if (rest === null || rest === undefined || (link && end + link.length >= n)) continue;
          var cand = [rest[0] + 1, rest[1] + (link ? 1 : 0), [part].concat(rest[2])];
          if (choice === null || cand[0] < choice[0] || (cand[0] === choice[0] && cand[1] < choice[1])) choice = cand;
        }
      }
      best[start] = choice;
    }
    return best[0] && best[0][0] >= 2 ? best[0][2] : null;
  }

  function editDistance(word, limits) {
    return word.length >= 8 && word.length <= limits.fuzzy2 ? 2 : word.length >= 5 ? 1 : 0;
  }

  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i], low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        low = Math.min(low, v);
      }
      if (low > limit) return limit + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  function fuzzy(data, w, limit) {
    var found = new Set(), best = limit + 1;
    if (limit) {
      data.words.forEach(function (candidate, i) {
        var d = distance(w, candidate, limit);
        if (d < best) { found = new Set(); best = d; }
        if (d === best && d <= limit) data.word_keys[i].forEach(function (k) { found.add(k); });
      });
    }
    return found;
  }

  function sortedKeys(set) { return Array.from(set).sort(function (x, y) { return x - y; }); }

  function fallback(data, w) {
    var found = fuzzy(data, w, editDistance(w, data.limits));
    if (w.length >= 4) {
      var taken = 0;
      for (var i = 0; i < data.words.length && taken < data.limits.prefix; i++) {
        var candidate = data.words[i];
        if (candidate !== w && candidate.indexOf(w) === 0) {
          data.word_keys[i].forEach(function (k) { found.add(k); });
          taken += 1;
        }
      }
    }
    return sortedKeys(found);
  }

  function misspeltCompound(data, w) {
    var f = data.factor, part = data.limits.part;
    for (var cut = part; cut < w.length - 4; cut++) {
      var first = lookup(data, w.slice(0, cut));
      if (!first.length) continue;
      for (var l = 0; l < LINKS.length; l++) {
        var link = LINKS[l];
        if (link && w.slice(cut, cut + link.length) !== link) continue;
        var head = w.slice(cut + link.length);
        var keys = head.length >= 5 ? sortedKeys(fuzzy(data, head, editDistance(head, data.limits))) : [];
        if (keys.length) {
          return [first.map(function (k) { return [k, f.modifier]; }), keys.map(function (k) { return [k, f.fuzzy]; })];
        }
      }
    }
    return [];
  }

  function expand(data, w) {
    if (data.stopSet.has(w)) return [];
    var f = data.factor, keys = lookup(data, w);
    if (keys.length) return [keys.map(function (k) { return [k, f.exact]; })];
    var parts = w.length >= 2 * data.limits.part
      ? split(w, function (p) { return lookup(data, p).length > 0; }, data.limits.part) : null;
    if (parts) {
      return parts.map(function (p, i) {
        return lookup(data, p).map(function (k) { return [k, i === parts.length - 1 ? f.exact : f.modifier]; });
      });
    }
    keys = fallback(data, w);
    if (keys.length) return [keys.map(function (k) { return [k, f.fuzzy]; })];
    var parts2 = misspeltCompound(data, w);
    return parts2.length ? parts2 : knownEndOrStart(data, w);
  }

  function knownEndOrStart(data, w) {
    var f = data.factor, keys, cut;
    for (cut = 1; cut < w.length - 3; cut++) {
      keys = lookup(data, w.slice(cut), false);
      if (keys.length) return [keys.map(function (k) { return [k, f.modifier]; })];
    }
    for (cut = w.length - 1; cut > data.limits.part - 1; cut--) {
      keys = lookup(data, w.slice(0, cut), false);
      if (keys.length) return [keys.map(function (k) { return [k, f.modifier]; })];
    }
    return [];
  }

  /* Criteria found, best first, as indices into data.docs; with `scored`, [id, score] pairs. */
  function search(data, query, scored) {
    var terms = [];
    plan(query, data.limits).forEach(function (t) {
      if (t[1] === "code") {
        var slot = t[0].filter(function (c) { return data.key.has(c); }).map(function (c) { return [data.key.get(c), 100]; });
        if (slot.length) terms.push([slot]);
        else t[2].forEach(function (w) { terms.push(expand(data, w)); });
      } else if (t[1] === "joined" && !lookup(data, t[0]).length) {
        t[2].forEach(function (w) { terms.push(expand(data, w.slice(0, data.limits.length))); });
      } else {
        terms.push(expand(data, t[0]));
      }
    });
    var totals = new Map(), matched = new Map();
    terms.forEach(function (slots) {
      var wordScores = new Map();
      slots.forEach(function (slot) {
        var best = new Map();
        slot.forEach(function (pair) {
          var p = data.postings[pair[0]], doc = 0;
          for (var j = 0; j < p.length; j += 2) {
            doc += p[j];  // the gap to the previous criterion
            var s = p[j + 1] * pair[1];
            if (s > (best.get(doc) || 0)) best.set(doc, s);
          }
        });
        best.forEach(function (s, doc) { wordScores.set(doc, (wordScores.get(doc) || 0) + s); });
      });
      wordScores.forEach(function (s, doc) {
        totals.set(doc, (totals.get(doc) || 0) + s);
        matched.set(doc, (matched.get(doc) || 0) + 1);
      });
    });
    var ranked = Array.from(totals.keys());
    function score(doc) { return totals.get(doc) * matched.get(doc); }
    ranked.sort(function (a, b) { return (data.tiers[a] - data.tiers[b]) || (score(b) - score(a)) || (a - b); });
    return scored ? ranked.map(function (doc) { return [data.docs[doc], score(doc)]; }) : ranked;
  }

  /* ---- loading: the index in parts (opslag/search/index.py's split_index) ----
     index.json (word and key tables, ids, tiers, filter values) when the page opens; a postings
     shard (p<N>.json) when a query's word needs it; display data (d<N>.json) for the results drawn.
     search() reads data.postings[key]: for a key whose shard is not here yet that read is noted
     (data.missing) and gives no criteria, and need() loads the noted shards and searches again,
     so search() itself never knows the index is split. */
  var EMPTY = [];
  var opened = {};

  function json(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function shardOf(data, key) {  // the last shard starting at or before the key (data.shards is sorted)
    var lo = 0, hi = data.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (data.shards[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function open(url) {
    if (opened[url]) return opened[url];
    var folder = url.replace(/[^/]*$/, "");
    opened[url] = json(url).then(function (data) {
      var slots = new Array(data.keys.length), shards = {}, chunks = {};
      data.missing = new Set();
      data.loaded = [];  // the shards loaded, in the order they came
      data.postings = new Proxy(slots, {
        get: function (target, name) {
          var found = target[name];
          if (found !== undefined || typeof name !== "string") return found;
          var key = Number(name);
          if (!Number.isInteger(key) || key < 0 || key >= target.length) return found;
          data.missing.add(shardOf(data, key));
          return EMPTY;
        }
      });
      data.shard = function (n) {
        if (!shards[n]) {
          shards[n] = json(folder + "p" + n + ".json").then(function (lists) {
            lists.forEach(function (list, i) { slots[data.shards[n] + i] = list; });
            data.loaded.push(n);
          });
        }
        return shards[n];
      };
      data.chunks = {};
      data.chunkOf = function (n) {
        if (!chunks[n]) chunks[n] = json(folder + "d" + n + ".json").then(function (c) { data.chunks[n] = c; return c; });
        return chunks[n];
      };
      return prepare(data);
    });
    return opened[url];
  }

  /* The ranked criteria of a query, once every postings list it reads is loaded. */
  function need(data, query, rounds) {
    if (!data.missing) return Promise.resolve(search(data, query));  // a whole index (prepare() given it)
    data.missing.clear();
    var ranked = search(data, query);
    if (!data.missing.size) return Promise.resolve(ranked);
    var wanted = Array.from(data.missing);
    if ((rounds || 0) > 3) return Promise.reject(new Error("search: shards " + wanted + " did not load"));
    return Promise.all(wanted.map(data.shard)).then(function () { return need(data, query, (rounds || 0) + 1); });
  }

  /* The display data of these criteria (doc indexes), in their order. */
  function display(data, docs) {
    if (data.shown) return Promise.resolve(docs.map(function (i) { return data.shown[i]; }));
    var wanted = new Set(docs.map(function (i) { return Math.floor(i / data.chunk); }));
    return Promise.all(Array.from(wanted).map(data.chunkOf)).then(function () {
      return docs.map(function (i) { return data.chunks[Math.floor(i / data.chunk)][i % data.chunk]; });
    });
  }

  /* ---- the page ---- */
  var FILTERS = ["category", "type", "level", "label"];
  var PAGE = 20;  // results drawn at a time; "show more" draws the next page

  function initSearch(root) {
    var list = root.querySelector("#gpp-results");
    if (!list || list.dataset.init) return;
    list.dataset.init = "1";
    var status = root.querySelector("#gpp-search-status");
    var filters = root.querySelector("#gpp-search-filters");
    var more = root.querySelector(".gpp-search-more");
    var input = root.querySelector("form.gpp-search input[type=search]");
    var form = input.form;
    var base = list.dataset.index.replace(/search\/[a-z]+\/index\.json$/, "");
    var current = [];  // doc indexes of the last query, best first
    var shown = [];    // of those, the ones the filters let through
    var drawn = 0;     // how many of `shown` are in the list
    var latest = 0;    // the number of the last query asked: an answer to an older one is dropped

    function line(n) {
      if (!n) return status.dataset.none;
      return n + " " + (n === 1 ? status.dataset.one : status.dataset.count);
    }

    /* One pass over the hits: every filter's counts (per value index), and the hits the chosen
       filters let through. A chosen value the new hits do not have is let go (as its option goes). */
    function count(data) {
      var chosen = {}, counts = {}, dropped = false;
      FILTERS.forEach(function (name) {
        counts[name] = new Map();
        var v = filters ? filters.elements[name].value : "";
        chosen[name] = v ? data.values[name].indexOf(v) : -1;
      });
      shown = [];
      for (var h = 0; h < current.length; h++) {
        var doc = current[h], pass = true;
        for (var f = 0; f < FILTERS.length; f++) {
          var name = FILTERS[f], c = counts[name], v = data.facets[name][doc];
          if (name === "label") {
            for (var j = 0; j < v.length; j++) c.set(v[j], (c.get(v[j]) || 0) + 1);
            if (chosen[name] >= 0 && v.indexOf(chosen[name]) < 0) pass = false;
          } else {
            c.set(v, (c.get(v) || 0) + 1);
            if (chosen[name] >= 0 && v !== chosen[name]) pass = false;
          }
        }
        if (pass) shown.push(doc);
      }
      FILTERS.forEach(function (name) {
        if (chosen[name] >= 0 && !counts[name].has(chosen[name])) { filters.elements[name].value = ""; dropped = true; }
      });
      return dropped ? count(data) : counts;
    }

    /* The filters' options show the counts. Only a chosen option is changed at once (it is what a
       closed list shows); the others are made when a list is about to open (focus, pointer) or when
       the typing pauses, so a key never waits for hundreds of options (1,860 categories at 20,000
       criteria). */
    var waiting = null, fillTimer = null;
    function fillFilters(data, counts) {
      if (!filters) return;
      filters.hidden = current.length === 0;
      waiting = { data: data, counts: counts, names: FILTERS.slice() };
      FILTERS.forEach(function (name) {
        var select = filters.elements[name], option = select.options[select.selectedIndex];
        if (select.value) {
          option.textContent = data.names[name][select.value] + " (" +
            counts[name].get(data.values[name].indexOf(select.value)) + ")";
        }
      });
      clearTimeout(fillTimer);
      fillTimer = setTimeout(function () { FILTERS.forEach(fillOptions); }, 300);
    }

    function fillOptions(name) {
      if (!waiting || waiting.names.indexOf(name) < 0) return;
      waiting.names.splice(waiting.names.indexOf(name), 1);
      var data = waiting.data, counts = waiting.counts[name];
      var select = filters.elements[name], keep = select.value, options = document.createDocumentFragment();
      data.values[name].forEach(function (v, i) {
        if (!counts.has(i)) return;
        var option = document.createElement("option");
        option.value = v;
        option.textContent = data.names[name][v] + " (" + counts.get(i) + ")";
        options.appendChild(option);
      });
      select.replaceChildren(select.options[0], options);
      select.value = keep;
    }

    function item(data, doc, d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + d.url;
      var cite = document.createElement("strong");
      cite.textContent = d.cite;
      a.appendChild(cite);
      a.appendChild(document.createTextNode(" " + d.title));
      var meta = document.createElement("span");
      meta.className = "gpp-critlist__meta";
      meta.textContent = ["category", "type", "level", "status"].map(function (name) {
        return data.names[name][data.values[name][data.facets[name][doc]]];
      }).join(" · ");
      var snippet = document.createElement("p");
      snippet.textContent = d.snippet;
      li.appendChild(a); li.appendChild(document.createTextNode(" ")); li.appendChild(meta); li.appendChild(snippet);
      if (window.gpp.selection && window.gpp.selection.toggleButton) {  // "Mit udbud" (selection.js)
        li.appendChild(document.createTextNode(" "));
        li.appendChild(window.gpp.selection.toggleButton(d.cite.split(":")[0], d.cite));
      }
      return li;
    }

    /* The next page of `shown` (from the start when `fresh`), drawn once its display data is here;
       the list, the status line and the filters change together, and only for the latest query. */
    function draw(data, query, ask, fresh, counts) {
      var from = fresh ? 0 : drawn, page = shown.slice(from, from + PAGE);
      return display(data, page).then(function (ds) {
        if (ask !== latest) return;
        var items = document.createDocumentFragment();
        ds.forEach(function (d, i) { items.appendChild(item(data, page[i], d)); });
        if (fresh) { list.textContent = ""; if (counts) fillFilters(data, counts); }
        list.appendChild(items);
        drawn = from + page.length;
        if (more) more.hidden = drawn >= shown.length;
        list.dataset.query = query;  // what the list shows (the benchmark and the tests wait on it)
        if (status) status.textContent = query.trim() ? line(shown.length) : "";
      });
    }

    function show(query) {
      var ask = ++latest;
      return open(list.dataset.index).then(function (data) {
        if (ask !== latest) return null;
        return (query.trim() ? need(data, query) : Promise.resolve([])).then(function (ranked) {
          if (ask !== latest) return null;
          current = ranked;
          return draw(data, query, ask, true, count(data));
        });
      }).catch(function (e) { if (window.console) console.warn("gpp.search", e); });
    }

    function refilter() {  // a filter changed: the same hits, counted and drawn again
      var ask = ++latest;
      open(list.dataset.index).then(function (data) { count(data); return draw(data, input.value, ask, true, null); });
    }

    input.addEventListener("input", function () {
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(history.state, "", url);
      show(input.value);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
    if (more) {
      more.querySelector("button").addEventListener("click", function () {
        var ask = latest;
        open(list.dataset.index).then(function (data) { draw(data, input.value, ask, false, null); });
      });
    }
    if (filters) {
      ["focusin", "pointerdown", "mousedown"].forEach(function (kind) {
        filters.addEventListener(kind, function (event) { if (event.target.name) fillOptions(event.target.name); });
      });
      filters.addEventListener("change", refilter);
      filters.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    var initial = new URL(window.location.href).searchParams.get("q") || "";
    input.value = initial;
    open(list.dataset.index).then(function () { list.dataset.ready = "1"; if (initial) show(initial); });
  }

  /* For opslag/search/query.py and the tests: the plan with the loaded index's bounds, and the helpers. */
  var lastLimits = null;
  var lastData = null;
  window.gpp.search = {
    plan: function (query) { return plan(query, lastLimits); }, fold: fold, loose: loose, split: split, distance: distance,
    scored: function (query) { return search(lastData, query, true); },
    prepare: prepare,  // an index given directly (opslag/search/query.py runs this file without a page)
    open: function (url) { return open(url).then(function () { return null; }); },  // an index in parts, from its index.json
    /* the keys each word is looked up as, without synonyms: the build resolves synonyms with it */
    keys: function (words) { return words.map(function (w) { return lookup(lastData, fold(w), false); }); },
    /* the ids found for each query, best first (top `limit`), over the loaded index; an index in
       parts loads the postings the queries need first, so the answer is then a promise */
    run: function (queries, limit) {
      function ids(ranked) { return ranked.slice(0, limit).map(function (i) { return lastData.docs[i]; }); }
      if (!lastData.missing) return queries.map(function (q) { return ids(search(lastData, q)); });
      return queries.reduce(function (done, q) {
        return done.then(function (out) { return need(lastData, q).then(function (r) { return out.concat([ids(r)]); }); });
      }, Promise.resolve([]));
    },
    /* the postings shards loaded, in order (the tests check that a query loads what it needs) */
    loaded: function () { return lastData.loaded ? lastData.loaded.slice().sort(function (a, b) { return a - b; }) : null; }
  };
  window.gpp.feature("search", initSearch);
})();

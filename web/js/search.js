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
    data.suggestFolded = (data.suggest || []).map(fold);  // "mente du": folded once, not per query
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

  /* Criteria found, best first, as indices into data.docs; with `scored`, [id, score] pairs; with
     "categories", the categories the query is about, best first (ids). */
  function search(data, query, scored) {
    var r = rank(data, query);
    if (scored === "categories") return r.categories();
    return scored ? r.ranked.map(function (doc) { return [data.docs[doc], r.score(doc)]; }) : r.ranked;
  }

  /* One query's criteria ranked (indices into data.docs, best first), their scores and the
     categories it is about: one pass serves the list and the category line. */
  function rank(data, query) {
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
    var docs = tally(terms, data.postings, data.docs.length), cats = tally(terms, data.cat_postings, data.cats.length);
    var top = 0;
    cats.found.forEach(function (c) { if (cats.scores[c] > top) top = cats.scores[c]; });
    /* A criterion of the category the query is about ranks up, to twice its own score for the best
       category: "cleaning" is cleaning's criteria before a heavy vehicle's "clean" title. Integers only. */
    var scores = new Float64Array(data.docs.length), tiers = data.tiers;
    docs.found.forEach(function (doc) {
      var own = docs.scores[doc], c = cats.scores[data.doc_cat[doc]] || 0;
      scores[doc] = top ? own + Math.floor(own * c / top) : own;
    });
    function score(doc) { return scores[doc]; }
    // worked out before the sort: a comparison reads two numbers (10,000 hits: 150,000 comparisons)
    var ranked = docs.found.sort(function (a, b) { return (tiers[a] - tiers[b]) || (scores[b] - scores[a]) || (a - b); });
    function categories() {
      return cats.found.slice().sort(function (a, b) { return (cats.scores[b] - cats.scores[a]) || (a - b); })
        .map(function (c) { return data.cats[c]; });
    }
    return { ranked: ranked, score: score, categories: categories };
  }

  /* Each unit's score (criteria: data.postings; categories: data.cat_postings; `size` units): per
     query word its best match, summed, times the number of query words it matched. Returns the
     units found (`found`, in no particular order) and `scores` (by unit). Arrays by unit, not maps:
     a prefix that finds 13,000 criteria adds numbers, it does not hash them; a unit is in a
     word's or a slot's sum once its score there is above 0 (scores are positive). */
  function tally(terms, postings, size) {
    var totals = new Float64Array(size), matched = new Int32Array(size), found = [];
    var wordScores = new Float64Array(size), best = new Float64Array(size);
    terms.forEach(function (slots) {
      var inWord = [];
      slots.forEach(function (slot) {
        var inSlot = [];
        slot.forEach(function (pair) {
          var p = postings[pair[0]], doc = 0, factor = pair[1];
          for (var j = 0; j < p.length; j += 2) {
            doc += p[j];  // the gap to the previous criterion
            var s = p[j + 1] * factor;
            if (s > best[doc]) {
              if (best[doc] === 0) inSlot.push(doc);
              best[doc] = s;
            }
          }
        });
        inSlot.forEach(function (doc) {
          if (wordScores[doc] === 0) inWord.push(doc);
          wordScores[doc] += best[doc];
          best[doc] = 0;
        });
      });
      inWord.forEach(function (doc) {
        if (matched[doc] === 0) found.push(doc);
        totals[doc] += wordScores[doc];
        matched[doc] += 1;
        wordScores[doc] = 0;
      });
    });
    found.forEach(function (doc) { totals[doc] *= matched[doc]; });
    return { found: found, scores: totals };
  }

  /* "Mente du …": for a query that finds nothing, the query with its first word that finds nothing
     replaced by the nearest words the site shows (data.suggest: titles and everyday words), at most
     three, nearest first; words within a third of the word's length in edits. */
  function suggest(data, query) {
    var parts = query.slice(0, data.limits.chars).trim().split(/\s+/), limit;
    for (var i = 0; i < parts.length && i < data.limits.terms; i++) {
      var w = fold(words(parts[i]).join("")).slice(0, data.limits.length);
      if (w.length < 3 || data.stopSet.has(w) || search(data, parts[i]).length) continue;
      limit = Math.max(1, Math.floor(w.length / 3));
      var near = [];
      data.suggestFolded.forEach(function (folded, j) {
        var d = distance(w, folded, limit);
        if (d <= limit) near.push([d, data.suggest[j]]);
      });
      near.sort(function (a, b) { return (a[0] - b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
      return near.slice(0, 3).map(function (n) { var out = parts.slice(); out[i] = n[1]; return out.join(" "); });
    }
    return [];
  }

  /* ---- loading: the index in parts (opslag/search/index.py's split_index) ----
     index.json (word and key tables, ids, tiers, filter values) when the page opens; a postings
     shard (p<N>.json) when a query's word needs it; display data (d<N>.json) for the results drawn.
     search() reads data.postings[key] and data.cat_postings[key] (in the same shard): for a key
     whose shard is not here yet that read is noted (data.missing) and gives nothing, and need()
     (complete()) loads the noted shards and searches again, so search() itself never knows the
     index is split; "mente du" and the query's category are completed the same way. */
  var EMPTY = [];
  var opened = {};

  var json = window.gpp.json;  // gpp.js: an error status rejects

  function shardOf(data, key) {  // the last shard starting at or before the key (data.shards is sorted)
    var lo = 0, hi = data.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (data.shards[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* A table of postings lists (the criteria's or the categories') whose lists arrive by shard: a
     list not here yet reads as empty and its shard is noted in data.missing. */
  function pending(data, slots) {
    return new Proxy(slots, {
      get: function (target, name) {
        var found = target[name];
        if (found !== undefined || typeof name !== "string") return found;
        var key = Number(name);
        if (!Number.isInteger(key) || key < 0 || key >= target.length) return found;
        data.missing.add(shardOf(data, key));
        return EMPTY;
      }
    });
  }

  function open(url) {
    if (opened[url]) return opened[url];
    var folder = url.replace(/[^/]*$/, "");
    opened[url] = json(url).then(function (data) {
      var slots = new Array(data.keys.length), catSlots = new Array(data.keys.length), shards = {}, chunks = {};
      data.missing = new Set();
      data.loaded = [];  // the shards loaded, in the order they came
      data.postings = pending(data, slots);
      data.cat_postings = pending(data, catSlots);  // a key's categories travel in its criteria's shard
      data.shard = function (n) {
        if (!shards[n]) {
          shards[n] = json(folder + "p" + n + ".json").then(function (part) {
            var first = data.shards[n];
            part.postings.forEach(function (list, i) { slots[first + i] = list; });
            part.cat_postings.forEach(function (list, i) { catSlots[first + i] = list; });
            data.loaded.push(n);
          }, function (e) { delete shards[n]; throw e; });  // a shard that failed is asked again when needed
        }
        return shards[n];
      };
      // each criterion's category as an index into data.cats, from the facet arrays (not shipped twice)
      var catIndex = new Map(data.cats.map(function (c, i) { return [c, i]; }));
      data.doc_cat = data.facets.category.map(function (v) { return catIndex.get(data.values.category[v]); });
      data.chunks = {};
      data.chunkOf = function (n) {
        if (!chunks[n]) chunks[n] = json(folder + "d" + n + ".json").then(function (c) { data.chunks[n] = c; return c; });
        return chunks[n];
      };
      data.rowParts = {};  // r<N>.json as they arrive (loadRows): the rows' cite, title and address
      data.rowsOf = function (n) {
        return json(folder + "r" + n + ".json").then(function (r) { data.rowParts[n] = r; });
      };
      return prepare(data);
    });
    return opened[url];
  }

  /* fn()'s answer once every postings list it reads is loaded: run, load what it noted, run again.
     `meanwhile` (optional) is given the answer over what is loaded while the shards are on their way. */
  function complete(data, fn, rounds, meanwhile) {
    if (!data.missing) return Promise.resolve(fn());  // a whole index (prepare() given it)
    data.missing.clear();
    var answer = fn();
    if (!data.missing.size) return Promise.resolve(answer);
    var wanted = Array.from(data.missing);
    if ((rounds || 0) > 3) return Promise.reject(new Error("search: shards " + wanted + " did not load"));
    var loading = Promise.all(wanted.map(data.shard));
    if (meanwhile) meanwhile(answer);
    return loading.then(function () { return complete(data, fn, (rounds || 0) + 1, meanwhile); });
  }

  /* The ranked criteria of a query, once every postings list it reads is loaded (rank()'s answer). */
  function need(data, query, meanwhile) {
    return complete(data, function () { return rank(data, query); }, 0, meanwhile);
  }

  /* Loading ahead, while the reader types (it changes no answer, only when the parts are here):
     the postings shards of the keys of the words that begin with the word being typed, the shards
     most of those words need first (at most AHEAD), so the next key seldom waits for a shard. */
  var AHEAD = 4;
  function ahead(data, query) {
    if (!data.missing || /\s$/.test(query)) return;
    var last = query.slice(0, data.limits.chars).trim().split(/\s+/).pop();
    var w = fold(words(last || "").join("")).slice(0, data.limits.length);
    if (!w) return;
    var lo = 0, hi = data.words.length;  // the first word >= w (data.words is sorted)
    while (lo < hi) { var mid = (lo + hi) >> 1; if (data.words[mid] < w) lo = mid + 1; else hi = mid; }
    var votes = new Map();
    for (var i = lo; i < data.words.length && i < lo + 2000 && data.words[i].indexOf(w) === 0; i++) {
      data.word_keys[i].forEach(function (k) {
        var n = shardOf(data, k);
        if (data.loaded.indexOf(n) < 0) votes.set(n, (votes.get(n) || 0) + 1);
      });
    }
    Array.from(votes.keys()).sort(function (a, b) { return (votes.get(b) - votes.get(a)) || (a - b); })
      .slice(0, AHEAD).forEach(function (n) { data.shard(n).catch(function () { return null; }); });
  }

  /* Every criterion's values for the filters (opslag/model/facets.py's values()) as the codes
     gpp.filters.count() reads (filters.js's encode() form), made once from an index in parts' facet
     arrays: one value of category, type and status, the labels, the category's POGI goals
     ("goals"), and the level as its rank ("ranks"). */
  var ONE = ["category", "type", "status"];
  function codes(data) {
    if (data.codes) return data.codes;
    var f = data.facets, v = data.values, ranks = data.ranks, n = data.docs.length, out = {};
    function index(name) { return new Map(v[name].map(function (value, i) { return [value, i]; })); }
    function lists(listOf) {  // criterion doc's codes: listOf(doc), an array
      var start = new Int32Array(n + 1), doc;
      for (doc = 0; doc < n; doc++) start[doc + 1] = start[doc] + listOf(doc).length;
      var all = new Int32Array(start[n]);
      for (doc = 0; doc < n; doc++) all.set(listOf(doc), start[doc]);
      return { start: start, codes: all };
    }
    var each = new Int32Array(n + 1);  // one value each: criterion doc's is codes[doc]
    for (var doc = 0; doc <= n; doc++) each[doc] = doc;
    ONE.forEach(function (name) {
      out[name] = { start: each, codes: Int32Array.from(f[name]), index: index(name), size: v[name].length };
    });
    out.label = lists(function (d) { return f.label[d]; });
    out.goal = lists(function (d) { return data.goals[f.category[d]]; });
    out.level = lists(function (d) { return typeof ranks[f.level[d]] === "number" ? [ranks[f.level[d]]] : EMPTY; });
    out.label.index = index("label"); out.label.size = v.label.length;
    out.goal.index = index("goal"); out.goal.size = v.goal.length;
    out.level.index = new Map();  // the level is counted by rank (filters.js: data-cumulative)
    out.level.size = 1 + ranks.reduce(function (top, r) { return typeof r === "number" && r > top ? r : top; }, -1);
    data.codes = out;
    return out;
  }

  /* A criterion's values for the filters as facets.py's values() writes them: the whole index has
     them (shown[].f); an index in parts reads them back from its codes (the tests compare the two). */
  function valuesOf(data, doc) {
    if (data.shown) return data.shown[doc].f;
    var c = codes(data), out = {};
    ONE.concat(["label", "goal"]).forEach(function (name) {
      out[name] = Array.from(c[name].codes.subarray(c[name].start[doc], c[name].start[doc + 1]), function (x) {
        return data.values[name][x];
      });
    });
    var level = c.level;
    out.level = level.start[doc + 1] > level.start[doc] ? level.codes[level.start[doc]] : null;
    return out;
  }

  /* The rows' own data (cite, title, address) of every criterion, the r<N>.json files asked for
     together once the page is ready and idle: a later key then draws its list without waiting for
     the display files (only the snippets wait). Asked for only after the first results, they came
     too late for the next keys (the benchmark types at once). An index without rows, or a row
     file that fails, leaves those rows to the display files as before. */
  function loadRows(data) {
    if (!data.rows || data.rowsAsked) return;
    data.rowsAsked = true;
    var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 50); };
    idle(function () {
      for (var n = 0; n * data.rows < data.docs.length; n++) data.rowsOf(n).catch(function () { return null; });
    });
  }

  /* A criterion's row ({cite, title, url}) if its row file is here, else null. */
  function row(data, doc) {
    var part = data.rowParts && data.rowParts[Math.floor(doc / data.rows)], i = doc % data.rows;
    return part ? { cite: part.cite[i], title: part.title[i], url: part.url[i] } : null;
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
  var PAGE = 20;  // results drawn at a time; "show more" draws the next page

  function initSearch(root) {
    var list = root.querySelector("#gpp-results");
    if (!list || list.dataset.init) return;
    list.dataset.init = "1";
    var status = root.querySelector("#gpp-search-status");
    var filters = root.querySelector("form.gpp-filters[data-dynamic]");  // filters.js, the one component
    var more = root.querySelector(".gpp-search-more");
    var topic = root.querySelector("#gpp-search-category");
    var input = root.querySelector("form.gpp-search input[type=search]");
    var form = input.form;
    var base = list.dataset.index.replace(/search\/[a-z]+\/index\.json$/, "");
    var current = [];  // doc indexes of the last query, best first
    var shown = [];    // of those, the ones the filters let through
    var drawn = 0;     // how many of `shown` are in the list
    var latest = 0;    // the number of the last query asked: an answer to an older one is dropped
    var answered = null;  // the query whose hits `current` holds

    function line(n) {
      if (!n) return status.dataset.none;
      return n + " " + (n === 1 ? status.dataset.one : status.dataset.count);
    }

    /* One pass over the hits (gpp.filters.count): every option's count, and the hits the chosen
       filters let through. The options' texts other than the chosen ones wait until a list is about
       to open or the typing pauses, so a key never waits for hundreds of options. */
    function count(data) {
      if (!filters) { shown = current.slice(); return; }
      var passed = window.gpp.filters.count(filters, codes(data), current, true);
      shown = passed.map(function (n) { return current[n]; });
      filters.closest(".gpp-filterbox").hidden = current.length === 0;
    }

    /* Nothing found: the nearest words ("Mente du …", each a link that searches for it) and the categories. */
    function offer(near) {
      var p = document.createElement("span");
      if (near.length) {
        p.appendChild(document.createTextNode(" " + status.dataset.mean + " "));
        near.forEach(function (q, i) {
          var a = document.createElement("a");
          var url = new URL(window.location.href);
          url.searchParams.set("q", q);
          a.href = url.href;
          a.textContent = q;
          a.className = "gpp-suggest";
          if (i) p.appendChild(document.createTextNode(", "));
          p.appendChild(a);
        });
        p.appendChild(document.createTextNode("?"));
      }
      var browse = document.createElement("a");
      browse.href = base + status.dataset.browseUrl;
      browse.textContent = status.dataset.browse;
      p.appendChild(document.createTextNode(" "));
      p.appendChild(browse);
      status.appendChild(p);
    }

    /* The category the query is about (categories()), named above the results with a link to it. */
    function about(data, best) {
      if (!topic) return;
      topic.textContent = "";
      topic.hidden = !best;
      if (!best) return;
      var a = document.createElement("a");
      a.href = base + data.cat_urls[data.cats.indexOf(best)];
      a.textContent = data.names.category[best];
      topic.appendChild(document.createTextNode(topic.dataset.text + " "));
      topic.appendChild(a);
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
      snippet.textContent = d.snippet || "";  // a row drawn from r<N>.json gets its snippet after
      li.appendChild(a); li.appendChild(document.createTextNode(" ")); li.appendChild(meta); li.appendChild(snippet);
      if (window.gpp.selection && window.gpp.selection.toggleButton) {  // "Mit udbud" (selection.js)
        li.appendChild(document.createTextNode(" "));
        li.appendChild(window.gpp.selection.toggleButton(d.cite.split(":")[0], d.cite));
      }
      return li;
    }

    /* The next page of `shown` (from the start when `fresh`): the list, the status line, the
       category line and "mente du" change together, and only for the latest query. With the rows'
       data here (loadRows) the list is drawn at once and the snippets are written into it when
       their display files come; else it is drawn whole once they are here. `extra`: {best, near}
       of a fresh query. data-query: the query the list shows; data-complete: the query whose list
       has its snippets too (the benchmark and the tests wait on them). */
    function draw(data, query, ask, fresh, extra) {
      var from = fresh ? 0 : drawn, page = shown.slice(from, from + PAGE);
      var rows = data.shown ? null : page.map(function (doc) { return row(data, doc); });
      var snippets = display(data, page);
      function put(ds) {
        if (ask !== latest) return null;
        var items = document.createDocumentFragment(), texts = [];
        ds.forEach(function (d, i) {
          var li = item(data, page[i], d);
          texts.push(li.querySelector("p"));
          items.appendChild(li);
        });
        if (fresh) list.textContent = "";
        list.appendChild(items);
        drawn = from + page.length;
        if (more) more.hidden = drawn >= shown.length;
        if (status && fresh) {
          status.textContent = query.trim() ? line(shown.length) : "";
          if (query.trim() && !current.length) offer(extra ? extra.near : []);
        }
        if (extra) about(data, extra.best);
        list.dataset.query = query;
        return texts;
      }
      if (rows && rows.every(Boolean)) {
        var texts = put(rows);
        if (!texts) return snippets.then(function () { return null; }, function () { return null; });
        return snippets.then(function (ds) {
          if (ask !== latest) return;  // a newer query's list: these snippets are not its
          ds.forEach(function (d, i) { texts[i].textContent = d.snippet; });
          list.dataset.complete = query;
        });
      }
      return snippets.then(function (ds) { if (put(ds)) list.dataset.complete = query; });
    }

    function show(query) {
      var ask = ++latest;
      return open(list.dataset.index).then(function (data) {
        if (ask !== latest) return null;
        /* while a shard is on its way, the display data of the top results over what is loaded is
           fetched beside it (often the same criteria: the draw then waits for one round, not two) */
        function early(r) { if (ask === latest) display(data, r.ranked.slice(0, PAGE)).catch(function () { return null; }); }
        return (query.trim() ? need(data, query, early) : Promise.resolve(null)).then(function (r) {
          if (ask !== latest) return null;
          var ranked = r ? r.ranked : [];
          current = ranked;
          answered = query;
          // the query's category (read in the same pass as its criteria), or the words offered for nothing found
          var extra = ranked.length
            ? Promise.resolve({ best: r.categories()[0] || null, near: [] })
            : query.trim() ? complete(data, function () { return { best: null, near: suggest(data, query) }; })
              : Promise.resolve({ best: null, near: [] });
          return extra.then(function (x) {
            if (ask !== latest) return null;
            count(data);
            return draw(data, query, ask, true, x).then(function () { if (ask === latest) ahead(data, query); });
          });
        });
      }).catch(function (e) { if (window.console) console.warn("gpp.search", e); });
    }

    function refilter() {  // a filter changed: the same hits, counted and drawn again
      if (answered !== input.value) return show(input.value);  // the typed query is not answered yet: answer it
      var ask = ++latest;
      open(list.dataset.index).then(function (data) { count(data); return draw(data, input.value, ask, true, null); })
        .catch(function (e) { if (window.console) console.warn("gpp.search", e); });
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
    if (filters) window.gpp.filters.attach(filters, refilter);  // the address's choices read in; change -> refilter
    var initial = new URL(window.location.href).searchParams.get("q") || "";
    input.value = initial;
    open(list.dataset.index).then(function (data) {
      if (filters) codes(data);  // the filters' codes made once, before the first key
      list.dataset.ready = "1";
      loadRows(data);
      if (initial) show(initial);
    });
  }

  /* For opslag/search/query.py and the tests: the plan with the loaded index's bounds, and the helpers. */
  var lastLimits = null;
  var lastData = null;
  window.gpp.search = {
    plan: function (query) { return plan(query, lastLimits); }, fold: fold, loose: loose, split: split, distance: distance,
    scored: function (query) { return search(lastData, query, true); },
    /* the categories the query is about, best first (ids) */
    categories: function (query) { return search(lastData, query, "categories"); },
    /* "mente du …": the queries offered when one finds nothing */
    suggest: function (query) { return suggest(lastData, query); },
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
        return done.then(function (out) { return need(lastData, q).then(function (r) { return out.concat([ids(r.ranked)]); }); });
      }, Promise.resolve([]));
    },
    /* a criterion's values for the filters (the tests check the parts make them as the whole index has them) */
    values: function (ids) { return ids.map(function (id) { return valuesOf(lastData, lastData.docs.indexOf(id)); }); },
    /* the postings shards loaded, in order (the tests check that a query loads what it needs) */
    loaded: function () { return lastData.loaded ? lastData.loaded.slice().sort(function (a, b) { return a - b; }) : null; }
  };
  window.gpp.feature("search", initSearch);
})();

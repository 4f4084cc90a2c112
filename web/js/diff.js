/* Word-level differences between two texts: the one implementation. The compare page (compare.js)
   runs it in the browser on any two criteria or versions; the build runs this same file in V8
   (opslag/webengine.py, opslag/site/versions.py) for the static page of every earlier version
   (kriterier/<id>/<version>/), so both pages mark the same words.

   A text is the display text of a field as tender.js writes it (blocksText: paragraphs separated
   by a blank line, list items as "- "; placeholders as the procurer sees them, "[antal år]").
   Words are runs of letters and digits; every other character but white space is a token of its
   own, so a changed comma or "§" shows. The longest common subsequence of the tokens (after the
   common start and end are set aside) gives what was kept; a change inside a sentence is shown
   as the deleted words, then the inserted ones. Bounded: above LIMIT cells of the table the
   differing middle is shown as deleted and inserted whole, so a huge text cannot hang a page. */
(function () {
  "use strict";
  var gpp = window.gpp;
  var TOKEN = /\s+|[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
  var LIMIT = 4000000;

  function tokens(text) { return String(text || "").match(TOKEN) || []; }

  /* [[op, text], ...] with op "=" kept, "-" only in `before`, "+" only in `after`. */
  function words(before, after) {
    var a = tokens(before), b = tokens(after);
    var start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
    var endA = a.length, endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA -= 1; endB -= 1; }
    var ops = [];
    a.slice(0, start).forEach(function (t) { ops.push(["=", t]); });
    middle(a.slice(start, endA), b.slice(start, endB), ops);
    a.slice(endA).forEach(function (t) { ops.push(["=", t]); });
    return tidy(ops);
  }

  function middle(a, b, ops) {
    var n = a.length, m = b.length, i, j;
    if (!n || !m || n * m > LIMIT) {
      a.forEach(function (t) { ops.push(["-", t]); });
      b.forEach(function (t) { ops.push(["+", t]); });
      return;
    }
    /* lengths of the longest common subsequences of the suffixes, one row per token of a */
    var table = [];
    for (i = 0; i <= n; i += 1) table.push(new Uint32Array(m + 1));
    for (i = n - 1; i >= 0; i -= 1) {
      for (j = m - 1; j >= 0; j -= 1) {
        table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    i = 0; j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) { ops.push(["=", a[i]]); i += 1; j += 1; }
      else if (table[i + 1][j] >= table[i][j + 1]) { ops.push(["-", a[i]]); i += 1; }
      else { ops.push(["+", b[j]]); j += 1; }
    }
    for (; i < n; i += 1) ops.push(["-", a[i]]);
    for (; j < m; j += 1) ops.push(["+", b[j]]);
  }

  /* Readable runs: white space alone between two changes belongs to the change (so "a b" -> "c d"
     reads as one deletion and one insertion, not four), and each run of changes is its deletions,
     then its insertions, each one piece of text. */
  function tidy(ops) {
    var out = [], i;
    for (i = 0; i < ops.length; i += 1) {
      var op = ops[i];
      var between = op[0] === "=" && /^\s+$/.test(op[1]) && i > 0 && i + 1 < ops.length &&
        ops[i - 1][0] !== "=" && ops[i + 1][0] !== "=";
      if (between) { out.push(["-", op[1]]); out.push(["+", op[1]]); } else out.push(op);
    }
    var merged = [], run = null;
    function flush() {
      if (!run) return;
      if (run["-"]) merged.push(["-", run["-"]]);
      if (run["+"]) merged.push(["+", run["+"]]);
      run = null;
    }
    out.forEach(function (op) {
      if (op[0] === "=") {
        flush();
        var last = merged[merged.length - 1];
        if (last && last[0] === "=") last[1] += op[1]; else merged.push(["=", op[1]]);
      } else {
        if (!run) run = { "-": "", "+": "" };
        run[op[0]] += op[1];
      }
    });
    flush();
    return merged;
  }

  /* The differences as paragraphs to show: [[[op, text], ...], ...], split where the text has a
     line break (a paragraph's blank line or a list item), so each paragraph is shown as one. */
  function paragraphs(ops) {
    var out = [[]];
    ops.forEach(function (op) {
      String(op[1]).split(/\n+/).forEach(function (piece, k) {
        if (k > 0 && out[out.length - 1].length) out.push([]);
        if (piece) out[out.length - 1].push([op[0], piece]);
      });
    });
    return out.filter(function (p) { return p.length; });
  }

  /* The field's text as the diff reads it (one definition: tender.js writes the plain text). */
  function fieldText(blocks) {
    return gpp.tender.blocksText(gpp.tender.fill(blocks || [], "", "", {}));
  }

  /* Two fields' blocks (data as builder_data.py writes them) compared: paragraphs of ops, and
     whether anything differs. */
  function fields(before, after) {
    var ops = words(fieldText(before), fieldText(after));
    return { changed: ops.some(function (op) { return op[0] !== "="; }), paragraphs: paragraphs(ops) };
  }

  gpp.diff = { tokens: tokens, words: words, paragraphs: paragraphs, fieldText: fieldText, fields: fields, LIMIT: LIMIT };
})();

/* A shared link that carries the work with it, and the "Mine udbud" file (udbud/ only).

   Link:  udbud/?k=IT-01,RENS-02:1#v=DATA
     ?k=  the criteria (the URL contract, read by gpp.selection.parse);
     #v=  the tender's name and the filled values: the JSON {"name": "...", "values": {"IT-01": {"r": {"0": "5"}}}}
          (values by criterion, then field: r requirement, v verification, f follow_up, then the
          placeholder's number; the page stores them flat as "IT-01.requirement.0", which makes the
          link about a tenth longer) as UTF-8, compressed with the browser's own
          CompressionStream("deflate-raw") and written in base64url (A-Z a-z 0-9 - _, no padding).
          A fragment is never sent to a server.
   File:  {"format": FORMAT, "version": 1, "exported": "<ISO time>", "tenders": [{name, items, values}]}

   Everything read from a link or a file is checked as a whole before anything is used: broken
   base64, data that does not inflate, text that is not UTF-8, JSON that is not exactly the
   shape above (unknown or missing keys, wrong types), or sizes over LIMITS give an error code
   ("broken", "large", "unsupported") and nothing else. Values are cleaned like typed values
   (gpp.cleanText in tender.js) and trimmed; empty ones are dropped, and so are values of criteria
   the link or tender does not hold.

   API (gpp.share):
     encode(tender)  -> Promise {value: "DATA" | ""} or {error}   ("" when there is no name and no value)
     decode("DATA")  -> Promise {name, values} or {error}
     pack(tender) / unpack(bytes, items): the JSON as UTF-8 bytes and back, without compression
     normalize(tender)                 the tender as a link carries it
     fileOf(tenders) / readFile(text)  the export file and its check: {tenders} or {error}
     codec: {deflate(bytes), inflate(bytes, limit)} (Promises of Uint8Array), or null where the
            browser has no CompressionStream; tests without a browser put a stand-in here. */
(function () {
  "use strict";
  var gpp = window.gpp;
  var FORMAT = "det-groenne-opslagsvaerk/mine-udbud";
  /* What a link or file may hold. The page's inputs allow less (maxlength 200 and 1000), so every
     link the page writes can be read back; encode() refuses (error "large") what decode() would. */
  var LIMITS = {
    link: 64000,  // characters after #v=
    inflated: 512 * 1024,  // bytes of JSON after inflating: a small link cannot unpack into a huge one
    name: 300,
    value: 2000,
    values: 3000,
    file: 2 * 1024 * 1024,  // characters of an imported file
    tenders: 200,
    items: 1000
  };
  var ID = /^[A-ZÆØÅ0-9-]{1,12}$/;
  var VALUE_KEY = /^([A-ZÆØÅ0-9-]{1,12})\.(requirement|verification|follow_up)\.([0-9]{1,3})$/;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var FIELDS = { r: "requirement", v: "verification", f: "follow_up" };
  var LETTER = { requirement: "r", verification: "v", follow_up: "f" };
  var NUMBER = /^(0|[1-9][0-9]{0,2})$/;

  function fail(code) { var e = new Error(code); e.share = code; return e; }
  function codeOf(e) { return e && e.share ? e.share : "broken"; }
  function noop() { /* a rejected write shows up again as a failed read */ }

  function isObject(x) { return !!x && typeof x === "object" && !Array.isArray(x); }
  function onlyKeys(obj, allowed, required) {
    var keys = Object.keys(obj);
    return keys.every(function (k) { return allowed.indexOf(k) >= 0; }) &&
      required.every(function (k) { return Object.hasOwn(obj, k); });
  }

  /* -- bytes ---------------------------------------------------------------------------------- */
  function toBase64url(bytes) {
    var out = [], i, n;
    for (i = 0; i + 2 < bytes.length; i += 3) {
      n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out.push(ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63]);
    }
    if (bytes.length - i === 1) {
      n = bytes[i] << 16;
      out.push(ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63]);
    } else if (bytes.length - i === 2) {
      n = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out.push(ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63]);
    }
    return out.join("");
  }

  /* Strict: only the alphabet, no impossible length, no stray bits at the end. Null otherwise. */
  function fromBase64url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
    var bytes = new Uint8Array(Math.floor((text.length * 3) / 4)), j = 0, buf = 0, bits = 0;
    for (var i = 0; i < text.length; i += 1) {
      buf = (buf << 6) | ALPHABET.indexOf(text[i]);
      bits += 6;
      if (bits >= 8) { bits -= 8; bytes[j] = (buf >> bits) & 255; j += 1; buf &= (1 << bits) - 1; }
    }
    return buf === 0 ? bytes : null;
  }

  /* UTF-8 with the language's own functions (the same in every browser and in the tests):
     encodeURIComponent writes it, decodeURIComponent refuses bytes that are not UTF-8. */
  function utf8(text) {
    var e = encodeURIComponent(text), out = [];
    for (var i = 0; i < e.length; i += 1) {
      if (e[i] === "%") { out.push(parseInt(e.slice(i + 1, i + 3), 16)); i += 2; } else out.push(e.charCodeAt(i));
    }
    return new Uint8Array(out);
  }
  function fromUtf8(bytes) {
    var parts = new Array(bytes.length);
    for (var i = 0; i < bytes.length; i += 1) parts[i] = (bytes[i] < 16 ? "%0" : "%") + bytes[i].toString(16);
    return decodeURIComponent(parts.join(""));  // URIError: not UTF-8
  }

  /* The browser's deflate-raw, read chunk by chunk so that inflating stops at `limit` bytes. */
  function streamCodec() {
    if (typeof CompressionStream !== "function" || typeof DecompressionStream !== "function") return null;
    function run(stream, bytes, limit) {
      var writer = stream.writable.getWriter();
      writer.write(bytes).catch(noop);
      writer.close().catch(noop);
      var reader = stream.readable.getReader(), chunks = [], total = 0;
      function next() {
        return reader.read().then(function (r) {
          if (r.done) {
            var out = new Uint8Array(total), at = 0;
            chunks.forEach(function (c) { out.set(c, at); at += c.length; });
            return out;
          }
          total += r.value.length;
          if (total > limit) { reader.cancel().catch(noop); throw fail("large"); }
          chunks.push(r.value);
          return next();
        });
      }
      return next();
    }
    return {
      deflate: function (bytes) { return run(new CompressionStream("deflate-raw"), bytes, Infinity); },
      inflate: function (bytes, limit) { return run(new DecompressionStream("deflate-raw"), bytes, limit); }
    };
  }

  /* -- the tender's name and values ----------------------------------------------------------- */
  function clean(text) { return gpp.cleanText(text).trim(); }

  /* Name and values as a link carries them: cleaned, trimmed, no empty values, only values of
     the criteria in `items`, keys in a fixed order. */
  function normalize(t) {
    var ids = {}, values = {};
    (t.items || []).forEach(function (i) { ids[i.id] = true; });
    Object.keys(t.values || {}).sort().forEach(function (k) {
      var m = VALUE_KEY.exec(k), v = clean(t.values[k]);
      if (m && ids[m[1]] && v) values[k] = v;
    });
    return { items: (t.items || []).map(function (i) { return { id: i.id, version: i.version || null }; }),
             name: clean(t.name), values: values };
  }

  /* {name, values} from outside (a link or a file) checked and cleaned, or {error}. */
  function checkWork(obj, items) {
    if (typeof obj.name !== "string" || !isObject(obj.values)) return { error: "broken" };
    if (obj.name.length > LIMITS.name) return { error: "large" };
    var keys = Object.keys(obj.values);
    if (keys.length > LIMITS.values) return { error: "large" };
    for (var i = 0; i < keys.length; i += 1) {
      var v = obj.values[keys[i]];
      if (!VALUE_KEY.test(keys[i]) || typeof v !== "string") return { error: "broken" };
      if (v.length > LIMITS.value) return { error: "large" };
    }
    var t = normalize({ items: items, name: obj.name, values: obj.values });
    return { name: t.name, values: t.values };
  }

  function checkItems(list) {
    if (!Array.isArray(list)) return { error: "broken" };
    if (list.length > LIMITS.items) return { error: "large" };
    var seen = {}, items = [];
    for (var i = 0; i < list.length; i += 1) {
      var it = list[i];
      if (!isObject(it) || !onlyKeys(it, ["id", "version"], ["id", "version"]) || typeof it.id !== "string" ||
          !ID.test(it.id) || seen[it.id]) return { error: "broken" };
      if (!(it.version === null || (Number.isInteger(it.version) && it.version > 0 && it.version < 10000))) return { error: "broken" };
      seen[it.id] = true;
      items.push({ id: it.id, version: it.version });
    }
    return { items: items };
  }

  /* -- the link ------------------------------------------------------------------------------- */
  /* Flat values ("IT-01.requirement.0") as the link nests them ({"IT-01": {"r": {"0": ...}}}), and back. */
  function nest(values) {
    var out = {};
    Object.keys(values).forEach(function (k) {
      var m = VALUE_KEY.exec(k), letter = LETTER[m[2]];
      if (!out[m[1]]) out[m[1]] = {};
      if (!out[m[1]][letter]) out[m[1]][letter] = {};
      out[m[1]][letter][String(Number(m[3]))] = values[k];
    });
    return out;
  }
  function flatten(nested) {
    if (!isObject(nested)) return { error: "broken" };
    var flat = {}, count = 0, ids = Object.keys(nested);
    for (var i = 0; i < ids.length; i += 1) {
      var byField = nested[ids[i]];
      if (!ID.test(ids[i]) || !isObject(byField) || !onlyKeys(byField, ["r", "v", "f"], [])) return { error: "broken" };
      var letters = Object.keys(byField);
      for (var j = 0; j < letters.length; j += 1) {
        var numbered = byField[letters[j]];
        if (!isObject(numbered)) return { error: "broken" };
        var ns = Object.keys(numbered);
        count += ns.length;
        if (count > LIMITS.values) return { error: "large" };
        for (var n = 0; n < ns.length; n += 1) {
          if (!NUMBER.test(ns[n])) return { error: "broken" };
          flat[ids[i] + "." + FIELDS[letters[j]] + "." + ns[n]] = numbered[ns[n]];
        }
      }
    }
    return { values: flat };
  }

  function pack(t) {
    var n = normalize(t);
    return utf8(JSON.stringify({ name: n.name, values: nest(n.values) }));
  }

  /* The JSON's bytes back to {name, values} for the criteria in `items`, or {error}. */
  function unpack(bytes, items) {
    var obj;
    try { obj = JSON.parse(fromUtf8(bytes)); } catch (_e) { return { error: "broken" }; }
    if (!isObject(obj) || !onlyKeys(obj, ["name", "values"], ["name", "values"])) return { error: "broken" };
    var flat = flatten(obj.values);
    if (flat.error) return flat;
    return checkWork({ name: obj.name, values: flat.values }, items);
  }

  function encode(t) {
    var n = normalize(t);
    if (!n.name && !Object.keys(n.values).length) return Promise.resolve({ value: "" });
    var checked = checkWork(n, n.items);
    if (checked.error) return Promise.resolve(checked);
    var bytes = pack(n);
    if (bytes.length > LIMITS.inflated) return Promise.resolve({ error: "large" });
    var codec = api.codec;
    if (!codec) return Promise.resolve({ error: "unsupported" });
    return codec.deflate(bytes).then(function (z) {
      var value = toBase64url(z);
      return value.length > LIMITS.link ? { error: "large" } : { value: value };
    }, function (e) { return { error: codeOf(e) }; });
  }

  /* `items`: the criteria of the same link (?k=); values of others are dropped. */
  function decode(text, items) {
    text = String(text);
    if (text.length > LIMITS.link) return Promise.resolve({ error: "large" });
    var z = fromBase64url(text);
    if (!z || !z.length) return Promise.resolve({ error: "broken" });
    var codec = api.codec;
    if (!codec) return Promise.resolve({ error: "unsupported" });
    return Promise.resolve().then(function () { return codec.inflate(z, LIMITS.inflated); })
      .then(function (bytes) { return unpack(bytes, items || []); }, function (e) { return { error: codeOf(e) }; });
  }

  /* ?k= and #v= of an address: {k: text or null, v: text or null}. */
  function read(href) {
    var url = new URL(href), hash = new URLSearchParams(url.hash.replace(/^#/, ""));
    return { k: url.searchParams.get("k"), v: url.hash ? hash.get("v") : null };
  }

  /* -- the "Mine udbud" file ------------------------------------------------------------------ */
  function fileOf(tenders, now) {
    return {
      format: FORMAT, version: 1, exported: now,
      tenders: tenders.map(function (t) { var n = normalize(t); return { name: n.name, items: n.items, values: n.values }; })
    };
  }

  function readFile(text) {
    if (typeof text !== "string") return { error: "broken" };
    if (text.length > LIMITS.file) return { error: "large" };
    var obj;
    try { obj = JSON.parse(text); } catch (_e) { return { error: "broken" }; }
    if (!isObject(obj) || !onlyKeys(obj, ["format", "version", "exported", "tenders"], ["format", "version", "tenders"]) ||
        obj.format !== FORMAT || obj.version !== 1 || !Array.isArray(obj.tenders) ||
        (Object.hasOwn(obj, "exported") && typeof obj.exported !== "string")) return { error: "broken" };
    if (obj.tenders.length > LIMITS.tenders) return { error: "large" };
    var out = [];
    for (var i = 0; i < obj.tenders.length; i += 1) {
      var t = obj.tenders[i];
      if (!isObject(t) || !onlyKeys(t, ["name", "items", "values"], ["name", "items", "values"])) return { error: "broken" };
      var items = checkItems(t.items);
      if (items.error) return items;
      var work = checkWork(t, items.items);
      if (work.error) return work;
      out.push({ items: items.items, name: work.name, values: work.values });
    }
    return { tenders: out };
  }

  var api = {
    FORMAT: FORMAT, LIMITS: LIMITS, encode: encode, decode: decode, pack: pack, unpack: unpack, normalize: normalize,
    read: read, fileOf: fileOf, readFile: readFile, toBase64url: toBase64url, fromBase64url: fromBase64url,
    codec: streamCodec()
  };
  gpp.share = api;
})();

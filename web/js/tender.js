/* The tender model shared by the "Mit udbud" page, its exports and the filtered downloads of a
   category page: the selection resolved against the data file (opslag/exports/builder_data.py),
   grouped by requirement type in tender order (vocab/types.yaml), with the procurer's values
   put into the placeholders. Texts arrive already parsed into segments: no placeholder syntax
   is parsed here. Exports (export-*.js) turn the model into files. */
(function () {
  "use strict";
  var gpp = window.gpp;
  var cache = {};
  var FIELDS = ["requirement", "verification", "follow_up", "rationale"];  // texts as blocks in the data

  /* The one definition of a tender document. Every format (export-docx.js, export-xlsx.js,
     export-txt.js) and every place (Mit udbud, a category page's filtered downloads, and the
     category downloads the build makes with these same files, opslag/webengine.py)
     follows it: under each criterion's heading one line of facts (META), then the text for the
     bidders (BIDDER), and in the annex for the contract manager the rest (ANNEX). What a
     document holds, and in which order, is changed here and nowhere else. */
  var DOCUMENT = {
    META: ["cite", "category", "level", "changed"],
    BIDDER: ["requirement", "verification", "labels"],
    ANNEX: ["follow_up", "rationale", "sources"]
  };
  /* The market-dialogue questionnaire to suppliers (q-docx, q-xlsx), made from the same parts:
     per criterion what they are asked about (FIELDS; those of DOCUMENT.META make its facts line),
     then the questions they answer (catalogue keys; CHOICES: a question's answers to pick from).
     No advice to the buyer (market_advice) and no annex: it goes to the market. */
  var QUESTIONNAIRE = {
    FIELDS: ["cite", "category", "requirement", "labels"],
    QUESTIONS: ["sel_q_when", "sel_q_months", "sel_q_documentation", "sel_q_price", "sel_q_remark"],
    CHOICES: { sel_q_when: ["sel_q_today", "sel_q_within", "sel_q_not"] }
  };
  /* export format -> the vendored library it needs (loaded with it, on first use); q-docx and
     q-xlsx (the questionnaire) are made by export-docx.js and export-xlsx.js */
  var FORMATS = { docx: ["vendor/docx/docx.iife.js"], xlsx: ["vendor/exceljs/exceljs.bare.min.js"], txt: [],
                  "q-docx": ["vendor/docx/docx.iife.js"], "q-xlsx": ["vendor/exceljs/exceljs.bare.min.js"] };

  function exporter(format) {
    var files = FORMATS[format].concat(["js/export-" + format.replace(/^q-/, "") + ".js"]);
    return files.reduce(function (done, f) { return done.then(function () { return gpp.script(gpp.assets + f); }); },
                        Promise.resolve()).then(function () { return gpp.tender.exporters[format]; });
  }

  /* The data in parts (opslag/exports/builder_data.py): the head (strings, vocabularies, eForms,
     `parts`: each category's criteria as "ID:version,...") and one file per category. assemble
     makes the one object every reader works on: the head, `index` (id -> {category, version},
     from `parts`: which ids exist, without loading them) and `criteria`, the parts loaded so far.
     Data that holds every criterion (the build's documents, the tests) assembles as it is. */
  function assemble(head, loaded) {
    var data = head;
    if (!data.criteria) data.criteria = {};
    if (!data.index) {
      data.index = {};
      Object.keys(data.parts || {}).forEach(function (cat) {
        (data.parts[cat] ? data.parts[cat].split(",") : []).forEach(function (cite) {
          var at = cite.lastIndexOf(":");
          data.index[cite.slice(0, at)] = { category: cat, version: Number(cite.slice(at + 1)) };
        });
      });
    }
    (loaded || []).forEach(function (part) { Object.assign(data.criteria, part.criteria); });
    return data;
  }

  /* The categories whose files hold these ids (criterion ids or {id} items) and are not loaded. */
  function partsFor(data, ids) {
    var out = [];
    (ids || []).forEach(function (x) {
      var id = x && typeof x === "object" ? x.id : x;
      if (typeof id !== "string" || Object.hasOwn(data.criteria, id) || !Object.hasOwn(data.index, id)) return;
      if (out.indexOf(data.index[id].category) < 0) out.push(data.index[id].category);
    });
    return out;
  }

  /* The data from its head's address, with the parts that `ids` need loaded: one object per
     address, whose `criteria` grows as parts arrive. Rejects, once every part has settled, when the
     head or a part cannot be loaded (the page says so; a later call tries again); an id no part
     holds needs nothing. */
  function loadData(url, ids) {
    if (!cache[url]) {
      cache[url] = gpp.json(url).then(function (head) { return assemble(head); });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url].then(function (data) {
      var base = url.replace(/[^/]*$/, "") + (data.parts_path || "");
      return Promise.all(partsFor(data, ids).map(function (cat) {
        var at = base + encodeURIComponent(cat) + ".json";
        if (!cache[at]) {
          cache[at] = gpp.json(at).then(function (part) { assemble(data, [part]); });
          cache[at].catch(function () { delete cache[at]; });
        }
        return cache[at].then(function () { return null; }, function (e) { return e; });
      })).then(function (errors) {  // every part settled (what loaded is kept), then the first failure
        var failed = errors.filter(Boolean)[0];
        if (failed) throw failed;
        /* a part that lacks a criterion its head names (a part from another build, cached): an error too */
        var lacking = partsFor(data, ids);
        if (lacking.length) throw new Error(lacking.map(function (cat) { return base + encodeURIComponent(cat) + ".json"; }).join(", "));
        return data;
      });
    });
  }

  /* A criterion as one of its earlier versions read: the criterion's data with that version's
     texts (c.earlier, from the history: builder_data.py, which leaves out a text that reads as it
     does now) in place of the current ones, its own cite
     and address, `current` the criterion as it is now. The criterion itself for its current version
     (or no version); null for a version whose texts the data does not hold. */
  function atVersion(c, version) {
    if (!version || version === c.version) return c;
    var key = String(version);
    var old = c.earlier && Object.hasOwn(c.earlier, key) ? c.earlier[key] : null;
    if (!old) return null;
    var out = Object.assign({}, c);
    ["requirement", "verification", "follow_up"].forEach(function (f) { if (Object.hasOwn(old, f)) out[f] = old[f]; });
    out.version = version; out.cite = c.id + ":" + version; out.url = old.url; out.date = old.date; out.changed = old.date;
    out.current = c;
    return out;
  }

  /* The selection against the data: what can be shown, and what cannot, with why. Unknown: an id
     the data does not hold (an own property only: "toString" is no criterion) and a version that
     never existed (IT-01:999 when IT-01 is at version 3), which is named, not shown as current;
     both decided by the head's id map alone (data.index). Pending: a criterion that exists but
     whose category's part is not loaded (loadData with its id loads it).
     A pinned earlier version is shown with its own texts (atVersion), `outdated` either way. */
  function resolve(data, items, includeRetired) {
    var out = { entries: [], unknown: [], retired: [], pending: [] };
    var pattern = new RegExp(data.id_pattern);
    items.forEach(function (item) {
      var c = Object.hasOwn(data.criteria, item.id) ? data.criteria[item.id] : null;
      var where = !c && data.index && Object.hasOwn(data.index, item.id) ? data.index[item.id] : null;
      var current = c ? c.version : where ? where.version : null;
      if (current === null || !pattern.test(item.id) || (item.version && item.version > current)) {
        out.unknown.push(item);
        return;
      }
      if (!c) { out.pending.push(item); return; }
      if (c.retired && !includeRetired) { out.retired.push({ item: item, c: c }); return; }
      var outdated = !!(item.version && item.version !== c.version);
      out.entries.push({ item: item, c: (outdated && atVersion(c, item.version)) || c, outdated: outdated });
    });
    return out;
  }

  function key(id, field, n) { return id + "." + field + "." + n; }

  /* Whether a typed value fits its placeholder's kind (from the data: `kind` is choice, percent,
     number or text, defined once in opslag/source/wording.py). '' when it fits or is empty, else the
     catalogue key of the message to show beside the field. Numbers are written the Danish way or
     the English way: 3, 2,5, 2.5, 1.000 (no unit: the field names it). */
  var NUMBER = /^[+-]?[0-9]+(?:[.,][0-9]+)*$/;
  function checkValue(ph, value) {
    var v = String(value || "").trim().replace(/\s+/g, "");
    if (!v) return "";
    if (ph.kind === "choice") return ph.options.indexOf(String(value).trim()) >= 0 ? "" : "sel_field_choice";
    if (ph.kind !== "number" && ph.kind !== "percent") return "";
    if (!NUMBER.test(v)) return ph.kind === "percent" ? "sel_field_percent" : "sel_field_number";
    if (ph.kind === "percent") {
      var n = Number(v.replace(",", "."));
      if (!(n >= 0 && n <= 100)) return "sel_field_percent";
    }
    return "";
  }

  /* What the procurer types or pastes, made safe for Word and Excel: characters XML cannot hold
     (controls such as Word's soft line break U+000B, lone surrogates, U+FFFE/U+FFFF) become a
     space, as `build.py check` refuses them in the criteria (opslag/source/textrules.py). */
  var NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  function clean(text) {
    return String(text || "").replace(NOT_XML, function (m) { return m.length > 1 ? m[0] + " " : " "; });
  }
  gpp.cleanText = clean;

  /* A placeholder's value as it reads in the text: with its unit after it. */
  function filled(ph, value) {
    return ph.unit && !ph.options.length ? value + " " + ph.unit : value;
  }

  /* Segments with values: {text} plain, {value} filled in, {mark} unfilled (bracketed). */
  function fill(blocks, id, field, values) {
    var n = 0;
    return (blocks || []).map(function (block) {
      return { kind: block.kind, items: block.items.map(function (line) {
        return line.map(function (seg) {
          if (typeof seg === "string") return { text: seg };
          var k = key(id, field, n); n += 1;
          var v = clean(values[k]).trim();
          return v ? { value: filled(seg, v), key: k } : { mark: seg.display, key: k };
        });
      }) };
    });
  }

  function segText(seg) { return seg.text !== undefined ? seg.text : seg.value !== undefined ? seg.value : seg.mark; }
  function lineText(line) { return line.map(segText).join(""); }

  /* What the notice on TED (eForms) should say about green procurement, proposed from the
     selection: the fields, codes and labels come from vocab/eforms.yaml (data.eforms, in the
     page's language), the rules are those of docs/da/datamodel.md ("eForms"): BT-805 eu for a
     criterion with an EU GPP reference, national for one in a category with a current POGI goal,
     other for one with neither; BT-774 every impact code of the criteria; BT-717 yes, BT-735 and
     BT-723 the codes of the categories under the Clean Vehicles Directive. One entry per field
     that gets a value, in the vocabulary's order: {field, label, codelist, notice: "contract" |
     "result", values: [{code, label, criteria: [cite, ...]}], notes: [text, ...]}. Proposals only:
     the procurer checks them before sending the notice. */
  function eforms(groups, data) {
    var fields = (data.eforms && data.eforms.fields) || [];
    var proposed = {}, notes = [];
    function propose(field, code, cite) {
      if (!proposed[field]) proposed[field] = {};
      if (!proposed[field][code]) proposed[field][code] = [];
      if (proposed[field][code].indexOf(cite) < 0) proposed[field][code].push(cite);
    }
    groups.forEach(function (g) {
      g.entries.forEach(function (e) {
        var c = e.c, cat = (data.categories && data.categories[c.category]) || {}, cvd = cat.clean_vehicles;
        if (c.eu_gpp) propose("BT-805", "eu", c.cite);
        if (cat.national) propose("BT-805", "national", c.cite);
        if (!c.eu_gpp && !cat.national) propose("BT-805", "other", c.cite);
        (c.environmental_impact || []).forEach(function (code) { propose("BT-774", code, c.cite); });
        if (!cvd) return;
        propose("BT-717", "true", c.cite);
        cvd.contract_types.forEach(function (code) { propose("BT-735", code, c.cite); });
        cvd.vehicle_categories.forEach(function (code) { propose("BT-723", code, c.cite); });
        var note = cvd.note ? cat.title + ": " + cvd.note : null;
        if (note && notes.indexOf(note) < 0) notes.push(note);
      });
    });
    return fields.filter(function (f) { return proposed[f.id]; }).map(function (f) {
      return {
        field: f.id, label: f.label, codelist: f.codelist, notice: f.notice,
        values: f.codes.filter(function (code) { return proposed[f.id][code.id]; }).map(function (code) {
          return { code: code.id, label: code.label, criteria: proposed[f.id][code.id] };
        }),
        notes: f.id === "BT-717" ? notes : []
      };
    });
  }

  /* The eForms proposal as lines of text, the same in every format: "BT-805 Grønne
     udbudskriterier: eu – EU's kriterier … (IT-01:3, RENM-02:3)". */
  function eformsLines(m) {
    var s = m.strings;
    return m.eforms.map(function (f) {
      var head = (f.notice === "result" ? s.sel_eforms_result + ": " : "") + f.field + " " + f.label;
      return { head: head, lines: f.values.map(function (v) {
        return v.code + " – " + v.label + " (" + v.criteria.join(", ") + ")";
      }).concat(f.notes) };
    });
  }

  /* `link`: the address that reopens this selection (Mit udbud's address bar), shown on the cover. */
  function model(data, items, name, values, includeRetired, link) {
    var r = resolve(data, items, includeRetired);
    var byType = {};
    r.entries.forEach(function (e) {
      if (!byType[e.c.type]) byType[e.c.type] = [];
      byType[e.c.type].push(e);
    });
    var groups = data.types.filter(function (t) { return byType[t.id]; }).map(function (t) {
      return { type: t.id, label: t.label, entries: byType[t.id].map(function (e) {
        var f = {};
        FIELDS.forEach(function (field) { f[field] = e.c[field] ? fill(e.c[field], e.c.id, field, values) : null; });
        return { c: e.c, outdated: e.outdated, item: e.item, requirement: f.requirement, verification: f.verification,
                 follow_up: f.follow_up, rationale: f.rationale, level: levelLabel(data, e.c.level) };
      }) };
    });
    var s = data.strings;
    return {
      title: clean(name).trim() || s.sel_doc_untitled, lang: data.lang, tag: data.language_tag,
      site_url: data.site_url, site_name: data.site_name, build_date: data.build_date, strings: s,
      groups: groups, count: r.entries.length, resolved: r, link: link || "", eforms: eforms(groups, data),
      edition: data.edition ? data.edition.name : ""
    };
  }

  function levelLabel(data, id) {
    var found = data.levels.filter(function (l) { return l.id === id; })[0];
    return found ? found.label : id;
  }

  /* One field of an entry as the exports show it: {field, label, blocks} for a text, {field,
     label, lines} for a list (ecolabels, sources, the facts line); null when the criterion has
     none. */
  function part(m, e, field) {
    var s = m.strings;
    if (field === "cite") {  /* an earlier version says so, and which is current */
      return { field: field, label: "", lines: [e.c.current ? e.c.cite + " (" + s.sel_doc_old_version + " " + e.c.current.cite + ")" : e.c.cite] };
    }
    if (field === "category") return { field: field, label: s.category, lines: [e.c.category_title] };
    if (field === "level") return { field: field, label: s.level, lines: [e.level] };
    if (field === "changed") return { field: field, label: s.last_changed, lines: [s.last_changed + " " + e.c.changed] };
    if (field === "labels") return e.c.labels.length ? { field: field, label: s.accepted_labels, lines: [e.c.labels.join(", ")] } : null;
    if (field === "sources") {
      return e.c.sources.length ? { field: field, label: s.sel_doc_source, lines: e.c.sources.map(function (x) { return x.title + ": " + x.url; }) } : null;
    }
    return e[field] && e[field].length ? { field: field, label: s[field], blocks: e[field] } : null;
  }
  function parts(m, e, which) {
    return (which === "QUESTIONNAIRE" ? QUESTIONNAIRE.FIELDS : DOCUMENT[which]).map(function (field) { return part(m, e, field); }).filter(Boolean);
  }
  /* The questionnaire's questions in the tender's language: [{key, label, choices: [text] | null}]. */
  function questions(m) {
    var s = m.strings;
    return QUESTIONNAIRE.QUESTIONS.map(function (k) {
      var choices = QUESTIONNAIRE.CHOICES[k];
      return { key: k, label: s[k], choices: choices ? choices.map(function (c) { return s[c]; }) : null };
    });
  }

  /* The criterion's cite as every document gives it: "IT-03:1 (tidligere version; gældende: IT-03:2)"
     for an earlier version (the compliance sheet's id column, the facts line). */
  function citeText(m, e) { return part(m, e, "cite").lines[0]; }
  /* The facts line under a criterion's heading: "IT-03:2 · IT-udstyr · Avanceret · Senest ændret 2026-11-27",
     of the fields of DOCUMENT.META that `which` (default "META"; "QUESTIONNAIRE") holds. */
  function metaLine(m, e, which) {
    return parts(m, e, which || "META").filter(function (p) { return DOCUMENT.META.indexOf(p.field) >= 0; })
      .map(function (p) { return p.lines.join(", "); }).join(" · ");
  }

  function blocksText(blocks) {
    return blocks.map(function (b) {
      return b.items.map(function (line) { return (b.kind === "ul" ? "- " : "") + lineText(line); }).join("\n");
    }).join("\n\n");
  }

  /* Which edition the criteria came from, for a document's facts line and footer: "Udgave: Københavns
     Kommune" in an organisation's build, "" in the national library (its documents stay as they were). */
  function editionText(m) {
    return m.edition ? m.strings.sel_doc_edition + ": " + m.edition : "";
  }

  /* A file name from the tender's name: letters, digits and hyphens. */
  function fileName(m, ext, suffix) {
    var base = m.title.normalize("NFC").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 80);
    return (base || "udbud") + (suffix ? "-" + suffix : "") + "." + ext;
  }

  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  gpp.tender = { DOCUMENT: DOCUMENT, QUESTIONNAIRE: QUESTIONNAIRE, exporter: exporter, loadData: loadData, assemble: assemble, resolve: resolve, atVersion: atVersion, model: model, key: key,
                 fill: fill, checkValue: checkValue, segText: segText, lineText: lineText, blocksText: blocksText, parts: parts, metaLine: metaLine, citeText: citeText,
                 eformsLines: eformsLines, editionText: editionText, questions: questions,
                 fileName: fileName, download: download, exporters: {} };
})();

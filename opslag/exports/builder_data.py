"""The data the "Mit udbud" page (udbud/) works from: every criterion with its texts already
parsed into paragraphs, list items and placeholders by opslag/source/placeholders.py, so the browser
never parses the placeholder syntax (one parser), plus the vocabulary orders and the interface
texts the page and its exports need, and what the documents say about the notice on TED (`eforms`:
the fields and codes of vocab/eforms.yaml; per criterion its BT-774 codes and EU GPP reference, per
category whether it answers a current POGI goal and its clean_vehicles).

In parts, so a page loads what its selection needs (files()): per language the head
(downloads/udbud.json: everything but the criteria, with `parts`, each category's criteria as
"ID:version,..." so the page knows every id without loading it) and one file per category
(downloads/udbud/<category>.json: its criteria, with their earlier versions). tender.js loadData
puts them back together as data(): one dict, the shape every reader of the data works on."""

from __future__ import annotations

import json

from opslag import urls
from opslag.exports.reuse import category_value, per_category
from opslag.model import lifecycle
from opslag.model.corpus import Text
from opslag.source import placeholders, schema, textblocks, wording

PATH = "downloads/udbud.json"  # the head
PARTS = "udbud/"  # the categories' files, beside the head: downloads/udbud/<category>.json


def segments(line: str, lang: str) -> list:
    """A line as str and placeholder dicts; `display` is how it shows unfilled (bracketed), `kind`
    what its field takes (choice, percent, number, text: opslag/source/wording.py)."""
    return [
        part
        if isinstance(part, str)
        else {**part.as_dict(), "display": part.display(lang), "kind": wording.value_kind(part, lang)}
        for part in placeholders.parse(line, strict=False)
    ]


def blocks(text, lang: str) -> list | None:
    """[{kind: 'p'|'ul', items: [[str | {label, unit, default, options, display}, ...], ...]}]"""
    if text is None:
        return None
    return [
        {"kind": kind, "items": [segments(item, lang) for item in items]} for kind, items in textblocks.blocks(text)
    ]


def criterion(c, corpus, r, today: str) -> dict:
    lang, vocab = r.lang, corpus.vocab
    texts = {name: getattr(c, name) for name in ("title", "requirement", "verification", "follow_up")}
    return {
        "id": c.id,
        "version": c.version,
        "cite": c.cite,
        "category": c.category,
        "category_title": corpus.category(c.category).title.get(lang),
        "type": c.type,
        "level": c.level,
        "rank": vocab.level_rank(c.level),
        "status": c.status,
        "retired": vocab.retired(c.status),
        "replaced_by": c.replaced_by,
        "url": urls.criterion(c),
        "translated": all(t is None or t.translated(lang) for t in texts.values()),
        "title": c.title.get(lang),
        "requirement": blocks(c.requirement.get(lang), lang),
        "verification": blocks(c.verification.get(lang), lang),
        "follow_up": blocks(c.follow_up.get(lang), lang) if c.follow_up else None,
        "rationale": blocks(c.rationale.get(lang), lang) if c.rationale else None,
        "labels": [r.vocab_label("labels", label) for label in c.labels],
        "environmental_impact": list(c.environmental_impact),  # eForms BT-774 codes
        "eu_gpp": c.eu_gpp["ref"] if c.eu_gpp else None,  # the EU GPP criterion it follows (BT-805 eu)
        "sources": [{"title": s.title, "url": s.url} for s in c.sources],
        "history": [{"version": v, "date": d} for v, d, _ in c.history],
        "changed": c.last_changed,  # the documents say when each criterion last changed
        # each version no longer to be used: until when tenders still accept it (opslag/model/lifecycle.py)
        "ended": {
            str(v): {"until": g.until, "open": g.open_on(today), "new": g.new}
            for v, g in lifecycle.ended_versions(c, corpus).items()
        },
        "market_advice": market_advice(c, corpus, r),  # for the buyer only: never in a document
        # earlier versions' texts (history[i].text), by version: Mit udbud shows and exports a pinned
        # one with its own text (tender.js atVersion), the compare page compares them (compare.js)
        **({"earlier": {str(v.version): earlier(c, v, lang) for v in c.earlier}} if c.earlier else {}),
    }


def market_advice(c, corpus, r) -> str | None:
    """One line of advice to the buyer on how to use a criterion's ecolabels, from its category's
    label market category (vocab/label_market.yaml): the category, what it means and, where the
    criterion's type is not the one the category suggests (`suggests`), which type to consider.
    None for a criterion that names no label. Shown in Mit udbud beside the criterion, never put
    into the tender text or the documents (a label may be required under udbudsloven § 46, but
    whether the market can meet it as a minimum requirement is the buyer's judgement)."""
    if not c.labels:
        return None
    market = corpus.category(c.category).label_market
    k, s = market["category"], r.strings
    line = (
        f"{s['sel_market']} {k} ({r.vocab_label('market_categories', k).lower()}, {s['assessed']} "
        f"{market['assessed']}): {r.vocab_text('market_categories', k, 'description')}"
    )
    suggested = corpus.vocab.get("market_categories", k).get("suggests")
    if suggested is None:
        return line
    if suggested == c.type:
        return f"{line} {s['sel_market_fits']}"
    return f"{line} {s['sel_market_consider']} {r.vocab_label('types', suggested).lower()}."


def earlier(c, v, lang: str) -> dict:
    """An earlier version: its date, page and the texts that differ from the current ones (a field
    left out read as it does now; null: the version had none)."""
    out = {"date": v.date, "url": urls.version(c, v.version)}
    for field in placeholders.FIELDS:
        old, now = getattr(v, field), getattr(c, field)
        old_blocks = blocks(old.get(lang), lang) if old else None
        if old_blocks != (blocks(now.get(lang), lang) if now else None):
            out[field] = old_blocks
    return out


def eforms(corpus, r) -> dict:
    """The notice's green fields (vocab/eforms.yaml) with labels in the page's language, in file order."""
    vocab = corpus.vocab
    return {
        "sdk": vocab.extra.get("eforms", {}).get("sdk", {}).get("version"),
        "fields": [
            {
                "id": field_id,
                "field": entry["field"],
                "label": r.tr(Text.of(entry["label"])),
                "notice": entry["notice"],
                "repeatable": entry["repeatable"],
                "codelist": entry["codelist"]["id"],
                "url": entry["url"],
                "description": r.plain(Text.of(entry["description"])),
                "codes": [{"id": code["id"], "label": r.tr(Text.of(code["label"]))} for code in entry["codes"]],
            }
            for field_id, entry in vocab.entries.get("eforms", {}).items()
        ],
    }


def category(cat, corpus, r) -> dict:
    """What a category adds to its criteria in the documents: the eForms facts."""
    retired = set(corpus.vocab.flagged("statuses", "retired"))
    cvd = cat.clean_vehicles
    return {
        "title": cat.title.get(r.lang),
        # answers a current POGI procurement goal: its criteria count as national criteria (BT-805)
        "national": any(corpus.vocab.get("goals", g)["status"] not in retired for g in cat.pogi_goals),
        # under the Clean Vehicles Directive (BT-717 yes): contract types (BT-735), vehicle categories (BT-723)
        "clean_vehicles": None
        if cvd is None
        else {
            "contract_types": list(cvd["contract_types"]),
            "vehicle_categories": list(cvd["vehicle_categories"]),
            "note": r.plain(cvd["note"]) if cvd["note"] else None,
        },
    }


def part(ctx, cat) -> dict:
    """One category's criteria as Mit udbud's data has them: {id: criterion(...)}, made when asked
    for, so nothing holds every criterion's entry at once (#21)."""
    today = lifecycle.today_of(ctx.epoch)
    return category_value(
        ctx.memo, "udbud", cat.id, lambda: {c.id: criterion(c, ctx.corpus, ctx.r, today) for c in cat.criteria}
    )


def data(ctx, every: bool = True) -> dict:
    """Mit udbud's data whole; `every=False`: the head alone, with its `criteria` empty."""
    corpus, r = ctx.corpus, ctx.r
    vocab = corpus.vocab
    today = lifecycle.today_of(ctx.epoch)
    return {
        "lang": r.lang,
        "id_pattern": schema.CRITERION_ID,  # the one id pattern, shared with the browser
        "compare_url": urls.COMPARE,  # the compare page, from the site root (compare.js reads ?k= there)
        "language_tag": r.strings["language_tag"],
        "site_url": ctx.document_url,
        "build_date": today,
        "site_name": r.strings["site_name"],
        "strings": {
            k: v
            for k, v in r.strings.items()
            if k.startswith(("sel_", "cmp_", "diff_"))
            or k
            in (
                "requirement",
                "verification",
                "follow_up",
                "rationale",
                "accepted_labels",
                "untranslated",
                "category",
                "level",
                "last_changed",
                "grace_accepted_until",
                "grace_ended",
                "grace_use",
                "grace_in_new",
                "edition_mandatory",
            )
        },
        "types": [{"id": t, "label": r.vocab_label("types", t)} for t in vocab.ids("types")],
        "levels": [
            {"id": lvl, "label": r.vocab_label("levels", lvl), "rank": vocab.level_rank(lvl)}
            for lvl in vocab.levels_by_rank()
        ],
        "criteria": {cid: entry for cat in corpus.categories for cid, entry in part(ctx, cat).items()} if every else {},
        # the id -> part map: which file holds a criterion, and its current version (tender.js resolve
        # names an id unknown from this alone, without loading a part)
        "parts_path": PARTS,
        "parts": {cat.id: ",".join(f"{c.id}:{c.version}" for c in cat.criteria) for cat in corpus.categories},
        "categories": {cat.id: category(cat, corpus, r) for cat in corpus.categories},
        "eforms": eforms(corpus, r),
        **({"edition": edition(corpus.edition, r)} if corpus.edition else {}),  # the national data has none
    }


def edition(ed, r) -> dict:
    """An organisation's edition (build.py build --edition): its name for the documents' facts line,
    and which criteria are mandatory for its buyers."""
    return {"id": ed.id, "name": r.tr(ed.name), "mandatory": sorted(ed.mandatory)}


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def files(ctx):
    """The head and one file per category (see the module's note), one at a time."""
    head = data(ctx, every=False)
    del head["criteria"]
    yield PATH, _dump(head)
    folder = PATH.rsplit("/", 1)[0] + "/" + PARTS
    for cat in ctx.corpus.categories:
        yield from per_category(
            ctx.memo,
            "udbud_file",
            cat.id,
            lambda cat=cat: [(f"{folder}{cat.id}.json", _dump({"category": cat.id, "criteria": part(ctx, cat)}))],
        )

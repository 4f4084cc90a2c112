"""Open data: the whole corpus and each category as JSON (wrapped with a schema version), and CSV."""

from __future__ import annotations

import csv
import io
import json

from opslag import urls
from opslag.exports.cells import safe_row
from opslag.exports.reuse import category_value

SCHEMA_VERSION = 1  # bump on any incompatible change of the JSON layout


def _text(t):
    return None if t is None else {"da": t.da, "en": t.en}


def criterion_dict(c) -> dict:
    return {
        "id": c.id,
        "version": c.version,
        "cite": c.cite,
        "category": c.category,
        "type": c.type,
        "level": c.level,
        "status": c.status,
        "valid_from": c.valid_from,
        "title": _text(c.title),
        "requirement": _text(c.requirement),
        "verification": _text(c.verification),
        "follow_up": _text(c.follow_up),
        "guidance": _text(c.guidance),
        "related": list(c.related),
        "labels": list(c.labels),
        "environmental_impact": list(c.environmental_impact),
        "rationale": _text(c.rationale),
        "eu_gpp": c.eu_gpp,
        "note": _text(c.note),
        "replaced_by": c.replaced_by,
        "sources": [{"title": s.title, "url": s.url} for s in c.sources],
        "history": [{"version": v, "date": d, "change": _text(t)} for v, d, t in c.history],
        "url": urls.criterion(c),
        # each earlier version's texts as they read (history[i].text), by version, and its page
        "earlier": {
            str(v.version): {
                "date": v.date,
                "url": urls.version(c, v.version),
                "requirement": _text(v.requirement),
                "verification": _text(v.verification),
                "follow_up": _text(v.follow_up),
            }
            for v in c.earlier
        },
    }


def category_dict(cat) -> dict:
    return {
        "id": cat.id,
        "prefix": cat.prefix,
        "title": _text(cat.title),
        "summary": _text(cat.summary),
        "scope": _text(cat.scope),
        "cpv": list(cat.cpv),
        "pogi_goals": list(cat.pogi_goals),
        "eu_gpp_groups": list(cat.eu_gpp_groups),
        "label_market": cat.label_market,
        "labels": list(cat.labels),
        "clean_vehicles": None
        if cat.clean_vehicles is None
        else {
            "contract_types": list(cat.clean_vehicles["contract_types"]),
            "vehicle_categories": list(cat.clean_vehicles["vehicle_categories"]),
            "note": _text(cat.clean_vehicles["note"]),
        },
        "search_terms": {lang: list(words) for lang, words in cat.search_terms.items()},
        "tco_tools": [{"title": s.title, "url": s.url} for s in cat.tco_tools],
        "sources": [{"title": s.title, "url": s.url} for s in cat.sources],
        "updated": cat.updated,
        "criteria": [criterion_dict(c) for c in cat.criteria],
    }


def _dump(result) -> str:
    return (
        json.dumps({"schema_version": SCHEMA_VERSION, "result": result}, ensure_ascii=False, indent=1, sort_keys=True)
        + "\n"
    )


def edition_dict(ed) -> dict:
    """An organisation's edition in the open data: who, what is mandatory (and by which decision),
    what is recommended, and its own categories. Only in an edition's build."""
    return {
        "id": ed.id,
        "name": _text(ed.name),
        "decisions": [
            {"id": d.id, "body": _text(d.body), "title": _text(d.title), "date": d.date, "url": d.url}
            for d in ed.decisions.values()
        ],
        "mandatory": [{"id": cid, "decision": d.id} for cid, d in sorted(ed.mandatory.items())],
        "recommended": sorted(ed.recommended),
        "pogi_goals": list(ed.pogi_goals),
        "own_categories": list(ed.own),
    }


def _with_edition(result: dict, corpus) -> dict:
    return {**result, "edition": edition_dict(corpus.edition)} if corpus.edition else result


def category_json(cat, corpus) -> str:
    return _dump(_with_edition(category_dict(cat), corpus))


def corpus_json(corpus) -> str:
    return "".join(corpus_json_parts(corpus))


_SLOT = "\x00categories\x00"  # stands in the whole file's layout for the list of categories


def corpus_json_parts(corpus, memo=None):
    """corpus_json's text in parts, a category at a time (#21: the whole corpus as one dictionary and
    one string was the largest thing the downloads held): the file's layout is dumped once with a
    stand-in for the categories, and each category is dumped alone, indented to its depth in it
    (in serve, `memo`: the text made last time when the category's inputs are the same, reuse.py)."""
    if not corpus.categories:
        yield _dump(_with_edition({"categories": []}, corpus))
        return
    before, after = _dump(_with_edition({"categories": [_SLOT]}, corpus)).split(json.dumps(_SLOT))
    depth = before.rsplit("\n", 1)[1]  # the indent of the list's items (indent=1: one space a level)
    yield before

    def indented(cat) -> str:
        text = json.dumps(category_dict(cat), ensure_ascii=False, indent=1, sort_keys=True)
        return text.replace("\n", "\n" + depth)  # JSON escapes a string's newlines

    for n, cat in enumerate(corpus.categories):
        text = category_value(memo, "opendata", cat.id, lambda cat=cat: indented(cat))
        yield ("" if n == 0 else ",\n" + depth) + text
    yield after


CSV_COLUMNS = [
    "id",
    "version",
    "category",
    "type",
    "level",
    "status",
    "valid_from",
    "title_da",
    "title_en",
    "requirement_da",
    "requirement_en",
    "verification_da",
    "verification_en",
    "labels",
    "url",
]


def corpus_csv_parts(corpus, memo=None):
    """The CSV as str parts, a category's rows at a time (the build writes them as they come, #21; in
    serve, `memo`: a category's rows made last time when its inputs are the same, reuse.py)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")

    def taken() -> str:
        text = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return text

    def rows(cat) -> str:
        for c in cat.criteria:
            writer.writerow(
                safe_row(
                    [
                        c.id,
                        c.version,
                        c.category,
                        c.type,
                        c.level,
                        c.status,
                        c.valid_from,
                        c.title.da,
                        c.title.en or "",
                        c.requirement.da,
                        c.requirement.en or "",
                        c.verification.da,
                        c.verification.en or "",
                        ";".join(c.labels),
                        urls.criterion(c),
                    ]
                )
            )
        return taken()

    buf.write("\ufeff")  # BOM so Excel opens æ, ø, å correctly
    writer.writerow(safe_row(CSV_COLUMNS))
    yield taken()
    for cat in corpus.categories:
        yield category_value(memo, "csv", cat.id, lambda cat=cat: rows(cat))

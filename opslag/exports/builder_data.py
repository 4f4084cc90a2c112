"""The data the "Mit udbud" page (udbud/) works from: every criterion with its texts already
parsed into paragraphs, list items and placeholders by opslag/source/placeholders.py, so the browser
never parses the placeholder syntax (one parser), plus the vocabulary orders and the interface
texts the page and its exports need. One file per language."""

from __future__ import annotations

import json

from opslag import urls
from opslag.exports import zipfiles
from opslag.source import placeholders, schema, textblocks

PATH = "downloads/udbud.json"


def segments(line: str, lang: str) -> list:
    """A line as str and placeholder dicts; `display` is how it shows unfilled (bracketed)."""
    return [
        part if isinstance(part, str) else {**part.as_dict(), "display": part.display(lang)}
        for part in placeholders.parse(line, strict=False)
    ]


def blocks(text, lang: str) -> list | None:
    """[{kind: 'p'|'ul', items: [[str | {label, unit, default, options, display}, ...], ...]}]"""
    if text is None:
        return None
    return [
        {"kind": kind, "items": [segments(item, lang) for item in items]} for kind, items in textblocks.blocks(text)
    ]


def criterion(c, corpus, r) -> dict:
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
        "sources": [{"title": s.title, "url": s.url} for s in c.sources],
        "history": [{"version": v, "date": d} for v, d, _ in c.history],
    }


def data(ctx) -> dict:
    corpus, r = ctx.corpus, ctx.r
    vocab = corpus.vocab
    return {
        "lang": r.lang,
        "id_pattern": schema.CRITERION_ID,  # the one id pattern, shared with the browser
        "language_tag": r.strings["language_tag"],
        "site_url": ctx.site_url,
        "build_date": zipfiles.moment(ctx.epoch).date().isoformat(),
        "site_name": r.strings["site_name"],
        "strings": {
            k: v
            for k, v in r.strings.items()
            if k.startswith("sel_")
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
            )
        },
        "types": [{"id": t, "label": r.vocab_label("types", t)} for t in vocab.ids("types")],
        "levels": [
            {"id": lvl, "label": r.vocab_label("levels", lvl), "rank": vocab.level_rank(lvl)}
            for lvl in vocab.levels_by_rank()
        ],
        "criteria": {c.id: criterion(c, corpus, r) for c in corpus.criteria.values()},
    }


def files(ctx) -> dict:
    return {PATH: json.dumps(data(ctx), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"}

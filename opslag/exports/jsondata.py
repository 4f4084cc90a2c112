"""Open data as JSON: each category and the whole corpus (layout in opslag/exports/opendata.py)."""

from __future__ import annotations

from opslag.exports import opendata
from opslag.exports.reuse import per_category


def files(ctx):
    for cat in ctx.corpus.categories:
        yield from per_category(
            ctx.memo,
            "json",
            cat.id,
            lambda cat=cat: [(f"downloads/{cat.id}.json", opendata.category_json(cat, ctx.corpus))],
        )
    yield "downloads/opslag.json", opendata.corpus_json_parts(ctx.corpus, ctx.memo)  # written as it is made

"""Open data as JSON: each category and the whole corpus (layout in opslag/exports/opendata.py)."""

from __future__ import annotations

from opslag.exports import opendata


def files(ctx):
    for cat in ctx.corpus.categories:
        yield f"downloads/{cat.id}.json", opendata.category_json(cat, ctx.corpus)
    yield "downloads/opslag.json", opendata.corpus_json_parts(ctx.corpus)  # written as it is made

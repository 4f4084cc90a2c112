"""The search page's index (opslag/search/index.py)."""

from __future__ import annotations

from opslag.search import index as search_index


def files(ctx) -> dict:
    return {f"search/{ctx.lang}.json": search_index.site_index_json(ctx.corpus, ctx.lang, ctx.web)}

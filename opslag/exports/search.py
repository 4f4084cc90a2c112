"""The search page's index (opslag/search/index.py), split into the files a query loads."""

from __future__ import annotations

from opslag.search import index as search_index


def files(ctx) -> dict:
    return search_index.site_files(ctx.corpus, ctx.lang, ctx.web)

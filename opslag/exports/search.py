"""The search page's index (opslag/search/index.py), split into the files a query loads."""

from __future__ import annotations

from functools import partial

from opslag.exports.reuse import category_value
from opslag.search import index as search_index


def files(ctx) -> dict:
    # serve keeps a category's display data and words from the last build (reuse.py)
    return search_index.site_files(ctx.corpus, ctx.lang, ctx.web, partial(category_value, ctx.memo))

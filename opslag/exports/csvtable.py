"""Open data as CSV: one row per criterion (layout in opslag/exports/opendata.py)."""

from __future__ import annotations

from opslag.exports import opendata


def files(ctx):
    yield "downloads/opslag.csv", opendata.corpus_csv_parts(ctx.corpus, ctx.memo)  # written a category at a time

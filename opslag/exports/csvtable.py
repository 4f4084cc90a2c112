"""Open data as CSV: one row per criterion (layout in opslag/exports/opendata.py)."""

from __future__ import annotations

from opslag.exports import opendata


def files(ctx) -> dict:
    return {"downloads/opslag.csv": opendata.corpus_csv(ctx.corpus)}

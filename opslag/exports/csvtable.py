"""Open data as CSV: one row per criterion (layout in opslag/opendata.py)."""
from __future__ import annotations

from .. import opendata


def files(ctx) -> dict:
    return {"downloads/opslag.csv": opendata.corpus_csv(ctx.corpus)}

"""Atom feeds of the change log (opslag/changelog.py)."""
from __future__ import annotations

from .. import changelog


def files(ctx) -> dict:
    return changelog.feeds(ctx.corpus, ctx.r, ctx.site_url)

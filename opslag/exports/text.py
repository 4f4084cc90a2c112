"""Plain text and Markdown of each criterion, for copying one criterion (a category's text download
is a tender document: opslag/exports/documents.py)."""

from __future__ import annotations

from opslag.exports.reuse import per_category


def files(ctx):
    for cat in ctx.corpus.categories:
        yield from per_category(ctx.memo, "text", cat.id, lambda cat=cat: _texts(ctx.r, cat))


def _texts(r, cat):
    for crit in cat.criteria:
        yield f"downloads/kriterier/{crit.id}.txt", r.criterion_text(crit)
        yield f"downloads/kriterier/{crit.id}.md", r.criterion_markdown(crit)

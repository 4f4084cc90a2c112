"""Plain text and Markdown of each criterion, for copying one criterion (a category's text download
is a tender document: opslag/exports/documents.py)."""

from __future__ import annotations


def files(ctx):
    r = ctx.r
    for crit in ctx.corpus.criteria.values():
        yield f"downloads/kriterier/{crit.id}.txt", r.criterion_text(crit)
        yield f"downloads/kriterier/{crit.id}.md", r.criterion_markdown(crit)

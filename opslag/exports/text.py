"""Plain text and Markdown: each criterion's tender text, and each category's."""

from __future__ import annotations


def files(ctx) -> dict:
    out, r = {}, ctx.r
    for crit in ctx.corpus.criteria.values():
        out[f"downloads/kriterier/{crit.id}.txt"] = r.criterion_text(crit)
        out[f"downloads/kriterier/{crit.id}.md"] = r.criterion_markdown(crit)
    for cat in ctx.corpus.categories:
        out[f"downloads/{cat.id}.txt"] = (
            r.render("category.txt.j2", cat=cat, groups=r.groups(cat.criteria)).rstrip() + "\n"
        )
    return out

"""The pages of earlier versions (urls.version: kriterier/<id>/<version>/): each earlier version's
texts as they read (from the history, `text`), and what changed since, word by word, against the
current version.

The differences come from web/js/diff.js run in V8 (opslag/webengine.py): the compare page runs the
same file in the browser, so there is one word diff. The texts go in as the Mit udbud data has them
(opslag/exports/builder_data.py: parsed blocks, placeholders shown as the procurer sees them)."""

from __future__ import annotations

from opslag import urls
from opslag.exports import builder_data
from opslag.exports.reuse import per_category
from opslag.source import placeholders
from opslag.webengine import Engine

SCRIPTS = ("js/gpp.js", "js/tender.js", "js/diff.js")


def page_path(c, number: int) -> str:
    """The Markdown source of urls.version(c, number), served at that directory."""
    return urls.version(c, number).removesuffix("/") + ".md"


def is_page(path: str) -> bool:
    """Whether a generated page's Markdown source is an earlier version's page."""
    return path.startswith(urls.VERSIONS)


class Differ:
    """One V8 context with diff.js, for every page of one language."""

    def __init__(self, web, lang: str):
        self.engine, self.lang = Engine(web, scripts=SCRIPTS), lang

    def blocks(self, text):
        return builder_data.blocks(text.get(self.lang), self.lang) if text else None

    def fields(self, before, after) -> dict:
        """{field: {changed, paragraphs}} for the tender texts of two versions (Version or Criterion):
        every field in one call to V8 (#21: a call each was a third of these pages' making)."""
        names = [field for field in placeholders.FIELDS if getattr(before, field) or getattr(after, field)]
        pairs = [[self.blocks(getattr(before, field)), self.blocks(getattr(after, field))] for field in names]
        return dict(zip(names, self.engine.call(_EACH_FIELD, pairs)))


_EACH_FIELD = "function (pairs) { return pairs.map(function (p) { return gpp.diff.fields(p[0], p[1]); }); }"


def pages(writer, web):
    """Every earlier version of every criterion as the writer's pages (PageWriter._page), one at a
    time: both texts in the writer's language and their word diff; a category's at a time."""
    differ = []  # one V8 context, made when the first page is

    def of_category(cat):
        for c in cat.criteria:
            for old in c.earlier:
                if not differ:
                    differ.append(Differ(web, writer.lang))
                yield writer._page(
                    page_path(c, old.version),
                    "page_version.md.j2",
                    c=c,
                    old=old,
                    old_cite=f"{c.id}:{old.version}",
                    fields=placeholders.FIELDS,
                    diff=differ[0].fields(old, c),
                )

    for cat in writer.corpus.categories:
        yield from per_category(writer.memo, "versions", cat.id, lambda cat=cat: of_category(cat))

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
        """{field: {changed, paragraphs}} for the tender texts of two versions (Version or Criterion)."""
        [diff] = self.each([(before, after)])
        return diff

    def each(self, versions: list) -> list:
        """fields() of each (before, after), in one call to V8: a call costs about half a
        millisecond however little it carries (#21: a call a page was half these pages' making)."""
        named = [[f for f in placeholders.FIELDS if getattr(b, f) or getattr(a, f)] for b, a in versions]
        pairs = [
            [[self.blocks(getattr(b, f)), self.blocks(getattr(a, f))] for f in names]
            for (b, a), names in zip(versions, named)
        ]
        return [dict(zip(names, diffs)) for names, diffs in zip(named, self.engine.call(_EACH_VERSION, pairs))]


_EACH_VERSION = (
    "function (versions) { return versions.map(function (pairs) {"
    " return pairs.map(function (p) { return gpp.diff.fields(p[0], p[1]); }); }); }"
)


def pages(writer, web):
    """Every earlier version of every criterion as the writer's pages (PageWriter._page): both texts
    in the writer's language and their word diff; a category's at a time, its diffs in one call."""
    differ = []  # one V8 context, made when the first page is

    def of_category(cat):
        earlier = [(c, old) for c in cat.criteria for old in c.earlier]
        if not earlier:
            return
        if not differ:
            differ.append(Differ(web, writer.lang))
        for (c, old), diff in zip(earlier, differ[0].each([(old, c) for c, old in earlier])):
            yield writer._page(
                page_path(c, old.version),
                "page_version.md.j2",
                c=c,
                old=old,
                old_cite=f"{c.id}:{old.version}",
                fields=placeholders.FIELDS,
                diff=diff,
            )

    for cat in writer.corpus.categories:
        yield from per_category(writer.memo, "versions", cat.id, lambda cat=cat: of_category(cat))

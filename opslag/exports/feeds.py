"""Atom feeds of the change log: one for the whole library, one per category, so a procurer can
follow the criteria they use. The feeds' dates are the history entries' dates, never the build
time. Atom is written by feedgen, a well-kept library for exactly this, rather than by a template
of our own."""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from opslag import urls
from opslag.exports.reuse import per_category
from opslag.model.changelog import Erratum, entries
from opslag.urls import FEED_ALL, category_feed

LATEST_IN_MAIN_FEED = 100


def files(ctx):
    return feeds(ctx.corpus, ctx.r, ctx.site_url, ctx.memo)


def _moment(date: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC)


def atom(corpus, r, site_url: str, feed_path: str, title: str, entries: list) -> bytes:
    """An Atom feed; `r` is the Renderer of the feed's language, `site_url` the language's address."""
    fg = FeedGenerator()
    fg.id(site_url + feed_path)
    fg.title(title)
    fg.language(r.lang)
    fg.link(href=site_url + feed_path, rel="self")
    fg.link(href=site_url + urls.CHANGES, rel="alternate")
    fg.updated(_moment(entries[0].date) if entries else _moment("2026-01-01"))
    for ch in entries:
        c = ch.criterion
        url = site_url + urls.criterion(c)
        entry = fg.add_entry(order="append")
        category = r.tr(corpus.category(c.category).title)
        if isinstance(ch, Erratum):  # a correction without a new version, listed on the errata page
            entry.id(f"{site_url}{urls.ERRATA}#{ch.anchor}")
            entry.title(f"{r.strings['erratum']}: {ch.cite} {r.tr(c.title)}")
            entry.content(f"{category}: {r.tr(ch.text)}", type="text")
        else:
            entry.id(f"{site_url}{urls.CHANGES}#{c.anchor}-{ch.version}")
            entry.title(f"{ch.cite} {r.tr(c.title)}")
            entry.content(f"{category}: {r.tr(ch.reader_text)}", type="text")
        entry.link(href=url)
        entry.updated(_moment(ch.date))
    return fg.atom_str(pretty=True)


def _by_category(entries: list) -> dict:
    """{category id: its entries}, each list in the order of `entries` (a filter of a sorted list is
    sorted): the change log is read once, not once per category (#21: that grew as n²)."""
    out: dict = {}
    for e in entries:
        out.setdefault(e.criterion.category, []).append(e)
    return out


def feeds(corpus, r, site_url: str, memo=None):
    """(path, bytes) for the library's feed and each category's feed, one at a time; a category's
    feed holds only its own criteria's entries, so serve keeps those of the categories an edit did
    not touch (reuse.per_category)."""
    s = r.strings
    newest_first = entries(corpus)
    yield (
        FEED_ALL,
        atom(
            corpus,
            r,
            site_url,
            FEED_ALL,
            f"{s['site_name']}: {s['changes']}",
            newest_first[:LATEST_IN_MAIN_FEED],
        ),
    )
    of_category = _by_category(newest_first)

    def category(cat):
        title = f"{s['site_name']}: {r.tr(cat.title)}"
        yield (
            category_feed(cat.id),
            atom(corpus, r, site_url, category_feed(cat.id), title, of_category.get(cat.id, [])),
        )

    for cat in corpus.categories:
        yield from per_category(memo, "feeds", cat.id, lambda cat=cat: category(cat))

"""The change log: every version of every criterion, newest first, as a page and as Atom feeds
(one for the whole library, one per category), so a procurer can follow the criteria they use.

The history entries in the YAML are the only source; the feeds' dates are those entries' dates,
never the build time, so the same data gives the same bytes. Atom is written by feedgen, a
well-kept library for exactly this, rather than by a template of our own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from . import urls

FEED_ALL = "feeds/alle.xml"
LATEST_IN_MAIN_FEED = 100


def category_feed(cat_id: str) -> str:
    return f"feeds/{cat_id}.xml"


@dataclass(frozen=True)
class Change:
    date: str
    criterion: object  # model.Criterion
    version: int
    text: object  # model.Text

    @property
    def cite(self) -> str:
        return f"{self.criterion.id}:{self.version}"


def changes(corpus, category: str | None = None) -> list:
    """Every history entry, newest first (then by id and version, so ties have one order)."""
    out = [Change(date, c, version, text) for c in corpus.criteria.values()
           if category is None or c.category == category for version, date, text in c.history]
    return sorted(out, key=lambda ch: (ch.date, ch.criterion.id, ch.version), reverse=True)


def _moment(date: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date).replace(tzinfo=dt.timezone.utc)


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
        entry.id(f"{site_url}{urls.CHANGES}#{c.anchor}-{ch.version}")
        entry.title(f"{ch.cite} {r.tr(c.title)}")
        entry.link(href=url)
        entry.updated(_moment(ch.date))
        category = r.tr(corpus.category(c.category).title)
        entry.content(f"{category}: {r.tr(ch.text)}", type="text")
    return fg.atom_str(pretty=True)


def feeds(corpus, r, site_url: str) -> dict:
    """{path: bytes} for the library's feed and each category's feed."""
    s = r.strings
    out = {FEED_ALL: atom(corpus, r, site_url, FEED_ALL, f"{s['site_name']}: {s['changes']}",
                          changes(corpus)[:LATEST_IN_MAIN_FEED])}
    for cat in corpus.categories:
        out[category_feed(cat.id)] = atom(corpus, r, site_url, category_feed(cat.id),
                                          f"{s['site_name']}: {r.tr(cat.title)}", changes(corpus, cat.id))
    return out

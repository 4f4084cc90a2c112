"""The change log page and its Atom feeds, on the shipped criteria and the built site."""

import dataclasses
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from opslag import urls
from opslag.exports import changes_data, feeds
from opslag.model import changelog
from opslag.model.corpus import Text, build_corpus
from opslag.project import Project
from opslag.render.templates import Renderer
from opslag.source.checker import check_project

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def corpus():
    check = check_project(Project(ROOT))
    assert check.ok
    return build_corpus(check.categories, check.vocab)


def _entries(path):
    feed = ET.parse(path).getroot()
    assert feed.tag == f"{ATOM}feed"
    return feed, feed.findall(f"{ATOM}entry")


def _versions(corpus, category=None):
    return sum(len(c.history) for c in corpus.criteria.values() if category in (None, c.category))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_main_feed_has_the_newest_versions_first_linking_to_existing_cards(built_site, corpus, lang):
    folder = built_site if lang == "da" else built_site / "en"
    feed, entries = _entries(folder / urls.FEED_ALL)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert len(entries) == min(feeds.LATEST_IN_MAIN_FEED, _versions(corpus))
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.find(f"{ATOM}updated").text == dates[0]
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    for entry in entries[:20]:
        cite = re.match(r"([A-Z]+-[0-9]+):([0-9]+) ", entry.find(f"{ATOM}title").text)
        crit = corpus.criteria[cite[1]]
        assert any(v == int(cite[2]) for v, _, _ in crit.history)
        link = urlsplit(entry.find(f"{ATOM}link").get("href"))
        page = (folder / link.path.lstrip("/").removeprefix("en/") / "index.html").read_text(encoding="utf-8")
        assert f'id="{link.fragment}"' in page


def test_each_category_feed_holds_exactly_its_categorys_versions(built_site, corpus):
    for cat in corpus.categories:
        _, entries = _entries(built_site / urls.category_feed(cat.id))
        assert len(entries) == _versions(corpus, cat.id), cat.id
        assert all(f"/kategorier/{cat.id}/#" in e.find(f"{ATOM}link").get("href") for e in entries)


def test_change_page_lists_the_newest_versions_and_links_the_feeds(built_site, corpus):
    """The page holds its first page of changes; the rest are drawn from the data (tests/test_changes.py)."""
    page = (built_site / "aendringer" / "index.html").read_text(encoding="utf-8")
    rows = len(re.findall(r'<li class="gpp-change" id="[a-z]+-[0-9]+-[0-9]+">', page))
    assert rows == min(changes_data.PAGE_SIZE, _versions(corpus))
    assert len(re.findall(r'<a [^>]*type="application/atom\+xml"', page)) == 1 + len(corpus.categories)
    assert len(re.findall(r'<link rel="alternate feed" type="application/atom\+xml"', page)) == 1  # in the head


def test_change_page_in_the_browser_requests_nothing_missing(page):
    """The theme reads <link rel=alternate> as languages and fetches their sitemaps: a feed link
    there made it ask for feeds/sitemap.xml on every page."""
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for path in ("aendringer/", "en/aendringer/", ""):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert failed == [] and page.js_errors == []


def test_feed_text_is_text_never_markup(corpus):
    crit = next(iter(corpus.criteria.values()))
    hostile = dataclasses.replace(
        crit, title=Text("<script>alert(1)</script>", None), history=((1, "2026-01-01", Text("<b>x</b> & y", None)),)
    )
    r = Renderer(corpus, "da", Project(ROOT))
    xml = feeds.atom(
        corpus,
        r,
        "https://example.org/",
        urls.FEED_ALL,
        "t",
        [changelog.Change("2026-01-01", hostile, 1, hostile.history[0][2])],
    ).decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml and "&lt;b&gt;x&lt;/b&gt; &amp; y" in xml


@pytest.mark.parametrize("path", ["", "en/", "kategorier/rengoeringsmidler/", "en/kategorier/rengoeringsmidler/"])
def test_every_page_advertises_its_feeds_and_the_language_menu_is_unchanged(page, path):
    """A feed reader given any page finds the library's feed (and a category page's own); the
    theme still lists exactly two languages and fetches no sitemap beside a feed."""
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    feeds = page.locator('head link[type="application/atom+xml"]').evaluate_all(
        "els => els.map(e => [e.getAttribute('rel'), new URL(e.href).pathname, e.title])"
    )
    assert [rel for rel, _, _ in feeds] == ["alternate feed"] * (2 if "kategorier" in path else 1)
    assert feeds[0][1].endswith("/feeds/alle.xml")
    if "kategorier" in path:
        assert (
            feeds[1][1].endswith("/feeds/rengoeringsmidler.xml")
            and "Rengøring" in feeds[1][2]
            or "Cleaning" in feeds[1][2]
        )
    for _, href, _ in feeds:
        assert page.request.get(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + href).ok
    languages = page.locator(".md-select__link[hreflang]").evaluate_all("els => els.map(e => e.hreflang)")
    assert sorted(languages) == ["da", "en"]
    assert not [u for u in requested if "feeds/" in u and "sitemap" in u]
    assert page.js_errors == []

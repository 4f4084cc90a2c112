"""The long criterion lists in parts (#20 item 2; opslag/exports/list_parts.py, web/js/critlist.js):
a requirement type's, ecolabel's or POGI goal's page of more than WHOLE_UP_TO criteria holds its
first rows, the rest are in numbered parts, and every criterion's filter values in the list's index.
The fast tests lower the threshold on the shipped criteria; the browser tests build a corpus of two
copies of them (bench/corpus.py), where the longest list is past the real threshold."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import replace
from urllib.parse import parse_qsl

import pytest
from webjs import Page

from conftest import ROOT, browser_page, serve_folder
from opslag import exports
from opslag.exports import list_parts
from opslag.model import facets
from opslag.model.corpus import Corpus
from opslag.project import Project
from opslag.render.templates import Renderer
from opslag.site.pages import PageWriter

LOW = 20  # the fast tests' threshold: every list of the shipped criteria longer than this is in parts

# A fetch for V8 that answers from a dictionary of files (the parts), as the page's fetch would.
FETCH = """
globalThis.fetch = function (url) {
  var ok = Object.hasOwn(FILES, url);
  return Promise.resolve({ ok: ok, status: ok ? 200 : 404, json: function () { return Promise.resolve(JSON.parse(FILES[url])); } });
};
"""


@pytest.fixture(scope="module")
def writer(corpus):
    w = PageWriter(corpus, "da", Project(ROOT))
    w.whole_up_to = LOW
    return w


@pytest.fixture(scope="module")
def pages(writer):
    return writer.pages()


@pytest.fixture(scope="module")
def parted(corpus):
    found = [listing for listing in list_parts.listings(corpus) if listing.parted(LOW)]
    assert {listing.exclude for listing in found} == {("type",), ("label",), ("goal",)}  # each kind of page
    return found


def _files(corpus, r) -> dict:
    ctx = exports.Context(corpus, r, 0, "https://example.org/", ROOT / "web")
    return dict(list_parts.files(ctx, LOW))


def _rows(page: str) -> list:
    """The rows of a page's list of criteria, as HTML (a goal page's list of categories has no cite)."""
    return re.findall(r'<li(?: data-facets="[^"]*")?><a href="[^"]*"><strong>.*?</li>', page, re.S)


def test_every_criterion_is_in_page_and_parts_exactly_once_in_order(corpus, writer, pages, parted):
    files = _files(corpus, writer.r)
    assert files == _files(corpus, writer.r)  # the same bytes again
    engine = Page("filters.js", "parts.js")
    engine.ctx.eval(f"var FILES = {json.dumps(files, ensure_ascii=False)};" + FETCH)
    for listing in parted:
        index = json.loads(files[listing.index])
        n = len(listing.criteria)
        parts = [json.loads(files[f"{listing.folder}{k}.json"]) for k in range(-(-n // index["chunk"]))]
        assert all(len(p) == index["chunk"] for p in parts[:-1]) and 0 < len(parts[-1]) <= index["chunk"]
        assert f"{listing.folder}{len(parts)}.json" not in files
        rows = [row for part in parts for row in part]
        cites = [re.search(r"<strong>([^<]+)</strong>", row).group(1) for row in rows]
        assert cites == [c.cite for c in listing.criteria], listing.page  # each once, in the list's order
        page = pages[listing.page]
        assert _rows(page) == rows[: index["page_size"]], listing.page  # the page's rows are the parts' first
        assert f'data-parts="{listing.base}{listing.index}"' in page
        # the page's own loader (parts.js) gives the rows back from the parts, in any order asked
        wanted = list(range(n - 1, -1, -1))
        got = engine.wait(
            "function (folder, chunk, wanted) { return gpp.parts.open(folder, chunk).entries(wanted); }",
            listing.folder,
            index["chunk"],
            wanted,
        )
        assert got == [rows[i] for i in wanted]
        # the filters' values of every criterion, unpacked by filters.js, are the definition's
        names = index["facets"]["names"]
        assert names == [name for name, _, _ in facets.FACETS if name not in listing.exclude]
        unpacked = engine.call("gpp.filters.unpack", index["facets"])
        assert unpacked == [{k: facets.values(corpus, c)[k] for k in names} for c in listing.criteria]


def test_a_reader_without_javascript_reaches_every_criterion_through_the_categories(pages, parted):
    """The page lists the categories of its criteria with how many each holds (a type's or an
    ecolabel's link opens the category filtered to it); every criterion's card is on one of them."""
    param = {name: p for name, p, _ in facets.FACETS}
    for listing in parted:
        page = pages[listing.page]
        assert "<noscript>" in page
        kind = listing.exclude[0]
        assert ("gpp-critlist-categories" in page) == (kind != "goal")  # a goal's page lists its categories already
        links = re.findall(r'<li><a href="\.\./\.\./kategorier/([^/]+)/([^"]*)">.*?(\d+) kriterier</span></li>', page)
        assert sum(int(n) for _, _, n in links) == len(listing.criteria), listing.page
        for _, query, _ in links:
            assert parse_qsl(query.removeprefix("?")) == ([] if kind == "goal" else [(param[kind], listing.value)])
        by_category = {cat_id for cat_id, _, _ in links}
        for c in listing.criteria:  # each criterion's card is on the page of a category the list links to
            assert c.category in by_category and f'id="{c.anchor}"' in pages[f"kategorier/{c.category}.md"]


def test_lists_up_to_the_threshold_stay_whole(corpus):
    """At the shipped size the pages are as before: whole lists, their rows with their values."""
    writer = PageWriter(corpus, "da", Project(ROOT))
    texts = writer.pages()
    for listing in list_parts.listings(corpus):
        page = texts[listing.page]
        if not listing.criteria:
            continue
        assert ("data-parts=" in page) == listing.parted()
        if not listing.parted():
            rows = _rows(page)
            assert len(rows) == len(listing.criteria) and all("data-facets" in row for row in rows)
    files = dict(list_parts.files(exports.Context(corpus, writer.r, 0, "https://example.org/", ROOT / "web")))
    assert set(files) == {
        path
        for listing in list_parts.listings(corpus)
        if listing.parted()
        for path in files
        if path.startswith(listing.folder)
    }


def test_a_list_in_parts_stays_small_at_scale(corpus):
    """Ten copies of the shipped categories: the index costs a few bytes a criterion, each part is
    one "show more", and a plain Renderer (no page writer) makes the same rows."""
    copies = [
        replace(
            cat,
            id=f"{cat.id}-{n}",
            criteria=tuple(replace(c, id=f"{c.id[:-3]}{n}{c.id[-3:]}", category=f"{cat.id}-{n}") for c in cat.criteria),
        )
        for n in range(10)
        for cat in corpus.categories
    ]
    big = Corpus(copies, corpus.vocab)
    listing = next(x for x in list_parts.listings(big) if x.page == "kravtyper/mindstekrav.md")
    assert listing.parted() and len(listing.criteria) == 10 * len(corpus.criteria_of_type("mindstekrav"))
    index, parts = list_parts.data(listing, big, Renderer(big, "da", Project(ROOT)))
    size = len(json.dumps(index, separators=(",", ":")))
    assert size / len(listing.criteria) < 30  # bytes per criterion
    assert max(len(json.dumps(p, ensure_ascii=False)) for p in parts) < 80_000
    assert [len(p) for p in parts[:-1]] == [list_parts.CHUNK] * (len(parts) - 1)


# -- in Chromium, on a corpus past the real threshold ----------------------------------------------


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """Two copies of the shipped categories (722 criteria; bench/corpus.py), built and served: the
    minimum requirements' list (2 × 188) is past WHOLE_UP_TO."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import corpus_of, realistic_corpus

    from opslag.site.build import build_site

    folder = realistic_corpus(tmp_path_factory.mktemp("copies") / "criteria", 2)
    out = tmp_path_factory.mktemp("big") / "site"
    server = serve_folder(out)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    result = build_site(Project(ROOT, criteria=folder, out=out, site_url=url))
    assert result.ok, result.error
    big = corpus_of(folder)
    listing = next(x for x in list_parts.listings(big) if x.page == "kravtyper/mindstekrav.md")
    assert listing.parted()
    yield url, big, listing
    server.shutdown()


def _shown(page) -> list:
    return page.eval_on_selector_all("ul.gpp-critlist > li strong", "els => els.map(e => e.textContent)")


def test_show_more_and_filters_over_criteria_not_yet_loaded_survive_a_reload(browser, big_site):
    url, big, listing = big_site
    every = [c.cite for c in listing.criteria]
    size = list_parts.PAGE_SIZE
    for page in browser_page(browser, base_url=url, bypass_csp=True):
        page.goto("kravtyper/mindstekrav/")
        page.wait_for_selector(".gpp-critlist-more__button:not([hidden])")
        assert _shown(page) == every[:size]
        assert page.inner_text(".gpp-filter-count__n") == str(len(every))
        page.click(".gpp-critlist-more__button")
        page.wait_for_function(f"document.querySelectorAll('ul.gpp-critlist > li').length > {size}")
        assert _shown(page) == every[: 2 * size]
        assert page.is_visible("ul.gpp-critlist > li:nth-child(51) button.gpp-select")  # its toggle wired
        # a category whose criteria come last in the list (none of them loaded yet), up to a level
        cat = listing.categories(big)[-1][0]
        rank = big.vocab.level_rank("avanceret")
        expected = [c.cite for c in listing.criteria if c.category == cat.id and big.vocab.level_rank(c.level) <= rank]
        assert expected and not set(expected) & set(every[: 2 * size])
        page.select_option("select[name=category]", cat.id)
        page.select_option("select[name=level]", "avanceret")
        page.wait_for_function(f"document.querySelector('.gpp-filter-count__n').textContent === '{len(expected)}'")
        page.wait_for_function(f"document.querySelectorAll('ul.gpp-critlist > li').length === {len(expected)}")
        assert _shown(page) == expected
        assert page.is_hidden(".gpp-critlist-more__button")
        option = page.inner_text(f"select[name=category] option[value='{cat.id}']")
        assert option.endswith(f"({len(expected)})")  # counted over the whole list
        assert f"kategori={cat.id}" in page.url and "niveau=avanceret" in page.url
        page.reload()
        page.wait_for_function(f"document.querySelectorAll('ul.gpp-critlist > li').length === {len(expected)}")
        assert _shown(page) == expected
        assert page.input_value("select[name=category]") == cat.id
        assert not page.js_errors


def test_without_javascript_the_first_rows_and_every_category(browser, big_site):
    url, big, listing = big_site
    for page in browser_page(browser, base_url=url, java_script_enabled=False):
        page.goto("kravtyper/mindstekrav/")
        assert _shown(page) == [c.cite for c in listing.criteria[: list_parts.PAGE_SIZE]]
        assert page.is_visible(".gpp-critlist-nojs") and page.is_hidden(".gpp-critlist-more__button")
        page.click(".gpp-critlist-categories summary")
        links = page.eval_on_selector_all(".gpp-critlist-categories a", "els => els.map(e => e.getAttribute('href'))")
        assert len(links) == len(listing.categories(big))
        page.click(".gpp-critlist-categories li:last-child a")  # the last category's page holds its cards
        cat = listing.categories(big)[-1][0]
        for c in listing.criteria:
            if c.category == cat.id:
                assert page.is_visible(f"#{c.anchor}")


def test_a_row_shown_again_shows_the_selection_as_it_is_now(browser, big_site):
    """A row a filter took off the page and put back shows whether its criterion is in the tender
    now: while it was off the page, another tab added it (a stale "add" toggle would remove it)."""
    url, big, listing = big_site
    first = listing.criteria[0]
    other = next(cat for cat, _ in listing.categories(big) if cat.id != first.category)
    toggle = f"ul.gpp-critlist button.gpp-select[data-id='{first.id}']"
    for page in browser_page(browser, base_url=url, bypass_csp=True):
        page.goto("kravtyper/mindstekrav/")
        page.wait_for_selector(".gpp-critlist-more__button:not([hidden])")
        assert page.get_attribute(toggle, "aria-pressed") == "false"
        page.select_option("select[name=category]", other.id)  # the first row leaves the page
        page.wait_for_function(f'!document.querySelector("{toggle}")')
        tab = page.context.new_page()  # another tab of the same browser adds it
        tab.goto("kravtyper/mindstekrav/")
        tab.wait_for_selector(f"{toggle}:not([hidden])")
        tab.click(toggle)
        page.wait_for_function("document.querySelector('.gpp-header-selection__count').textContent === '1'")
        page.select_option("select[name=category]", "")  # the first row back on the page
        page.wait_for_selector(toggle)
        assert page.get_attribute(toggle, "aria-pressed") == "true"
        page.click(toggle)  # what it says: remove
        page.wait_for_function("document.querySelector('.gpp-header-selection__count').textContent === '0'")
        assert not page.js_errors


def test_an_older_choice_failing_late_does_not_overwrite_a_newer_one(browser, big_site):
    """A part that fails after the reader has chosen again: the newer choice's list stays as drawn
    (its count, its "show more"), not replaced by the older choice's failure."""
    url, big, listing = big_site
    size = list_parts.PAGE_SIZE
    last = listing.categories(big)[-1][0]  # its criteria are in the last part, not on the page
    held = []  # the request for the last part, answered when the test says

    def hold(route):
        held.append(route)

    for page in browser_page(browser, base_url=url, bypass_csp=True):
        page.route(f"**/{listing.folder}{(len(listing.criteria) - 1) // list_parts.CHUNK}.json", hold)
        page.goto("kravtyper/mindstekrav/")
        page.wait_for_selector(".gpp-critlist-more__button:not([hidden])")
        page.select_option("select[name=category]", last.id)  # waits for the held part
        for _ in range(100):  # its part asked for, and held
            if held:
                break
            page.wait_for_timeout(100)
        page.select_option("select[name=category]", "")  # the first rows again: drawn at once
        total = len(listing.criteria)
        page.wait_for_function(f"document.querySelector('.gpp-filter-count__n').textContent === '{total}'")
        status = f"Viser {size} af {total}"
        page.wait_for_function(f"document.querySelector('.gpp-critlist-more__status').textContent === '{status}'")
        held[0].abort()  # the older choice's part fails now
        page.wait_for_timeout(500)
        assert page.inner_text(".gpp-critlist-more__status") == status
        assert page.is_visible(".gpp-critlist-more__button")
        assert _shown(page) == [c.cite for c in listing.criteria[:size]]

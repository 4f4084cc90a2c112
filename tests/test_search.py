"""Search quality on the shipped criteria: the query set's hit@3, from the command line's lunr
(Python) and from the built site's lunr.js in Chromium, which must rank identically."""
import re
from pathlib import Path

import pytest

from opslag.checker import check_project
from opslag.model import build_corpus
from opslag.render import Renderer
from opslag.search_index import build_index, plan, search
from opslag.yamlsource import load_file

from conftest import ROOT

QUERIES = load_file(ROOT / "tests" / "search_queries.yaml").data["queries"]
MIN_HIT_AT_3 = 0.9


@pytest.fixture(scope="module")
def corpus():
    result = check_project(ROOT)
    assert result.ok
    return build_corpus(result.categories, result.vocab)


@pytest.fixture(scope="module")
def indexes(corpus):
    return {lang: build_index(corpus, lang, Renderer(corpus, lang)) for lang in ("da", "en")}


def is_hit(query: dict, top3: list, corpus) -> bool:
    if "category" in query:
        return bool(top3) and all(corpus.criteria[ref].category == query["category"] for ref in top3)
    return any(ref in query["expect"] for ref in top3)


def python_top3(indexes, query):
    return [hit["ref"] for hit in search(indexes[query.get("lang", "da")], query["q"], limit=3)]


def test_the_query_set_is_big_enough_and_refers_to_real_criteria(corpus):
    assert len(QUERIES) >= 30
    for query in QUERIES:
        for ref in query.get("expect", []):
            assert ref in corpus.criteria, ref


def test_hit_at_3_from_the_command_line(corpus, indexes, capsys):
    misses = [q["q"] for q in QUERIES if not is_hit(q, python_top3(indexes, q), corpus)]
    rate = 1 - len(misses) / len(QUERIES)
    with capsys.disabled():
        print(f"\nsearch hit@3 (Python lunr): {rate:.3f} over {len(QUERIES)} queries; misses: {misses}")
    assert rate >= MIN_HIT_AT_3, misses


def test_query_plan_normalises_ids_and_cpv_codes():
    assert plan("IT-03") == [("it03", "code")] == plan("it3") == plan("It-003")
    assert plan("30213100-6") == [("30213100", "code")] == plan("30213100")
    assert plan("Svanemærket, møbler!") == [("svanemærket", "word"), ("møbler", "word")]


def test_danish_inflections_meet():
    """The index stems Danish words; the fuzzy clause catches what Snowball leaves apart."""
    from opslag.search_index import _stem_da, edit_distance

    assert _stem_da("økologiske") == _stem_da("økologisk")
    assert _stem_da("svanemærket") == _stem_da("svanemærke")
    assert edit_distance("møbel") >= 1 and edit_distance("rengøringsmiddel") == 2


def test_browser_search_ranks_like_the_command_line(page, corpus, indexes, capsys):
    hits = 0
    for query in QUERIES:
        lang = query.get("lang", "da")
        page.goto(("en/" if lang == "en" else "") + "soeg/?q=" + query["q"])
        page.wait_for_function("document.querySelector('#gpp-search-status').textContent.length > 0")
        links = page.locator("#gpp-results li > a").evaluate_all(
            "els => els.slice(0, 3).map(a => a.hash.slice(1).toUpperCase())")
        assert links == python_top3(indexes, query), query["q"]
        hits += is_hit(query, links, corpus)
    with capsys.disabled():
        print(f"\nsearch hit@3 (site, Chromium): {hits / len(QUERIES):.3f} over {len(QUERIES)} queries")
    assert hits / len(QUERIES) >= MIN_HIT_AT_3
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_header_search_box_works_after_instant_navigation(page, indexes, lang):
    """The box in the header (overrides/main.html, put in by assets/js/header.js) survives instant navigation
    and opens the search page of the reader's language with the query answered."""
    query = next(q for q in QUERIES if q.get("lang", "da") == lang and "expect" in q)
    prefix = "en/" if lang == "en" else ""
    page.goto(prefix)
    page.locator('.md-content a[href*="kategorier/"]').first.click()  # instant navigation
    page.wait_for_url(re.compile("kategorier/"))
    assert page.locator("form.gpp-header-search").count() == 1
    page.fill("#gpp-header-q", query["q"])
    page.press("#gpp-header-q", "Enter")
    page.wait_for_url(re.compile(f"/{prefix}soeg/\\?q="))
    page.wait_for_function("document.querySelector('#gpp-search-status').textContent.length > 0")
    links = page.locator("#gpp-results li > a").evaluate_all(
        "els => els.slice(0, 3).map(a => a.hash.slice(1).toUpperCase())")
    assert links == python_top3(indexes, query) and links
    assert page.locator("#gpp-header-q").input_value() == query["q"]
    assert page.js_errors == []

"""The filter component's one definition (opslag/model/facets.py) and what the pages and the
search index carry of it; the behaviour in a page is in tests/test_browser.py."""

import json
import re
from html import unescape

import pytest

from conftest import ROOT
from opslag.model import facets
from opslag.project import Project
from opslag.search.index import site_index_json
from opslag.site.pages import PageWriter


@pytest.fixture(scope="module")
def pages(corpus):
    return PageWriter(corpus, "da", Project(ROOT)).pages()


def test_the_options_come_from_the_vocabularies_and_the_corpus(corpus):
    v = corpus.vocab
    by_name = {f["name"]: f for f in facets.facets(corpus)}
    assert [o[0] for o in by_name["type"]["options"]] == v.ids("types")
    assert [o[0] for o in by_name["level"]["options"]] == v.levels_by_rank()
    assert [o[2] for o in by_name["level"]["options"]] == [v.level_rank(lvl) for lvl in v.levels_by_rank()]
    assert [o[0] for o in by_name["category"]["options"]] == [c.id for c in corpus.categories]
    used = {lbl for c in corpus.criteria.values() for lbl in c.labels}
    assert {o[0] for o in by_name["label"]["options"]} == used
    assert [f["name"] for f in facets.facets(corpus) if f["cumulative"]] == ["level"]
    assert len({f["param"] for f in facets.facets(corpus)}) == len(facets.FACETS)


def _forms(text):
    return re.findall(r'<form id="gpp-filters" class="gpp-filters".*?</form>', text, re.S)


def test_every_filtered_page_has_the_one_component_and_its_criteria_carry_their_values(pages, corpus):
    """Category, ecolabel, goal and type pages: one form with the facets less the page's own, and
    each listed criterion's data-facets are the definition's values."""
    kinds = {"kategorier/": "category", "maerker/": "label", "pogi/": "goal", "kravtyper/": "type"}
    seen = set()
    for path, text in pages.items():
        kind = next((k for prefix, k in kinds.items() if path.startswith(prefix)), None)
        if kind is None or path.endswith("index.md"):
            continue
        items = re.findall(r'data-facets="([^"]*)"', text)
        if not items:
            continue
        forms = _forms(text)
        assert len(forms) == 1, path
        params = re.findall(r'data-param="([^"]+)"', forms[0])
        assert params == [p for name, p, _ in facets.FACETS if name != kind], path
        for raw in items:
            values = json.loads(unescape(raw))
            ref = next(c for c in corpus.criteria.values() if facets.values(corpus, c) == values)
            assert ref is not None
        seen.add(kind)
    assert seen == set(kinds.values())


def test_the_search_page_has_the_same_component_and_the_index_the_same_values(pages, corpus, tmp_path):
    forms = _forms(pages["soeg.md"])
    assert len(forms) == 1 and 'data-dynamic="1"' in forms[0]
    assert re.findall(r'data-param="([^"]+)"', forms[0]) == [p for _, p, _ in facets.FACETS]
    data = json.loads(site_index_json(corpus, "da", ROOT / "web"))
    for ref, shown in zip(data["docs"], data["shown"]):
        assert shown["f"] == facets.values(corpus, corpus.criteria[ref])

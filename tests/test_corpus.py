"""The shipped corpus as issue #4 asks for it: coverage, spread, sources, translations."""
from collections import Counter

import pytest

from opslag.checker import check_project

from conftest import ROOT


@pytest.fixture(scope="module")
def result():
    return check_project(ROOT)


def test_shipped_corpus_has_no_errors_and_no_warnings(result):
    assert [d.format() for d in result.diagnostics] == []


def test_at_least_16_categories_with_6_to_15_criteria_each(result):
    assert len(result.categories) >= 16, sorted(result.categories)
    for cat_id, data in result.categories.items():
        assert 6 <= len(data["criteria"]) <= 15, (cat_id, len(data["criteria"]))


def test_each_category_spreads_over_types_and_levels(result):
    for cat_id, data in result.categories.items():
        types = Counter(c["type"] for c in data["criteria"])
        levels = Counter(c["level"] for c in data["criteria"])
        assert {"mindstekrav", "tildelingskriterium", "kontraktvilkår"} <= set(types), (cat_id, types)
        assert {"basis", "avanceret"} <= set(levels), (cat_id, levels)


def test_every_current_pogi_goal_has_a_category(result):
    used = {g for data in result.categories.values() for g in data.get("pogi_goals", [])}
    current = {i for i, g in result.vocab.entries["goals"].items() if g["status"] == "gældende"}
    assert current - used == set()


def test_every_ecolabel_is_accepted_by_at_least_one_criterion(result):
    used = {label for data in result.categories.values() for c in data["criteria"] for label in c.get("labels", [])}
    assert set(result.vocab.ids("labels")) - used == set()


def test_every_criterion_cites_an_https_source_and_has_english(result):
    for data in result.categories.values():
        for c in data["criteria"]:
            assert c["sources"] and all(s["url"].startswith("https://") for s in c["sources"]), c["id"]
            for field in ("title", "requirement", "verification", "rationale"):
                assert c[field].get("en"), (c["id"], field)


def test_danish_text_uses_danish_letters_and_is_not_mangled(result):
    text = " ".join(c["requirement"]["da"] for d in result.categories.values() for c in d["criteria"])
    assert {"æ", "ø", "å"} <= set(text)
    for broken in ("Ã¦", "Ã¸", "Ã¥", "\ufffd", "&amp;", "&lt;"):
        assert broken not in text

"""The shipped corpus: clean under `check --strict`, Danish letters intact."""

import pytest

from conftest import ROOT
from opslag.project import Project
from opslag.source.checker import check_project


@pytest.fixture(scope="module")
def result():
    return check_project(Project(ROOT))


def test_shipped_corpus_has_no_errors_and_no_warnings(result):
    """What `check --strict` enforces in CI; the corpus policies are rules with codes: https
    sources (S107), English (W301), every ecolabel accepted (W310), every POGI goal covered (W311).
    How many criteria a category has, and their spread over types and levels, is up to the editors."""
    assert [d.format() for d in result.diagnostics] == []


def test_danish_text_uses_danish_letters_and_is_not_mangled(result):
    text = " ".join(c["requirement"]["da"] for d in result.categories.values() for c in d["criteria"])
    assert {"æ", "ø", "å"} <= set(text)
    for broken in ("Ã¦", "Ã¸", "Ã¥", "\ufffd", "&amp;", "&lt;"):
        assert broken not in text

"""Typed placeholders ([[…]]): parsing, the mistakes an editor makes, and how every output shows them."""

import pytest

from conftest import FIXTURES, ROOT, stage
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.render.templates import Renderer
from opslag.source import placeholders as ph
from opslag.source.checker import check_project


def test_the_three_kinds_parse():
    parts = ph.parse(
        "Mindst [[økologiandel; enhed: %; forslag: 60]] i [[antal år]] for [[niveau; valg: Bronze | Sølv | Guld]]."
    )
    found = [p for p in parts if isinstance(p, ph.Placeholder)]
    assert found == [
        ph.Placeholder("økologiandel", "%", "60"),
        ph.Placeholder("antal år"),
        ph.Placeholder("niveau", options=("Bronze", "Sølv", "Guld")),
    ]
    assert [p.kind for p in found] == ["blank", "blank", "choice"]
    assert "".join(p for p in parts if isinstance(p, str)) == "Mindst  i  for ."


def test_english_keys_mean_the_same():
    assert ph.placeholders("[[share; unit: %; default: 60]] [[level; options: A | B]]") == [
        ph.Placeholder("share", "%", "60"),
        ph.Placeholder("level", options=("A", "B")),
    ]


MISTAKES = [
    ("[[]]", "no label"),
    ("[[ ; enhed: %]]", "no label"),
    ("[[andel; farve: rød]]", "is not 'enhed"),
    ("[[andel; enhed %]]", "is not 'enhed"),
    ("[[andel; enhed: %; enhed: kg]]", "twice"),
    ("[[andel; forslag: ]]", "has no value"),
    ("[[niveau; valg: Guld]]", "two or more options"),
    ("[[niveau; valg: Guld | ]]", "two or more options"),
    ("[[niveau; valg: Guld | Guld]]", "twice"),
    ("[[niveau; valg: A | B; forslag: C]]", "not one of the options"),
    ("[[niveau; valg: A | B; enhed: kg]]", "unit belongs"),
    ("[[" + "x" * 61 + "]]", "longer than"),
    ("mindst [[antal år i alt", "not closed"),
    ("mindst antal år]] i alt", "has no '[['"),
    ("mindst [[antal\når]]", "not closed"),
]


@pytest.mark.parametrize("text, says", MISTAKES)
def test_every_mistake_is_found_and_explained(text, says):
    problems = ph.problems(text)
    assert len(problems) >= 1 and says in problems[0].message, [p.message for p in problems]


def test_old_style_brackets_are_found_once_each_with_their_offset():
    text = "Mindst [X] % og [antal år"
    assert [p.offset for p in ph.problems(text)] == [7, 16]
    assert ph.problems(text, old_style=False) == []


def test_display_keeps_unfilled_placeholders_visibly_bracketed_in_each_language():
    text = "[[andel; enhed: %; forslag: 60]], [[niveau; valg: A | B]], [[antal år]]"
    assert ph.display(text, "da") == "[andel (%); forslag: 60 %], [vælg niveau: A / B], [antal år]"
    assert ph.display(text, "en") == "[andel (%); suggested: 60 %], [choose niveau: A / B], [antal år]"
    assert ph.display("[[ukendt; x: y]] tekst", "da") == "[[ukendt; x: y]] tekst"  # the checker reports it


def test_segments_are_json_ready_for_the_builder():
    assert ph.segments("a [[b; valg: x | y]] c") == [
        "a ",
        {"label": "b", "unit": "", "default": "", "options": ["x", "y"]},
        " c",
    ]


@pytest.fixture(scope="module")
def renderer(tmp_path_factory):
    folder = stage(FIXTURES / "good" / "rengoering-eksempel.yaml", tmp_path_factory.mktemp("ph") / "criteria")
    check = check_project(Project(ROOT, criteria=folder))
    assert check.ok
    return Renderer(build_corpus(check.categories, check.vocab), "da", Project(ROOT))


def test_cards_mark_placeholders_and_escape_around_them(renderer):
    crit = renderer.corpus.criteria["EKS-01"]
    html = str(renderer.block(crit.requirement))
    assert '<mark class="gpp-ph">[produktlistens navn]</mark>' in html
    assert "[[" not in html


def test_tender_text_and_markdown_show_the_placeholder_bracketed(renderer):
    crit = renderer.corpus.criteria["EKS-01"]
    assert "på [produktlistens navn]." in renderer.criterion_text(crit)
    assert r"\[produktlistens navn\]" in renderer.criterion_markdown(crit)
    english = Renderer(renderer.corpus, "en", Project(ROOT))
    assert "on [name of the product list]." in english.criterion_text(crit)

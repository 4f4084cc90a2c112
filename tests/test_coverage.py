"""Every POGI goal and every EU GPP group is decided: covered by a category, or listed with a reason
why not (vocab/pogi_goals.yaml and vocab/eu_gpp_groups.yaml, `not_covered`). The page "Hvad dækker
opslagsværket ikke" (daekning/) is made from the same data and shows every decision."""

import html
import re
import shutil

import pytest
import yaml

from conftest import FIXTURES, ROOT, stage
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.site.pages import COVERAGE_PAGE, PageWriter
from opslag.source.checker import check_project
from opslag.source.rules import check_coverage

# (vocabulary key, the category field that refers to it)
DECISIONS = (("goals", "pogi_goals"), ("gpp_groups", "eu_gpp_groups"))


@pytest.fixture(scope="module")
def project():
    result = check_project(Project(ROOT))
    assert result.ok, [d.format() for d in result.errors]
    return result


def covering(categories: dict, field: str, id_: str) -> list:
    return [cat_id for cat_id, data in categories.items() if id_ in (data.get(field) or [])]


@pytest.mark.parametrize("key, field", DECISIONS)
def test_every_goal_and_group_is_covered_or_has_a_reason(project, key, field):
    undecided, both = [], []
    for id_, entry in project.vocab.entries[key].items():
        cats = covering(project.categories, field, id_)
        if not cats and not entry.get("not_covered"):
            undecided.append(id_)
        if cats and entry.get("not_covered"):
            both.append((id_, cats))
    assert undecided == [], f"no category and no not_covered reason in vocab: {undecided}"
    assert both == [], f"covered by a category and also given a reason: {both}"


@pytest.mark.parametrize("key, field", DECISIONS)
def test_a_reason_that_names_a_category_names_a_real_one(project, key, field):
    for id_, entry in project.vocab.entries[key].items():
        reason = entry.get("not_covered")
        if not reason:
            continue
        names = project.vocab.get("coverage_reasons", reason["reason"]).get("names_category")
        assert bool(reason.get("category")) == bool(names), id_
        if reason.get("category"):
            assert reason["category"] in project.categories, id_


def test_the_eu_gpp_list_has_every_set_on_the_commissions_page(project):
    """The Commission's page (checked 2026-12-06) lists 14 current and 6 outdated sets; withdrawn sets
    are kept so the page can say why they have no category."""
    groups = project.vocab.entries["gpp_groups"]
    by_status = {s: [g for g, e in groups.items() if e["status"] == s] for s in project.vocab.ids("gpp_statuses")}
    assert len(by_status["gældende"]) == 14
    assert len(by_status["forældet"]) == 6
    assert by_status["udgået"]  # indoor lighting, CHP, wall panels, ...


@pytest.fixture(scope="module", params=["da", "en"])
def coverage_page(request, project):
    writer = PageWriter(build_corpus(project.categories, project.vocab), request.param, Project(ROOT))
    return request.param, writer.pages()[COVERAGE_PAGE], writer


def _label(vocab, key, id_, field, lang):
    text = vocab.get(key, id_)[field]
    return text.get(lang) or text["da"]


def _cell(page: str, marker: str) -> str:
    """The table row that holds `marker`, tags removed (the text a reader sees)."""
    index = page.index(marker)
    row = page[page.rindex("<tr", 0, index) : page.index("</tr>", index)]
    return html.unescape(re.sub(r"<[^>]+>", "", row))


def test_the_page_shows_every_undecided_entry_with_its_reason(project, coverage_page):
    lang, page, _ = coverage_page
    vocab = project.vocab
    for key, field in DECISIONS:
        for id_, entry in vocab.entries[key].items():
            if covering(project.categories, field, id_):
                continue
            prefix = "gpp-" if key == "gpp_groups" else "pogi-"
            row = _cell(page, f'id="{prefix}{id_}"')
            reason = entry["not_covered"]
            assert _label(vocab, "coverage_reasons", reason["reason"], "label", lang) in row, id_
            note = reason["note"].get(lang) or reason["note"]["da"]
            assert " ".join(note.split()) in " ".join(row.split()), id_
            if reason.get("category"):
                title = project.categories[reason["category"]]["title"]
                assert (title.get(lang) or title["da"]) in row, id_


def test_the_page_names_the_categories_of_every_covered_group(project, coverage_page):
    lang, page, _ = coverage_page
    table = page[page.index("#alle-eu-gpp") :]
    for id_ in project.vocab.ids("gpp_groups"):
        name = _label(project.vocab, "gpp_groups", id_, "name", lang)
        row = _cell(table, f'rel="noopener">{html.escape(name)}')
        for cat_id in covering(project.categories, "eu_gpp_groups", id_):
            title = project.categories[cat_id]["title"]
            assert (title.get(lang) or title["da"]) in row, (id_, cat_id)


def test_the_page_says_so_when_every_goal_is_covered(project, coverage_page):
    lang, page, writer = coverage_page
    if all(covering(project.categories, "pogi_goals", g) for g in project.vocab.ids("goals")):
        assert writer.r.strings["coverage_no_goals_missing"] in page


def test_a_goal_with_a_reason_needs_no_category(project):
    """W311 is for a goal nobody decided on; a reason is a decision."""
    vocab = project.vocab
    goal = next(iter(vocab.entries["goals"]))
    categories = {c: {k: v for k, v in d.items() if k != "pogi_goals"} for c, d in project.categories.items()}
    codes = [d.code for d in check_coverage(categories, vocab) if goal in d.message]
    assert "W311" in codes
    vocab.entries["goals"][goal] = dict(
        vocab.entries["goals"][goal], not_covered={"reason": "ikke-skrevet-endnu", "note": {"da": "x"}}
    )
    try:
        codes = [d.code for d in check_coverage(categories, vocab) if f"'{goal}'" in d.message]
        assert codes == []
    finally:
        del vocab.entries["goals"][goal]["not_covered"]


def test_a_folder_of_examples_is_not_held_to_the_register(tmp_path):
    """The fixture folder covers one group; the coverage warnings stay off outside criteria/."""
    folder = stage(FIXTURES / "good" / "rengoering-eksempel.yaml", tmp_path / "criteria")
    result = check_project(Project(ROOT, criteria=folder))
    assert not [d for d in result.diagnostics if d.code in ("W311", "W312", "W313")]


def test_a_new_group_without_a_decision_is_reported(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "vocab", root / "vocab")
    shutil.copytree(ROOT / "criteria", root / "criteria")
    path = root / "vocab" / "eu_gpp_groups.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["gpp_groups"].append(
        {
            "id": "nyt-saet",
            "name": {"da": "Nyt sæt", "en": "New set"},
            "document": "EU GPP criteria for something new",
            "status": "gældende",
            "url": "https://green-business.ec.europa.eu/green-public-procurement/gpp-criteria-and-requirements_en",
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")
    result = check_project(Project(root, criteria=root / "criteria"), coverage=True)
    assert [d.code for d in result.diagnostics if "nyt-saet" in d.message] == ["W312"]

"""Editions (editions/<id>.yaml and editions/<id>/*.yaml): the overlay is checked like every other file,
with located Danish messages, and an edition's own criteria pass the same schema and rules as criteria/.

Each case is a small edit to one good overlay (tests/fixtures/editions/eksempel.yaml, over the good
criteria fixture) or to its own category, and asserts exactly one code and variant at one line."""

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rule_cases import GOOD_TEXT, apply, line_of

from conftest import FIXTURES, ROOT
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.source.checker import check_project

OVERLAY = (FIXTURES / "editions" / "eksempel.yaml").read_text(encoding="utf-8")
# The edition's own category: the good criteria fixture with its own prefix and id (EGN-01 only).
OWN = (
    apply(GOOD_TEXT, [("prefix: EKS", "prefix: EGN")])
    .split("  - id: EKS-02\n")[0]
    .replace("EKS-01", "EGN-01")
    .replace("title:\n  da: Eksempel på rengøringsmidler", "title:\n  da: Eksempel Kommunes egne krav", 1)
)


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    variant: str
    overlay: tuple = ()  # edits to the overlay
    own: tuple = ()  # edits to the own category file
    at: str = ""  # the expected line: the first line holding this text in the edited file
    at_file: str = "eksempel.yaml"
    files: dict = field(default_factory=dict)  # more files under editions/: relative path -> text


CASES = [
    Case("unknown criterion id", "R260", "unknown", (("[EKS-02]", "[EKS-20]"),), at="[EKS-20]"),
    Case("retired criterion made mandatory", "R260", "retired", (("[EKS-02]", "[EKS-03]"),), at="[EKS-03]"),
    Case(
        "criterion twice in mandatory",
        "R261",
        "twice",
        (("  - {id: EGN-01, decision: klimaplan}", "  - {id: EKS-01, decision: klimaplan}"),),
        at="  - {id: EKS-01, decision: klimaplan}",
    ),
    Case("criterion both mandatory and recommended", "R261", "both", (("[EKS-02]", "[EKS-01]"),), at="[EKS-01]"),
    Case(
        "unknown decision",
        "R262",
        "unknown",
        (("{id: EGN-01, decision: klimaplan}", "{id: EGN-01, decision: klimaplanen}"),),
        at="decision: klimaplanen",
    ),
    Case(
        "decision defined twice",
        "R262",
        "duplicate",
        (("  - id: klimaplan", "  - id: miljoekrav"), ("decision: klimaplan}", "decision: miljoekrav}")),
        at="  - id: miljoekrav\n    body: {da: Kommunalbestyrelsen, en: The municipal council}\n    title: {da: Klimaplan",
    ),
    Case(
        "decision dated a day that does not exist", "R201", "calendar", (("2026-06-01", "2026-02-30"),), at="2026-02-30"
    ),
    Case(
        "decision date not written as a date", "S105", "", (("date: 2026-06-01", "date: 1. juni 2026"),), at="1. juni"
    ),
    Case(
        "decision link not https",
        "S107",
        "",
        (("https://example.dk/klimaplan", "http://example.dk/klimaplan"),),
        at="http://",
    ),
    Case("markup in a text", "R209", "", (("En kommune til test.", "En <b>kommune</b> til test."),), at="<b>"),
    Case("unknown field", "S101", "", (("pogi_goals:", "pogi_goal:"),), at="pogi_goal:"),
    Case(
        "own criterion names a label without 'or an equivalent label'",
        "R222",
        "",
        own=(("EU-Blomsten eller et tilsvarende mærke.", "EU-Blomsten."),),
        at="EU-Blomsten.",
        at_file="egne-krav.yaml",
    ),
    Case(
        "own category takes a shared prefix",
        "R206",
        "",
        (("EGN-01, decision", "EKS-04, decision"),),
        own=(("EGN-01", "EKS-04"), ("prefix: EGN", "prefix: EKS")),
        at="prefix: EKS",
        at_file="egne-krav.yaml",
    ),
    Case(
        "own category named like a shared one",
        "R263",
        "shared",
        files={"eksempel/fixture.yaml": OWN.replace("EGN", "EGO")},
        at_file="fixture.yaml",
    ),
    Case("edition file name with a capital letter", "R263", "file", files={"Kbh.yaml": OVERLAY}, at_file="Kbh.yaml"),
    Case("own criteria folder without an overlay", "R263", "overlay", files={"aarhus/x.yaml": OWN}, at_file="aarhus"),
]


def stage(tmp_path: Path, case: Case | None = None) -> Project:
    """A project: the real vocabularies, the good criteria fixture as criteria/, and editions/eksempel."""
    root = tmp_path / "project"
    (root / "criteria").mkdir(parents=True)
    os.symlink(ROOT / "vocab", root / "vocab")
    (root / "criteria" / "fixture.yaml").write_text(GOOD_TEXT, encoding="utf-8")
    editions = root / "editions"
    (editions / "eksempel").mkdir(parents=True)
    (editions / "eksempel.yaml").write_text(apply(OVERLAY, case.overlay if case else ()), encoding="utf-8")
    (editions / "eksempel" / "egne-krav.yaml").write_text(apply(OWN, case.own if case else ()), encoding="utf-8")
    for rel, text in (case.files if case else {}).items():
        (editions / rel).parent.mkdir(parents=True, exist_ok=True)
        (editions / rel).write_text(text, encoding="utf-8")
    return Project(root)


def check(project, **options):
    """The checker without the register-wide coverage warnings (the fixture covers one goal only)."""
    return check_project(project, coverage=False, **options)


def test_good_edition_is_clean_and_becomes_the_model(tmp_path):
    project = stage(tmp_path)
    assert check(project, editions=True).diagnostics == []
    national = check(project)
    assert national.edition is None and list(national.categories) == ["fixture"]  # the national library
    chosen = check(project.with_(edition="eksempel"))
    assert chosen.ok and list(chosen.categories) == ["egne-krav", "fixture"]
    corpus = build_corpus(chosen.categories, chosen.vocab, chosen.edition)
    ed = corpus.edition
    assert ed.name.da == "Eksempel Kommune" and ed.own == ("egne-krav",)
    assert ed.mandatory["EKS-01"].date == "2026-05-04" and ed.mandatory["EGN-01"].id == "klimaplan"
    assert ed.recommended == ("EKS-02",) and corpus.criteria["EGN-01"].category == "egne-krav"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_edition_rule_reports_exactly_its_code_at_its_line(case, tmp_path):
    project = stage(tmp_path, case)
    result = check(project, editions=True)
    if case.at_file == "egne-krav.yaml":
        text = apply(OWN, case.own)
    elif case.at_file == "eksempel.yaml":
        text = apply(OVERLAY, case.overlay)
    else:
        text = ""
    line = line_of(text, case.at) if case.at else 1
    found = [(d.code, d.variant, Path(d.file).name, d.line) for d in result.diagnostics]
    assert found == [(case.code, case.variant or found[0][1], case.at_file, line)], "\n".join(
        d.format() for d in result.diagnostics
    )
    message = result.diagnostics[0].format()
    assert f":{line}:" in message and case.code in message  # file:line:column: CODE message, in Danish


def test_an_own_criterion_reusing_a_shared_id_is_blamed_in_the_edition(tmp_path):
    case = Case(
        "reuse",
        "",
        "",
        (("EGN-01, decision", "EKS-02, decision"), ("[EKS-02]", "[]")),
        own=(("EGN-01", "EKS-02"), ("prefix: EGN", "prefix: EKS")),
    )
    result = check(stage(tmp_path, case), editions=True)
    found = sorted((d.code, Path(d.file).name) for d in result.diagnostics)
    assert found == [("R202", "egne-krav.yaml"), ("R206", "egne-krav.yaml")]  # the shared file is not blamed


def test_all_edition_problems_are_reported_at_once(tmp_path):
    """Three mistakes in one overlay and one in its own category: four messages, no traceback."""
    case = Case(
        "many",
        "",
        "",
        (("[EKS-02]", "[EKS-20]"), ("2026-06-01", "2026-02-30"), ("decision: klimaplan}", "decision: klima}")),
        own=(("EU-Blomsten eller et tilsvarende mærke.", "EU-Blomsten."),),
    )
    result = check(stage(tmp_path, case), editions=True)
    assert sorted(d.code for d in result.diagnostics) == ["R201", "R222", "R260", "R262"]


def test_a_broken_edition_does_not_stop_the_national_check_of_criteria(tmp_path):
    """The national build reads nothing in editions/: a broken overlay stops only `check` (all
    editions) and a build of that edition."""
    case = Case("x", "", "", (("[EKS-02]", "[EKS-20]"),))
    project = stage(tmp_path, case)
    assert check(project).ok
    assert not check(project, editions=True).ok
    assert not check(project.with_(edition="eksempel")).ok


def test_the_shipped_editions_pass_and_each_has_badges_goals_and_an_own_criterion():
    for edition in ("kobenhavn", "aalborg"):
        result = check_project(Project(edition=edition))
        assert result.ok, "\n".join(d.format() for d in result.errors)
        ed = build_corpus(result.categories, result.vocab, result.edition).edition
        assert ed.mandatory and ed.goals and ed.own and ed.example  # examples, and marked so
        own = [c for c in result.categories[ed.own[0]]["criteria"]]
        assert own and any(c["id"] in ed.mandatory for c in own)


def produced_by_editions(tmp_path: Path) -> set:
    """Every (code, variant) the edition cases produce (tests/test_fixtures.py counts them)."""
    out = set()
    for i, case in enumerate(CASES):
        result = check(stage(tmp_path / f"e{i}", case), editions=True)
        out |= {(d.code, d.variant) for d in result.diagnostics}
    return out


def test_cli_check_names_every_edition_problem_and_build_refuses_an_unknown_edition(tmp_path, capsys):
    from opslag.cli.main import main

    assert main(["build", "--edition", "ingen-slags", "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "ingen-slags" in err and "kobenhavn" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()
    shutil.rmtree(tmp_path, ignore_errors=True)


def _tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_national_build_is_byte_for_byte_unchanged_by_editions(built_site, site_url, tmp_path):
    """The session's national build of this checkout (which has editions/, with Copenhagen and
    Aalborg) against a build of the same project without an editions/ folder: the same bytes."""
    from opslag.site.build import build_site

    root = tmp_path / "project"
    root.mkdir()
    for name in os.listdir(ROOT):
        if name in ("criteria", "vocab", "templates", "docs", "web", "overrides", "schema") or name.startswith(
            "mkdocs"
        ):
            os.symlink(ROOT / name, root / name)
    assert (ROOT / "editions" / "kobenhavn.yaml").exists() and not (root / "editions").exists()
    result = build_site(Project(root, out=tmp_path / "site", site_url=site_url))
    assert result.ok, result.error
    with_editions, without = _tree(built_site), _tree(tmp_path / "site")
    assert sorted(with_editions) == sorted(without)
    assert [path for path in without if with_editions[path] != without[path]] == []


def test_published_edition_schema_is_generated_from_the_model():
    from opslag.source.schema import dumps, edition_schema
    from opslag.source.vocab import load_vocabulary

    vocab, _ = load_vocabulary(ROOT / "vocab")
    published = (ROOT / "schema" / "edition.schema.json").read_text(encoding="utf-8")
    assert published == dumps(edition_schema(vocab)), "run: python build.py schema"
    for edition in ("kobenhavn", "aalborg"):  # editors' tools find it
        first = (ROOT / "editions" / f"{edition}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/edition.schema.json"

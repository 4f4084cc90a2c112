"""Every rule, one case each: exactly that code and message, at that line, and nothing else.

The cases are small edits to the good fixture (tests/rule_cases.py); byte-level YAML problems
and folder-level ones stay as files in tests/fixtures/bad/ with a '# expect: CODE line N' header.
Together they produce every message variant of every code in opslag/source/registry.py, so deleting
any rule, or any branch of one, fails a test here.
"""

import shutil
from pathlib import Path

import pytest
import yaml
from rule_cases import CASES, GOOD_TEXT, LOADER_CASES, UNREACHED, Case, apply, line_of

from conftest import FIXTURES, ROOT, expectation, stage
from opslag.project import Project
from opslag.source import placeholders
from opslag.source.checker import check_project
from opslag.source.registry import BY_CODE, ERROR
from opslag.source.yamlsource import load_text

BAD_FILES = sorted(p for p in (FIXTURES / "bad").iterdir() if p.suffix == ".yaml" or p.is_dir())
GOOD = sorted((FIXTURES / "good").glob("*.yaml"))


def stage_case(case: Case, tmp_path: Path) -> tuple[Path, Path, dict]:
    """(project root with the vocabularies, criteria folder, {file name: text}) for one case."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "vocab", root / "vocab")
    texts = {}
    for name, edits in case.vocab.items():
        path = root / "vocab" / name
        path.write_text(apply(path.read_text(encoding="utf-8"), edits), encoding="utf-8")
    if case.coverage:  # only the entries the good fixture uses, so one unused one stands out
        _keep_only(root / "vocab" / "ecolabels.yaml", "labels", {"svanemaerket", "eu-blomsten"})
        _keep_only(root / "vocab" / "pogi_goals.yaml", "goals", {"pogi-rengoering"})
        _keep_only(root / "vocab" / "eu_gpp_groups.yaml", "gpp_groups", {"indvendig-rengoering"})
    for path in (root / "vocab").iterdir():
        texts[path.name] = path.read_text(encoding="utf-8")
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    for name, edits in case.files.items():
        (criteria / name).write_text(apply(GOOD_TEXT, edits), encoding="utf-8")
    (criteria / case.file).write_text(case.text(), encoding="utf-8")
    texts[case.file] = case.text()
    return root, criteria, texts


def _keep_only(path: Path, key: str, ids: set) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[key] = [e for e in data[key] if e["id"] in ids]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")


def run_case(case: Case, tmp_path: Path):
    root, criteria, texts = stage_case(case, tmp_path)
    return check_project(Project(root, criteria=criteria), coverage=case.coverage), texts


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}-{c.name}")
def test_each_rule_reports_exactly_its_code(case, tmp_path):
    result, texts = run_case(case, tmp_path)
    at_file = case.at_file or case.file
    line = line_of(texts[at_file], case.at)
    found = [(d.code, d.variant, Path(d.file).name, d.line) for d in result.diagnostics]
    variant = case.variant or next(iter(BY_CODE[case.code].messages))
    assert found == [(case.code, variant, at_file, line)], "\n".join(d.format() for d in result.diagnostics)
    assert result.ok == (BY_CODE[case.code].severity != ERROR)
    diag = result.diagnostics[0]
    assert len(diag.message) > 20 and len(diag.da) > 20 and diag.message != diag.da  # both languages, each its own


@pytest.mark.parametrize("fixture", BAD_FILES, ids=lambda p: p.name)
def test_each_byte_level_fixture_reports_exactly_its_code(fixture, tmp_path):
    code, line, _ = expectation(fixture)
    folder = stage(fixture, tmp_path / "criteria")
    result = check_project(Project(ROOT, criteria=folder))
    found = [(d.code, d.line) for d in result.diagnostics]
    assert found == [(code, line)], "\n".join(d.format() for d in result.diagnostics)
    assert result.ok == (BY_CODE[code].severity != ERROR)


def too_large(folder: Path) -> Path:
    """The good fixture padded with a comment to one byte over the size limit (Y012): made here,
    not committed, since a 2 MB file in the repository would only say 'big'."""
    from opslag.source.yamlsource import MAX_BYTES

    folder.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "good" / "rengoering-eksempel.yaml").read_bytes()
    (folder / "fixture.yaml").write_bytes(b"#" + b" " * (MAX_BYTES - len(text) - 1) + b"\n" + text)
    return folder


def test_a_file_over_the_size_limit_is_one_y012_at_its_start(tmp_path):
    result = check_project(Project(ROOT, criteria=too_large(tmp_path / "criteria")))
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("Y012", 1, 1)]
    assert "2.097.153" in result.diagnostics[0].da  # its size, written the Danish way


@pytest.mark.parametrize("raw, expected", LOADER_CASES, ids=lambda v: repr(v)[:30])
def test_loader_messages(raw, expected):
    assert [(d.code, d.variant, d.line) for d in load_text("x.yaml", raw).diagnostics] == expected


def produced_variants(tmp_path: Path) -> set:
    """Every (code, variant) the cases, the byte-level fixtures and the placeholder table produce."""
    out = set()
    for i, case in enumerate(CASES):
        result, _ = run_case(case, tmp_path / f"case{i}")
        out |= {(d.code, d.variant) for d in result.diagnostics}
    for i, fixture in enumerate(BAD_FILES):
        result = check_project(Project(ROOT, criteria=stage(fixture, tmp_path / f"file{i}" / "criteria")))
        out |= {(d.code, d.variant) for d in result.diagnostics}
    result = check_project(Project(ROOT, criteria=too_large(tmp_path / "too-large" / "criteria")))
    out |= {(d.code, d.variant) for d in result.diagnostics}
    for raw, _ in LOADER_CASES:
        out |= {(d.code, d.variant) for d in load_text("x.yaml", raw).diagnostics}
    from test_placeholders import MISTAKES

    for text, _ in MISTAKES + [("Mindst [X] % og", "")]:
        out |= {("R211", p.variant) for p in placeholders.problems(text)}
    return out


def test_every_message_of_every_rule_is_produced_by_a_case(tmp_path):
    from test_editions import produced_by_editions  # editions/<id>.yaml and their own criteria
    from test_hardening import produced_by_hardening  # folder reading: links, pipes, folders

    wanted = {
        (code, variant) for code, rule in BY_CODE.items() if not code.startswith("D") for variant in rule.messages
    }
    (tmp_path / "hardening").mkdir()
    produced = produced_variants(tmp_path) | produced_by_hardening(tmp_path / "hardening")
    produced |= produced_by_editions(tmp_path / "editions")
    missing = wanted - produced - set(UNREACHED)
    assert missing == set(), f"messages no test produces: {sorted(missing)}"
    assert set(UNREACHED) <= wanted  # the exemptions name real messages


@pytest.mark.parametrize("fixture", GOOD, ids=lambda p: p.name)
def test_good_fixture_is_clean(fixture, tmp_path):
    result = check_project(Project(ROOT, criteria=stage(fixture, tmp_path / "criteria")))
    assert result.diagnostics == []
    assert list(result.categories) == ["fixture"]


def test_all_problems_are_reported_in_one_run(tmp_path):
    """Many single-file cases at once, each in its own file with its own prefix: each still
    reports its own problem (nothing stops at the first error)."""
    folder = tmp_path / "criteria"
    folder.mkdir()
    expected = set()
    singles = [
        c
        for c in CASES
        if not (c.files or c.vocab or c.coverage or c.file != "fixture.yaml" or c.code in ("R202", "R206"))
    ]
    for i, case in enumerate(singles):
        prefix = "E" + chr(65 + i // 26) + chr(65 + i % 26)
        text = case.text().replace("EKS", prefix)
        (folder / f"f{i:02d}.yaml").write_text(text, encoding="utf-8")
        expected.add((f"f{i:02d}.yaml", case.code, line_of(text, case.at.replace("EKS", prefix))))
    result = check_project(Project(ROOT, criteria=folder))
    found = {(Path(d.file).name, d.code, d.line) for d in result.diagnostics}
    assert expected <= found, sorted(expected - found)

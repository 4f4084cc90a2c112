"""One bad fixture per diagnostic code: exactly that code, at that line, and nothing else."""
from pathlib import Path

import pytest

from opslag.checker import check_project
from opslag.diagnostics import CODES, ERROR

from conftest import FIXTURES, ROOT, expectation, stage

BAD = sorted(p for p in (FIXTURES / "bad").iterdir() if p.suffix == ".yaml" or p.is_dir())
GOOD = sorted((FIXTURES / "good").glob("*.yaml"))


def test_every_code_has_a_bad_fixture():
    covered = {p.name.split("-")[0] for p in BAD}
    file_codes = {c for c in CODES if not c.startswith("D")}  # D: the review of a change, tests/test_review.py
    assert covered == file_codes, f"codes without fixture: {file_codes - covered}; extra: {covered - file_codes}"


@pytest.mark.parametrize("fixture", BAD, ids=lambda p: p.name)
def test_bad_fixture_reports_exactly_its_code(fixture, tmp_path):
    code, line, expected_file = expectation(fixture)
    folder = stage(fixture, tmp_path / "criteria")
    result = check_project(ROOT, folder)
    found = [(d.code, d.line) for d in result.diagnostics]
    assert found == [(code, line)], "\n".join(d.format() for d in result.diagnostics)
    assert result.ok == (CODES[code][0] != ERROR)
    # the message names the file and says how to fix it
    diag = result.diagnostics[0]
    assert "criteria" in (Path(diag.file).parent.name, Path(diag.file).name)  # a file in it, or the folder
    assert len(diag.message) > 20


@pytest.mark.parametrize("fixture", GOOD, ids=lambda p: p.name)
def test_good_fixture_is_clean(fixture, tmp_path):
    result = check_project(ROOT, stage(fixture, tmp_path / "criteria"))
    assert result.diagnostics == []
    assert list(result.categories) == ["fixture"]


def test_all_problems_are_reported_in_one_run(tmp_path):
    """Every single-file bad fixture at once: each of them still reports its own error."""
    folder = tmp_path / "criteria"
    expected = set()
    for i, fixture in enumerate(p for p in BAD if p.is_file() and b"# file:" not in p.read_bytes()[:200]):
        code, line, _ = expectation(fixture)
        target = folder / f"f{i:02d}.yaml"
        folder.mkdir(exist_ok=True)
        target.write_bytes(fixture.read_bytes())
        expected.add((target.name, code, line))
    result = check_project(ROOT, folder)
    found = {(Path(d.file).name, d.code, d.line) for d in result.diagnostics}
    assert expected <= found

"""`build.py new` (scaffolds that cannot land unfinished) and `build.py fmt` (one layout)."""

import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from opslag.editor import fmt
from opslag.editor.scaffold import free_prefix, next_id
from opslag.project import Project
from opslag.source.checker import check_project
from opslag.source.schema import category_schema
from opslag.source.yamlsource import load_file

GOOD_TEXT = (FIXTURES / "good" / "rengoering-eksempel.yaml").read_text(encoding="utf-8")


def run(*args):
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, timeout=300, cwd=ROOT
    )


@pytest.fixture
def criteria(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    shutil.copy(FIXTURES / "good" / "rengoering-eksempel.yaml", folder / "eksempel.yaml")
    return folder


def _fill_todos(text: str) -> str:
    """What an editor does with a scaffold: every TODO replaced by a real value."""
    real = {
        "type": "mindstekrav",
        "level": "basis",
        "category": "2",
        "url": "https://mst.dk/",
        "cpv": '"39830000-9"',
        "eforms": "clim-mitig",
    }
    out = []
    for line in text.splitlines():
        if "TODO" in line:
            head = line[: line.index("TODO")].rstrip(' "')
            key = head.strip().rstrip(":").lstrip("- ") or (
                "cpv" if "CPV" in line else "eforms" if "eForms" in line else ""
            )
            line = (
                f"{head} {real.get(key, 'Udfyldt tekst.')}"
                if head.strip()
                else line[: line.index("TODO")] + "Udfyldt tekst."
            )
            line = line if not line.strip().startswith('"') else line.replace(' "', "", 1)
        out.append(line)
    return "\n".join(out) + "\n"


def test_new_category_is_rejected_until_every_todo_is_filled_in(criteria):
    proc = run("new", "category", "legetoej", "--criteria", str(criteria), "--date", "2026-11-27")
    assert proc.returncode == 0, proc.stderr
    path = criteria / "legetoej.yaml"
    result = check_project(Project(ROOT, criteria=criteria))
    codes = {d.code for d in result.diagnostics}
    assert codes == {"R250"} and not result.ok  # only the TODOs speak, each at its own line
    todo_lines = {i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if "TODO" in line}
    assert sorted(d.line for d in result.diagnostics) == sorted(todo_lines)
    data = load_file(path).data
    assert data["prefix"] == "LEGE" and data["updated"] == "2026-11-27"
    assert data["criteria"][0]["id"] == "LEGE-01" and data["criteria"][0]["history"][0]["date"] == "2026-11-27"
    required = category_schema(result.vocab)["required"]
    assert set(required) <= set(data)
    crit_required = category_schema(result.vocab)["properties"]["criteria"]["items"]["required"]
    assert set(crit_required) <= set(data["criteria"][0])
    path.write_text(_fill_todos(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = check_project(Project(ROOT, criteria=criteria))
    assert [d.format() for d in result.diagnostics] == []


def test_new_criterion_takes_the_next_free_id_and_keeps_the_file(criteria):
    before = (criteria / "eksempel.yaml").read_text(encoding="utf-8")
    proc = run("new", "criterion", "eksempel", "--criteria", str(criteria), "--date", "2026-11-27")
    assert proc.returncode == 0, proc.stderr
    after = (criteria / "eksempel.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # appended, nothing else touched
    result = check_project(Project(ROOT, criteria=criteria))
    assert {d.code for d in result.diagnostics} == {"R250"}
    assert all(d.path.startswith("criteria[3]") for d in result.diagnostics)
    assert load_file(criteria / "eksempel.yaml").data["criteria"][3]["id"] == "EKS-04"


def test_new_refuses_what_it_cannot_do(criteria):
    assert run("new", "criterion", "findes-ikke", "--criteria", str(criteria)).returncode == 1
    proc = run("new", "category", "eksempel", "--criteria", str(criteria))
    assert proc.returncode == 1 and "findes allerede" in proc.stderr
    proc = run("new", "category", "Ny Kategori", "--criteria", str(criteria))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_prefix_and_id_helpers():
    assert free_prefix("møbler", set()) == "MOEB"
    assert free_prefix("møbler", {"MOEB", "MOE"}) == "MOEBL"
    assert next_id("EKS", ["EKS-01", "EKS-07", "AB-09"]) == "EKS-08"
    assert next_id("NY", []) == "NY-01"


# -- fmt ---------------------------------------------------------------------------------------
MESSY = """\
# yaml-language-server: $schema=../schema/category.schema.json
title:   # the name
    da: Rod   
    en: Mess
prefix: ROD
summary: {en: A summary., da: Et resumé.}
scope:
    da: |
      Første linje, som er meget lang og fortsætter og fortsætter, indtil den er over grænsen for linjebredde, som fmt bruger.
      - et punkt, der også er meget langt, men som aldrig brydes, fordi en liste ikke må brydes midt i et punkt
    en: Scope.
cpv: ["39830000-9"]
label_market: {assessed: 2026, category: 1}
sources:
  - url: https://mst.dk/
    title: MST
updated: 2026-11-01
criteria:
  - version: 1
    id: ROD-01
    type: mindstekrav
    level: basis
    status: gældende
    valid_from: 2026-11-01
    title: {da: Titel, en: Title}
    requirement: {da: "Krav med [[antal; enhed: år]] # ikke en kommentar", en: "Requirement [[number; unit: years]]"}
    verification: {da: Bevis., en: Proof.}
    follow_up: {da: Kontrol., en: Checked.}
    rationale: {da: Fordi., en: Because.}
    sources:
      - {title: MST, url: "https://mst.dk/"}
    history:
      - {date: 2026-11-01, version: 1, change: {da: Første udgave., en: First edition.}}
"""


def test_fmt_orders_keys_wraps_strips_and_keeps_meaning_and_comments(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    path = folder / "rod.yaml"
    path.write_text(MESSY, encoding="utf-8")
    before = check_project(Project(ROOT, criteria=folder))
    assert {d.code for d in before.diagnostics} == {"R253"}  # only the trailing spaces, which fmt removes
    before_data = load_file(path).data
    [outcome] = fmt.format_tree(ROOT, [folder], write=True)
    assert outcome.changed and not outcome.problem
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# yaml-language-server") and lines[1] == "prefix: ROD"
    assert lines[2] == "title:   # the name" and lines[3] == "  da: Rod"  # comment kept, 2-space indent
    assert not [l for l in lines if l != l.rstrip()]
    assert "summary: {da: Et resumé., en: A summary.}" in text
    assert "  - id: ROD-01\n    version: 1\n" in text
    assert "      - {version: 1, date: 2026-11-01, change: {da: Første udgave., en: First edition.}}" in text
    assert max(len(l) for l in lines if not l.lstrip().startswith(("- ", "requirement"))) <= 4 + fmt.WRAP_TO
    assert "    - et punkt, der også er meget langt, men som aldrig brydes" in text
    after = check_project(Project(ROOT, criteria=folder))
    assert after.ok and after.diagnostics == [] and fmt.same_meaning(before_data, after.categories["rod"])
    assert fmt.format_tree(ROOT, [folder], write=False)[0].changed is False  # idempotent


def test_fmt_check_and_refusals(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    (folder / "rod.yaml").write_text(MESSY, encoding="utf-8")
    (folder / "broken.yaml").write_text("a: [1\n", encoding="utf-8")
    proc = run("fmt", "--check", str(folder))
    assert proc.returncode == 1
    assert "rod.yaml: would be reformatted" in proc.stderr and "broken.yaml: the file has YAML errors" in proc.stderr
    assert (folder / "rod.yaml").read_text(encoding="utf-8") == MESSY  # --check writes nothing


def test_wrap_never_splits_a_placeholder():
    line = "ord " * 24 + "[[antal år; enhed: år; forslag: 3]] slut " + "mere " * 10
    wrapped = fmt.wrap_block(line)
    assert all("[[" not in l or "]]" in l for l in wrapped.splitlines())
    assert " ".join(wrapped.split()) == " ".join(line.split())


def test_shipped_files_are_formatted():
    """What CI's `fmt --check` holds the register to; `python build.py fmt` fixes it."""
    outcomes = fmt.format_tree(ROOT, [ROOT / "criteria", ROOT / "vocab"], write=False)
    assert [o.file for o in outcomes if o.changed or o.problem] == [], "run: python build.py fmt"


def test_fmt_reads_the_files_check_reads_and_reports_the_others_alike(criteria):
    """One extension everywhere: fmt formats '<id>.yaml' only, and a name check refuses ('x.yml',
    'x.YAML', 'index.yaml') is reported with check's code and left as it is."""
    for name in ("rod.yml", "rod2.YAML", "index.yaml"):
        (criteria / name).write_text(MESSY, encoding="utf-8")
    proc = run("fmt", "--check", str(criteria))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "rod.yml: R226 'rod.yml' is not read: a category file ends in .yaml; rename it to 'rod.yaml'." in proc.stderr
    assert "rod2.YAML: R226 " in proc.stderr and "index.yaml: R218 " in proc.stderr
    assert [l.rsplit("/", 1)[-1] for l in proc.stderr.splitlines() if "would be" in l] == [
        "eksempel.yaml: would be reformatted"
    ]
    proc = run("fmt", str(criteria))
    assert proc.returncode == 1
    assert all((criteria / n).read_text(encoding="utf-8") == MESSY for n in ("rod.yml", "rod2.YAML", "index.yaml"))


# -- new: hostile names and prefixes stop it before anything is written --------------------------
def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize(
    "args,code",
    [
        (["category", "abc\n"], "R208"),
        (["category", "ab\x1b[31mc"], "R208"),
        (["category", "abc\u202e"], "R208"),
        (["category", "../udenfor"], "R208"),
        (["category", ""], "R208"),
        (["category", "index"], "R218"),
        (["category", "soeg"], "R218"),
        (["category", "downloads"], "R218"),
        (["category", "ok", "--prefix", "AB\n"], "R215"),
        (["category", "ok", "--prefix", "AB\nsummary: x"], "R215"),
        (["category", "ok", "--prefix", "AB\x1b"], "R214"),
        (["category", "ok", "--prefix", 'A"B'], "S105"),
        (["category", "ok", "--prefix", "ab"], "S105"),
        (["category", "ok", "--prefix", "EKS"], "R206"),
    ],
    ids=repr,
)
def test_new_refuses_a_hostile_name_or_prefix_with_checks_own_words(criteria, args, code):
    before = _snapshot(criteria)
    proc = run("new", *args, "--criteria", str(criteria), "--date", "2026-11-27")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "\x1b" not in proc.stderr and "\u202e" not in proc.stderr
    assert proc.stderr.startswith("new: ") and f": {code} " in proc.stderr, proc.stderr
    assert "præfikset" in proc.stderr if "--prefix" in args else "oprettes ikke" in proc.stderr
    assert _snapshot(criteria) == before  # nothing written


def test_new_refuses_a_category_that_has_a_yml_twin_or_a_broken_prefix(criteria):
    (criteria / "ny.yml").write_text("x: 1\n", encoding="utf-8")
    before = _snapshot(criteria)
    proc = run("new", "category", "ny", "--criteria", str(criteria))
    assert proc.returncode == 1 and ": R219 'ny.yml' og 'ny.yaml'" in proc.stderr and _snapshot(criteria) == before
    path = criteria / "eksempel.yaml"
    for broken, code in (('prefix: "EKS\\nsummary: x"', "R215"), ("prefix: eks", "S105"), ("", "S102")):
        path.write_text(GOOD_TEXT.replace("prefix: EKS", broken, 1), encoding="utf-8")
        before = _snapshot(criteria)
        proc = run("new", "criterion", "eksempel", "--criteria", str(criteria))
        assert proc.returncode == 1 and "Traceback" not in proc.stderr and len(proc.stderr.splitlines()) == 1
        assert f"check afviser dens præfiks: {code} " in proc.stderr, proc.stderr
        assert _snapshot(criteria) == before


# -- fmt never changes what a text says ----------------------------------------------------------
def _as_read(value):
    """The data as the build reads it: each text as its paragraphs and list items (textblocks), so
    the one difference fmt may make, where a paragraph's lines break, does not count."""
    from opslag.source import textblocks

    if isinstance(value, dict):
        return {key: _as_read(sub) for key, sub in value.items()}
    if isinstance(value, list):
        return [_as_read(sub) for sub in value]
    return textblocks.blocks(value) if isinstance(value, str) else value


def _with_scope(paragraphs: list) -> str:
    """The good fixture with these paragraphs as its Danish scope (a | block)."""
    body = "\n".join(("    " + line).rstrip() for line in "\n\n".join(paragraphs).split("\n"))
    old = "  da: |\n    Dækker rengøringsmidler til almindelig rengøring.\n\n    Dækker ikke desinfektionsmidler.\n"
    assert old in GOOD_TEXT
    return GOOD_TEXT.replace(old, "  da: |\n" + body + "\n", 1)


def _fmt_keeps_meaning(tmp_path, text):
    folder = tmp_path / "criteria"
    folder.mkdir(exist_ok=True)
    path = folder / "eksempel.yaml"
    path.write_text(text, encoding="utf-8")
    before = load_file(path).data
    [outcome] = fmt.format_tree(ROOT, [folder], write=True)
    assert outcome.problem == "", outcome.problem
    result = check_project(Project(ROOT, criteria=folder))
    assert result.ok and result.diagnostics == [], [d.format() for d in result.diagnostics]
    assert _as_read(result.categories["eksempel"]) == _as_read(before)
    assert fmt.format_tree(ROOT, [folder], write=False)[0].changed is False  # and again: nothing to do
    return path.read_text(encoding="utf-8")


def test_fmt_check_passes_a_dash_at_the_wrap_column(tmp_path):
    """The reported case: a valid paragraph with ' - ' where the line is wrapped became a list
    item, so `fmt --check` failed on a valid file ('formatting would change the data')."""
    paragraph = "x" * 99 + " - efter" + " ord" * 20
    folder = tmp_path / "criteria"
    folder.mkdir()
    (folder / "eksempel.yaml").write_text(_with_scope([paragraph]), encoding="utf-8")
    proc = run("fmt", "--check", str(folder))
    assert "would change the data" not in proc.stderr, proc.stderr
    text = _fmt_keeps_meaning(tmp_path, _with_scope([paragraph]))
    assert "    " + "x" * 99 + " -\n    efter ord" in text


# Words a paragraph is made of: dashes of every kind, numbers, colons, quotes and long words.
WORDS = ["-", "–", "—", "--", "-x", "x-", "1.", "2)", "3:", "12", "1.000", "kr.", "a:", ":", '"citat"', "'x'"]
WORDS += ["«y»", "ord", "miljø", "x" * 40, "y" * 118, "10\u00a0%", "a/b", "(parentes)", "§", "+", "*", "!", "?"]


def test_fmt_never_changes_what_a_paragraph_says(tmp_path):
    """Property: paragraphs with a dash (or other words) at every column around the wrap, written
    on one line or wrapped anywhere: after fmt, check passes and the data reads the same."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = st.lists(st.sampled_from(WORDS), max_size=25)

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(head=words, tail=words, marker=st.sampled_from(WORDS[:6] + ["1.", '"-"']), wraps=st.lists(st.booleans()))
    def check(head, tail, marker, wraps):
        paragraphs = []
        for column in range(fmt.WRAP_TO - 16, fmt.WRAP_AT + 4):  # the marker at each column around the wrap
            start = " ".join(head)[:column]
            start += " " + "z" * max(1, column - len(start) - 1) if len(start) < column else ""
            words = (start.split() or ["z"]) + [marker, "efter", *tail, "slut"]
            soft = [
                w + ("\n" if wraps and wraps[i % len(wraps)] and words[i + 1 :][:1] != ["-"] else " ")
                for i, w in enumerate(words)
            ]
            paragraphs.append("".join(soft).strip())
        _fmt_keeps_meaning(tmp_path, _with_scope(paragraphs))

    check()


def _project_with_editions(tmp_path):
    """A project root with the shipped vocabularies and editions/, to mess up."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "vocab", root / "vocab")
    shutil.copytree(ROOT / "editions", root / "editions")
    return root


def test_fmt_covers_the_editions_overlays_and_their_own_criteria(tmp_path):
    """editions/ is read as check reads it: each overlay with the edition schema's key order, its own
    category files with the category schema's; the result is the shipped layout again."""
    root = _project_with_editions(tmp_path)
    overlay, own = root / "editions" / "aalborg.yaml", root / "editions" / "aalborg" / "aalborg-egne-krav.yaml"
    shipped = {path: path.read_text(encoding="utf-8") for path in (overlay, own)}
    text = shipped[overlay]
    recommended = next(line for line in text.splitlines(keepends=True) if line.startswith("recommended:"))
    overlay.write_text(recommended + text.replace(recommended, "") + "\n\n", encoding="utf-8")  # keys out of order
    own.write_text(shipped[own].replace("prefix: AAL\n", "").replace("cpv:", "prefix: AAL\ncpv:"), encoding="utf-8")
    assert load_file(overlay).data == load_file(ROOT / "editions" / "aalborg.yaml").data  # only the layout differs
    found = fmt.format_tree(root, [root / "editions"], write=False)
    assert sorted(o.file for o in found if o.changed) == sorted(str(p) for p in (overlay, own))
    assert not [o for o in found if o.problem] and len(found) == 4  # both editions: overlay and own file each
    fmt.format_tree(root, [root / "editions"], write=True)
    assert {path: path.read_text(encoding="utf-8") for path in shipped} == shipped


def test_fmt_without_folders_checks_editions_too(tmp_path, capsys):
    from argparse import Namespace

    from opslag.cli.editor import cmd_fmt

    root = _project_with_editions(tmp_path)
    shutil.copytree(ROOT / "criteria", root / "criteria")
    overlay = root / "editions" / "kobenhavn.yaml"
    overlay.write_text(overlay.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert cmd_fmt(Namespace(folders=[], check=True), Project(root)) == 1
    assert f"{overlay}: would be reformatted" in capsys.readouterr().err
    assert cmd_fmt(Namespace(folders=[], check=False), Project(root)) == 0
    assert cmd_fmt(Namespace(folders=[], check=True), Project(root)) == 0

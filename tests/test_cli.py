"""`build.py` as an editor and CI use it: exit codes, message format, GitHub annotations."""
import re
import subprocess
import sys

from conftest import FIXTURES, ROOT, stage

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[YSRW]\d{3}) .+")


def run(*args):
    return subprocess.run([sys.executable, "build.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_check_passes_on_the_shipped_criteria_with_no_warnings():
    proc = run("check")
    assert proc.returncode == 0, proc.stderr
    assert "0 warning(s)" in proc.stderr


def test_check_lists_every_problem_and_exits_1(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    names = ["S101-unknown-field.yaml", "R201-impossible-date.yaml", "Y003-duplicate-key.yaml"]
    for letter, name in zip("ABC", names):  # own prefixes, so the files do not collide with each other
        text = (FIXTURES / "bad" / name).read_bytes().replace(b"EKS", b"EK" + letter.encode())
        (folder / name.lower()).write_bytes(text)
    proc = run("check", "--criteria", str(folder))
    assert proc.returncode == 1
    lines = [l for l in proc.stderr.splitlines() if LINE.match(l)]
    assert sorted(LINE.match(l)["code"] for l in lines) == ["R201", "S101", "Y003"]
    assert "Traceback" not in proc.stderr


def test_github_annotations(tmp_path):
    folder = stage(FIXTURES / "bad" / "S104-unknown-level.yaml", tmp_path / "criteria")
    proc = run("check", "--format", "github", "--criteria", str(folder))
    assert proc.returncode == 1
    assert re.search(r"^::error file=.+fixture\.yaml,line=\d+,col=\d+,title=S104::value not allowed: basic\.",
                     proc.stdout, re.M), proc.stdout


def test_unreadable_folder_contents_never_give_a_traceback(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    (folder / "binary.yaml").write_bytes(bytes(range(256)))
    (folder / "list.yaml").write_text("- a\n- b\n")
    (folder / "empty.yaml").write_text("")
    proc = run("check", "--criteria", str(folder))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert {LINE.match(l)["code"] for l in proc.stderr.splitlines() if LINE.match(l)} == {"Y011", "Y010", "Y009"}


def test_search_command_finds_a_criterion_by_id():
    proc = run("search", "IT-01")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith("IT-01:")

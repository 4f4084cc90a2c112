"""`build.py` as an editor and CI use it: exit codes, message format, GitHub annotations."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from rule_cases import CASES

from conftest import FIXTURES, ROOT, serving

CASE = {c.code: c for c in reversed(CASES)}  # the first case of each code

LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[YSRW]\d{3}) .+")


def run(*args):
    return subprocess.run([sys.executable, "build.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_check_passes_on_the_shipped_criteria_with_no_warnings():
    proc = run("check", "--strict")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("OK: ") and "0 advarsel(er)" in proc.stderr
    assert "0 warning(s)" in run("check", "--lang", "en").stderr


def test_check_lists_every_problem_and_exits_1(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    texts = [
        CASE["S101"].text().encode(),
        CASE["R201"].text().encode(),
        (FIXTURES / "bad" / "Y003-duplicate-key.yaml").read_bytes(),
    ]
    for letter, text in zip("ABC", texts):  # own prefixes, so the files do not collide with each other
        (folder / f"{letter.lower()}.yaml").write_bytes(text.replace(b"EKS", b"EK" + letter.encode()))
    proc = run("check", "--criteria", str(folder))
    assert proc.returncode == 1
    lines = [l for l in proc.stderr.splitlines() if LINE.match(l)]
    assert sorted(LINE.match(l)["code"] for l in lines) == ["R201", "S101", "Y003"]
    assert "Traceback" not in proc.stderr


def test_github_annotations(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    (folder / "fixture.yaml").write_text(CASE["S104"].text(), encoding="utf-8")
    proc = run("check", "--format", "github", "--criteria", str(folder))
    assert proc.returncode == 1
    assert re.search(
        r"^::error file=.+fixture\.yaml,line=\d+,col=\d+,title=S104::værdien er ikke tilladt: basic\. "
        r"Mente du 'basis'\?",
        proc.stdout,
        re.M,
    ), proc.stdout
    proc = run("check", "--format", "github", "--lang", "en", "--criteria", str(folder))
    assert re.search(r"title=S104::value not allowed: basic\. Did you mean 'basis'\?", proc.stdout), proc.stdout


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


def test_search_command_searches_an_editions_corpus():
    """--edition searches the library with that edition on top, as its site does: the edition's own
    criteria are found (by id and by words of their title); without it they are not there."""
    by_id = run("search", "--edition", "kobenhavn", "KBH-01")
    assert by_id.returncode == 0, by_id.stderr
    assert by_id.stdout.splitlines()[0].startswith("KBH-01:1 ")
    by_words = run("search", "--edition", "kobenhavn", "årlig", "rapport", "miljømærkede", "produkter", "sortimentet")
    assert by_words.stdout.splitlines()[0].startswith("KBH-01:1 "), by_words.stdout
    national = run("search", "KBH-01")
    assert "KBH-01" not in national.stdout
    unknown = run("search", "--edition", "findes-ikke", "IT-01")
    assert unknown.returncode == 1 and "findes-ikke" in unknown.stderr and "Traceback" not in unknown.stderr


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float = 180) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.5)
    return False


@pytest.mark.site
def test_serve_rebuilds_when_a_criteria_file_changes(tmp_path):
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    shutil.copy(ROOT / "criteria" / "trae.yaml", criteria)
    with serving(criteria, tmp_path / "site") as port:
        page = f"http://127.0.0.1:{port}/kategorier/trae/"
        assert _wait_for(page, "Træ og træprodukter")
        source = criteria / "trae.yaml"
        text = source.read_text(encoding="utf-8")
        source.write_text(
            text.replace("da: Træ og træprodukter", "da: Træ, tømmer og plader (ændret)", 1), encoding="utf-8"
        )
        assert _wait_for(page, "Træ, tømmer og plader (ændret)")


def _descendants(pid: int) -> set:
    found, todo = set(), [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*/children"):
            try:
                children = {int(c) for c in task.read_text().split()}
            except OSError:
                continue
            todo += children - found
            found |= children
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _interactive():
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # as in a terminal (a background job ignores Ctrl+C)


@pytest.mark.site
@pytest.mark.parametrize(
    "how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["ctrl-c to the group", "terminated", "killed"]
)
def test_a_stopped_serve_leaves_no_process_behind(tmp_path, how):
    """serve keeps a process per language (with more than one core); stopped with Ctrl+C (which the
    terminal sends to every process of the group), by `kill`, or killed outright (so nothing of its
    own can clean up), none of them may stay behind holding memory, and none prints a traceback."""
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    shutil.copy(ROOT / "criteria" / "trae.yaml", criteria)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "OPSLAG_JOBS": "2"}
    argv = [sys.executable, "build.py", "serve", "--port", str(port), "--out", str(tmp_path / "site")]
    with (tmp_path / "stderr").open("w+b") as stderr:
        proc = subprocess.Popen(
            [*argv, "--criteria", str(criteria)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,  # its own process group, as a terminal's job
            preexec_fn=_interactive,
        )
        try:
            assert _wait_for(f"http://127.0.0.1:{port}/kategorier/trae/", "Træ og træprodukter")
            workers = _descendants(proc.pid)  # the languages' and multiprocessing's resource tracker
            languages = [pid for pid in workers if b"spawn_main" in _cmdline(pid)]
            assert len(languages) == 2, "a process per language"
            if how == signal.SIGINT:
                os.killpg(proc.pid, how)
            else:
                proc.send_signal(how)
            code = proc.wait(timeout=30)
            assert code == (-signal.SIGKILL if how == signal.SIGKILL else 0), "stopped as Ctrl+C stops it"
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
                time.sleep(0.2)
            assert [pid for pid in workers if _alive(pid)] == []
            stderr.seek(0)
            assert b"Traceback" not in stderr.read()
        finally:
            proc.kill()
            proc.wait(timeout=30)


@pytest.mark.site
def test_ctrl_c_stops_a_build_and_its_workers_at_once_and_leaves_no_site(tmp_path):
    """Ctrl+C reaches every process of the terminal's group. The build stops with one line (no
    traceback from the workers), its workers end at once rather than when their language is
    built, and no site is half written."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import realistic_corpus

    criteria = realistic_corpus(tmp_path / "criteria", 6)  # 2,166 criteria: each language takes minutes
    out = tmp_path / "site"
    env = {**os.environ, "OPSLAG_JOBS": "2"}
    with (tmp_path / "stderr").open("w+b") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "build.py", "build", "--out", str(out), "--criteria", str(criteria)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
            preexec_fn=_interactive,
        )
        try:
            deadline, languages = time.monotonic() + 120, []
            while time.monotonic() < deadline and len(languages) < 2 and proc.poll() is None:
                languages = [p for p in _descendants(proc.pid) if b"spawn_main" in _cmdline(p)]
                time.sleep(0.1)
            assert len(languages) == 2, "a process per language"
            time.sleep(3)  # the workers are at work
            workers = _descendants(proc.pid)
            os.killpg(proc.pid, signal.SIGINT)
            stopped = time.monotonic()
            assert proc.wait(timeout=300) == 130
            while time.monotonic() < stopped + 20 and any(_alive(pid) for pid in workers):
                time.sleep(0.2)
            assert time.monotonic() - stopped < 20, "stopped at once, not when a language was built"
            assert [pid for pid in workers if _alive(pid)] == []
            stderr.seek(0)
            said = stderr.read()
            assert b"Traceback" not in said and b"stopped" in said, said.decode(errors="replace")[-2000:]
            assert not out.exists()
        finally:
            proc.kill()
            proc.wait(timeout=30)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_criteria_option_wants_a_folder_and_says_so():
    proc = run("check", "--criteria", "criteria/trae.yaml")
    assert proc.returncode == 1
    assert "is a file; give the folder" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1

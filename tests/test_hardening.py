"""Issue 8: what a pull request or a bad day could do to the site, the downloads and the checkout.

Each test is written from the attacker's or the careless editor's side: the input they would
write, and what must (not) happen."""

import csv
import errno
import io
import os
import shutil
import socket
import subprocess
import sys
from html.parser import HTMLParser

import markdown
import pytest

from conftest import FIXTURES, ROOT
from opslag.project import Project
from opslag.render.textformat import md_escape, to_markdown
from opslag.source.checker import check_project

GOOD = FIXTURES / "good" / "rengoering-eksempel.yaml"
ATTR_PAYLOADS = [
    'Eksempel {: onclick="alert(1)" tabindex=1 autofocus=autofocus onfocus=alert(2) }',
    "Eksempel { #x .y onfocus=alert(3) autofocus }",
    "Eksempel {:onmouseover=alert(4)}",
    "Eksempel {onfocus=alert(5) autofocus}",
]


def build_py(*args, cwd=ROOT, timeout=300):
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def one_line_error(proc):
    """Exit 1, no traceback, one line of explanation."""
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def criteria_with(tmp_path, edit=lambda text: text, name="eksempel.yaml"):
    folder = tmp_path / "criteria"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(edit(GOOD.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


class Attributes(HTMLParser):
    """Every attribute of every element, to look for event handlers and script URLs."""

    def __init__(self):
        super().__init__()
        self.handlers, self.script_urls, self.names = [], [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.names.add(name)
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and value.replace(" ", "").lower().startswith(("javascript:", "data:text", "vbscript:"))
            ):
                self.script_urls.append((tag, name, value))


# -- 1. Markdown attribute lists -------------------------------------------------------------
@pytest.mark.parametrize("payload", ATTR_PAYLOADS)
def test_escaped_text_never_becomes_attributes_in_markdown(payload):
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"])
    for source in (
        f"# {md_escape(payload)}",
        f"## {md_escape(payload)}\n",
        to_markdown(payload),
        to_markdown(f"Krav:\n- {payload}"),
    ):
        html = md.reset().convert(source)
        parser = Attributes()
        parser.feed(html)
        assert parser.names <= {"id"}, (source, html)  # the heading's anchor; nothing from the text
        assert "{" in html and "}" in html  # shown as the text it is


@pytest.mark.parametrize("payload", ATTR_PAYLOADS)
def test_checker_refuses_attribute_lists_in_danish_and_english_titles(tmp_path, payload):
    quoted = payload.replace('"', '\\"')
    folder = criteria_with(tmp_path, lambda t: t.replace("  en: Example cleaning products", f'  en: "{quoted}"', 1))
    result = check_project(Project(ROOT, criteria=folder))
    assert [(d.code, d.line, d.path) for d in result.diagnostics] == [("R213", 5, "title.en")]
    assert "parentheses" in result.diagnostics[0].message


def _copy_project(tmp_path):
    """A project folder of our own: the real vocabularies and templates, a vocabulary to poison."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("vocab", "templates"):
        shutil.copytree(ROOT / name, root / name)
    return root


def _poison_vocab(root, file, field, value):
    """Set `field` (e.g. 'name.da') of the first entry of a vocabulary file to `value`."""
    import yaml

    path = root / "vocab" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(v for v in data.values() if isinstance(v, list))[0]  # the list, not a file-level field (lifecycle)
    *parents, last = field.split(".")
    for part in parents:
        entry = entry[part]
    entry[last] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    "file,field,value,code",
    [
        ("ecolabels.yaml", "name.da", "Svanemærket {: onfocus=alert(1) autofocus }", "R213"),
        ("ecolabels.yaml", "issuer.en", "Nordic { #x onfocus=alert(1) }", "R213"),
        ("types.yaml", "description.da", "Se mere. [Læs mere](javascript:alert(1))", "R217"),
        ("levels.yaml", "label.da", "<img src=x onerror=alert(1)>", "R209"),
        ("statuses.yaml", "label.en", "Valid\u202e", "R214"),
        ("pogi_goals.yaml", "title.da", "Mål\n\n## Overskrift", "R215"),
        ("label_market.yaml", "description.da", "  ", "R216"),
    ],
)
def test_vocabulary_texts_get_the_same_checks(tmp_path, file, field, value, code):
    root = _copy_project(tmp_path)
    _poison_vocab(root, file, field, value)
    result = check_project(Project(root, criteria=criteria_with(tmp_path)))
    codes = [d.code for d in result.errors if d.file.endswith(file)]
    assert codes == [code], [d.format() for d in result.diagnostics]


def test_vocabulary_ids_cannot_take_a_page_of_the_site(tmp_path):
    root = _copy_project(tmp_path)
    path = root / "vocab" / "ecolabels.yaml"
    text = path.read_text(encoding="utf-8")
    first_id = text.split("- id: ", 1)[1].split("\n", 1)[0].strip()
    path.write_text(text.replace(f"- id: {first_id}\n", "- id: index\n", 1), encoding="utf-8")
    result = check_project(Project(root, criteria=criteria_with(tmp_path)))
    assert "R218" in {d.code for d in result.errors}


# -- 3. CSV formula injection ----------------------------------------------------------------
FORMULAS = [
    '=HYPERLINK("https://evil.example/","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def test_csv_cells_never_start_a_formula(tmp_path):
    from opslag.exports.opendata import corpus_csv_parts
    from opslag.model.corpus import build_corpus

    def edit(text):
        text = text.replace(
            "title: {da: Miljømærket rengøringsmiddel, en: Ecolabelled detergent}",
            'title: {{da: "{}", en: "{}"}}'.format(FORMULAS[0].replace('"', '\\"'), FORMULAS[1]),
            1,
        )
        return text.replace(
            'title: {da: "Koncentrerede produkter: 1:20", en: "Concentrated products: 1:20"}',
            f'title: {{da: "{FORMULAS[2]}", en: "{FORMULAS[3]}"}}',
            1,
        )

    result = check_project(Project(ROOT, criteria=criteria_with(tmp_path, edit)))
    assert result.ok, [d.format() for d in result.diagnostics]  # text may start with '=': only the CSV cares
    rows = list(
        csv.reader(
            io.StringIO("".join(corpus_csv_parts(build_corpus(result.categories, result.vocab))).lstrip("\ufeff"))
        )
    )
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for formula in FORMULAS[:4]:
        assert "'" + formula in cells


@pytest.mark.parametrize("value", FORMULAS)
def test_safe_cell_prefixes_a_quote(value):
    from opslag.exports.cells import safe_cell

    assert safe_cell(value) == "'" + value
    assert safe_cell("Svanemærket =") == "Svanemærket =" and safe_cell(3) == 3


# -- 4. --out ----------------------------------------------------------------------------------
def _tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if ".git" not in p.parts[-3:])


@pytest.mark.parametrize("out", [".", "..", "criteria", "criteria/x", "vocab", "templates/site", "docs/da", "opslag"])
def test_build_refuses_an_out_that_would_replace_the_project(out):
    before = sorted(os.listdir(ROOT))
    proc = build_py("build", "--out", out, cwd=ROOT)
    one_line_error(proc)
    assert "--out" in proc.stderr and out in proc.stderr
    assert sorted(os.listdir(ROOT)) == before and (ROOT / "criteria" / "trae.yaml").is_file()


def test_build_refuses_a_folder_with_other_files_and_reuses_its_own_site(tmp_path):
    from opslag.site.build import build_site

    criteria = criteria_with(tmp_path)
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "budget.xlsx").write_bytes(b"precious")
    result = build_site(Project.from_env(ROOT, out=documents, criteria=criteria))
    assert not result.ok and "not a site built before" in result.error
    assert (documents / "budget.xlsx").read_bytes() == b"precious"
    site = tmp_path / "site"
    assert build_site(Project.from_env(ROOT, out=site, criteria=criteria)).ok and (site / ".opslag-site").is_file()
    assert build_site(Project.from_env(ROOT, out=site, criteria=criteria)).ok  # a site we built may be replaced
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build_site(Project.from_env(ROOT, out=empty, criteria=criteria)).ok


def test_build_refuses_an_out_inside_or_around_the_criteria_folder(tmp_path):
    from opslag.site.build import build_site

    criteria = criteria_with(tmp_path)
    for out in (criteria, criteria / "site", tmp_path):
        result = build_site(Project.from_env(ROOT, out=out, criteria=criteria))
        assert not result.ok and "criteria folder" in result.error, result.error
    assert (criteria / "eksempel.yaml").is_file()


def test_out_below_a_file_is_one_line(tmp_path):
    criteria = criteria_with(tmp_path)
    (tmp_path / "file").write_text("x")
    proc = build_py("build", "--criteria", str(criteria), "--out", str(tmp_path / "file" / "site"))
    one_line_error(proc)
    assert "is a file" in proc.stderr


def test_out_in_a_folder_that_cannot_be_written_is_one_line(tmp_path, monkeypatch):
    import tempfile

    from opslag.site.build import build_site

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    result = build_site(Project.from_env(ROOT, out=tmp_path / "ro" / "site", criteria=criteria_with(tmp_path)))
    assert not result.ok and "Permission denied" in result.error and "choose a folder" in result.error


def test_serve_on_a_busy_port_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = build_py("serve", "--port", str(port), "--out", str(tmp_path / "site"), timeout=60)
    one_line_error(proc)
    assert str(port) in proc.stderr and "--port" in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "--port", "99999"],
        ["serve", "--port", "x"],
        ["search", "--limit", "-1", "a"],
        ["check", "--criteria", "/nonexistent/criteria"],
        ["check", "--format", "xml"],
        ["build", "--criteria", "x" * 5000],
        ["nosuchcommand"],
    ],
)
def test_bad_options_are_one_line_and_exit_1(args):
    one_line_error(build_py(*args, timeout=60))


# -- 5. reading the criteria folder ------------------------------------------------------------
def _codes(result):
    return sorted(d.code for d in result.diagnostics)


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path):
    folder = criteria_with(tmp_path)
    (folder / "nul.yaml").symlink_to("/dev/zero")
    proc = build_py("check", "--criteria", str(folder), timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "nul.yaml:1:1: Y014 " in proc.stderr


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    folder = criteria_with(tmp_path)
    os.mkfifo(folder / "pipe.yaml")
    (folder / "dir.yaml").mkdir()
    proc = build_py("check", "--criteria", str(folder), timeout=60)
    assert proc.returncode == 1
    assert "pipe.yaml:1:1: Y014 " in proc.stderr and "dir.yaml:1:1: Y014 " in proc.stderr


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path):
    import resource

    folder = criteria_with(tmp_path)
    with open(folder / "kaempe.yaml", "wb") as handle:  # sparse: 3 GB that take no disk
        handle.truncate(3 * 1024**3)

    def limit_memory():  # reading the file whole would need more than this
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--criteria", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "kaempe.yaml:1:1: Y012 filen fylder 3.221.225.472 byte" in proc.stderr


def produced_by_hardening(tmp_path):
    """(code, variant) of the folder-reading messages: a dangling link, a pipe, a folder (used by
    tests/test_fixtures.py to show that every message of every rule is produced by a test)."""
    folder = criteria_with(tmp_path)
    (folder / "borte.yaml").symlink_to(folder / "findes-ikke.yaml")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "dir.yaml").mkdir()
    return {(d.code, d.variant) for d in check_project(Project(ROOT, criteria=folder)).diagnostics}


def test_dangling_links_pipes_and_folders_each_get_their_message(tmp_path):
    assert {("Y014", "dangling"), ("Y014", "not_regular")} <= produced_by_hardening(tmp_path)


def test_a_link_inside_the_folder_is_read_like_the_file(tmp_path):
    folder = criteria_with(tmp_path)
    (folder / "kopi.yaml").symlink_to(folder / "eksempel.yaml")
    assert "R202" in _codes(check_project(Project(ROOT, criteria=folder)))  # read: the same ids twice; not a Y014


@pytest.mark.parametrize(
    "name,code",
    [
        ("Eksempel.YAML", "R208"),
        ("eksempel.YML", "R219"),
        ("andet.yml", "R226"),
        ("andet.Yaml", "R226"),
        ("x" * 200 + ".yaml", "R208"),
        ("opslag.yaml", "R218"),
        ("soeg.yml", "R218"),
        ("alle.yaml", "R218"),
        ("andet.yaml ", "R208"),
    ],
)
def test_every_yaml_name_is_a_category_file_and_some_names_are_refused(tmp_path, name, code):
    folder = criteria_with(tmp_path)
    (folder / name).write_text(GOOD.read_text(encoding="utf-8").replace("EKS", "EKT"), encoding="utf-8")
    assert code in _codes(check_project(Project(ROOT, criteria=folder)))


def test_an_empty_folder_fails_check_and_build_with_a_message(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    for command in ("check", "build"):
        proc = (
            build_py(command, "--criteria", str(folder), "--out", str(tmp_path / "site"), timeout=120)
            if command == "build"
            else build_py(command, "--criteria", str(folder))
        )
        assert proc.returncode == 1 and "Traceback" not in proc.stderr and "ZeroDivision" not in proc.stderr
        assert "R220 ingen kategorifiler" in proc.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("where", ["    version: 2\n", "  - id: EKS-01\n"])
def test_a_number_with_5000_digits_is_a_located_error(tmp_path, where):
    big = "9" * 5000
    edit = (
        (lambda t: t.replace(where, f"    version: {big}\n", 1))
        if "version" in where
        else (
            lambda t: t.replace(
                "label_market: {category: 1, assessed: 2026}",
                f"label_market: {{category: 1, assessed: 2026}}\nx{big[:10]}: {big}",
                1,
            )
        )
    )
    proc = build_py("check", "--criteria", str(criteria_with(tmp_path, edit)))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "ValueError" not in proc.stderr
    assert ("S106" if "version" in where else "S101") in proc.stderr
    assert max(len(line) for line in proc.stderr.splitlines()) < 700


# -- 6. check passing means build cannot fail on the text ------------------------------------
@pytest.mark.parametrize("char", ["\v", "\x01", "\x00", "\x1b", "\r", "\x7f", "\x85", "\u2028", "\u202e", "\ufffe"])
def test_invisible_characters_are_a_located_error(tmp_path, char):
    escaped = char.encode("unicode_escape").decode("ascii").replace("\\x", "\\x")
    folder = criteria_with(
        tmp_path,
        lambda t: t.replace("  da: En lille, men komplet kategori til test.", f'  da: "En lille{escaped}kategori."', 1),
    )
    result = check_project(Project(ROOT, criteria=folder))
    assert [(d.code, d.line) for d in result.diagnostics] == [("R214", 7)], [d.format() for d in result.diagnostics]


def test_text_that_passes_the_check_can_be_written_to_word():
    from docx import Document
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from opslag.source.textrules import text_problems

    @settings(max_examples=400, deadline=None)
    @given(st.text(min_size=1, max_size=40))
    def check(text):
        if not text_problems(("summary", "da"), text):
            Document().add_paragraph(text)  # raises for anything XML cannot hold
            text.encode("utf-8")

    check()


def test_a_title_is_one_line_even_past_the_checker():
    from opslag.render.textformat import page_title

    assert page_title("Titel\n\n## Overskrift") == "Titel ## Overskrift"


# -- 8. temporary folders and the swap ---------------------------------------------------------
def test_killed_builds_leave_nothing_behind_and_a_lost_site_comes_back(tmp_path):
    from opslag.site import folder as sitefolder
    from opslag.site.build import build_site

    criteria = criteria_with(tmp_path)
    site = tmp_path / "site"
    assert build_site(Project.from_env(ROOT, out=site, criteria=criteria)).ok
    # a build killed between the two renames: the old site is in its work folder, no site/
    dead = tmp_path / ".site-build-site-dead1234"
    dead.mkdir()
    (dead / ".lock").write_text("")
    os.replace(site, dead / "previous")
    old_style = tmp_path / ".site-build-abcd_123"  # from before the lock file, an hour old
    (old_style / "docs").mkdir(parents=True)
    os.utime(old_style, (0, 0))
    running = sitefolder.make_work_folder(site)  # another build, still running: left alone
    sitefolder.recover(site)
    assert (site / "index.html").is_file() and (site / sitefolder.MARKER).is_file()
    assert not dead.exists() and not old_style.exists() and running.exists()
    sitefolder.release(running)
    assert build_site(Project.from_env(ROOT, out=site, criteria=criteria)).ok
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-build-")] == []


class Killed(Exception):
    """The build stops here, as if killed (the swap's `step` hook raises it)."""


def _fake_site(folder, version):
    """A built site (index, a page, downloads, the marker) and what its owner added to it."""
    from opslag.site import folder as sitefolder

    (folder / "downloads").mkdir(parents=True)
    (folder / "index.html").write_text(version)
    (folder / "downloads" / "opslag.json").write_text(version)
    (folder / sitefolder.MARKER).write_text(sitefolder.MARKER_TEXT)
    return folder


def _owned(folder):
    """Gh-pages worktree, CNAME and the keep-file's paths: what the build does not own."""
    (folder / "CNAME").write_text("opslag.example.dk\n")
    (folder / ".nojekyll").write_text("")
    (folder / ".git" / "objects" / "ab").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (folder / ".git" / "objects" / "ab" / "cdef").write_bytes(b"blob")
    (folder / ".git" / "head-link").symlink_to("HEAD")
    (folder / "filer").mkdir()
    (folder / "filer" / "rapport.pdf").write_bytes(b"%PDF")
    (folder / "downloads" / "ekstra.csv").write_text("a;b")
    (folder / "link-til-rapport").symlink_to("filer/rapport.pdf")
    keep = "# what the build does not own\nfiler/rapport.pdf\n\ndownloads/ekstra.csv\nlink-til-rapport\nindex.html\nfindes-ikke.txt\n"
    (folder / ".opslag-keep").write_text(keep)


def _is_complete(folder, version, owned=True):
    ok = (folder / "index.html").read_text() == version and (
        folder / "downloads" / "opslag.json"
    ).read_text() == version
    if owned:  # the new site has it all too, and its own index (the build's file wins over a kept path)
        ok = ok and (folder / "CNAME").read_text() == "opslag.example.dk\n" and (folder / ".nojekyll").is_file()
        ok = ok and (folder / ".git" / "objects" / "ab" / "cdef").read_bytes() == b"blob"
        ok = ok and os.readlink(folder / ".git" / "head-link") == "HEAD" and (folder / ".opslag-keep").is_file()
        ok = ok and (folder / "filer" / "rapport.pdf").read_bytes() == b"%PDF"
        ok = ok and (folder / "downloads" / "ekstra.csv").read_text() == "a;b"
        ok = ok and os.readlink(folder / "link-til-rapport") == "filer/rapport.pdf"
    return ok


def _swap_until(tmp_path, stop):
    """An old site with its owner's files, a new one built in a work folder, and a swap stopped
    after the step `stop` (None: not stopped)."""
    from opslag.site import folder as sitefolder

    out = _fake_site(tmp_path / "site", "old")
    _owned(out)
    work = sitefolder.make_work_folder(out)
    new_site = _fake_site(work / "site", "new")
    steps = []

    def step(name):
        steps.append(name)
        if name == stop:
            raise Killed(name)

    try:
        sitefolder.swap(new_site, out, work, step=step)
    except Killed:
        pass
    return out, work, steps


@pytest.mark.parametrize("stop", ["carried", "exchanged", None])
def test_the_swap_leaves_the_old_or_the_new_complete_site_at_every_step(tmp_path, stop):
    from opslag.site import folder as sitefolder

    out, work, steps = _swap_until(tmp_path, stop)
    assert steps == (["carried"] if stop == "carried" else ["carried", "exchanged"])  # one atomic step: the exchange
    if stop == "carried":
        assert _is_complete(out, "old")  # untouched; the new site waits in the work folder
    else:
        assert _is_complete(out, "new") and (work / "site" / "index.html").read_text() == "old"
    sitefolder.release(work)
    assert _is_complete(out, "old" if stop == "carried" else "new") and not work.exists()


def test_a_site_folder_is_there_for_every_reader_during_the_swap(tmp_path):
    """A web server (here a thread) reading the site while it is rebuilt over and over never
    finds it missing."""
    import threading

    from opslag.site import folder as sitefolder

    out = _fake_site(tmp_path / "site", "0")
    missing, done = [], threading.Event()

    def read():
        while not done.is_set():
            if not os.path.exists(out / "index.html"):
                missing.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(1, 60):
            work = sitefolder.make_work_folder(out)
            sitefolder.swap(_fake_site(work / "site", str(i)), out, work)
            sitefolder.release(work)
    finally:
        done.set()
        reader.join()
    assert missing == [] and (out / "index.html").read_text() == "59"


@pytest.mark.parametrize("code", [errno.EINVAL, errno.ENOSYS])
def test_where_the_exchange_is_refused_two_renames_do_and_a_lost_site_comes_back(tmp_path, monkeypatch, code):
    """A file system or platform without RENAME_EXCHANGE: the swap falls back to two renames; a
    build killed between them leaves no site, and the next build puts the old one back."""
    from opslag.site import folder as sitefolder

    monkeypatch.setattr(sitefolder, "_renameat2_exchange", lambda a, b: code)
    out, work, steps = _swap_until(tmp_path / "whole", None)
    assert steps == ["carried", "old-moved", "new-placed"] and _is_complete(out, "new")
    sitefolder.release(work)
    out, work, steps = _swap_until(tmp_path / "killed", "old-moved")
    assert not os.path.lexists(out) and _is_complete(work / "previous", "old")
    sitefolder._open_locks.pop(work).close()  # the killed build's lock is free
    sitefolder.recover(out)
    assert _is_complete(out, "old") and not work.exists()


def test_an_exchange_that_fails_otherwise_is_an_error_not_a_fallback(tmp_path, monkeypatch):
    from opslag.site import folder as sitefolder

    monkeypatch.setattr(sitefolder, "_renameat2_exchange", lambda a, b: errno.EACCES)
    with pytest.raises(PermissionError):
        _swap_until(tmp_path, None)
    assert _is_complete(tmp_path / "site", "old")


@pytest.mark.site  # builds a site twice
def test_cname_git_and_the_keep_file_survive_a_rebuild(tmp_path):
    from opslag.site.build import build_site

    criteria = criteria_with(tmp_path)
    site = tmp_path / "site"
    assert build_site(Project.from_env(ROOT, out=site, criteria=criteria)).ok
    index = (site / "index.html").read_text(encoding="utf-8")
    _owned(site)
    assert build_site(Project.from_env(ROOT, out=site, criteria=criteria)).ok
    assert (site / "index.html").read_text(encoding="utf-8") == index  # the build's own file, not kept
    assert (site / "CNAME").read_text() == "opslag.example.dk\n" and (site / ".git" / "HEAD").is_file()
    assert (site / "filer" / "rapport.pdf").read_bytes() == b"%PDF" and (site / "downloads" / "ekstra.csv").is_file()
    assert os.readlink(site / "link-til-rapport") == "filer/rapport.pdf" and not (site / "findes-ikke.txt").exists()


@pytest.mark.parametrize(
    "entry,why",
    [
        ("../hemmelig.txt", "climbs out"),
        ("filer/../../hemmelig.txt", "climbs out"),
        ("/etc/passwd", "absolute"),
        ("C:\\Windows", "absolute"),
        ("ude/passwd", "through the link"),
        (".", "the site itself"),
    ],
)
def test_a_bad_keep_file_line_stops_the_build_before_it_starts(tmp_path, entry, why):
    from opslag.site import folder as sitefolder

    site = _fake_site(tmp_path / "site", "old")
    (site / "ude").symlink_to("/etc")
    (site / ".opslag-keep").write_text(f"CNAME\n{entry}\n")
    with pytest.raises(sitefolder.OutError, match=f"line 2: .* {why}"):
        sitefolder.refuse_out(site, ROOT)
    proc = build_py("build", "--criteria", str(criteria_with(tmp_path)), "--out", str(site), timeout=120)
    one_line_error(proc)
    assert ".opslag-keep, line 2" in proc.stderr and (site / "index.html").read_text() == "old"


def test_work_folders_are_ignored_by_git():
    proc = subprocess.run(["git", "check-ignore", "-q", ".site-build-site-x1y2z3/site/index.html"], cwd=ROOT)
    assert proc.returncode == 0


# -- 9. messages cannot act on the terminal or forge annotations ------------------------------
def test_escape_sequences_in_keys_and_file_names_are_shown_escaped(tmp_path):
    folder = criteria_with(
        tmp_path, lambda t: t.replace("prefix: EKS", 'prefix: EKS\n"\\e]0;pwned\\a\\e[2J\\rfake": 1', 1)
    )
    (folder / "bad\x1b[31m.yaml").write_text("x: [", encoding="utf-8")
    proc = build_py("check", "--criteria", str(folder))
    assert proc.returncode == 1
    assert "\x1b" not in proc.stderr and "\r" not in proc.stderr and "\x07" not in proc.stderr
    assert "\\x1b]0;pwned" in proc.stderr and "bad\\x1b[31m.yaml" in proc.stderr


def test_github_annotations_cannot_be_forged_by_a_file_name(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    (folder / "a,line=99::x.yaml").write_text("prefix: [\n", encoding="utf-8")
    proc = build_py("check", "--format", "github", "--criteria", str(folder))
    lines = [l for l in proc.stdout.splitlines() if l.startswith("::")]
    assert lines, proc.stdout
    props = lines[0][len("::error ") : lines[0].index("::", 2)]
    assert dict(p.split("=", 1) for p in props.split(","))["line"] != "99"
    assert "a%2Cline=99%3A%3Ax.yaml" in props


# -- 9. search work is bounded -----------------------------------------------------------------
HOSTILE_QUERIES = ["a" * 400, "abcdefghij" * 40, " ".join(["rengøringsmidlerne"] * 200), "x" * 10000 + " svanemærket"]


@pytest.fixture(scope="module")
def shipped_index():
    """The site's query (search.js in V8, as build.py search runs it) over the shipped Danish index."""
    from opslag.model.corpus import build_corpus
    from opslag.search.index import site_index_json
    from opslag.search.query import Search

    check = check_project(Project(ROOT))
    corpus = build_corpus(check.categories, check.vocab)
    return Search(ROOT / "web", site_index_json(corpus, "da", ROOT / "web"))


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=lambda q: q[:12])
def test_search_time_is_bounded(query, shipped_index):
    import time

    from opslag.search.index import MAX_QUERY_TERMS, MAX_TERM_LENGTH

    clauses = shipped_index.plan(query)
    assert len(clauses) <= MAX_QUERY_TERMS and all(
        len(t) <= MAX_TERM_LENGTH for t, kind, _ in clauses if kind == "word"
    )
    start = time.monotonic()
    shipped_index(query)
    assert time.monotonic() - start < 5


def test_search_from_the_command_line_takes_a_hostile_query():
    """The whole way through build.py: the longest query, no traceback, in bounded time."""
    import time

    start = time.monotonic()
    proc = build_py("search", HOSTILE_QUERIES[-1], timeout=120)
    assert time.monotonic() - start < 30 and "Traceback" not in proc.stderr


def test_search_page_stays_responsive_with_a_400_letter_query(page):
    import time

    word = "abcdefghij" * 40
    start = time.monotonic()
    page.goto(f"soeg/?q={word}")
    page.wait_for_function("document.querySelector('#gpp-search-status').textContent.length > 0", timeout=10000)
    assert time.monotonic() - start < 8
    js_plan = page.evaluate("q => window.gpp.search.plan(q)", word + " " + "b" * 50)
    assert 1 <= len(js_plan) <= 2 and len(js_plan[0][0]) == 40  # cut to the index's bounds before any matching


# -- every text, everywhere: criteria and vocabularies with a payload in each, past the checker --
EVERY_TEXT_PAYLOAD = (
    ' {: onfocus="alert(1)" autofocus } { #x .y onmouseover=alert(2) } [klik](javascript:alert(3))'
    " <img src=x onerror=alert(4)> </textarea><svg onload=alert(5)>"
)


def _poison_all(value, path=()):
    """Every text leaf with the payload appended (ids, codes, dates and addresses left alone)."""
    from opslag.source.schema import NON_TEXT_KEYS

    if isinstance(value, dict):
        return {k: (v if k in NON_TEXT_KEYS else _poison_all(v, path + (k,))) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison_all(v, path) for v in value]
    if isinstance(value, str):
        return value + EVERY_TEXT_PAYLOAD
    return value


@pytest.fixture(scope="module")
def everything_poisoned(tmp_path_factory):
    from opslag.model.corpus import build_corpus
    from opslag.project import Project
    from opslag.site.build import build_language
    from opslag.source.vocab import Vocabulary
    from opslag.source.yamlsource import load_file

    clean = check_project(Project(ROOT, criteria=FIXTURES / "good"))
    vocab = Vocabulary(
        {
            key: {id_: _poison_all(entry) for id_, entry in entries.items()}
            for key, entries in clean.vocab.entries.items()
        }
    )
    data = _poison_all(load_file(GOOD).data)
    corpus = build_corpus({"giftig": data}, vocab)
    work = tmp_path_factory.mktemp("everything")
    out = {}
    for lang in ("da", "en"):
        build_language(corpus, lang, 0, Project(ROOT), work, work / "site" / lang)
        out[lang] = work / "site" / lang
    return out


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_text_anywhere_becomes_markup(everything_poisoned, lang):
    site = everything_poisoned[lang]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    shown = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        parser = Attributes()
        parser.feed(html)
        assert parser.handlers == [] and parser.script_urls == [], (path, parser.handlers, parser.script_urls)
        assert "<img src=x" not in html and "<svg onload" not in html, path
        shown += html.count("onerror=alert(4)")  # there, as text
    assert shown > 50
    md = markdown.Markdown(extensions=["attr_list", "md_in_html"])
    downloads = sorted((site / "downloads").rglob("*.md"))  # the per-criterion Markdown downloads
    assert downloads
    for path in downloads:
        parser = Attributes()
        parser.feed(md.reset().convert(path.read_text(encoding="utf-8")))
        assert parser.handlers == [] and parser.script_urls == [] and parser.names <= {"id"}, path


def test_reserved_names_cover_every_name_the_site_uses(built_site):
    from opslag.render.templates import type_slug
    from opslag.source.checker import check_project as check
    from opslag.urls import RESERVED_NAMES

    result = check(Project(ROOT))
    ids = (
        set(result.categories)
        | set(result.vocab.ids("labels"))
        | set(result.vocab.ids("goals"))
        | {type_slug(t) for t in result.vocab.ids("types")}
        | {c["id"].lower() for cat in result.categories.values() for c in cat["criteria"]}  # kriterier/<id>/<version>/
    )
    used = set()
    for folder in [built_site] + [p for p in built_site.iterdir() if p.is_dir() and p.name != "assets"]:
        used |= {p.name.split(".")[0] for p in folder.iterdir() if not p.name.startswith(".")}
    assert used - ids - RESERVED_NAMES == set()


def test_dates_after_2099_are_a_located_error(tmp_path):
    import re as regex

    folder = criteria_with(tmp_path, lambda t: regex.sub(r"updated: \d{4}", "updated: 2205", t, count=1))
    assert "R201" in _codes(check_project(Project(ROOT, criteria=folder)))


@pytest.mark.parametrize(
    "env",
    [
        {"SOURCE_DATE_EPOCH": "99999999999999"},
        {"SOURCE_DATE_EPOCH": "²"},
        {"SOURCE_DATE_EPOCH": "abc"},
        {"SITE_URL": "javascript:alert(1)"},
        {"SITE_URL": 'https://x.dk/"><script>'},
    ],
)
def test_a_bad_setting_in_the_environment_is_one_line(env):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )
    one_line_error(proc)
    assert next(iter(env)) in proc.stderr


@pytest.mark.parametrize("pattern", ["<a", "[", "< ", "<" + " " * 100, "javascript" + " " * 50])
def test_the_text_rule_takes_linear_time_on_a_hostile_text(pattern):
    """A pull request can hold almost 2 MB in one text; no rule may take quadratic time on it."""
    import time

    from opslag.source.textrules import text_problems

    text = pattern * (1_800_000 // len(pattern))
    start = time.monotonic()
    text_problems(("summary", "da"), text)
    assert time.monotonic() - start < 5


def test_fmt_and_diff_never_read_a_device_or_a_link_out_of_the_folder(tmp_path):
    folder = criteria_with(tmp_path)
    (folder / "nul.yaml").symlink_to("/dev/zero")
    (folder / "ude.yaml").symlink_to(ROOT / "criteria" / "trae.yaml")
    proc = build_py("fmt", "--check", str(folder), timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "nul.yaml: is a link to /dev/zero" in proc.stderr and "ude.yaml: is a link to" in proc.stderr
    from opslag.editor.review import load_worktree

    side = load_worktree(folder, "criteria/")
    assert sorted(side.unreadable) == ["nul", "ude"] and list(side.categories) == ["eksempel"]


def test_pasted_control_characters_still_give_files_word_and_excel_open(browser, site_url, built_site, tmp_path):
    """A procurer pastes text with Word's soft line break (U+000B) or another control character
    into a placeholder or the tender's name: the Word and Excel files must still open."""
    import openpyxl
    from docx import Document
    from test_udbud import categories_with_placeholders, download

    (first, _), rank = categories_with_placeholders(built_site)
    context = browser.new_context(base_url=site_url, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"kategorier/{first}/")
        page.wait_for_selector("form.gpp-addall:not([hidden])")
        page.select_option("form.gpp-addall select[name=rank]", str(rank))
        page.click("form.gpp-addall button[type=submit]")
        page.goto("udbud/")
        page.wait_for_selector("#gpp-builder[data-loaded]")
        page.evaluate("""() => {
            const set = (el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); };
            set(document.querySelector('#gpp-tender-name'), 'Udbud\\u000b2027\\u0001\\uffff');
            set(document.querySelector('input.gpp-field'), '12\\u000bmåneder\\u001b[31m\\ud800');
        }""")
        docx_path = download(page, "docx", tmp_path)
        xlsx_path = download(page, "xlsx", tmp_path)
    finally:
        context.close()
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "Udbud 2027" in text and "12 måneder" in text
    cells = [c.value for ws in openpyxl.load_workbook(xlsx_path) for row in ws.iter_rows() for c in row if c.value]
    assert any("12 måneder" in str(v) for v in cells)


def test_serve_never_serves_a_folder_that_is_not_a_site(tmp_path):
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "budget.xlsx").write_bytes(b"precious")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = build_py(
        "serve", "--port", str(port), "--out", str(documents), "--criteria", str(criteria_with(tmp_path)), timeout=60
    )
    one_line_error(proc)
    assert "not a site built before" in proc.stderr and (documents / "budget.xlsx").read_bytes() == b"precious"

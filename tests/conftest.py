import contextlib
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXPECT = re.compile(r"# expect: (?P<code>[A-Z][0-9]{3}) line (?P<line>[0-9]+)")
FILE_AS = re.compile(r"# file: (?P<name>\S+)")


def expectation(folder_or_file: Path):
    """(code, line, file name) from a fixture's '# expect:' header."""
    files = sorted(folder_or_file.iterdir()) if folder_or_file.is_dir() else [folder_or_file]
    for f in files:
        head = f.read_bytes()[:200].decode("utf-8", "replace")
        m = EXPECT.search(head)
        if m:
            return m["code"], int(m["line"]), f
    raise AssertionError(f"{folder_or_file} has no '# expect:' header")


def stage(fixture: Path, folder: Path) -> Path:
    """Copy a fixture (file or folder) into an empty criteria folder, as the build would see it."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in sorted(fixture.iterdir()) if fixture.is_dir() else [fixture]:
        head = f.read_bytes()[:200].decode("utf-8", "replace")
        m = FILE_AS.search(head)
        name = m["name"] if m else ("fixture.yaml" if not fixture.is_dir() else f.name)
        if f.is_symlink():  # a link stays a link, to the same file (outside the staged folder)
            os.symlink(f.resolve(), folder / name)
        else:
            shutil.copyfile(f, folder / name)
    return folder


@pytest.fixture(scope="session")
def root():
    return ROOT


# -- the built site, shared by the build and browser tests -------------------------------


@pytest.fixture(scope="session")
def _server(tmp_path_factory):
    """A local server for the built site; it starts first so the site knows its own address."""
    out = tmp_path_factory.mktemp("built") / "site"
    server = serve_folder(out)
    yield out, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def built_site(_server):
    from opslag.project import Project
    from opslag.site.build import build_site

    out, url = _server
    result = build_site(Project(ROOT, out=out, site_url=url))
    assert result.ok, result.error or "\n".join(d.format() for d in result.check.errors)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(built_site, _server):
    return _server[1]


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Debian's chromium, never a downloaded one; in CI a missing browser fails here (no skip).
    assert Path(CHROMIUM).exists(), "install Debian's chromium: apt-get install chromium (./dev test does)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the site's policy forbids
    # ('unsafe-eval' is off); tests/test_csp.py drives the site under its policy.
    yield from browser_page(
        browser, permissions=["clipboard-read", "clipboard-write"], base_url=site_url, bypass_csp=True
    )


def download(page, fmt, tmp_path):
    """Mit udbud's export button for `fmt` pressed, the file it gives saved under tmp_path."""
    with page.expect_download() as info:
        page.click(f"button.gpp-export[data-format={fmt}]")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def browser_page(browser, **context_options):
    """A page in a context of its own that records the page's JavaScript errors (page.js_errors)."""
    context = browser.new_context(**context_options)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    yield pg
    context.close()


@contextlib.contextmanager
def serving(criteria: Path, out: Path):
    """`build.py serve` of a criteria folder on a free port, stopped afterwards; yields the port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "build.py", "serve", "--port", str(port), "--out", str(out), "--criteria", str(criteria)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# -- markers: fast / site / browser -------------------------------------------------------
# `pytest -m fast` runs in seconds (no site is built); `-m site` adds the tests that build a site
# (they share the one session build above where they only read it); `-m browser` drives chromium.
SITE_FIXTURES = {"built_site", "site_url", "poisoned_site"}
# tests that build or serve a site of their own (without the fixtures above)
SITE_TESTS = {
    "test_serve_allows_its_live_reload_script",
    "test_build_reads_nothing_from_and_changes_nothing_in_the_environment",
    "test_exporters_write_disjoint_paths",
    "test_build_refuses_a_folder_with_other_files_and_reuses_its_own_site",
    "test_killed_builds_leave_nothing_behind_and_a_lost_site_comes_back",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        elif (
            names & SITE_FIXTURES or item.get_closest_marker("site") or getattr(item, "originalname", "") in SITE_TESTS
        ):
            item.add_marker(pytest.mark.site)
        else:
            item.add_marker(pytest.mark.fast)


# -- LibreOffice --------------------------------------------------------------------------------
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(path, tmp_path):
    """The file as LibreOffice prints it (a real application's open check)."""
    out = tmp_path / f"lo-{path.suffix[1:]}"
    done = subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0 and (out / (path.stem + ".pdf")).exists(), done.stderr
    return out / (path.stem + ".pdf")


# -- the shipped criteria as the model, shared by the tests that only read it ---------------------
@pytest.fixture(scope="session")
def corpus():
    from opslag.model.corpus import build_corpus
    from opslag.project import Project
    from opslag.source.checker import check_project

    result = check_project(Project(ROOT))
    assert result.ok, [d.format() for d in result.errors[:3]]
    return build_corpus(result.categories, result.vocab)


def udbud_data(prefix: Path) -> dict:
    """Mit udbud's data of a built site (a language's root) with every part read: the head
    (downloads/udbud.json) and the criteria of downloads/udbud/<category>.json, as tender.js
    loadData puts them together when every id is asked for."""
    import json

    head = json.loads((prefix / "downloads" / "udbud.json").read_text(encoding="utf-8"))
    head["criteria"] = {}
    for cat in head["parts"]:
        part = prefix / "downloads" / head["parts_path"] / f"{cat}.json"
        head["criteria"].update(json.loads(part.read_text(encoding="utf-8"))["criteria"])
    return head

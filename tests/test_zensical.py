"""The way off MkDocs (issue #21, item 8): `build.py build --engine zensical` builds the same
generated pages, search and downloads with Zensical, and the site runs under its policy."""

import filecmp
import re
import subprocess
import sys

import pytest
from test_csp import _context, assert_no_violation, policy_of

from conftest import FIXTURES, ROOT, serve_folder

pytestmark = pytest.mark.site

# what the theme brings differs by engine (its scripts, styles, a gzipped sitemap); the rest is ours
THEME_FILES = re.compile(r"(^|/)assets/(javascripts|stylesheets|images)/|(^|/)sitemap\.xml(\.gz)?$|\.map$")


def _build(engine: str, out, url: str):
    env = {"SITE_URL": url, "SOURCE_DATE_EPOCH": "1780000000", "PATH": "/usr/bin:/bin", "OPSLAG_JOBS": "2"}
    done = subprocess.run(
        [
            sys.executable,
            "build.py",
            "build",
            "--engine",
            engine,
            "--criteria",
            str(FIXTURES / "good"),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    base = tmp_path_factory.mktemp("engines")
    zensical, mkdocs = base / "zensical", base / "mkdocs"
    server = serve_folder(zensical)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    _build("zensical", zensical, url)
    _build("mkdocs", mkdocs, url)  # the same address: the downloads and pages name it
    yield zensical, mkdocs, url
    server.shutdown()


def _ours(site) -> set:
    """The site's files without the theme's own."""
    return {
        p for p in (f.relative_to(site).as_posix() for f in site.rglob("*") if f.is_file()) if not THEME_FILES.search(p)
    }


def test_zensical_builds_the_same_pages_search_and_downloads(sites):
    zensical, mkdocs, _ = sites
    ours = _ours(mkdocs)
    assert _ours(zensical) == ours and len(ours) > 150
    # everything not a page is the build's own and the same bytes whichever engine ran
    files = sorted(p for p in ours if not p.endswith(".html"))
    assert any(p.endswith(".docx") for p in files) and any("/search/" in f"/{p}" for p in files)
    _, mismatch, errors = filecmp.cmpfiles(mkdocs, zensical, files, shallow=False)
    assert mismatch == errors == []
    for page in sorted(p for p in ours if p.endswith(".html")):
        made, reference = (site.joinpath(page).read_text(encoding="utf-8") for site in (zensical, mkdocs))
        assert "gpp-html:" not in made, page  # every held block put back
        cards = re.findall(r'<article class="gpp-card[^"]*" id="([^"]+)"', reference)
        assert re.findall(r'<article class="gpp-card[^"]*" id="([^"]+)"', made) == cards, page
        policy = policy_of(made)
        for body in re.findall(r"<script>(.*?)</script>", made, re.S):  # the theme's inline scripts
            assert _allowed(body, policy), (page, body[:60])


def _allowed(body: str, policy: dict) -> bool:
    from opslag.site.csp import script_hash

    return script_hash(body) in policy["script-src"]


def test_the_zensical_site_searches_and_browses_under_its_policy(browser, sites):
    zensical, _, url = sites
    cat = sorted(p.name for p in (zensical / "kategorier").iterdir() if p.is_dir())[0]
    first = re.search(
        r'<article class="gpp-card[^"]*" id="([^"]+)"', (zensical / f"kategorier/{cat}/index.html").read_text()
    )
    context, page = _context(browser, url)
    try:
        page.goto(f"soeg/?q={first.group(1).upper()}")  # a criterion's id, as a procurer pastes it
        page.wait_for_selector("#gpp-results li")
        assert first.group(1) in page.locator("#gpp-results li").first.inner_html().lower()
        page.goto(f"kategorier/{cat}/")
        assert page.locator("article.gpp-card").count() > 0
        page.select_option("form.gpp-filters select[name=type]", "mindstekrav")  # our filters run
        page.goto("en/")
        assert_no_violation(page)
    finally:
        context.close()

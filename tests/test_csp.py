"""The Content-Security-Policy (opslag/site/csp.py): the site works under it, and script that got past
the checker and the escaping still does not run."""

import copy
import re
import time

import pytest
from markupsafe import Markup

from conftest import FIXTURES, ROOT, serve_folder, serving
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.site.build import build_language
from opslag.site.csp import script_hash
from opslag.source.checker import check_project
from opslag.source.yamlsource import load_file

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.effectiveDirective + " " + (e.blockedURI || "inline")));
"""


def policy_of(html: str) -> dict:
    m = META.search(html)
    assert m, "no Content-Security-Policy meta tag"
    return {d.split()[0]: d.split()[1:] for d in m.group(1).split("; ")}


def test_every_page_has_the_policy_before_any_script_and_every_inline_script_is_allowed(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    policies = set()
    for path in pages:
        html = path.read_text(encoding="utf-8")
        m = META.search(html)
        assert m and m.start() < html.index("<script"), path
        policies.add(m.group(1))
        policy = policy_of(html)
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["script-src-attr"] == ["'none'"] and policy["object-src"] == ["'none'"]
        for body in re.findall(r"<script>(.*?)</script>", html, re.S):
            assert script_hash(body) in policy["script-src"], (path, body[:80])
    assert len(policies) == 1  # one policy everywhere: instant navigation keeps the first page's


def _context(browser, base_url, bypass=False):
    context = browser.new_context(
        base_url=base_url, bypass_csp=bypass, permissions=["clipboard-read", "clipboard-write"]
    )
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return context, page


def _wait(page, condition: str, seconds: float = 10):
    """Poll from Python: wait_for_function would need eval, which the policy forbids."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate(condition):
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {condition}")


def assert_no_violation(page) -> None:
    """After the last page has settled: no policy violation and no script error on the way."""
    page.wait_for_load_state("load")
    time.sleep(0.3)
    assert page.evaluate("window.__violations") == []
    assert [e for e in page.console_errors if "404" not in e] == []


def _one_page_of_each_kind(site) -> list:
    """Every top-level page and folder of both languages, and the first page inside each folder."""
    out = []
    for lang_root, prefix in ((site, ""), (site / "en", "en/")):
        for folder in sorted(p for p in lang_root.iterdir() if p.is_dir() and (p / "index.html").is_file()):
            out.append(f"{prefix}{folder.name}/")
            inner = sorted(p for p in folder.iterdir() if (p / "index.html").is_file())
            out += [f"{prefix}{folder.name}/{inner[0].name}/"] if inner else []
    return out


def test_the_site_runs_under_its_policy_without_a_violation(browser, site_url, built_site):
    cat = sorted(p.name for p in (built_site / "kategorier").iterdir() if p.is_dir())[0]
    context, page = _context(browser, site_url)
    try:
        page.goto("")
        page.fill("form.gpp-header-search input", "svanemærket")  # the header box, put in by gpp.js
        page.press("form.gpp-header-search input", "Enter")
        page.wait_for_selector("#gpp-results li")
        page.fill("form.gpp-search input[type=search]", "møbler")
        page.wait_for_selector("#gpp-results li")
        page.goto(f"kategorier/{cat}/")
        page.select_option("form.gpp-filters select[name=type]", "mindstekrav")
        page.select_option("form.gpp-filters select[name=type]", "")
        page.locator("article.gpp-card button.gpp-copy").first.click()
        _wait(page, "document.querySelector('article.gpp-card .gpp-copy-status').textContent.length > 0")
        page.locator('.md-nav a[href$="maerker/"]').first.click()  # instant navigation
        page.wait_for_url(re.compile("/maerker/"))
        page.locator(".md-content a[href*='maerker/']").first.click()
        page.go_back()
        page.goto("en/")
        page.goto("en/soeg/?q=furniture")
        page.wait_for_selector("#gpp-results li")
        page.goto("finnes-ikke/")  # the 404 page
        for path in _one_page_of_each_kind(built_site):  # also pages added later (e.g. udbud/)
            page.goto(path)
            page.wait_for_load_state("load")
        assert_no_violation(page)
    finally:
        context.close()


# -- a test-only site with the payloads put in raw, as if the checker and the escaping failed ----
PAYLOADS = {
    "attr": "Titel {: tabindex=1 autofocus=autofocus onfocus=\"window.__xss.push('attr')\" }",
    "img": '<img src="x" onerror="window.__xss.push(\'img\')">',
    "svg": "<svg onload=\"window.__xss.push('svg')\"></svg>",
    "script": "<script>window.__xss.push('script')</script>",
    "link": '<a id="evil-link" href="javascript:window.__xss.push(\'link\')">klik</a>',
    "iframe": "<iframe srcdoc=\"<script>parent.__xss.push('iframe')</script>\"></iframe>",
    "form": '<form action="javascript:window.__xss.push(\'form\')"><button id="evil-button">send</button></form>',
    "base": '<base href="https://evil.example/">',
}


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    """The payloads reach the page unescaped: the renderer's escaping and the Markdown escaping are
    switched off for this build only (the checker is skipped by building from data directly)."""
    from opslag.render import templates as render
    from opslag.render import textformat

    mp = pytest.MonkeyPatch()
    mp.setattr(render, "escape", lambda text: Markup(text))
    mp.setattr(textformat, "to_html", lambda text, *args, **kwargs: Markup(text))
    mp.setattr(textformat, "md_escape", lambda text, *args, **kwargs: text)
    mp.setattr(textformat, "page_title", lambda text: text)
    try:
        data = copy.deepcopy(load_file(FIXTURES / "good" / "rengoering-eksempel.yaml").data)
        data["title"]["da"] = PAYLOADS["attr"]
        data["summary"]["da"] = " ".join(v for k, v in PAYLOADS.items() if k != "attr")
        corpus = build_corpus({"giftig": data}, check_project(Project(ROOT, criteria=FIXTURES / "good")).vocab)
        work = tmp_path_factory.mktemp("csp")
        build_language(corpus, "da", 0, Project(ROOT), work, work / "site")
    finally:
        mp.undo()
    html = (work / "site" / "kategorier" / "giftig" / "index.html").read_text(encoding="utf-8")
    assert 'onfocus="window.__xss' in html and "<script>window.__xss" in html  # really unescaped
    server = serve_folder(work / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _attack(browser, url, bypass):
    context, page = _context(browser, url, bypass)
    context.add_init_script("window.__xss = [];")
    try:
        page.goto("kategorier/giftig/")
        time.sleep(0.5)
        page.locator("#evil-link").first.click()
        page.locator("#evil-button").first.click()
        time.sleep(0.5)
        return page.evaluate("window.__xss"), page.evaluate("window.__violations"), page.evaluate("document.baseURI")
    finally:
        context.close()


def test_script_past_the_checker_does_not_run(browser, poisoned):
    ran, violations, base = _attack(browser, poisoned, bypass=False)
    assert ran == []
    assert base.startswith(poisoned)  # <base href> ignored
    directives = {v.split()[0] for v in violations}
    assert {"script-src-attr", "script-src-elem", "base-uri"} <= directives, violations


def test_without_the_policy_the_same_payloads_would_run(browser, poisoned):
    """The control: the payloads are live, so it is the policy that stops them above."""
    ran, _, _ = _attack(browser, poisoned, bypass=True)
    assert {"attr", "img", "script"} <= set(ran), ran


def test_serve_allows_its_live_reload_script(tmp_path):
    """`serve` injects MkDocs' live-reload script into each page; the page's policy names its hash."""
    import shutil
    import urllib.request

    criteria = tmp_path / "criteria"
    criteria.mkdir()
    shutil.copy(FIXTURES / "good" / "rengoering-eksempel.yaml", criteria / "eksempel.yaml")
    with serving(criteria, tmp_path / "site") as port:
        deadline, html = time.monotonic() + 180, ""
        while time.monotonic() < deadline and "</html>" not in html:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/kategorier/eksempel/", timeout=5) as r:
                    html = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
        assert any("livereload" in s for s in scripts)
        assert all(script_hash(s) in policy_of(html)["script-src"] for s in scripts)


def test_mit_udbud_exports_under_the_policy(browser, site_url, built_site):
    """The selection page makes Word and Excel files in the browser (vendored libraries, blob:
    downloads): all of it within the policy, without 'unsafe-eval'."""
    cat = sorted(p.name for p in (built_site / "kategorier").iterdir() if p.is_dir())[0]
    context = browser.new_context(base_url=site_url, accept_downloads=True)
    context.add_init_script(LISTEN)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"kategorier/{cat}/")
        page.locator("article.gpp-card button.gpp-select").first.click()
        page.goto("udbud/")
        page.wait_for_selector("#gpp-builder[data-loaded]")
        for fmt in ("docx", "xlsx", "txt"):
            with page.expect_download() as info:
                page.click(f"button.gpp-export[data-format={fmt}]")
            assert info.value.suggested_filename.endswith("." + fmt)
        assert page.evaluate("window.__violations") == [] and errors == []
    finally:
        context.close()

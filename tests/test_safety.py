"""HTML or script in any YAML text shows as text and never runs, even if it got past the checker."""

import copy

import pytest

from conftest import FIXTURES, ROOT, serve_folder
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.site.build import build_language
from opslag.source.checker import check_project
from opslag.source.yamlsource import load_file

PAYLOADS = [
    "<script>window.__xss = 1</script>",
    '<img src="x" onerror="window.__xss = 2">',
    '"><svg onload="window.__xss = 3">',
    "[klik](javascript:window.__xss=4)",
    "{{ 7 * 7 }} {% raw %}",
    '<a href="javascript:window.__xss=5">link</a>',
    "</title><script>window.__xss = 6</script>",
]


def poisoned_corpus():
    data = load_file(FIXTURES / "good" / "rengoering-eksempel.yaml").data
    data = copy.deepcopy(data)
    payload = " ".join(PAYLOADS)
    data["title"]["da"] = "Kategori " + PAYLOADS[0] + PAYLOADS[-1]
    data["summary"]["da"] = payload
    for crit in data["criteria"]:
        for field in ("title", "requirement", "verification", "rationale"):
            crit[field]["da"] = f"{crit[field]['da']} {payload}"
            crit[field]["en"] = f"{crit[field]['en']} {payload}"
    data["sources"][0]["title"] = PAYLOADS[2]
    vocab = check_project(Project(ROOT, criteria=FIXTURES / "good")).vocab
    return build_corpus({"giftig": data}, vocab)


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory):
    corpus = poisoned_corpus()
    work = tmp_path_factory.mktemp("poison")
    build_language(corpus, "da", 0, Project(ROOT), work, work / "site")
    server = serve_folder(work / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/", work / "site"
    server.shutdown()


def test_payloads_are_escaped_in_the_html(poisoned_site):
    _, site = poisoned_site
    html = (site / "kategorier" / "giftig" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__xss" not in html
    assert "onerror=" not in html.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html


@pytest.mark.parametrize("path", ["kategorier/giftig/", "", "soeg/?q=script"])
def test_payloads_never_run_in_a_real_browser(browser, poisoned_site, path):
    url, _ = poisoned_site
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + path)
    if "soeg" in path:
        page.wait_for_selector("#gpp-results li")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    text = page.locator("article.md-content__inner").inner_text()
    assert "<script>window.__xss = 1</script>" in text  # shown literally, as text
    context.close()


def test_the_fast_bad_character_scan_is_the_definition():
    """textrules._BAD (one regular expression) finds exactly the characters bad_character() names,
    and so does first_bad (which skips the noncharacters above U+FFFF when a text holds none),
    alone and after an ordinary and an astral character."""
    from opslag.source.textrules import _BAD, bad_character, first_bad

    differ = [c for c in range(0x110000) if bool(_BAD.match(chr(c))) != bad_character(chr(c))]
    assert differ == []
    for before in ("", "æ", "\U0001f600"):
        found = [c for c in range(0x110000) if (first_bad(before + chr(c)) is not None) != bad_character(chr(c))]
        assert found == [], before


def _shipped_texts() -> list:
    from opslag.source.rules import walk

    paths = sorted((ROOT / "criteria").glob("*.yaml")) + sorted((ROOT / "vocab").glob("*.yaml"))
    return [v for p in paths for _, v in walk(load_file(p).data) if isinstance(v, str)]


LINK_EDGES = [
    "javascript:x",
    "a javascript:x",
    "ajavascript:x",
    "data:text/x",
    "xdata:text/x",
    "[a](b",
    "![a](b",
    "!![a](b",
    "[[a](b",
    "http://x",
    "Xhttp://x",
    "1http://x",
    "_http://x",
    "-http://x",
    "éhttp://x",
    "FILE://x",
    "vb script :",
    "JavaScript:",
    "javaſcript:",
    "ſhttp://",
    "ıhttp://",
    "\u212ahttp://",
    "DATA: TEXT/",
    "live\nscript:",
    "x ftp://",
]


def test_the_fast_link_search_is_the_definition():
    """textrules._link (a pattern the regex engine can skip through, its look-behind checked apart)
    finds the same first link as the definition, LINK, in every shipped text and at every edge:
    letters before a scheme in any case, the letters that fold to ASCII, Markdown links."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from opslag.source.textrules import LINK, _link

    definition = re.compile(LINK, re.I)

    def same(text):
        a, b = definition.search(text), _link(text)
        assert (a and (a.span(), a[0])) == (b and (b.span(), b[0])), text

    for text in LINK_EDGES + _shipped_texts():
        same(text)

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from([*LINK_EDGES, "a", "É", " ", "\n", ":", "/", "[", "]", "(", "!"]), max_size=8))
    def check(parts):
        same("".join(parts))

    check()

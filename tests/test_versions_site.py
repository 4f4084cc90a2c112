"""Earlier versions on the built site (issue 22, items 3 and 5): every earlier version's page in
both languages with its word diff, the Compare link on the cards, and in Chromium the compare page
aligning fields, hostile queries, and Mit udbud with a pinned earlier version. The logic is tested
without a browser in test_versions.py."""

import re
import urllib.parse

import pytest

from opslag import urls


@pytest.mark.parametrize("lang", ["", "en/"])
def test_every_earlier_version_has_its_page_with_the_words_that_changed(built_site, corpus, lang):
    earlier = [(c, v) for c in corpus.criteria.values() for v in c.earlier]
    assert len(earlier) == 301
    for c, v in earlier:
        page = built_site / lang / urls.version(c, v.version) / "index.html"
        assert page.exists(), page
    html = (built_site / lang / "kriterier/it-03/1/index.html").read_text(encoding="utf-8")
    assert "<h1" in html and "IT-03:1" in html
    assert re.search(r'<a href="\.\./\.\./\.\./kategorier/it-udstyr/#it-03">IT-03:2</a>', html)
    assert 'href="../../../sammenlign/?k=IT-03:1,IT-03"' in html
    diff = html[html.index('data-field="requirement"') :]
    assert "<del>" in diff and "<ins>" in diff and 'class="gpp-sr-only"' in diff
    old = corpus.criteria["IT-03"].earlier[0].requirement.get("en" if lang else "da")
    assert old.split("[")[0].strip().split("\n")[0] in html  # the old text itself


def test_cards_link_to_compare_and_to_their_earlier_versions(built_site):
    html = (built_site / "kategorier" / "it-udstyr" / "index.html").read_text(encoding="utf-8")
    start = html.index('id="it-03"')
    card = html[start : html.index("</article>", start)]
    assert 'class="gpp-compare-link" href="../../sammenlign/?k=IT-03:1,IT-03"' in card
    assert '<a href="../../kriterier/it-03/1/">IT-03:1</a>' in card


def test_compare_page_aligns_the_fields_of_two_versions(page, built_site):
    page.goto("sammenlign/?k=IT-03:1,IT-03")
    page.wait_for_selector("#gpp-compare[data-loaded]")
    heads = page.locator("table.gpp-compare__grid thead th").all_text_contents()
    assert len(heads) == 2 and heads[0].startswith("IT-03:1") and heads[1].startswith("IT-03:2")
    rows = page.locator("table.gpp-compare__grid tbody tr")
    fields = rows.evaluate_all("rs => rs.map(r => r.dataset.field)")
    assert fields[:2] == ["requirement", "verification"]
    assert rows.evaluate_all("rs => rs.map(r => r.querySelectorAll('td').length)") == [2] * len(fields)
    req = page.locator('tr[data-field="requirement"] td').nth(1)
    assert req.locator("del").count() >= 1 and req.locator("ins").count() >= 1
    assert page.locator('tr[data-field="requirement"] td').nth(0).locator("del, ins").count() == 0
    # the same top for each field's cells: aligned by field
    tops = page.locator('tr[data-field="verification"] td').evaluate_all(
        "cs => cs.map(c => Math.round(c.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1
    # remove a column: the address says so, nothing else is stored
    page.locator(".gpp-compare__remove").first.click()
    assert page.url.endswith("sammenlign/?k=IT-03")
    assert page.locator("table.gpp-compare__grid thead th").count() == 1
    page.fill("#gpp-compare-id", "it-03:1")
    page.locator(".gpp-compare__add button").click()
    assert page.url.endswith("sammenlign/?k=IT-03,IT-03:1")
    assert page.evaluate("localStorage.getItem('gpp.selection.v1')") is None
    assert page.js_errors == []


def test_compare_page_names_what_it_cannot_show_and_runs_nothing_from_the_address(page, built_site):
    ids = ["IT-01", "IT-02", "IT-03", "IT-04", "IT-05", "IT-06", "IT-08", "IT-09", "IT-10", "IT-11"]
    hostile = "%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E,%3Cscript%3Ealert(1)%3C/script%3E,IT-99,IT-01:999"
    page.goto("sammenlign/?k=" + hostile + "," + ",".join(ids))
    page.wait_for_selector("#gpp-compare[data-loaded]")
    assert page.locator("table.gpp-compare__grid thead th").count() == 3
    messages = page.locator(".gpp-compare__messages").text_content()
    assert "IT-99" in messages and "IT-01:999" in messages and "IT-11" in messages
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".gpp-compare__messages img, .gpp-compare__messages script").count() == 0
    assert page.locator(".gpp-compare__add").is_hidden()  # three columns: nothing to add
    page.goto("en/sammenlign/")
    page.wait_for_selector("#gpp-compare[data-loaded]")
    assert page.locator(".gpp-compare__empty").count() == 1
    assert page.js_errors == []


def test_compare_page_reads_the_address_decoded_once_and_keeps_its_other_parameters(page, built_site):
    """?k= with an encoded comma (a separator once decoded) and an encoded %25 (the text '%25' once
    decoded, named as unknown, never decoded again); removing a column rewrites ?k= and leaves the
    other parameters as they were."""
    page.goto("sammenlign/?k=IT-03%2CIT-01,%2525&x=50%25&y=a%2Cb")
    page.wait_for_selector("#gpp-compare[data-loaded]")
    heads = page.locator("table.gpp-compare__grid thead th .gpp-card__cite").all_text_contents()
    assert [h.split(":")[0] for h in heads] == ["IT-03", "IT-01"]
    assert page.locator(".gpp-compare__messages").text_content().endswith(" %25")
    page.locator(".gpp-compare__remove").first.click()
    query = urllib.parse.urlsplit(page.url).query
    assert urllib.parse.parse_qs(query) == {"k": ["IT-01"], "x": ["50%"], "y": ["a,b"]}
    assert page.js_errors == []


def test_mit_udbud_shows_a_pinned_earlier_version_with_its_own_text(page, built_site, corpus):
    page.goto("udbud/?k=IT-03:1")
    page.wait_for_selector("#gpp-builder[data-loaded]")
    pick = page.locator("article#valgt-it-03")
    notice = pick.locator(".gpp-outdated").text_content()
    assert "IT-03:1" in notice and "IT-03:2" in notice and "ikke den gældende" in notice
    assert pick.locator(".gpp-compare-current").get_attribute("href").endswith("sammenlign/?k=IT-03:1,IT-03")
    assert pick.locator("h3 a").get_attribute("href").endswith("kriterier/it-03/1/")
    assert "CO2-pris på [beløb] kr. pr. ton" in pick.text_content()  # version 1's own text
    pick.locator(".gpp-compare-current").click()
    page.wait_for_selector("#gpp-compare[data-loaded]")
    assert page.locator("table.gpp-compare__grid thead th").count() == 2
    assert page.js_errors == []


@pytest.mark.parametrize("path", ["kriterier/it-03/1/", "en/kriterier/it-03/1/", "sammenlign/?k=IT-03:1,IT-03,IT-01"])
def test_earlier_version_and_compare_pages_have_no_wcag_21_aa_violations(page, built_site, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(path)
    if "sammenlign" in path:
        page.wait_for_selector("#gpp-compare[data-loaded]")
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []

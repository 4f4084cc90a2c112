"""The built site driven in Debian's chromium: copy, filters, permalinks, language, safety, WCAG."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe


def first_category(built_site):
    return sorted(p.name for p in (built_site / "kategorier").iterdir() if p.is_dir())[0]


def test_copy_button_puts_exactly_the_tender_text_on_the_clipboard(page, built_site):
    cat = first_category(built_site)
    page.goto(f"kategorier/{cat}/")
    card = page.locator("article.gpp-card").first
    crit_id = card.get_attribute("id").upper()
    card.locator("button.gpp-copy").click()
    page.wait_for_function("document.querySelector('article.gpp-card .gpp-copy-status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = (built_site / "downloads" / "kriterier" / f"{crit_id}.txt").read_text(encoding="utf-8")
    assert copied == expected
    assert "Kravteksten er kopieret" in card.locator(".gpp-copy-status").text_content()


def test_filters_by_type_and_level_also_after_instant_navigation(page, built_site):
    cat = first_category(built_site)
    page.goto("")
    page.locator(f'.md-content a[href$="kategorier/{cat}/"]').first.click()  # instant navigation, no full load
    page.wait_for_url(re.compile(f"kategorier/{cat}/"))
    page.wait_for_selector("form.gpp-filters[data-ready]")  # the filter script has started
    total = page.locator("article.gpp-card").count()
    page.select_option("form.gpp-filters select[name=type]", "mindstekrav")
    visible = page.locator("article.gpp-card:visible")
    assert visible.count() >= 1 and visible.count() < total
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.type)")) == {"mindstekrav"}
    assert page.locator(".gpp-filter-count__n").text_content() == str(visible.count())
    page.select_option("form.gpp-filters select[name=level]", "basis")
    levels = set(page.locator("article.gpp-card:visible").evaluate_all("els => els.map(e => e.dataset.level)"))
    assert levels <= {"basis"}
    page.select_option("form.gpp-filters select[name=type]", "")
    page.select_option("form.gpp-filters select[name=level]", "")
    assert page.locator("article.gpp-card:visible").count() == total
    assert page.js_errors == []


def test_permalink_lands_on_its_card(page, built_site):
    cat = first_category(built_site)
    html = (built_site / "kategorier" / cat / "index.html").read_text(encoding="utf-8")
    anchor = re.findall(r'<article class="gpp-card[^"]*" id="([a-z]+-\d+)"', html)[-1]
    page.set_viewport_size({"width": 1200, "height": 800})
    page.goto(f"kategorier/{cat}/#{anchor}")
    page.wait_for_timeout(300)
    box = page.locator(f"article#{anchor}").bounding_box()
    assert box is not None and 0 <= box["y"] < 400


def test_language_switch_goes_to_the_english_site(page, built_site):
    cat = first_category(built_site)
    page.goto(f"kategorier/{cat}/")
    assert page.locator("html").get_attribute("lang") == "da"
    page.locator(".md-header__option .md-select").hover()
    page.locator('a[hreflang="en"]').click()
    page.wait_for_url(re.compile(f"/en/kategorier/{cat}/$"))  # stays on the same page
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.text_content()
    page.locator(".md-header__option .md-select").hover()
    page.locator('a[hreflang="da"]').click()
    page.wait_for_url(re.compile(f"127.0.0.1:[0-9]+/kategorier/{cat}/$"))
    assert page.locator("html").get_attribute("lang") == "da"


@pytest.mark.parametrize("path", ["", "kategorier/{cat}/", "soeg/?q=svanemærket", "en/kategorier/{cat}/"])
def test_no_wcag_21_aa_violations(page, built_site, path):
    page.goto(path.format(cat=first_category(built_site)))
    if "soeg" in path:
        page.wait_for_selector("#gpp-results li")
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []

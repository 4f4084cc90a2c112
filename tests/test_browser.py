"""The built site driven in Debian's chromium: copy, filters, permalinks, language, safety, WCAG."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from opslag.render.templates import type_slug


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


def _filter_pages(corpus):
    """One page of each kind that shows the filter component, with criteria at more than one level."""
    v = corpus.vocab

    def mixed(criteria):
        return len({c.level for c in criteria}) > 1 and any(c.level == v.levels_by_rank()[0] for c in criteria)

    cat = next(c for c in corpus.categories if mixed(c.criteria))
    label = next(i for i in v.ids("labels") if mixed(corpus.criteria_with_label(i)))
    goal = next(
        g for g in v.ids("goals") if mixed([c for cat_ in corpus.categories_with_goal(g) for c in cat_.criteria])
    )
    type_ = next(t for t in v.ids("types") if mixed(corpus.criteria_of_type(t)))
    return {
        "category": f"kategorier/{cat.id}/",
        "label": f"maerker/{label}/",
        "goal": f"pogi/{goal}/",
        "type": f"kravtyper/{type_slug(type_)}/",
        "search": "soeg/?q=svanem%C3%A6rket",
    }


SHOWN_IDS = """els => els.filter(e => !e.hidden && e.offsetParent !== null)
    .map(e => (e.id || e.querySelector('a').hash.slice(1)).toUpperCase())"""


def _shown(page, kind):
    items = "#gpp-results > li" if kind == "search" else "[data-facets]"
    if kind == "search":
        page.wait_for_function("document.querySelector('#gpp-search-status').textContent.length > 0")
    else:
        page.wait_for_selector("form.gpp-filters[data-ready]", state="attached")
    return page.locator(items).evaluate_all(SHOWN_IDS)


@pytest.mark.parametrize("kind", ["category", "label", "goal", "type", "search"])
def test_filters_live_in_the_address_survive_a_reload_and_levels_are_cumulative(page, corpus, kind):
    """The same component on every kind of page: choosing a level writes ?niveau= into the address,
    shows every criterion up to that level (the lower levels too: cumulative), and a reload or the
    shared address shows the same list with the same choice."""
    v = corpus.vocab
    path = _filter_pages(corpus)[kind]
    page.goto(path)
    everything = _shown(page, kind)
    lowest, second = v.levels_by_rank()[0], v.levels_by_rank()[1]
    page.select_option("form.gpp-filters select[data-param=niveau]", second)
    assert f"niveau={second}" in page.url
    shown = _shown(page, kind)
    rank = v.level_rank(second)
    assert shown == [ref for ref in everything if v.level_rank(corpus.criteria[ref].level) <= rank]
    assert any(corpus.criteria[ref].level == lowest for ref in shown)  # cumulative: the lower level is in
    page.reload()
    assert _shown(page, kind) == shown
    assert page.locator("form.gpp-filters select[data-param=niveau]").input_value() == second
    # a shared address with two choices, one of them nonsense: the nonsense is ignored, never an error
    sep = "&" if "?" in path else "?"
    page.goto(f"{path}{sep}niveau={lowest}&status=%3Cscript%3E")
    only = _shown(page, kind)
    assert only and all(corpus.criteria[ref].level == lowest for ref in only)
    assert page.locator("form.gpp-filters select[data-param=status]").input_value() == ""
    assert page.js_errors == []


def test_filters_on_a_phone_are_behind_one_button(browser, site_url, corpus):
    context = browser.new_context(base_url=site_url, viewport={"width": 390, "height": 844})
    pg = context.new_page()
    pg.goto(_filter_pages(corpus)["category"] + "?niveau=basis")
    pg.wait_for_selector("form.gpp-filters[data-ready]", state="attached")
    button = pg.locator(".gpp-filterbox__toggle")
    assert button.is_visible() and not pg.locator("form.gpp-filters").is_visible()
    assert button.text_content().endswith("(1)")  # a collapsed filter says that it filters
    button.click()
    assert pg.locator("form.gpp-filters").is_visible() and button.get_attribute("aria-expanded") == "true"
    context.close()
    wide = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 900})
    pg = wide.new_page()
    pg.goto(_filter_pages(corpus)["category"])
    pg.wait_for_selector("form.gpp-filters[data-ready]", state="attached")
    assert pg.locator("form.gpp-filters").is_visible() and not pg.locator(".gpp-filterbox__toggle").is_visible()
    wide.close()

"""What changed, for a procurer (issue #22, items 2, 4 and 6): the change log drawn in parts with its
filters in the address, the notes for procurers, the grace period of an earlier version, errata, and
the date each criterion last changed on the card, in the documents and in the sitemap.

The fixture corpus is the good fixture with one of each: a revised criterion (EKS-01, version 2 with
a note for procurers, and an erratum after it), a new one (EKS-02) and a retired one (EKS-03, retired
in version 2 and replaced by EKS-01)."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from rule_cases import EKS01_V2_ENTRY, ERRATUM, GOOD_TEXT, apply

from conftest import ROOT, browser_page, serve_folder, udbud_data
from opslag import urls
from opslag.exports import changes_data
from opslag.model import changelog, lifecycle
from opslag.model.corpus import Corpus, build_corpus
from opslag.project import Project
from opslag.render.templates import Renderer
from opslag.site.build import build_site
from opslag.source.checker import check_project

ATOM = "{http://www.w3.org/2005/Atom}"
NOTE_DA = "Nu accepteres også EU-Blomsten som dokumentation."
ERRATUM_DA = "Stavefejl i vejledningen rettet."
RETIRED = "  - id: EKS-03\n    version: 1\n"
FIXTURE = apply(
    GOOD_TEXT,
    (
        (
            EKS01_V2_ENTRY,
            EKS01_V2_ENTRY
            + f"        note: {{da: {NOTE_DA}, en: The EU Ecolabel is now also accepted as evidence.}}\n"
            + ERRATUM % "2026-11-15",
        ),
        (RETIRED, "  - id: EKS-03\n    version: 2\n"),
        (
            "        date: 2024-01-01\n        change: {da: Første udgave., en: First edition.}\n",
            "        date: 2024-01-01\n        change: {da: Første udgave., en: First edition.}\n"
            "        text:\n"  # the retired version's own text, as it read (R227)
            "          requirement: {da: Varen skal være miljømærket., en: The product shall carry an ecolabel.}\n"
            "          verification: {da: Ingen., en: None.}\n"
            "      - version: 2\n        date: 2026-11-10\n"
            "        change: {da: Udgået; afløst af EKS-01., en: Retired; replaced by EKS-01.}\n"
            "        note: {da: Brug EKS-01 i stedet., en: Use EKS-01 instead.}\n",
        ),
    ),
)


def _epoch(day: str) -> int:
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())


def _criteria(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fixture.yaml").write_text(FIXTURE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def fixture_corpus(tmp_path_factory):
    check = check_project(Project(ROOT, criteria=_criteria(tmp_path_factory.mktemp("changes"))))
    assert check.ok and check.diagnostics == [], [d.format() for d in check.diagnostics]
    return build_corpus(check.categories, check.vocab)


def _build(tmp_path_factory, day: str):
    tmp = tmp_path_factory.mktemp(f"site-{day}")
    out = tmp / "site"
    result = build_site(Project(ROOT, criteria=_criteria(tmp), out=out, epoch=_epoch(day)))
    assert result.ok, result.error or [d.format() for d in result.check.errors]
    return out


@pytest.fixture(scope="module")
def in_grace(tmp_path_factory):
    """The fixture built on 2026-11-20: EKS-01:1 and EKS-03 are within their grace period."""
    return _build(tmp_path_factory, "2026-11-20")


@pytest.fixture(scope="module")
def after_grace(tmp_path_factory):
    """The same fixture built on 2027-06-01: both grace periods (six months) are over."""
    return _build(tmp_path_factory, "2027-06-01")


def _read(folder, path):
    return (folder / path).read_text(encoding="utf-8")


def _card(html: str, anchor: str) -> str:
    return re.search(rf'<article class="gpp-card[^"]*" id="{anchor}".*?</article>', html, re.S)[0]


# -- the grace period, from vocab/statuses.yaml ------------------------------------------------------


def test_months_are_added_as_on_a_calendar():
    assert lifecycle.add_months("2026-11-01", 6) == "2027-05-01"
    assert lifecycle.add_months("2026-08-31", 6) == "2027-02-28"
    assert lifecycle.add_months("2024-02-29", 12) == "2025-02-28"
    assert lifecycle.add_months("2026-12-06", 1) == "2027-01-06"


def test_each_ended_version_is_accepted_for_the_vocabularys_grace_period(fixture_corpus):
    months = fixture_corpus.vocab.extra["statuses"]["lifecycle"]["grace_months"]
    assert months == lifecycle.grace_months(fixture_corpus.vocab) == 6
    c = fixture_corpus.criteria
    assert lifecycle.ended_versions(c["EKS-01"], fixture_corpus) == {
        1: lifecycle.Grace("EKS-01:1", "EKS-01:2", "2026-11-01", "2027-05-01")
    }
    assert lifecycle.ended_versions(c["EKS-02"], fixture_corpus) == {}  # new: nothing has ended
    retired = lifecycle.ended_versions(c["EKS-03"], fixture_corpus)
    assert retired[2] == lifecycle.Grace("EKS-03:2", "EKS-01:2", "2026-11-10", "2027-05-10")  # use its replacement
    assert lifecycle.notice(c["EKS-01"], fixture_corpus, "2027-05-01").old == "EKS-01:1"  # the last day counts
    assert lifecycle.notice(c["EKS-01"], fixture_corpus, "2027-05-02") is None
    assert lifecycle.notice(c["EKS-01"], fixture_corpus, "2026-10-31") is None  # before the change


def test_grace_notice_appears_and_disappears_with_source_date_epoch(in_grace, after_grace):
    page = _read(in_grace, "kategorier/fixture/index.html")
    revised, retired = _card(page, "eks-01"), _card(page, "eks-03")
    notice = re.search(r'<p class="gpp-notice gpp-notice--grace"[^>]*>(.*?)</p>', revised, re.S)[1]
    text = re.sub(r"<[^>]+>", "", notice)
    assert (
        text
        == "Ny version 2026-11-01: brug EKS-01:2 i nye udbud. EKS-01:1 accepteres stadig i udbud til og med 2027-05-01."
    )
    text = re.sub(r"<[^>]+>", "", re.search(r'gpp-notice--grace"[^>]*>(.*?)</p>', retired, re.S)[1])
    assert (
        text
        == "Udgået 2026-11-10: brug EKS-01:2 i nye udbud. EKS-03:2 accepteres stadig i udbud til og med 2027-05-10."
    )
    assert "gpp-notice--grace" not in _card(page, "eks-02")
    english = re.sub(r"<[^>]+>", "", _card(_read(in_grace, "en/kategorier/fixture/index.html"), "eks-01"))
    assert (
        "use EKS-01:2 in new tenders. EKS-01:1 is still accepted in tenders up to and including 2027-05-01." in english
    )
    assert "gpp-notice--grace" not in _read(after_grace, "kategorier/fixture/index.html")
    assert "gpp-notice--grace" not in _read(after_grace, "en/kategorier/fixture/index.html")
    # Mit udbud gets the same verdict from the data (a pinned EKS-01:1)
    for site, accepted in ((in_grace, True), (after_grace, False)):
        ended = udbud_data(site)["criteria"]["EKS-01"]["ended"]
        assert ended == {"1": {"until": "2027-05-01", "open": accepted, "new": "EKS-01:2"}}


# -- errata: own page, feeds -------------------------------------------------------------------------


def test_erratum_is_on_its_page_and_in_the_feeds_but_makes_no_version(in_grace, fixture_corpus):
    assert fixture_corpus.criteria["EKS-01"].version == 2
    page = _read(in_grace, "rettelser/index.html")
    item = re.search(r'<li id="eks-01-rettelse-1">(.*?)</li>', page, re.S)[1]
    assert "EKS-01:2" in item and ERRATUM_DA in item
    assert "Spelling corrected in the guidance." in _read(in_grace, "en/rettelser/index.html")
    for path in (urls.FEED_ALL, urls.category_feed("fixture")):
        feed = ET.parse(in_grace / path).getroot()
        entries = [
            {k: e.find(ATOM + k).text for k in ("id", "title", "updated", "content")} for e in feed.iter(ATOM + "entry")
        ]
        assert [e["updated"][:10] for e in entries] == [
            "2026-11-15",
            "2026-11-10",
            "2026-11-01",
            "2026-11-01",
            "2025-01-01",
            "2024-01-01",
        ]
        erratum = entries[0]
        assert erratum["title"].startswith("Rettelse: EKS-01:2 ") and erratum["id"].endswith(
            "rettelser/#eks-01-rettelse-1"
        )
        assert erratum["content"].endswith(ERRATUM_DA)
        revised = next(e for e in entries if e["title"].startswith("EKS-01:2 "))
        assert revised["content"].endswith(NOTE_DA)  # the note for procurers, not the editors' text
        assert feed.find(ATOM + "updated").text.startswith("2026-11-15")
    assert "Ingen rettelser endnu." not in page


def test_errata_page_says_when_there_are_none(built_site, corpus):
    assert not any(c.errata for c in corpus.criteria.values())  # the shipped criteria have none yet
    assert "Ingen rettelser endnu." in _read(built_site, "rettelser/index.html")
    assert "No corrections yet." in _read(built_site, "en/rettelser/index.html")


# -- when each criterion last changed -------------------------------------------------------------


def test_card_documents_and_sitemap_say_when_each_criterion_last_changed(in_grace):
    page = _read(in_grace, "kategorier/fixture/index.html")
    assert "Senest ændret 2026-11-15" in _card(page, "eks-01")  # the erratum is the newest change
    assert "Senest ændret 2026-11-01" in _card(page, "eks-02")
    import docx

    text = "\n".join(p.text for p in docx.Document(in_grace / "downloads" / "fixture.docx").paragraphs)
    assert "EKS-01:2 · Eksempel på rengøringsmidler · Basis · Senest ændret 2026-11-15" in text
    assert re.search(r"EKS-02:1 · [^\n]* · Senest ændret 2026-11-01", text)
    sitemap = {
        loc.split("/", 3)[3]: mod
        for loc, mod in re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", _read(in_grace, "sitemap.xml"))
    }
    assert sitemap["kategorier/fixture/"] == "2026-11-15"  # its newest change, not the build's date
    assert sitemap["rettelser/"] == sitemap["aendringer/"] == "2026-11-15"
    assert sitemap["om/"] == "2026-11-20"  # a hand-written page: the build's date


# -- the change log in parts ---------------------------------------------------------------------------


def _versions(corpus):
    return sum(len(c.history) for c in corpus.criteria.values())


def test_change_log_index_and_parts_hold_every_change_once_newest_first(corpus):
    r = Renderer(corpus, "da", Project(ROOT))
    index, parts = changes_data.data(corpus, r)
    every = changelog.entries(corpus)
    assert len(index["rows"]) == _versions(corpus) == len(every)  # the shipped criteria have no errata
    assert all(len(p) <= changes_data.CHUNK for p in parts) and len(parts) == -(-len(every) // changes_data.CHUNK)
    flat = [e for p in parts for e in p]
    assert [e["cite"] for e in flat] == [ch.cite for ch in every]
    for row, entry, ch in zip(index["rows"], flat, every):
        c = ch.criterion
        assert index["dates"][row[0]] == entry["date"] == ch.date
        assert index["categories"][row[1]] == c.category and index["types"][row[2]] == c.type
        assert row[3] == corpus.vocab.level_rank(c.level)
    with_note = next(e for e, ch in zip(flat, every) if ch.note)
    assert with_note["change"] and with_note["note"] != with_note["change"]  # the note first, the editors' text too


def test_errata_are_entries_of_their_own_kind_in_the_change_log(fixture_corpus):
    """An erratum is a line of the change log (index and parts) of its own kind: dated, with its
    correction as the text, no version of its own, and the facts the filters read (category, type,
    level) of its criterion."""
    r = Renderer(fixture_corpus, "da", Project(ROOT))
    index, parts = changes_data.data(fixture_corpus, r)
    flat = [e for p in parts for e in p]
    assert len(flat) == len(index["rows"]) == _versions(fixture_corpus) + 1
    marked = [(e["anchor"], e["cite"], e["date"], e["note"], e["new"], e["change"]) for e in flat if e["erratum"]]
    assert marked == [("eks-01-rettelse-1", "EKS-01:2", "2026-11-15", ERRATUM_DA, False, None)]
    assert flat[0]["erratum"]  # the newest change
    c = fixture_corpus.criteria["EKS-01"]
    row = index["rows"][0]
    assert (index["dates"][row[0]], index["categories"][row[1]], index["types"][row[2]], row[3]) == (
        "2026-11-15",
        c.category,
        c.type,
        fixture_corpus.vocab.level_rank(c.level),
    )
    assert index["errata"] == [0]  # the kind filter's list (web/js/changes.js)
    versions = [e for e in flat if not e["erratum"]]
    assert [e["cite"] for e in versions] == [ch.cite for ch in changelog.changes(fixture_corpus)]


def test_change_log_page_lists_the_erratum_marked_as_one(in_grace):
    for path, word in (("aendringer/index.html", "Rettelse"), ("en/aendringer/index.html", "Correction")):
        page = _read(in_grace, path)
        rows = re.findall(r'<li class="gpp-change" id="([^"]+)">', page)
        assert rows[0] == "eks-01-rettelse-1" and len(rows) == 6  # five versions and the erratum
        row = re.search(r'<li class="gpp-change" id="eks-01-rettelse-1">.*?</li>', page, re.S)[0]
        assert f'<span class="gpp-change__erratum"> · {word}</span>' in row
        assert 'class="gpp-change__new" hidden' in row
        assert ERRATUM_DA in row or "Spelling corrected in the guidance." in row
        others = re.findall(r'<span class="gpp-change__erratum"( hidden)?>', page)
        assert others == [""] + [" hidden"] * 6  # the erratum; the five versions and the row's <template>


def test_notes_for_procurers_replace_the_editors_jargon(corpus):
    jargon = ("typede form", "ladsholder", "ointformel")  # the editors' words for placeholders and scoring
    entries = [(c, v, text) for c in corpus.criteria.values() for v, _, text in c.history]
    flagged = [(c, v) for c, v, text in entries if any(j in text.da for j in jargon)]
    assert flagged and all(c.reader_note(v) for c, v in flagged)
    for c, v in flagged:
        note = c.reader_note(v)
        assert note.en and "typede" not in note.da and "pladsholder" not in note.da.lower()


def test_change_log_stays_small_at_scale(corpus):
    """Ten copies of the shipped categories (3,310 criteria): the page holds one page of changes;
    the index grows by a few bytes a change and each part stays small."""
    copies = [
        replace(
            cat,
            id=f"{cat.id}-{n}",
            criteria=tuple(replace(c, id=f"{c.id[:-3]}{n}{c.id[-3:]}", category=f"{cat.id}-{n}") for c in cat.criteria),
        )
        for n in range(10)
        for cat in corpus.categories
    ]
    big = Corpus(copies, corpus.vocab)
    index, parts = changes_data.data(big, Renderer(big, "da", Project(ROOT)))
    size = len(json.dumps(index, separators=(",", ":")))
    assert len(index["rows"]) == 10 * _versions(corpus)
    assert size / len(index["rows"]) < 20  # bytes per change
    assert max(len(json.dumps(p, ensure_ascii=False)) for p in parts) < 120_000


def test_change_log_page_holds_one_page_of_changes(built_site, corpus):
    page = _read(built_site, "aendringer/index.html")
    rows = re.findall(r'<li class="gpp-change" id="([a-z]+-[0-9]+-[0-9]+)">', page)
    assert len(rows) == changes_data.PAGE_SIZE < _versions(corpus)
    assert rows == [f"{ch.criterion.anchor}-{ch.version}" for ch in changelog.changes(corpus)[: len(rows)]]
    assert len(page) < 200_000
    index = json.loads(_read(built_site, changes_data.INDEX))
    assert len(index["rows"]) == _versions(corpus)


# -- in the browser ------------------------------------------------------------------------------------


def _drawn(page):
    page.wait_for_selector("form.gpp-changes-filters:not([hidden])")
    page.wait_for_function("document.querySelector('ul.gpp-changes li.gpp-change .gpp-change__date') !== null")
    page.wait_for_load_state("networkidle")


def test_change_log_filters_live_in_the_address_and_survive_a_reload(page, corpus):
    requested = []
    page.on("request", lambda r: requested.append(r.url) if "/downloads/aendringer/" in r.url else None)
    page.goto("aendringer/?kategori=rengoeringsmidler&periode=2026")
    _drawn(page)
    expected = [ch for ch in changelog.changes(corpus, "rengoeringsmidler") if ch.date.startswith("2026")]
    rows = page.locator("ul.gpp-changes li.gpp-change")
    assert rows.count() == len(expected) and page.locator(".gpp-changes-count__n").text_content() == str(len(expected))
    assert rows.evaluate_all("els => els.map(e => e.id)") == [f"{ch.criterion.anchor}-{ch.version}" for ch in expected]
    assert set(page.locator(".gpp-change__category").all_text_contents()) == {"Rengøringsmidler"}
    # the index and only the parts that hold these rows
    every = changelog.changes(corpus)
    parts = {every.index(ch) // changes_data.CHUNK for ch in expected}
    assert sorted(u.rsplit("/", 1)[1] for u in requested) == sorted([f"{n}.json" for n in parts] + ["index.json"])
    assert len(parts) < -(-len(every) // changes_data.CHUNK)
    # levels are cumulative: up to 'basis' keeps only basis
    page.select_option("select[name=niveau]", "basis")
    page.wait_for_url(re.compile(r"niveau=basis"))
    page.wait_for_load_state("networkidle")
    basis = [ch for ch in expected if ch.criterion.level == "basis"]
    assert page.locator("ul.gpp-changes li.gpp-change").count() == len(basis) < len(expected)
    # details on demand: the note for procurers, and the editors' own text
    first = page.locator("ul.gpp-changes li.gpp-change").first
    first.locator("summary").click()
    ch = basis[0]
    assert first.locator(".gpp-change__note").text_content() == (ch.note or ch.text).da
    assert first.locator(".gpp-change__link").get_attribute("href") == "../" + urls.criterion(ch.criterion)
    page.reload()
    _drawn(page)
    assert page.locator("select[name=kategori]").input_value() == "rengoeringsmidler"
    assert page.locator("select[name=niveau]").input_value() == "basis"
    assert page.locator("select[name=periode]").input_value() == "2026"
    assert page.locator("ul.gpp-changes li.gpp-change").count() == len(basis)
    assert page.js_errors == []


def test_a_category_page_leads_to_its_changes_in_one_click(page, corpus):
    page.goto("kategorier/rengoeringsmidler/")
    page.click('.gpp-facts a[href$="aendringer/?kategori=rengoeringsmidler"]')
    page.wait_for_url(re.compile(r"aendringer/\?kategori=rengoeringsmidler"))
    _drawn(page)
    assert page.locator(".gpp-changes-count__n").text_content() == str(
        len(changelog.changes(corpus, "rengoeringsmidler"))
    )
    assert page.js_errors == []


def test_change_log_pages_through_every_change(page, corpus):
    page.goto("aendringer/?kategori=findes-ikke&side=x")  # unknown values are ignored, never an error
    _drawn(page)
    every = changelog.changes(corpus)
    assert page.locator(".gpp-changes-count__n").text_content() == str(len(every))
    assert page.locator("nav.gpp-pager").is_visible()
    page.click(".gpp-pager__next")
    page.wait_for_url(re.compile(r"side=2"))
    page.wait_for_load_state("networkidle")
    ids = page.locator("ul.gpp-changes li.gpp-change").evaluate_all("els => els.map(e => e.id)")
    size = changes_data.PAGE_SIZE
    assert ids == [f"{ch.criterion.anchor}-{ch.version}" for ch in every[size : 2 * size]]
    page.fill("input[name=fra]", "2026-12-01")
    page.locator("input[name=fra]").dispatch_event("change")
    page.wait_for_url(re.compile(r"fra=2026-12-01"))
    page.wait_for_load_state("networkidle")
    since = [ch for ch in every if ch.date >= "2026-12-01"]
    assert page.locator(".gpp-changes-count__n").text_content() == str(len(since))
    assert "side=" not in page.url  # a new filter starts at the first page
    assert page.js_errors == []


def test_change_log_filters_an_erratum_like_the_versions_and_by_its_kind(browser, in_grace, fixture_corpus):
    """The fixture's erratum in the browser: first in the list with its mark, kept or dropped by the
    filters of its criterion's facts, and ?slags= shows only errata or only versions."""
    server = serve_folder(in_grace)
    c = fixture_corpus.criteria["EKS-01"]
    versions = [f"{ch.criterion.anchor}-{ch.version}" for ch in changelog.changes(fixture_corpus)]
    try:
        for page in browser_page(browser, base_url=f"http://127.0.0.1:{server.server_address[1]}/"):
            ids = "els => els.map(e => e.id)"
            page.goto("aendringer/")
            _drawn(page)
            rows = page.locator("ul.gpp-changes li.gpp-change")
            assert rows.evaluate_all(ids) == ["eks-01-rettelse-1", *versions]
            assert rows.first.locator(".gpp-change__erratum").is_visible()
            page.goto(
                f"aendringer/?slags=rettelser&kategori={c.category}&type={c.type}&niveau={c.level}&fra=2026-11-15"
            )
            _drawn(page)
            assert rows.evaluate_all(ids) == ["eks-01-rettelse-1"]
            other = fixture_corpus.criteria[
                "EKS-02"
            ]  # another type: the erratum is filtered out like EKS-01's versions
            assert other.type != c.type
            page.goto(f"aendringer/?type={other.type}")
            _drawn(page)
            assert rows.evaluate_all(ids) == [v for v in versions if v.startswith("eks-02-")]
            page.goto("aendringer/?slags=rettelser&fra=2026-11-16")  # after it: none
            page.wait_for_selector("form.gpp-changes-filters:not([hidden])")
            page.wait_for_load_state("networkidle")
            assert page.locator(".gpp-changes-count__n").text_content() == "0"
            page.goto("aendringer/?slags=versioner")
            _drawn(page)
            assert rows.evaluate_all(ids) == versions
            assert page.js_errors == []
    finally:
        server.shutdown()


def test_pinned_earlier_version_in_mit_udbud_says_until_when_it_is_accepted(page, built_site):
    data = udbud_data(built_site)
    crit = next(c for c in data["criteria"].values() if c["version"] > 1 and not c["retired"])
    old = crit["version"] - 1
    ended = crit["ended"][str(old)]
    page.goto(f"udbud/?k={crit['id']}:{old}")
    page.wait_for_selector("#gpp-builder[data-loaded]")
    text = page.locator("article.gpp-pick .gpp-grace").text_content()
    if ended["open"]:
        assert (
            text
            == f"{crit['id']}:{old} accepteres stadig i udbud til og med {ended['until']}; brug {crit['cite']} i nye udbud."
        )
    else:
        assert text == f"{crit['id']}:{old}: overgangsperioden sluttede {ended['until']}."
    assert page.js_errors == []


def test_word_and_excel_from_mit_udbud_say_when_each_criterion_last_changed(browser, site_url, built_site, tmp_path):
    import docx
    import openpyxl

    from conftest import browser_page

    data = udbud_data(built_site)
    picked = [c for c in data["criteria"].values() if not c["retired"]][:3]
    for page in browser_page(browser, base_url=site_url, accept_downloads=True):
        page.goto("udbud/?k=" + ",".join(c["id"] for c in picked))
        page.wait_for_selector("#gpp-builder[data-loaded]")
        files = {}
        for fmt in ("docx", "xlsx"):
            with page.expect_download() as info:
                page.click(f"button.gpp-export[data-format={fmt}]")
            files[fmt] = tmp_path / f"t.{fmt}"
            info.value.save_as(files[fmt])
        assert page.js_errors == []
    word = "\n".join(p.text for p in docx.Document(files["docx"]).paragraphs)
    sheet = openpyxl.load_workbook(files["xlsx"]).active
    cells = {row[0]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for c in picked:
        assert re.search(rf"{re.escape(c['cite'])} · [^\n]* · Senest ændret {c['changed']}\n", word + "\n")
        assert f"Senest ændret {c['changed']}\n" in cells[c["cite"]]
        assert c["changed"] == max(h["date"] for h in c["history"])  # no errata in the shipped criteria


def test_change_log_is_accessible_and_runs_under_the_sites_policy(browser, site_url, built_site):
    """WCAG 2.1 AA with a line opened, and the page's script and data loads under the
    Content-Security-Policy (no bypass here, unlike the `page` fixture)."""
    from axe_playwright_python.sync_playwright import Axe
    from test_csp import LISTEN

    context = browser.new_context(base_url=site_url)
    context.add_init_script(LISTEN)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto("aendringer/?kategori=rengoeringsmidler")
        page.wait_for_selector("form.gpp-changes-filters:not([hidden])")
        page.wait_for_load_state("networkidle")
        page.locator("li.gpp-change summary").first.click()
        assert page.locator("li.gpp-change .gpp-change__note").first.is_visible()
        assert page.evaluate("window.__violations") == [] and errors == []
        results = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
        )
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]] == []
    finally:
        context.close()


def test_an_older_choice_failing_late_leaves_the_newer_choice_drawn(browser, site_url, corpus):
    """A part that fails after the reader has chosen again: the newer choice's rows and count stay,
    with no failure text over them."""
    every = changelog.changes(corpus)
    last = (len(every) - 1) // changes_data.CHUNK  # the oldest changes' part: not needed for the first page
    # a category whose first page of changes needs that part
    cat = next(
        c.id
        for c in corpus.categories
        if any(
            every.index(ch) // changes_data.CHUNK == last
            for ch in changelog.changes(corpus, c.id)[: changes_data.PAGE_SIZE]
        )
    )
    held = []  # the request for that part, answered when the test says

    def hold(route):
        held.append(route)

    for page in browser_page(browser, base_url=site_url, bypass_csp=True):
        page.route(f"**/downloads/aendringer/{last}.json", hold)
        page.goto("aendringer/")
        _drawn(page)
        page.select_option("select[name=kategori]", cat)  # waits for the held part
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the category's changes did not ask for the oldest part"
        page.select_option("select[name=kategori]", "")  # every change again: the first part, at hand
        first = [f"{ch.criterion.anchor}-{ch.version}" for ch in every[: changes_data.PAGE_SIZE]]
        rows = "Array.from(document.querySelectorAll('ul.gpp-changes li.gpp-change')).map(e => e.id).join(' ')"
        page.wait_for_function(f"{rows} === {json.dumps(' '.join(first))}")
        held[0].abort()  # the older choice's part fails now
        page.wait_for_timeout(500)
        assert page.evaluate(rows) == " ".join(first)
        assert page.locator(".gpp-changes-count__n").text_content() == str(len(every))
        assert not page.is_visible(".gpp-changes-more")
        assert page.js_errors == []

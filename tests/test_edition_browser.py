"""A Copenhagen build (build.py build --edition kobenhavn) in Chromium: the badges on the cards, the
'only mandatory' filter, 'add all mandatory in this category' into Mit udbud, the edition named in
the Word export, and the questionnaire in Word and Excel from the selection (opened with
python-docx, openpyxl and LibreOffice)."""

import subprocess

import openpyxl
import pytest
from docx import Document

from conftest import ROOT, browser_page, download, serve_folder, to_pdf
from opslag.project import Project
from opslag.site.build import build_site


@pytest.fixture(scope="module")
def kbh_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("kbh") / "site"
    server = serve_folder(out)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    result = build_site(Project(ROOT, out=out, site_url=url, edition="kobenhavn"))
    assert result.ok, result.error or "\n".join(d.format() for d in result.check.errors)
    yield url
    server.shutdown()


@pytest.fixture
def kbh(browser, kbh_url):
    # bypass_csp: wait_for_function polls with eval, which the policy forbids (tests/test_csp.py drives the policy)
    yield from browser_page(browser, base_url=kbh_url, accept_downloads=True, bypass_csp=True)


MANDATORY_IT = ["IT-01", "IT-04"]  # editions/kobenhavn.yaml


def test_copenhagen_badges_filter_add_all_mandatory_and_word_export(kbh, tmp_path):
    page = kbh
    page.goto("")
    lead = page.locator("section.gpp-edition")
    assert "Københavns Kommune" in lead.locator("h2").text_content()
    assert "Miljømærkning Danmark" in lead.text_content()  # a goal from the overlay
    assert "60 % økologi" not in lead.text_content()  # Aalborg's goal, not in Copenhagen's build

    page.goto("kategorier/it-udstyr/")
    badges = page.locator("article.gpp-card .gpp-badge--mandatory")
    assert badges.count() == len(MANDATORY_IT)
    assert badges.first.text_content() == "Obligatorisk i Københavns Kommune"
    decision = page.locator("article#it-01 .gpp-card__decision").text_content()
    assert "Besluttet af Københavns Kommune" in decision and "2026-12-01" in decision
    cards = page.locator("article.gpp-card")
    total = cards.count()
    page.check("form.gpp-filters input[name=mandatory]")
    visible = page.locator("article.gpp-card:visible")
    assert visible.count() == len(MANDATORY_IT) < total
    assert sorted(visible.evaluate_all("els => els.map(e => e.id.toUpperCase())")) == MANDATORY_IT
    page.uncheck("form.gpp-filters input[name=mandatory]")
    assert page.locator("article.gpp-card:visible").count() == total

    # one criterion chosen by hand first: "add all mandatory" adds, it never replaces
    page.click("article#it-09 button.gpp-select")
    page.click("form.gpp-addall button.gpp-addall-mandatory")
    assert page.locator(".gpp-addall-status").text_content().startswith("2 ")
    assert page.locator(".gpp-header-selection__count").text_content() == "3"

    page.goto("udbud/")
    page.wait_for_selector("#gpp-builder[data-loaded]")
    shown = page.locator("article.gpp-pick h3 a").evaluate_all("els => els.map(a => a.textContent.split(':')[0])")
    assert sorted(shown) == ["IT-01", "IT-04", "IT-09"]
    assert page.locator("article.gpp-pick .gpp-badge--mandatory").count() == 2
    advice = page.locator("#valgt-it-01 .gpp-market-advice").text_content()
    assert "Mærkemarked 1" in advice and "kun til dig" in advice
    page.fill("#gpp-tender-name", "Computere 2027")
    path = download(page, "docx", tmp_path)
    doc = Document(str(path))
    assert "Udgave: Københavns Kommune" in doc.paragraphs[1].text
    assert "Udgave: Københavns Kommune" in doc.sections[0].footer.paragraphs[0].text
    words = "\n".join(p.text for p in doc.paragraphs)
    assert "Mærkemarked" not in words  # the advice is for the buyer only
    assert page.js_errors == []


def test_mit_udbud_adds_everything_mandatory_for_copenhagen_in_one_click(kbh):
    """The two clicks: open Mit udbud, press the button; a criterion chosen before stays."""
    page = kbh
    page.goto("kategorier/moebler/")
    page.click("article#moeb-04 button.gpp-select")
    # stored before leaving the page (under load the click's storage can come after goto)
    page.wait_for_function("document.querySelector('.gpp-header-selection__count').textContent === '1'")
    page.goto("udbud/")
    page.wait_for_selector("#gpp-builder[data-loaded]")
    button = page.locator("button.gpp-add-mandatory")
    assert button.is_visible() and button.text_content().endswith("Københavns Kommune (9)")
    button.click()
    page.wait_for_function("document.querySelector('.gpp-add-mandatory-status').textContent.startsWith('9 ')")
    page.wait_for_function("document.querySelectorAll('article.gpp-pick').length === 10")
    assert page.locator("article.gpp-pick .gpp-badge--mandatory").count() == 9
    assert page.locator("#valgt-moeb-04").count() == 1  # nothing replaced
    assert page.js_errors == []


def test_copenhagen_questionnaire_in_word_and_excel(kbh, tmp_path):
    page = kbh
    page.goto("kategorier/legepladser/")
    page.wait_for_selector("form.gpp-addall:not([hidden])")
    page.click("form.gpp-addall button[type=submit]")  # up to the first level
    page.goto("udbud/")
    page.wait_for_selector("#gpp-builder[data-loaded]")
    n = page.locator("article.gpp-pick").count()
    assert n >= 3
    page.fill("#gpp-tender-name", "Legepladser 2027")
    word = download(page, "q-docx", tmp_path)
    sheet = download(page, "q-xlsx", tmp_path)
    assert word.name == "Legepladser-2027-markedsdialog.docx" and sheet.name == "Legepladser-2027-markedsdialog.xlsx"
    doc = Document(str(word))
    assert doc.paragraphs[0].text == "Spørgeskema til markedsdialog: Legepladser 2027"
    assert len(doc.tables) == 1 + n
    book = openpyxl.load_workbook(sheet)
    ws = book.active
    assert ws.title == "Markedsdialog"
    head = [c.value for c in ws[1]]
    assert head == [
        "Id:version",
        "Krav",
        "Kan I opfylde kravet?",
        "Antal måneder",
        "Med hvilket mærke eller hvilken dokumentation?",
        "Prisforskel i forhold til uden kravet (%)",
        "Bemærkninger",
    ]
    assert ws.max_row == n + 1
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].formula1 == '"I dag,Inden for et antal måneder,Ikke"'
    assert str(validations[0].sqref) == f"C2:C{n + 1}"
    cells = [str(c.value or "") for row in ws.iter_rows(min_row=2) for c in row]
    assert not any(v.startswith(("=", "+", "-", "@")) and not v.startswith("- ") for v in cells)
    text = subprocess.run(
        ["pdftotext", "-layout", str(to_pdf(sheet, tmp_path)), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kan I opfylde" in text and "Prisforskel" in text
    assert page.js_errors == []

"""Mit udbud (udbud/): select criteria across categories in Chromium, fill placeholders, export
Word, Excel and text in the browser, and open the files with their own libraries and LibreOffice."""

import base64
import contextlib
import html
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
import zlib

import pytest
from axe_playwright_python.sync_playwright import Axe
from docx import Document
from docx.shared import Mm

from conftest import SOFFICE, browser_page, download, to_pdf, udbud_data


def data(built_site, lang="da"):
    return udbud_data(built_site if lang == "da" else built_site / "en")


def categories_with_placeholders(built_site, n=2):
    """Categories whose criteria up to 'avanceret' hold fillable placeholders (from the data)."""
    d = data(built_site)
    rank = next(lvl["rank"] for lvl in d["levels"] if lvl["id"] == "avanceret")
    found = {}
    for c in d["criteria"].values():
        has = any(isinstance(seg, dict) for b in c["requirement"] for line in b["items"] for seg in line)
        if has and c["rank"] <= rank and not c["retired"]:
            found.setdefault(c["category"], 0)
            found[c["category"]] += 1
    return sorted(found, key=lambda k: -found[k])[:n], rank


@pytest.fixture
def dl_page(browser, site_url):
    yield from browser_page(browser, base_url=site_url, accept_downloads=True)


def test_select_fill_and_export_word_excel_text(dl_page, built_site, site_url, tmp_path, browser):
    page = dl_page
    (first, second), rank = categories_with_placeholders(built_site)
    d = data(built_site)
    # category 1: "tilføj alle op til niveau avanceret"
    page.goto(f"kategorier/{first}/")
    page.wait_for_selector("form.gpp-addall:not([hidden])")
    page.select_option("form.gpp-addall select[name=rank]", str(rank))
    page.click("form.gpp-addall button[type=submit]")
    expected = [
        c["id"] for c in d["criteria"].values() if c["category"] == first and c["rank"] <= rank and not c["retired"]
    ]
    # category 2: one criterion by its own button, up to avanceret
    page.goto(f"kategorier/{second}/")
    page.select_option("form.gpp-filters select[name=level]", "avanceret")
    button = page.locator("article.gpp-card:visible button.gpp-select").first
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    expected.append(button.get_attribute("data-id"))
    count = page.locator(".gpp-header-selection__count").text_content()
    assert count == str(len(expected))
    # the header counter links to the page
    page.click(".gpp-header-selection")
    page.wait_for_selector("#gpp-builder[data-loaded]")
    shown = page.locator("article.gpp-pick h3 a").evaluate_all("els => els.map(a => a.textContent.split(':')[0])")
    assert sorted(shown) == sorted(expected)
    # grouped in tender order (vocab/types.yaml)
    order = [t["label"] for t in d["types"]]
    groups = page.locator("h2.gpp-pick-group__title").all_text_contents()
    assert groups == [t for t in order if t in groups]
    page.fill("#gpp-tender-name", "Skolemad og rengøring 2027")
    texts = page.locator("input.gpp-field")
    assert texts.count() >= 2
    texts.nth(0).fill("7")
    texts.nth(1).fill("42")
    unfilled = page.locator(".gpp-field--empty").count()
    assert unfilled >= 1  # some are left, to check the marking

    docx_path = download(page, "docx", tmp_path)
    xlsx_path = download(page, "xlsx", tmp_path)
    txt_path = download(page, "txt", tmp_path)
    assert docx_path.name.startswith("Skolemad-og-reng")
    assert page.js_errors == []

    doc = Document(str(docx_path))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    styles = doc.styles.element.xml
    assert 'w:val="da-DK"' in styles and "en-US" not in styles
    body = doc.element.body.xml
    assert "<w:numPr>" in body and doc.part.numbering_part is not None
    assert not re.search(r"<w:t[^>]*>\s*\d+\.\s", body)  # numbers are Word's, not typed
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "Skolemad og rengøring 2027"
    assert "7" in text and "42" in text
    assert re.search(r"\[[^\]]+\]", text)  # an unfilled placeholder, bracketed
    assert "<w:highlight" in body
    assert sum(1 for c in expected if d["criteria"][c]["cite"] in text) == len(expected)
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer  # page n / N
    links = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert [link for link in links if link.startswith(site_url) and "udbud/?k=" in link]  # reopens the selection

    import openpyxl

    book = openpyxl.load_workbook(xlsx_path)
    sheet = book.active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(expected)
    assert sorted(r[0] for r in rows) == sorted(d["criteria"][c]["cite"] for c in expected)
    assert [c.value for c in sheet[1]][4] == d["strings"]["sel_col_answer"] == "Tilbudsgivers svar"
    validations = sheet.data_validations.dataValidation
    assert validations and validations[0].type == "list" and "Opfyldt,Ikke opfyldt" in validations[0].formula1
    assert sheet.freeze_panes == "A2"
    assert sheet.page_setup.orientation == "landscape" and str(sheet.page_setup.paperSize) == "9"
    assert all(sheet.cell(row=2, column=3).alignment.wrap_text for _ in [0])
    # text cells are string cells (never a formula) and show no escape character
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str))
    assert not any(isinstance(v, str) and v.startswith("'") for r in rows for v in r if v)

    txt = txt_path.read_text(encoding="utf-8")
    # each criterion once in the body (its facts line "IT-01:3 · category · level"), and in the contents and annex
    assert all(txt.count(d["criteria"][c]["cite"] + " · ") == 1 for c in expected)
    assert all(txt.count(d["criteria"][c]["cite"] + "  ") == 2 for c in expected)
    assert "42" in txt
    assert any("42" in (r[2] or "") + (r[3] or "") for r in rows)  # a filled value reaches the sheet

    # LibreOffice opens both: a real application's open check
    assert SOFFICE, "install LibreOffice: ./dev test does (libreoffice-writer-nogui, libreoffice-calc-nogui)"
    for path in (docx_path, xlsx_path):
        assert to_pdf(path, tmp_path).stat().st_size > 1000

    # the shared link reproduces the selection in a fresh browser (no localStorage)
    link = page.url
    assert re.search(r"udbud/\?k=[A-Z]", link)
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(link)
    other.wait_for_selector("#gpp-builder[data-loaded]")
    again = other.locator("article.gpp-pick h3 a").evaluate_all("els => els.map(a => a.textContent.split(':')[0])")
    assert sorted(again) == sorted(expected)
    fresh.close()


PDFTOTEXT = shutil.which("pdftotext")
COLUMNS = (
    "sel_col_id",
    "sel_col_type",
    "sel_col_requirement",
    "sel_col_documentation",
    "sel_col_answer",
    "sel_col_reference",
    "sel_col_remark",
)


def pdf_words(pdf):
    """[[(x, y, word), ...] per page] from poppler's pdftotext, and the pages' height."""
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", out, re.S):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
        pages.append([(float(x), float(y), unicodedata.normalize("NFKC", html.unescape(w))) for x, y, w in words])
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out)[1])
    return pages, height


def members(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def test_compliance_sheet_fills_in_and_prints_as_it_is(dl_page, built_site, tmp_path):
    """The bidder's .xlsx for 30 criteria: every row as high as its wrapped text, the columns a
    bidder and an evaluator fill in (one list validation on each answer cell), A4 landscape
    fitted to the width over several pages with the header row on each; and LibreOffice prints
    every cell's whole text inside its own row (nothing cut off, nothing overlapping)."""
    import openpyxl

    page = dl_page
    d = data(built_site)
    s = d["strings"]
    live = sorted(c["id"] for c in d["criteria"].values() if not c["retired"])
    some = live[:: len(live) // 30][:30]  # across the categories, short and long texts
    page.goto("udbud/?k=" + ",".join(some))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    page.fill("#gpp-tender-name", "Skolemad & rengøring 2027")
    page.locator("input.gpp-field").first.fill("_x0041_ & <b>")
    path = download(page, "xlsx", tmp_path)
    (tmp_path / "again").mkdir()
    again = download(page, "xlsx", tmp_path / "again")
    assert page.js_errors == []
    assert members(path) == members(again)  # the same file each time (but for the zip entries' dates)

    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert [c.value for c in sheet[1]] == [s[k] for k in COLUMNS]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 30 == sheet.max_row - 1 and sheet.max_column == len(COLUMNS)
    assert all(r[4] is None and r[5] is None and r[6] is None for r in rows)  # for the bidder and the evaluator
    texts = [str(v) for r in rows for v in r if v]
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str))
    assert not [v for v in texts if v.startswith("'")]  # no visible escape character
    assert any("_x0041_ & <b>" in v for v in texts)  # as typed: no OOXML escape decoded, no markup
    assert book.properties.created.date().isoformat() == d["build_date"]  # not the clock

    # heights: set on every row, from the wrapped text; at least a line per line of text
    heights = [sheet.row_dimensions[n].height for n in range(1, len(rows) + 2)]
    assert all(h and sheet.row_dimensions[n + 1].customHeight for n, h in enumerate(heights))
    for r, h in zip(rows, heights[1:]):
        assert h >= 12 * max(str(v).count("\n") + 1 for v in r if v), r[0]
    longest = sorted(range(len(rows)), key=lambda i: sum(len(v or "") for v in rows[i][2:4]))
    short, long = [heights[i + 1] for i in longest[:5]], [heights[i + 1] for i in longest[-5:]]
    assert max(short) < min(long) and heights[1 + longest[-1]] > 2 * heights[1 + longest[0]], heights
    for row in sheet.iter_rows():
        assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in row)

    # the answer: one list validation covering each answer cell, none elsewhere
    covered = {}
    for v in sheet.data_validations.dataValidation:
        assert v.type == "list" and v.formula1 == f'"{s["sel_answer_met"]},{s["sel_answer_not_met"]}"'
        for cells in v.sqref.ranges:
            for cell in cells.cells:  # (row, column)
                covered[cell] = covered.get(cell, 0) + 1
    assert covered == {(n, 5): 1 for n in range(2, len(rows) + 2)}

    # printing
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == "9"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"
    margins = sheet.page_margins
    assert 0.25 <= margins.left <= 0.75 and margins.header < margins.top <= 1 and margins.footer < margins.bottom <= 1
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text

    # LibreOffice prints it on several pages, each with the header row, each cell inside its row
    assert SOFFICE and PDFTOTEXT, "./dev test installs LibreOffice and poppler-utils (pdftotext)"
    pages, page_height = pdf_words(to_pdf(path, tmp_path))
    assert len(pages) > 1
    assert "Skolemad & rengøring 2027" in " ".join(w for _, _, w in pages[0])  # & in the page header
    heads = [str(sheet.cell(1, n).value).split()[0] for n in range(1, len(COLUMNS) + 1)]
    by_cite = {r[0]: r for r in rows}
    seen = []
    for number, words in enumerate(pages, 1):
        body = [w for w in words if 36 < w[1] < page_height - 36]  # between the page header and footer
        top = min(y for _, y, _ in body)
        line = sorted((x, w) for x, y, w in body if abs(y - top) < 1)
        lefts, i = [], 0
        for head in heads:  # the header row's first words, in order, give the columns' left edges
            while line[i][1] != head:
                i += 1
            lefts.append(line[i][0] - 1)
            i += 1
        assert len(lefts) == len(COLUMNS), f"page {number}: no header row"
        cites = sorted((y, w) for x, y, w in body if x < lefts[1] and w in by_cite)
        assert cites, f"page {number}"
        for k, (y, cite) in enumerate(cites):
            end = cites[k + 1][0] if k + 1 < len(cites) else page_height
            inside = sorted((round(wy, 1), x, w) for x, wy, w in body if y - 1 <= wy < end - 1)
            for col in range(4):
                right = lefts[col + 1]
                shown = "".join(w for _, x, w in inside if lefts[col] <= x < right)
                expected = re.sub(r"\s", "", unicodedata.normalize("NFKC", by_cite[cite][col]))
                assert shown == expected, f"page {number}, {cite}, column {col + 1}"
            seen.append(cite)
    assert sorted(seen) == sorted(by_cite)  # each row printed once, whole


def test_bad_links_and_corrupt_storage_give_messages_not_errors(dl_page, built_site):
    page = dl_page
    d = data(built_site)
    current = next(c for c in d["criteria"].values() if not c["retired"] and c["version"] > 1)
    retired = [c for c in d["criteria"].values() if c["retired"]]
    ks = [f"{current['id']}:{current['version'] - 1}", "XYZ-99", "<script>", "IT 1"]
    if retired:
        ks.append(retired[0]["id"])
    page.goto("udbud/")
    page.evaluate("localStorage.setItem('gpp.selection.v1', '{not json')")
    page.goto("udbud/?k=" + ",".join(ks))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    messages = page.locator(".gpp-builder__messages").inner_text()
    assert "XYZ-99" in messages and "<script>" in messages
    assert "nulstillet" in messages  # the corrupt storage was reset, and said so
    if retired:
        assert retired[0]["cite"] in messages
    assert page.locator("article.gpp-pick").count() == 1  # the rest is shown
    notice = page.locator(".gpp-outdated")
    assert current["cite"] in notice.inner_text()
    page.click(".gpp-use-current")
    assert f"{current['id']}:{current['version']}" in page.url
    assert page.locator(".gpp-outdated").count() == 0
    assert page.js_errors == []


def test_english_selection_page_and_word_language(dl_page, built_site, tmp_path):
    page = dl_page
    d = data(built_site, "en")
    some = [c["id"] for c in d["criteria"].values() if not c["retired"]][:3]
    page.goto("en/udbud/?k=" + ",".join(some))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    assert page.locator("article.gpp-pick").count() == 3
    doc = Document(str(download(page, "docx", tmp_path)))
    assert 'w:val="en-GB"' in doc.styles.element.xml


@pytest.mark.parametrize("lang", ["", "en/"])
def test_selection_page_has_no_wcag_21_aa_violations(dl_page, built_site, lang):
    d = data(built_site)
    some = [c["id"] for c in d["criteria"].values() if not c["retired"]][:4]
    dl_page.goto(f"{lang}udbud/?k=" + ",".join(some))
    dl_page.wait_for_selector("#gpp-builder[data-loaded]")
    results = Axe().run(
        dl_page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []


def test_cards_everywhere_have_the_toggle(page, built_site):
    """Category, ecolabel, POGI goal and type pages: every current criterion can be added."""
    checked = 0
    for path in ("kategorier/", "maerker/", "pogi/", "kravtyper/"):
        for sub in sorted(p for p in (built_site / path).iterdir() if p.is_dir()):
            html = (sub / "index.html").read_text(encoding="utf-8")
            cards = re.findall(r'<article class="gpp-card gpp-card--(?!udgaaet)[^"]*".*?</article>', html, re.S)
            lists = "".join(re.findall(r'<ul class="gpp-critlist">.*?</ul>', html, re.S))
            items = re.findall(r'<li><a href="[^"]*kategorier/[^"#]*/#[^"]+">.*?</li>', lists, re.S)
            live = [i for i in items if "Udgået" not in i]
            assert all("gpp-select" in x for x in cards + live), sub
            checked += len(cards) + len(live)
    assert checked > 100


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_category_page_prints_without_blank_pages(page, built_site):
    """A category page prints on about as many pages as its printed height needs (it printed
    9 criteria on 12-16 pages, with a near-empty page 2)."""
    cat = (
        "trae"
        if (built_site / "kategorier" / "trae").is_dir()
        else sorted(p.name for p in (built_site / "kategorier").iterdir() if p.is_dir())[0]
    )
    page.set_viewport_size({"width": 673, "height": 986})  # A4 minus the @page margins
    page.goto(f"kategorier/{cat}/")
    page.emulate_media(media="print")
    height = page.evaluate("document.documentElement.scrollHeight")
    pages = _pages(page.pdf(format="A4"))
    cards = page.locator("article.gpp-card").count()
    printable = (297 - 36) / 25.4 * 96  # A4 minus the @page margins, in CSS pixels
    assert pages <= max(cards, int(height / printable) + 2), (pages, height)
    foot = page.locator(".gpp-print-foot")
    assert foot.is_visible() and f"kategorier/{cat}/" in foot.inner_text()


def test_search_results_have_a_toggle_that_adds_only_when_clicked(page):
    page.goto("soeg/?q=svanemærket")
    page.wait_for_selector("#gpp-results li button.gpp-select")
    assert page.evaluate("gpp.selection.items().length") == 0  # showing results selects nothing
    button = page.locator("#gpp-results li button.gpp-select").first
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate("gpp.selection.items().length") == 1
    assert page.locator(".gpp-header-selection__count").text_content() == "1"
    assert page.js_errors == []


def _category_with_levels(built_site):
    d = data(built_site)
    levels = {}
    for c in d["criteria"].values():
        levels.setdefault(c["category"], set()).add(c["rank"])
    return next(cat for cat in sorted(levels) if len(levels[cat]) >= 3 or levels[cat] >= {1, 2}), d


def test_level_filter_is_cumulative(page, built_site):
    cat, d = _category_with_levels(built_site)
    page.goto(f"kategorier/{cat}/")
    page.wait_for_selector("form.gpp-filters[data-ready]")  # the filter script has started
    page.select_option("form.gpp-filters select[name=level]", "avanceret")
    rank = next(lvl["rank"] for lvl in d["levels"] if lvl["id"] == "avanceret")
    shown = set(page.locator("article.gpp-card:visible").evaluate_all("els => els.map(e => e.id.toUpperCase())"))
    expected = {c["id"] for c in d["criteria"].values() if c["category"] == cat and c["rank"] <= rank}
    assert shown == expected and any(d["criteria"][i]["level"] == "basis" for i in shown)


def test_category_downloads_follow_the_filters(dl_page, built_site, tmp_path):
    page = dl_page
    cat, d = _category_with_levels(built_site)
    page.goto(f"kategorier/{cat}/")
    page.wait_for_selector("p.gpp-downloads[data-ready]")
    # unfiltered: the prebuilt file
    with page.expect_download() as info:
        page.click("p.gpp-downloads a[data-format=json]")
    info.value.save_as(tmp_path / "all.json")
    assert (tmp_path / "all.json").read_bytes() == (built_site / "downloads" / f"{cat}.json").read_bytes()
    page.select_option("form.gpp-filters select[name=level]", "basis")
    shown = page.locator("article.gpp-card:visible .gpp-card__cite").all_text_contents()
    assert 0 < len(shown) < page.locator("article.gpp-card").count()
    assert page.locator(".gpp-downloads__note").text_content()
    everything = [c["cite"] for c in d["criteria"].values() if c["category"] == cat]
    files = {}
    for fmt in ("docx", "txt", "json"):
        with page.expect_download() as info:
            page.click(f"p.gpp-downloads a[data-format={fmt}]")
        files[fmt] = tmp_path / f"filtered.{fmt}"
        info.value.save_as(files[fmt])
    word = "\n".join(p.text for p in Document(str(files["docx"])).paragraphs)
    text = files["txt"].read_text(encoding="utf-8")
    for content in (word, text):
        assert sorted(c for c in everything if re.search(re.escape(c) + r"\b", content)) == sorted(shown)
    ids = [c["id"] for c in json.loads(files["json"].read_text(encoding="utf-8"))["result"]["criteria"]]
    assert sorted(ids) == sorted(c.split(":")[0] for c in shown)
    assert page.js_errors == []


def test_selection_page_prints_with_address_and_date(page, built_site, site_url):
    d = data(built_site)
    some = [c["id"] for c in d["criteria"].values() if not c["retired"]][:10]
    page.set_viewport_size({"width": 673, "height": 986})  # A4 minus the @page margins
    page.goto("udbud/?k=" + ",".join(some))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    page.emulate_media(media="print")
    foot = page.locator(".gpp-print-foot")
    assert foot.is_visible() and site_url in foot.inner_text() and d["build_date"] in foot.inner_text()
    assert not page.locator(".gpp-builder__exports").is_visible() and not page.locator(".md-sidebar").first.is_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    pages = _pages(page.pdf(format="A4"))
    printable = (297 - 36) / 25.4 * 96
    assert pages <= int(height / printable) + 2, (pages, height)


def test_corrupt_storage_is_reset_with_a_notice_on_any_page(page, built_site):
    page.goto("")
    page.evaluate("localStorage.setItem('gpp.selection.v1', JSON.stringify({items: 'IT-01'}))")
    page.goto("kravtyper/")
    notice = page.locator("article .gpp-notice--warn")
    notice.wait_for()
    assert "nulstillet" in notice.inner_text()
    assert page.locator(".gpp-header-selection__count").text_content() == "0"
    assert page.evaluate("localStorage.getItem('gpp.selection.v1')") is None
    assert page.js_errors == []


# -- a shared link that carries the work: ?k= and #v= (web/js/share.js), "Mine udbud" ----------
@contextlib.contextmanager
def another_browser(browser, site_url):
    """A page in a browser context of its own: nothing stored, as on a colleague's machine."""
    pages = browser_page(browser, base_url=site_url, accept_downloads=True)
    page = next(pages)
    try:
        yield page
    finally:
        next(pages, None)  # closes the context


def import_file(page, path):
    """As a person does it: the import button, then a file in the chooser."""
    with page.expect_file_chooser() as chooser:
        page.click("button.gpp-tenders-import")
    chooser.value.set_files(str(path))


def settled(page):
    """The page has loaded and written the current tender into the address bar."""
    page.wait_for_selector("#gpp-builder[data-loaded]:not([data-url-pending])")
    return page.url


def fill_all(page, values):
    for key, value in values.items():
        field = page.locator(f'[data-key="{key}"]')
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def shown_values(page):
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.gpp-field')]
        .filter(el => el.value).map(el => [el.dataset.key, el.value]))""")


def test_a_link_for_30_filled_criteria_carries_name_and_values_into_a_fresh_browser(
    dl_page, browser, built_site, site_url
):
    from test_webjs import ADDRESS, MAIL_LIMIT, thirty_filled

    page = dl_page
    tender = thirty_filled(data(built_site), verbose=True)
    k = ",".join(f"{i['id']}:{i['version']}" for i in tender["items"])
    page.goto(f"udbud/?k={k}")
    page.wait_for_selector("#gpp-builder[data-loaded]")
    page.fill("#gpp-tender-name", tender["name"])
    fill_all(page, tender["values"])
    link = settled(page)
    assert "#v=" in link and link.startswith(f"{site_url}udbud/?k={k}#v=")
    # measured with the browser's own deflate, on the address the site would have
    as_published = len(link) - len(site_url + "udbud/") + len(ADDRESS)
    print(
        f"\n30 criteria, {len(tender['values'])} values: link {len(link)} characters here, {as_published} on {ADDRESS}"
    )
    assert as_published <= MAIL_LIMIT
    assert page.locator(".gpp-builder__link-note").is_hidden()
    assert page.js_errors == []

    with another_browser(browser, site_url) as other:
        other.goto(link)
        assert settled(other) == link  # opened as it is: nothing was asked, nothing changed
        assert other.locator("#gpp-share-dialog").evaluate("d => d.open") is False
        assert other.input_value("#gpp-tender-name") == tender["name"]
        assert shown_values(other) == tender["values"]
        assert other.evaluate("gpp.selection.snapshot()") == tender
        assert other.js_errors == []


def make_tender(browser, site_url, ids, name, fill):
    """A tender made in a browser of its own; returns (its link, its tender)."""
    with another_browser(browser, site_url) as page:
        page.goto("udbud/?k=" + ",".join(ids))
        page.wait_for_selector("#gpp-builder[data-loaded]")
        page.fill("#gpp-tender-name", name)
        page.locator("input.gpp-field").nth(0).fill(fill)
        return settled(page), page.evaluate("gpp.selection.snapshot()")


def with_placeholders(built_site, n):
    d = data(built_site)
    return [
        c["id"]
        for c in d["criteria"].values()
        if not c["retired"] and any(isinstance(s, dict) for b in c["requirement"] for line in b["items"] for s in line)
    ][:n]


@pytest.mark.parametrize("choice", ["open", "add", "cancel", "escape"])
def test_a_link_to_another_tender_asks_first(dl_page, browser, built_site, site_url, choice):
    ids = with_placeholders(built_site, 4)
    theirs_link, theirs = make_tender(browser, site_url, ids[2:], "Delt udbud", "42")
    page = dl_page
    page.goto("udbud/?k=" + ",".join(ids[:2]))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    page.fill("#gpp-tender-name", "Mit udbud")
    page.locator("input.gpp-field").nth(0).fill("7")
    mine_link = settled(page)
    mine = page.evaluate("gpp.selection.snapshot()")

    page.goto(theirs_link)
    dialog = page.locator("#gpp-share-dialog")
    dialog.wait_for()
    assert dialog.evaluate("d => d.open && d.matches(':modal')")
    assert "Delt udbud (2 kriterier)" in dialog.inner_text() and "Mit udbud (2 kriterier)" in dialog.inner_text()
    buttons = dialog.locator("button").all_text_contents()
    assert buttons == ["Åbn det delte udbud (mit gemmes som kopi)", "Føj til mit udbud", "Annullér"]
    if choice == "cancel":  # once: the open dialog has no accessibility violations
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}})
        assert [v["id"] for v in results.response["violations"]] == []
    assert page.evaluate("gpp.selection.snapshot()") == mine  # nothing changes while it asks

    if choice == "escape":
        page.keyboard.press("Escape")
    else:
        dialog.locator(f"button[data-choice={choice}]").click()
    after = settled(page)
    now = page.evaluate("gpp.selection.snapshot()")
    saved = page.evaluate("gpp.selection.saved()")
    messages = page.locator(".gpp-builder__messages").inner_text()
    if choice == "open":
        assert now == theirs and after == theirs_link
        assert [(c["name"], c["items"], c["values"]) for c in saved] == [(mine["name"], mine["items"], mine["values"])]
        assert "gemt som kopi" in messages
        # the copy is listed under "Mine udbud" and opens again (the shared one is kept as a copy)
        page.click("details.gpp-tenders summary")
        row = page.locator(".gpp-tenders__saved")
        assert row.count() == 1 and "Mit udbud" in row.inner_text()
        row.locator("button.gpp-tenders-open").click()
        assert settled(page) == mine_link
        assert page.evaluate("gpp.selection.snapshot()") == mine
        assert page.input_value("#gpp-tender-name") == "Mit udbud"
        assert [c["name"] for c in page.evaluate("gpp.selection.saved()")] == ["Delt udbud"]
        # the same tender as the browser holds, by a link from outside (not this tab's own
        # address, which the page would recognise anyway): no question
        page.evaluate("sessionStorage.clear()")
        page.goto("")
        page.goto(mine_link)
        assert settled(page) == mine_link and not dialog.evaluate("d => d.open")
    elif choice == "add":
        assert now["items"] == mine["items"] + theirs["items"]
        assert now["name"] == "Mit udbud" and now["values"] == {**mine["values"], **theirs["values"]}
        assert saved == [] and "føjet til dit udbud" in messages
        assert page.locator("article.gpp-pick").count() == 4
    else:
        assert now == mine and saved == [] and after == mine_link
        assert "ikke åbnet" in messages
    assert not dialog.evaluate("d => d.open")
    assert page.js_errors == []


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _deflated(raw: bytes) -> bytes:
    z = zlib.compressobj(6, zlib.DEFLATED, -15)
    return z.compress(raw) + z.flush()


def test_a_tampered_link_changes_nothing_and_says_so(dl_page, built_site):
    ids = with_placeholders(built_site, 3)
    page = dl_page
    page.goto("udbud/?k=" + ",".join(ids[:2]))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    page.fill("#gpp-tender-name", "Mit udbud")
    mine_link = settled(page)
    mine = page.evaluate("gpp.selection.snapshot()")
    good = mine_link.split("#v=")[1]
    k = ids[2]
    tampered = {
        "not base64url": "%%%",
        "cut short": good[: len(good) // 2],
        "not deflate": _b64(b"this is not deflate data"),
        "bad JSON": _b64(_deflated(b'{"name": "x", "values": ')),
        "wrong types": _b64(_deflated(json.dumps({"name": ["x"], "values": {}}).encode())),
        "unknown key": _b64(_deflated(json.dumps({"name": "x", "values": {}, "admin": True}).encode())),
        "huge value": _b64(_deflated(json.dumps({"name": "x", "values": {k: {"r": {"0": "9" * 5000}}}}).encode())),
        "a bomb": _b64(_deflated(json.dumps({"name": "x" * 10_000_000, "values": {}}).encode())),
    }
    for why, v in tampered.items():
        page.goto(f"udbud/?k={k}#v={v}")
        assert settled(page) == mine_link, why  # the address bar shows the tender as it was
        assert page.evaluate("gpp.selection.snapshot()") == mine, why
        messages = page.locator(".gpp-builder__messages").inner_text()
        assert ("kunne ikke læses" in messages or "større, end siden vil læse" in messages) and "Intet" in messages, why
        assert not page.locator("#gpp-share-dialog").evaluate("d => d.open")
    # pasted into the address bar of the open page: only the fragment changes, and is read too
    page.evaluate("v => { location.hash = 'v=' + v; }", tampered["wrong types"])
    page.wait_for_function("link => location.href === link", arg=mine_link)  # the tampered one written over
    assert settled(page) == mine_link and page.evaluate("gpp.selection.snapshot()") == mine
    assert page.js_errors == []


def test_mine_udbud_export_and_import(dl_page, browser, built_site, site_url, tmp_path):
    ids = with_placeholders(built_site, 3)
    page = dl_page
    page.goto("udbud/?k=" + ",".join(ids[:2]))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    page.fill("#gpp-tender-name", "Første")
    page.locator("input.gpp-field").nth(0).fill("7")
    page.click("details.gpp-tenders summary")
    page.click("button.gpp-tenders-new")  # "Første" is kept as a copy; an empty tender now
    assert page.evaluate("gpp.selection.snapshot()") == {"items": [], "name": "", "values": {}}
    page.goto("udbud/?k=" + ids[2])
    page.wait_for_selector("#gpp-builder[data-loaded]")  # an empty tender: the link opens without a question
    page.fill("#gpp-tender-name", "Andet")
    settled(page)
    page.click("details.gpp-tenders summary")
    assert page.locator(".gpp-tenders__list li").count() == 2
    with page.expect_download() as info:
        page.click("button.gpp-tenders-export")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.startswith("mine-udbud-") and path.suffix == ".json"
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert [t["name"] for t in exported["tenders"]] == ["Andet", "Første"]
    assert exported["tenders"][1]["values"] and exported["format"] == "det-groenne-opslagsvaerk/mine-udbud"

    with another_browser(browser, site_url) as other:
        other.goto("udbud/")
        other.wait_for_selector("#gpp-builder[data-loaded]")
        other.click("details.gpp-tenders summary")
        status = other.locator(".gpp-tenders__status")
        # a tampered file: a clear message, nothing changes
        bad = tmp_path / "tampered.json"
        bad.write_text(
            json.dumps({**exported, "tenders": [{**exported["tenders"][0], "items": "IT-01"}]}), encoding="utf-8"
        )
        import_file(other, bad)
        other.wait_for_function("() => document.querySelector('.gpp-tenders__status').textContent !== ''")
        assert "kunne ikke læses" in status.inner_text() and "Intet er ændret" in status.inner_text()
        assert other.evaluate("gpp.selection.saved()") == []
        import_file(other, path)
        other.wait_for_function("() => document.querySelector('.gpp-tenders__status').textContent.startsWith('2 ')")
        saved = other.evaluate("gpp.selection.saved()")
        assert sorted(c["name"] for c in saved) == ["Andet", "Første"]
        assert {c["name"]: c["values"] for c in saved}["Første"] == exported["tenders"][1]["values"]
        # the same file again adds nothing
        import_file(other, path)
        other.wait_for_function("() => !document.querySelector('.gpp-tenders__status').textContent.startsWith('2 ')")
        assert len(other.evaluate("gpp.selection.saved()")) == 2
        # delete asks, then deletes
        other.once("dialog", lambda d: d.accept())
        other.locator(".gpp-tenders__saved").first.locator("button.gpp-tenders-delete").click()
        other.wait_for_function("() => document.querySelectorAll('.gpp-tenders__saved').length === 1")
        assert len(other.evaluate("gpp.selection.saved()")) == 1
        assert other.js_errors == [] and page.js_errors == []


def test_after_instant_navigation_away_the_udbud_page_writes_no_other_address(dl_page, built_site):
    """Material's instant navigation keeps the page's scripts: the builder of a page left behind
    must not write ?k= or #v= into the address of the page now shown (it did, on a toggle)."""
    page = dl_page
    page.set_viewport_size({"width": 1400, "height": 900})  # the sidebar with the site's pages
    page.goto("udbud/?k=" + ",".join(with_placeholders(built_site, 2)))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    page.fill("#gpp-tender-name", "Mit udbud")
    settled(page)
    page.evaluate("window.__sameDocument = true")
    page.locator(".md-sidebar--primary a.md-nav__link[href$='kravtyper/']").first.click()
    page.wait_for_url("**/kravtyper/")
    page.wait_for_selector("article.md-content__inner a[href*='kravtyper/']:not(.headerlink)")  # the new content is in
    page.locator("article.md-content__inner a[href*='kravtyper/']:not(.headerlink)").first.click()
    button = page.locator("button.gpp-select:not([hidden])").first
    button.wait_for()
    assert page.evaluate("window.__sameDocument === true")  # it was instant navigation
    before = page.url
    button.click()
    page.wait_for_timeout(300)
    assert page.url == before and "?k=" not in page.url and "#v=" not in page.url
    assert page.js_errors == []


def test_back_to_an_address_the_page_wrote_shows_the_stored_tender_without_asking(dl_page, built_site):
    """Back (or a reload) to udbud/ after adding a criterion elsewhere: that address is the page's
    own, older than what the browser holds, not a link from someone else: no question, and the
    stored tender is shown (the old page silently dropped the criterion added meanwhile)."""
    page = dl_page
    ids = with_placeholders(built_site, 3)
    page.goto("udbud/?k=" + ",".join(ids[:2]))
    page.wait_for_selector("#gpp-builder[data-loaded]")
    page.fill("#gpp-tender-name", "Mit udbud")
    settled(page)
    category = data(built_site)["criteria"][ids[2]]["category"]
    page.goto(f"kategorier/{category}/")
    page.click(f"article.gpp-card button.gpp-select[data-id='{ids[2]}']")
    page.go_back()
    page.wait_for_function("id => location.search.includes(id)", arg=ids[2])
    settled(page)
    assert not page.locator("#gpp-share-dialog").evaluate("d => d.open")
    assert [i["id"] for i in page.evaluate("gpp.selection.items()")] == ids
    assert page.locator("article.gpp-pick").count() == 3 and page.input_value("#gpp-tender-name") == "Mit udbud"
    page.reload()
    assert settled(page).split("?k=")[1].startswith(",".join(ids))
    assert not page.locator("#gpp-share-dialog").evaluate("d => d.open")
    assert page.js_errors == []


def test_fields_check_what_is_typed_and_take_a_suggestion_only_when_asked(dl_page, built_site, tmp_path):
    """A percentage field says so beside it when 'abc' is typed, phones get the number keyboard,
    the suggestion is a button (the field itself stays visibly empty until it is pressed), and what
    the field then shows is what the text export writes, with its unit once."""
    page = dl_page
    d = data(built_site)

    def first_with(kind):
        for cid, c in sorted(d["criteria"].items()):
            if c["retired"]:
                continue
            n = 0
            for block in c["requirement"]:
                for line in block["items"]:
                    for seg in line:
                        if isinstance(seg, dict):
                            if seg["kind"] == kind and seg["default"]:
                                return cid, f"{cid}.requirement.{n}", seg
                            n += 1
        raise AssertionError(f"no {kind} placeholder with a suggestion")

    cid, key, seg = first_with("percent")
    page.goto(f"udbud/?k={cid}")
    page.wait_for_selector("#gpp-builder[data-loaded]")
    field = page.locator(f'.gpp-field[data-key="{key}"]')
    assert field.get_attribute("inputmode") == "decimal"
    assert field.input_value() == "" and not field.get_attribute("placeholder")  # no grey text that exports as empty
    field.fill("abc")
    message = page.locator(f"#{field.get_attribute('aria-describedby')}")
    assert field.get_attribute("aria-invalid") == "true"
    assert message.text_content() == d["strings"]["sel_field_percent"]
    field.fill("150")
    assert message.text_content() == d["strings"]["sel_field_percent"]
    field.fill("")
    assert field.get_attribute("aria-invalid") == "false" and message.text_content() == ""
    page.click(f'.gpp-use-suggestion[data-for="{key}"]')
    assert field.input_value() == seg["default"] and message.text_content() == ""
    values = page.evaluate("() => gpp.selection.values()")
    assert values[key] == seg["default"]
    text = download(page, "txt", tmp_path).read_text(encoding="utf-8")
    assert f"{seg['default']} {seg['unit']}" in text and seg["display"] not in text
    assert page.js_errors == []


def test_typing_stores_every_key_and_packs_the_link_once_after_a_pause(dl_page, built_site):
    """Each keystroke in a placeholder field or the name is stored at once (nothing typed is lost),
    but the share link (#v=, the tender deflated) is packed once the typing pauses, not per key, and
    the saved copies ("Mine udbud") are not read again for a keystroke: only when they change."""
    page = dl_page
    d = data(built_site)
    ids = [cid for cid, c in sorted(d["criteria"].items()) if not c["retired"]][:12]
    page.goto("udbud/?k=" + ",".join(ids))
    settled(page)
    page.evaluate(
        """() => { window.__packed = 0; window.__read = 0;
                   const encode = gpp.share.encode, saved = gpp.selection.saved;
                   gpp.share.encode = t => { window.__packed += 1; return encode(t); };
                   gpp.selection.saved = () => { window.__read += 1; return saved(); }; }"""
    )
    key = page.locator("input.gpp-field").first.get_attribute("data-key")
    # ten keys in one task (no timer can run between them), the store read back after each
    stored = page.evaluate(
        """key => {
             const f = document.querySelector(`.gpp-field[data-key="${key}"]`), name = document.querySelector('#gpp-tender-name');
             const out = [];
             for (const ch of "1234567890") {
               f.value += ch; f.dispatchEvent(new Event('input', {bubbles: true}));
               name.value += ch; name.dispatchEvent(new Event('input', {bubbles: true}));
               const s = JSON.parse(localStorage.getItem('gpp.selection.v1'));
               out.push([s.values[key], s.name]);
             }
             return out;
           }""",
        key,
    )
    assert stored == [["1234567890"[: n + 1]] * 2 for n in range(10)]
    link = settled(page)
    assert page.evaluate("window.__packed") == 1  # one link for ten keys
    assert page.evaluate("window.__read") == 0  # the saved copies did not change
    assert page.locator(".gpp-tenders__current .gpp-tenders__name").text_content() == "1234567890"
    items = [{"id": i, "version": None} for i in ids]
    work = page.evaluate("([v, items]) => gpp.share.decode(v, items)", [link.split("#v=", 1)[1], items])
    assert work["name"] == "1234567890" and work["values"][key] == "1234567890"
    page.locator("details.gpp-tenders summary").click()
    page.click("button.gpp-tenders-new")  # the saved copies change: read once, the list shows the copy
    assert page.locator(".gpp-tenders__saved .gpp-tenders__name").all_text_contents() == ["1234567890"]
    assert page.evaluate("window.__read") == 1
    assert page.js_errors == []


def test_a_link_to_a_version_that_never_existed_is_named_not_shown(dl_page, built_site):
    """udbud/?k=ID:999 (the criterion is at a lower version) is named on the page as unknown,
    neither shown as the current version nor stored, and the address no longer claims :999."""
    page = dl_page
    d = data(built_site)
    cid, c = next((i, c) for i, c in sorted(d["criteria"].items()) if not c["retired"])
    page.goto(f"udbud/?k={cid}:999")
    page.wait_for_selector("#gpp-builder[data-loaded]:not([data-url-pending])")
    messages = page.locator(".gpp-builder__messages").text_content()
    assert f"{cid}:999" in messages and d["strings"]["sel_unknown"] in messages
    assert page.locator("article.gpp-pick").count() == 0
    assert page.evaluate("() => gpp.selection.items()") == []  # nothing stored from the link
    assert ":999" not in page.evaluate("() => location.href")  # the address no longer claims it
    assert page.js_errors == []


def test_an_empty_link_is_said_and_the_counter_counts_only_criteria(dl_page, built_site):
    """udbud/?k= alone says the link names no criteria and leaves the tender as it is; an id that
    cannot be a criterion ("toString", in a tampered store) is not counted in the header."""
    page = dl_page
    d = data(built_site)
    cid = next(i for i, c in sorted(d["criteria"].items()) if not c["retired"])
    page.goto(f"udbud/?k={cid}")
    page.wait_for_selector("#gpp-builder[data-loaded]:not([data-url-pending])")
    page.goto("udbud/?k=")
    page.wait_for_selector("#gpp-builder[data-loaded]:not([data-url-pending])")
    assert d["strings"]["sel_link_empty"] in page.locator(".gpp-builder__messages").text_content()
    assert [i["id"] for i in page.evaluate("() => gpp.selection.items()")] == [cid]
    page.evaluate(
        """() => { const s = JSON.parse(localStorage.getItem('gpp.selection.v1'));
                   s.items.push({id: 'toString', version: null});
                   localStorage.setItem('gpp.selection.v1', JSON.stringify(s)); }"""
    )
    page.goto("")  # another page: the header counter
    page.wait_for_selector(".gpp-header-selection__count")
    page.wait_for_function("document.querySelector('.gpp-header-selection__count').textContent !== '0'")
    assert page.locator(".gpp-header-selection__count").text_content() == "1"
    assert page.js_errors == []


def test_a_category_that_fails_to_load_is_said_and_the_tender_is_kept(dl_page, built_site):
    """Mit udbud's data is loaded in parts (the head, then each category the tender needs): a part
    that cannot be fetched is named on the page with the criteria it holds, the exports are off
    (a document would silently lack them), and the stored tender stays as it was."""
    page = dl_page
    d = data(built_site)
    live = [c for _, c in sorted(d["criteria"].items()) if not c["retired"]]
    a = live[0]
    b = next(c for c in live if c["category"] != a["category"])
    page.route(f"**/downloads/udbud/{b['category']}.json", lambda route: route.fulfill(status=503, body="busy"))
    page.goto(f"udbud/?k={a['id']},{b['id']}")
    page.wait_for_selector("#gpp-builder[data-loaded]:not([data-url-pending])")
    messages = page.locator(".gpp-builder__messages").text_content()
    assert d["strings"]["sel_part_failed"] in messages and b["id"] in messages and "503" in messages
    assert d["strings"]["sel_unknown"] not in messages  # it exists: not called unknown
    assert page.locator("article.gpp-pick").count() == 1  # what did load is shown
    assert page.locator("button.gpp-export").first.is_disabled()
    stored = [i["id"] for i in page.evaluate("() => JSON.parse(localStorage.getItem('gpp.selection.v1')).items")]
    assert stored == [a["id"], b["id"]]
    page.unroute(f"**/downloads/udbud/{b['category']}.json")
    page.reload()  # the part is there again: everything is shown
    page.wait_for_selector("#gpp-builder[data-loaded]:not([data-url-pending])")
    assert page.locator("article.gpp-pick").count() == 2
    assert d["strings"]["sel_part_failed"] not in page.locator(".gpp-builder__messages").text_content()
    assert page.js_errors == []

"""The tender documents (Word and text), made by the site's own generators in V8 as the build
makes them, opened with python-docx and LibreOffice: the styles a procurer's Word needs, every
part of tender.js's DOCUMENT in every format, and a compact layout."""

import io
import re
import subprocess

import docx
import pytest
from webjs import Page

from conftest import ROOT, to_pdf
from opslag import exports
from opslag.exports import builder_data
from opslag.project import Project
from opslag.render.templates import Renderer

EPOCH = 1765000000


def make_engine(corpus, lang):
    ctx = exports.Context(corpus, Renderer(corpus, lang, Project(ROOT)), EPOCH, "https://example.org/", ROOT / "web")
    data = builder_data.data(ctx)
    return Page(
        "selection.js",
        "tender.js",
        "../vendor/docx/docx.iife.js",
        "export-docx.js",
        "export-txt.js",
        data=data,
        epoch=EPOCH,
    )


@pytest.fixture(scope="module", params=["da", "en"])
def engine(request, corpus):
    return make_engine(corpus, request.param)


def school_tender(corpus) -> list:
    """17 criteria of a school's cleaning and kitchen tender: every cleaning product criterion
    and the first kitchen equipment ones (the issue's test tender)."""
    cleaning = [c.id for c in corpus.category("rengoeringsmidler").criteria]
    kitchen = [c.id for c in corpus.category("storkoekkenudstyr").criteria]
    return (cleaning + kitchen)[:17]


def styles_of(document) -> list:
    return [(p.style.name, p.text) for p in document.paragraphs]


def test_word_uses_words_own_heading_styles_with_formatting(engine, corpus):
    ids = school_tender(corpus)
    raw = engine.docx(ids, "Skoler: rengøring og køkken", "https://example.org/udbud/?k=" + ",".join(ids))
    doc = docx.Document(io.BytesIO(raw))
    paragraphs = styles_of(doc)
    assert [t for s, t in paragraphs if s == "Title"] == ["Skoler: rengøring og køkken"]
    types = {t["label"] for t in engine.eval("return DATA.types;")}
    heading1 = [t for s, t in paragraphs if s == "Heading 1"]
    strings = engine.eval("return DATA.strings;")
    # the type sections, then the contract manager's annex and the values for the eForms notice
    assert heading1[-2:] == [strings["sel_doc_annex"], strings["sel_eforms_title"]]
    assert set(heading1[:-2]) <= types and len(heading1) >= 3
    titles = {c.title.get(engine.eval("return DATA.lang;")) for c in corpus.criteria.values() if c.id in ids}
    assert {t for s, t in paragraphs if s == "Heading 2"} == titles  # one numbered heading per criterion
    for style_id, level in (("Heading1", "0"), ("Heading2", "1"), ("Title", None)):
        style = doc.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')[0]
        assert style.xpath(".//w:sz/@w:val"), f"{style_id} has a size of its own"
        if level is not None:
            assert style.xpath(".//w:outlineLvl/@w:val") == [level], "the navigation pane needs the outline level"
            assert style.xpath(".//w:keepNext"), "a heading stays with its text"
    assert doc.core_properties.title == "Skoler: rengøring og køkken"


def test_the_cover_lists_the_criteria_with_versions_and_the_link(engine, corpus):
    ids = school_tender(corpus)
    link = "https://example.org/udbud/?k=" + ",".join(ids)
    doc = docx.Document(io.BytesIO(engine.docx(ids, "T", link)))
    text = "\n".join(p.text for p in doc.paragraphs[:25])
    for cid in ids:
        assert f"{cid}:{corpus.criteria[cid].version}" in text
    assert link in [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]


def _field_texts(engine, ids):
    """For each field of DOCUMENT (META, BIDDER, ANNEX): its label (none for the facts line, which
    shows values only) and one line of it from the model, as the formats must show them."""
    parts = engine.call(
        """function (ids) {
             var m = gpp.tender.model(DATA, ids.map(function (id) { return {id: id, version: null}; }), "T", {}, false, "");
             var out = {};
             m.groups.forEach(function (g) { g.entries.forEach(function (e) {
               ["META", "BIDDER", "ANNEX"].forEach(function (which) {
                 gpp.tender.parts(m, e, which).forEach(function (p) {
                   var line = p.lines ? p.lines[0] : gpp.tender.lineText(p.blocks[0].items[0]);
                   out[p.field] = out[p.field] || [which === "META" ? "" : p.label, line];
                 });
               });
             }); });
             return {fields: out, document: gpp.tender.DOCUMENT};
           }""",
        ids,
    )
    return parts


def test_every_part_of_the_tender_document_is_in_every_format(engine, corpus):
    """DOCUMENT is the one definition: a field added there shows in Word and in text alike (and
    this test fails if a format skips one)."""
    ids = [c.id for c in corpus.criteria.values() if c.follow_up and c.labels and c.sources and c.rationale][:3]
    got = _field_texts(engine, ids)
    wanted = {f for fields in got["document"].values() for f in fields}
    assert set(got["fields"]) == wanted, "the sample criteria have every field"
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(engine.docx(ids, "T"))).paragraphs)
    text = engine.text(ids, "T")
    for field, (label, line) in got["fields"].items():
        for name, made in (("Word", word), ("text", text)):
            assert line[:60] in made, f"{field} is missing from the {name} document"
            assert not label or label in made, f"{field}'s label is missing from the {name} document"


def test_documents_are_the_same_bytes_for_the_same_data(engine, corpus):
    """Two engines at the same build date write the same file (the clock and the random ids of
    hyperlinks are held), as the reproducible build needs."""
    ids = school_tender(corpus)[:5]
    again, fresh = make_engine(corpus, "da"), make_engine(corpus, "da")
    assert again.docx(ids, "T", "x") == fresh.docx(ids, "T", "x")


def test_category_downloads_are_the_selection_document_of_the_category(built_site, corpus):
    """The build's Word download of a category is Mit udbud's document of its criteria: same
    styles, same cover, the link that opens them in Mit udbud."""
    doc = docx.Document(built_site / "downloads" / "rengoeringsmidler.docx")
    paragraphs = styles_of(doc)
    assert paragraphs[0] == ("Title", "Rengøringsmidler")
    assert {s for s, _ in paragraphs} >= {"Title", "Heading 1", "Heading 2", "Heading 3"}
    links = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert len(links) == 1 and "udbud/?k=RENM-01," in links[0]
    text = (built_site / "downloads" / "rengoeringsmidler.txt").read_text(encoding="utf-8")
    assert text.startswith("Rengøringsmidler\n================\n")
    assert all(f"{c.cite}  " in text for c in corpus.category("rengoeringsmidler").criteria)


@pytest.mark.site
def test_a_17_criterion_tender_is_a_compact_document_in_libreoffice(corpus, tmp_path):
    """Rendered by LibreOffice: at most 12 A4 pages for 17 criteria with their annex (measured 10
    in Danish: about half a page a criterion for the bidders' text and a quarter in the annex),
    and no page that holds only a heading."""
    engine = make_engine(corpus, "da")
    ids = school_tender(corpus)
    path = tmp_path / "udbud.docx"
    path.write_bytes(engine.docx(ids, "Skoler: rengøring og køkken", "https://example.org/udbud/"))
    pdf_path = to_pdf(path, tmp_path)
    pdf = pdf_path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"17 criteria: {pages} pages")
    assert 4 <= pages <= 12, pages
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True).stdout
    for page in text.split("\f")[:-1]:
        lines = [l for l in page.splitlines() if l.strip()]
        assert len(lines) > 5, f"a near-empty page: {lines}"


def test_the_documents_propose_the_eforms_notices_green_fields(engine, corpus):
    """BT-805 from the EU GPP references and POGI goals, BT-774 from the criteria's impact codes,
    BT-717 (clean vehicles) when a vehicle category is in the selection: in Word and in text,
    each value with the criteria it comes from."""
    vehicle = next(c for c in corpus.category("koeretoejer").criteria if c.status == "gældende")
    gpp = next(
        c for c in corpus.criteria.values() if c.eu_gpp and c.status == "gældende" and c.category != "koeretoejer"
    )
    ids = [vehicle.id, gpp.id]
    word = "\n".join(p.text for p in docx.Document(io.BytesIO(engine.docx(ids, "T"))).paragraphs)
    text = engine.text(ids, "T")
    for made in (word, text):
        assert "BT-805" in made and "BT-774" in made and "BT-717" in made
        assert "eu – " in made and gpp.cite in made.split("BT-805", 1)[1]
        for code in vehicle.environmental_impact:
            assert code + " – " in made
    alone = engine.text([gpp.id], "T")
    assert "BT-805" in alone and "BT-717" not in alone  # no vehicles, no Clean Vehicles field

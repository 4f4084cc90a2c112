"""Market dialogue and editions in the documents: the label market advice for the buyer (from
vocab/label_market.yaml, never in tender text), the supplier questionnaire made by export-docx.js
in V8 (opened with python-docx and LibreOffice), and the edition named in an edition's Word file."""

import io
import subprocess

import docx
import pytest
from test_documents import make_engine

from conftest import ROOT, to_pdf
from opslag import exports
from opslag.exports import builder_data
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.render.templates import Renderer, load_strings
from opslag.source.checker import check_project

STRINGS = load_strings(Project(ROOT))


def advice(corpus, criterion_id, lang="da"):
    r = Renderer(corpus, lang, Project(ROOT))
    return builder_data.market_advice(corpus.criteria[criterion_id], corpus, r)


def test_label_market_advice_for_a_category_1_label(corpus):
    """Print and paper: many labelled products (category 1). An award criterion built on a label is
    advised to be a minimum requirement; a minimum requirement is told it already fits."""
    s = STRINGS["da"]
    assert corpus.category("print-og-papir").label_market["category"] == 1
    award = corpus.criteria["PAP-07"]
    assert award.type == "tildelingskriterium" and award.labels
    text = advice(corpus, "PAP-07")
    assert text.startswith(f"{s['sel_market']} 1 (mange mærkede produkter, {s['assessed']} 2026): ")
    assert "Mærket kan normalt bruges som mindstekrav." in text
    assert text.endswith(f"{s['sel_market_consider']} mindstekrav.")
    assert advice(corpus, "PAP-01").endswith(s["sel_market_fits"])  # already a minimum requirement
    assert "\n" not in text  # one line


def test_label_market_advice_for_a_category_3_label(corpus):
    """Playgrounds: few labelled products (category 3). A minimum requirement built on the Nordic
    Swan Ecolabel is advised to be an award criterion; the award criterion already fits."""
    s = STRINGS["da"]
    assert corpus.category("legepladser").label_market["category"] == 3
    assert corpus.criteria["LEG-03"].type == "mindstekrav" and corpus.criteria["LEG-03"].labels
    text = advice(corpus, "LEG-03")
    assert "Brug mærket som tildelingskriterium frem for mindstekrav." in text
    assert text.endswith(f"{s['sel_market_consider']} tildelingskriterium.")
    assert advice(corpus, "LEG-06").endswith(s["sel_market_fits"])
    assert advice(corpus, "LEG-03", "en").endswith("Consider the requirement type: award criterion.")
    assert advice(corpus, "LEG-02") is None  # no label, no advice


@pytest.fixture(scope="module")
def engine_da(corpus):
    return make_engine(corpus, "da")


def test_advice_is_for_the_buyer_and_never_in_tender_text(engine_da, corpus):
    ids = ["LEG-03", "PAP-07"]
    data = engine_da.eval("return DATA.criteria;")
    assert data["LEG-03"]["market_advice"] == advice(corpus, "LEG-03")  # the builder shows it (builder.js)
    for made in (engine_da.docx(ids, "T"), engine_da.docx(ids, "T", exporter="q-docx")):
        words = "\n".join(p.text for p in docx.Document(io.BytesIO(made)).paragraphs)
        assert "Mærkemarked" not in words and "tildelingskriterium frem for" not in words
    assert "Mærkemarked" not in engine_da.text(ids, "T")


def _questionnaire(engine, ids, title="Legepladser 2027"):
    return docx.Document(io.BytesIO(engine.docx(ids, title, exporter="q-docx")))


def test_questionnaire_asks_each_question_for_each_criterion_in_words_own_styles(engine_da, corpus):
    s = STRINGS["da"]
    ids = ["LEG-01", "LEG-03", "LEG-06", "PAP-07"]
    doc = _questionnaire(engine_da, ids)
    styles = [(p.style.name, p.text) for p in doc.paragraphs]
    assert [t for st, t in styles if st == "Title"] == [f"{s['sel_q_title']}: Legepladser 2027"]
    # grouped by type in tender order (minimum requirements, then award criteria), as in the tender document
    assert [t for st, t in styles if st == "Heading 2"] == [corpus.criteria[i].title.da for i in ids]
    assert s["sel_q_intro"] in [t for _, t in styles]
    tables = doc.tables
    assert len(tables) == 1 + len(ids)  # the company box and one per criterion
    questions = [[cell.text for cell in row.cells] for row in tables[1].rows]
    assert [q for q, _ in questions] == [
        s["sel_q_when"],
        s["sel_q_months"],
        s["sel_q_documentation"],
        s["sel_q_price"],
        s["sel_q_remark"],
    ]
    assert questions[0][1] == "     ".join("☐ " + s[k] for k in ("sel_q_today", "sel_q_within", "sel_q_not"))
    words = "\n".join(t for _, t in styles)
    assert "eller et tilsvarende mærke" in words  # the requirement as the tender would state it
    assert "LEG-03:1 · Legepladser" in words  # the facts line (DOCUMENT.META fields of QUESTIONNAIRE.FIELDS)


def test_questionnaire_opens_and_prints_in_libreoffice(engine_da, tmp_path):
    s = STRINGS["da"]
    path = tmp_path / "markedsdialog.docx"
    path.write_bytes(
        engine_da.docx(["LEG-01", "LEG-03", "LEG-06", "IT-01", "RENM-01"], "Skoler 2027", exporter="q-docx")
    )
    pdf = to_pdf(path, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"{s['sel_q_title']}: Skoler 2027" in text
    assert text.count(s["sel_q_when"]) == 5 and text.count("☐ " + s["sel_q_today"]) == 5


@pytest.fixture(scope="module")
def copenhagen():
    result = check_project(Project(ROOT, edition="kobenhavn"))
    assert result.ok
    return build_corpus(result.categories, result.vocab, result.edition)


def test_an_editions_word_file_and_data_name_the_edition(copenhagen, corpus):
    engine = make_engine(copenhagen, "da")
    raw = engine.docx(["IT-01", "KBH-01"], "Computere")
    doc = docx.Document(io.BytesIO(raw))
    facts = doc.paragraphs[1].text
    assert "Udgave: Københavns Kommune" in facts and "Kriterierne er fra" in facts
    footer = doc.sections[0].footer.paragraphs[0].text
    assert "Udgave: Københavns Kommune" in footer
    assert "KBH-01" in "\n".join(p.text for p in doc.paragraphs)  # an own criterion, in its build only
    assert "Udgave: Københavns Kommune" in engine.text(["IT-01"], "Computere")
    national = make_engine(corpus, "da")
    assert "Udgave" not in docx.Document(io.BytesIO(national.docx(["IT-01"], "Computere"))).paragraphs[1].text
    ctx = exports.Context(copenhagen, Renderer(copenhagen, "da", Project(ROOT)), 1765000000, "", ROOT / "web")
    data = builder_data.data(ctx)
    assert data["edition"]["name"] == "Københavns Kommune" and "IT-01" in data["edition"]["mandatory"]
    assert "edition" not in builder_data.data(
        exports.Context(corpus, Renderer(corpus, "da", Project(ROOT)), 1765000000, "", ROOT / "web")
    )

"""A category's criteria as a Word document: grouped by requirement type, then level, in the
built-in heading and list styles, which survive pasting into a municipal tender template."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from opslag.exports import zipfiles
from opslag.source import textblocks

A4 = (Mm(210), Mm(297))
MARGIN = Mm(25)


def _styled(doc, text: str, style_id: str):
    """A paragraph with a built-in style, set by its id: python-docx's lookup by style name
    searches the styles part on every call and made large builds slow."""
    para = doc.add_paragraph(text)
    para._p.style = style_id  # the <w:pStyle> of the paragraph
    return para


def _heading(doc, text: str, level: int):
    return _styled(doc, text, f"Heading{level}")


def _add_text(doc, text: str) -> None:
    for kind, items in textblocks.blocks(text):
        if kind == "ul":
            for item in items:
                _styled(doc, item, "ListBullet")
        else:
            doc.add_paragraph("\n".join(items))


def _labelled(doc, label: str, text: str) -> None:
    para = doc.add_paragraph()
    para.add_run(label).bold = True
    _add_text(doc, text)


def set_language(doc, tag: str) -> None:
    """Proofing language on the document defaults and every style that names one (python-docx's
    template says en-US, so Word spell-checked Danish as English)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if r_pr.find(qn("w:lang")) is None:
        r_pr.append(r_pr.makeelement(qn("w:lang"), {}))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)
        lang.set(qn("w:bidi"), tag)


def set_a4(doc) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN


def category_docx(cat, r, epoch: int) -> bytes:
    """`r` is the Renderer of the document's language."""
    s = r.strings
    doc = Document()
    set_a4(doc)
    set_language(doc, r.strings["language_tag"])
    when = zipfiles.moment(epoch)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = r.tr(cat.title), s["site_name"], s["site_name"]
    props.created = props.modified = when
    props.revision, props.language = 1, r.strings["language_tag"]
    props.comments = props.keywords = props.subject = props.category = ""
    _heading(doc, r.tr(cat.title), 1)
    _add_text(doc, r.tr(cat.summary))
    doc.add_paragraph(f"{s['cpv']}: {', '.join(cat.cpv)}")
    for group in r.groups(cat.criteria):
        _heading(doc, group["title"], 2)
        for level in group["levels"]:
            _heading(doc, f"{group['title']} · {level['title']}", 3)
            for c in level["criteria"]:
                _heading(doc, f"{c.cite} {r.tr(c.title)}", 4)
                doc.add_paragraph(
                    f"{r.vocab_label('types', c.type)} · {r.vocab_label('levels', c.level)}"
                    f" · {r.vocab_label('statuses', c.status)}"
                )
                _labelled(doc, s["requirement"], r.tr(c.requirement))
                _labelled(doc, s["verification"], r.tr(c.verification))
                if c.follow_up:
                    _labelled(doc, s["follow_up"], r.tr(c.follow_up))
                if c.labels:
                    _labelled(doc, s["accepted_labels"], r.label_names(c.labels))
    buf = io.BytesIO()
    doc.save(buf)
    return zipfiles.normalise(buf.getvalue(), epoch)


def files(ctx) -> dict:
    return {f"downloads/{cat.id}.docx": category_docx(cat, ctx.r, ctx.epoch) for cat in ctx.corpus.categories}

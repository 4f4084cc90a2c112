"""A category's criteria as a Word document: grouped by requirement type, then level, in the
built-in heading and list styles, which survive pasting into a municipal tender template."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document

from . import textformat


def _styled(doc, text: str, style_id: str):
    """A paragraph with a built-in style, set by its id: python-docx's lookup by style name
    searches the styles part on every call and made large builds slow."""
    para = doc.add_paragraph(text)
    para._p.style = style_id  # the <w:pStyle> of the paragraph
    return para


def _heading(doc, text: str, level: int):
    return _styled(doc, text, f"Heading{level}")


def _add_text(doc, text: str) -> None:
    for kind, items in textformat.blocks(text):
        if kind == "ul":
            for item in items:
                _styled(doc, item, "ListBullet")
        else:
            doc.add_paragraph("\n".join(items))


def _labelled(doc, label: str, text: str) -> None:
    para = doc.add_paragraph()
    para.add_run(label).bold = True
    _add_text(doc, text)


def category_docx(cat, r, epoch: int) -> bytes:
    """`r` is the Renderer of the document's language."""
    s = r.strings
    doc = Document()
    when = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = r.tr(cat.title), s["site_name"], s["site_name"]
    props.created = props.modified = when
    props.revision, props.language = 1, "da-DK" if r.lang == "da" else "en-GB"
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
                    f" · {r.vocab_label('statuses', c.status)}")
                _labelled(doc, s["requirement"], r.tr(c.requirement))
                _labelled(doc, s["verification"], r.tr(c.verification))
                if c.follow_up:
                    _labelled(doc, s["follow_up"], r.tr(c.follow_up))
                if c.labels:
                    _labelled(doc, s["accepted_labels"], r.label_names(c.labels))
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue(), when)


def _normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Same input, same bytes: fixed timestamps and order in the .docx container."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()

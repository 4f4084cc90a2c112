"""Text from the YAML as safe HTML and as Markdown that renders literally (the structure of the
text, paragraphs and lists, is read by opslag/source/textblocks.py; each line is escaped by the
one Markdown escaper, opslag/source/mdescape.py)."""

from __future__ import annotations

from markupsafe import Markup, escape

from opslag.source import placeholders
from opslag.source.mdescape import md_escape  # the one escaper (the review diff uses it too)
from opslag.source.textblocks import blocks


def _html_line(line: str, lang: str) -> str:
    """One escaped line; placeholders shown unfilled and marked, so a reader sees what to fill in."""
    return "".join(
        str(escape(part))
        if isinstance(part, str)
        else str(Markup('<mark class="gpp-ph">{}</mark>').format(part.display(lang)))
        for part in placeholders.parse(line, strict=False)
    )


def to_html(text: str, lang: str = "da") -> Markup:
    """Escaped HTML: every character of the input shows as text, never as markup."""
    parts = []
    for kind, items in blocks(text):
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{_html_line(i, lang)}</li>" for i in items) + "</ul>")
        else:
            parts.append("<p>" + "<br>\n".join(_html_line(l, lang) for l in items) + "</p>")
    return Markup("\n".join(parts))


def to_markdown(text: str) -> str:
    parts = []
    for kind, items in blocks(text):
        if kind == "ul":
            parts.append("\n".join(f"- {md_escape(i)}" for i in items))
        else:
            parts.append("  \n".join(md_escape(l) for l in items))
    return "\n\n".join(parts)


def page_title(text: str) -> str:
    """A page title for MkDocs and its theme.

    The theme puts titles through Jinja's `striptags`, which turns `&lt;` back into `<`, so an
    escaped angle bracket in a title would come out as raw markup. Titles therefore get look-alike
    single angle quotation marks instead; the criterion cards show the exact text. A title is one
    line (a line break would end the heading and start Markdown of its own).
    """
    return " ".join(text.split()).replace("<", "\u2039").replace(">", "\u203a")

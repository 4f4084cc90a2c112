"""Placeholders in tender text: the blanks a procurer fills in before the text goes into a tender.

The one definition of their syntax; everything else (checker, site, downloads, the "Mit udbud"
builder's form fields) gets parsed placeholders from here. Editors write:

    [[antal år]]                                  a blank, with a label saying what to fill in
    [[økologiandel; enhed: %; forslag: 60]]       a blank with a unit and a suggested value
    [[niveau; valg: Bronze | Sølv | Guld]]        a choice among listed options

The keys may be written in English too (unit, default, options). Double brackets, because single
ones occur in ordinary text and were used for three different things before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from opslag.project import LANGUAGES, catalogue

FIELDS = ("requirement", "verification", "follow_up")  # the texts that may hold placeholders

OPEN, CLOSE = "[[", "]]"
PATTERN = re.compile(r"\[\[(?P<body>[^\[\]\n]*)\]\]")
KEYS = {
    "enhed": "unit",
    "unit": "unit",
    "forslag": "default",
    "default": "default",
    "valg": "options",
    "options": "options",
}
MAX_LABEL = 60


@dataclass(frozen=True)
class Placeholder:
    label: str
    unit: str = ""
    default: str = ""
    options: tuple = ()

    @property
    def kind(self) -> str:
        return "choice" if self.options else "blank"

    def shape(self) -> tuple:
        """What must agree between the Danish and English text of a field."""
        return (self.kind, len(self.options), bool(self.default))

    def display(self, lang: str) -> str:
        """The unfilled placeholder as text: bracketed so it stays visibly marked when pasted."""
        words = catalogue()[lang if lang in LANGUAGES else LANGUAGES[0]]  # the reader's language
        if self.options:
            text = f"{words['placeholder_choose']} {self.label}: {' / '.join(self.options)}"
        else:
            text = self.label + (f" ({self.unit})" if self.unit else "")
        if self.default:
            text += f"; {words['placeholder_suggested']}: {self.default}{' ' + self.unit if self.unit and not self.options else ''}"
        return f"[{text}]"

    def as_dict(self) -> dict:
        return {"label": self.label, "unit": self.unit, "default": self.default, "options": list(self.options)}


class PlaceholderError(ValueError):
    """One mistake: where it is, and which message of opslag/source/registry.py explains it."""

    code = "R211"

    def __init__(self, offset: int, variant: str, **fields):
        from opslag.source.registry import render

        self.offset, self.variant, self.fields = offset, variant, fields
        self.message = render(self.code, variant, fields, "en")
        super().__init__(self.message)


def misplaced(text: str) -> list:
    """Placeholders where none belong (outside requirement, verification and follow_up)."""
    return [PlaceholderError(0, "outside")] if OPEN in text or CLOSE in text else []


def _parse_body(body: str, offset: int) -> Placeholder:
    parts = [p.strip() for p in body.split(";")]
    label = parts[0]
    if not label:
        raise PlaceholderError(offset, "no_label", body=body)
    if len(label) > MAX_LABEL:
        raise PlaceholderError(offset, "long_label", label=label[:30], max=MAX_LABEL)
    values: dict = {}
    for part in parts[1:]:
        key, sep, value = part.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not sep or key not in KEYS:
            raise PlaceholderError(offset, "bad_key", part=part, body=body)
        name = KEYS[key]
        if name in values:
            raise PlaceholderError(offset, "twice", key=key, body=body)
        if not value:
            raise PlaceholderError(offset, "empty", key=key, body=body)
        values[name] = value
    options = ()
    if "options" in values:
        options = tuple(o.strip() for o in values["options"].split("|"))
        if len(options) < 2 or not all(options):
            raise PlaceholderError(offset, "few_options", body=body)
        if len(set(options)) != len(options):
            raise PlaceholderError(offset, "repeated_option", body=body)
        if "unit" in values:
            raise PlaceholderError(offset, "unit_in_choice", body=body)
        if "default" in values and values["default"] not in options:
            raise PlaceholderError(offset, "default_not_option", default=values["default"], body=body)
    return Placeholder(label, values.get("unit", ""), values.get("default", ""), options)


def parse(text: str, strict: bool = True) -> list:
    """Text as a list of str and Placeholder. Strict: a malformed placeholder raises
    PlaceholderError; otherwise it stays as literal text (the checker has reported it)."""
    out, pos = [], 0
    for match in PATTERN.finditer(text):
        try:
            placeholder = _parse_body(match["body"], match.start())
        except PlaceholderError:
            if strict:
                raise
            continue
        if match.start() > pos:
            out.append(text[pos : match.start()])
        out.append(placeholder)
        pos = match.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def problems(text: str, old_style: bool = True) -> list:
    """Every mistake in a text's placeholders, as PlaceholderErrors: malformed ones, '[[' not closed
    on its line, ']]' without '[[', and (old_style) any other square bracket, which is what the
    placeholders written as '[X]' or '[antal år' before the typed syntax look like."""
    out, pos = [], 0
    for match in PATTERN.finditer(text):
        out += _stray(text[pos : match.start()], pos, old_style)
        try:
            _parse_body(match["body"], match.start())
        except PlaceholderError as exc:
            out.append(exc)
        pos = match.end()
    return out + _stray(text[pos:], pos, old_style)


_BRACKET = re.compile(r"[\[\]]")


def _stray(chunk: str, offset: int, old_style: bool) -> list:
    out, i = [], 0
    while i < len(chunk):
        found = _BRACKET.search(chunk, i)  # only a bracket can be a mistake: jump to the next one
        if not found:
            break
        i = found.start()
        near = chunk[max(0, i - 15) : i + 25].replace("\n", " ").strip()
        if chunk.startswith(OPEN, i):
            out.append(PlaceholderError(offset + i, "unclosed", near=near))
            i += 2
        elif chunk.startswith(CLOSE, i):
            out.append(PlaceholderError(offset + i, "unopened", near=near))
            i += 2
        elif old_style and chunk[i] in "[]":
            out.append(PlaceholderError(offset + i, "old_style", near=near))
            close = chunk.find("]", i + 1) if chunk[i] == "[" else -1
            i = close + 1 if close > 0 and not chunk.startswith(CLOSE, close) else i + 1
        else:
            i += 1
    return out


def placeholders(text: str) -> list:
    """Only the (well-formed) placeholders of a text, in order."""
    return [part for part in parse(text, strict=False) if isinstance(part, Placeholder)]


def segments(text: str) -> list:
    """JSON-ready parts for the browser: strings, and dicts for placeholders."""
    return [part if isinstance(part, str) else part.as_dict() for part in parse(text, strict=False)]


def display(text: str, lang: str) -> str:
    """The text with every placeholder shown unfilled but marked (for .txt, .md, .docx, CSV, copy)."""
    if OPEN not in text:
        return text
    return "".join(part if isinstance(part, str) else part.display(lang) for part in parse(text, strict=False))

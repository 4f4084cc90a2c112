"""The one rule for text from YAML (criteria, vocabularies, interface strings).

Every string goes through `text_problems`, called by `rules.check_values` for every file the
build reads. The renderers escape text anyway (textformat); this check makes sure `check`
passing means the text is plain, one-line where it must be, and can be written to Word/XML,
so the build cannot fail on it later and a reviewer never has to spot a payload.

What it refuses, and why:
* HTML tags (R209): shown as text anyway, but never intended in tender text.
* curly braces (R213): Markdown's attr_list reads `{: onfocus=... }` or `{ #id .class }` as
  HTML attributes; no tender text needs braces.
* control characters (R214): Word (XML 1.0) cannot hold them, terminals act on them, and
  bidirectional overrides make a text read differently from what it does (Trojan Source).
* line breaks in titles and names (R215): a title is one line (a heading, a cell, a tab).
* blank text (R216): only spaces is an empty text that the schema's minLength cannot see.
* links that are not https (R217): Markdown links and javascript:/data:/vbscript:/http:
  addresses; links belong in `sources` as https:// addresses.
"""

from __future__ import annotations

import re
import unicodedata

from opslag.source.schema import NON_TEXT_KEYS, SINGLE_LINE_KEYS

# Linear time on any text (a pull request can hold 2 MB of '<a<a<a...'): each scan stops at the
# next '<' or '[' where the next match attempt starts, and no two repetitions can share characters.
_TAG = re.compile(r"<\s*(?:/\s*)?[A-Za-z!?][^<>]*>|<\s*(?:/\s*)?(?:script|iframe|img|svg)\b", re.I)
_BRACE = re.compile(r"[{}]")
# What R217 calls a link (flags: re.I). LINK is the definition; _LINK the same pattern written so
# that the regex engine can skip to a possible first character ('!', '[' or the first letter of a
# scheme, in either case), with its look-behind checked by `unpreceded`: a case-insensitive pattern
# starting with a letter or a look-behind makes it try every position, and this one search was a
# tenth of a whole `check`. A test holds the two equal.
LINK = (
    r"!?\[[^\[\]\n]*\]\(|(?<![a-z])(?:java|vb|live)\s*script\s*:|(?<![a-z])data:\s*(?:text|image|application|audio|video)/|"
    r"(?<![a-z])(?:http|file|ftp)://"
)
_LINK = re.compile(
    r"!\[[^\[\]\n]*\]\(|\[[^\[\]\n]*\]\(|"
    + "|".join(
        f"{c}(?i:{rest})"
        for first, rest in (
            ("j", r"ava\s*script\s*:"),
            ("v", r"b\s*script\s*:"),
            ("l", r"ive\s*script\s*:"),
            ("d", r"ata:\s*(?:text|image|application|audio|video)/"),
            ("h", r"ttp://"),
            ("f", r"ile://|tp://"),
        )
        for c in (first, first.upper())
    )
)
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\u0130\u0131\u017f\u212a")  # [a-z] in re.I


def unpreceded(pattern: re.Pattern, text: str, refused):
    """The matches of `pattern` in `text`, like finditer, less those whose character before makes
    refused(character, match) true: the look-behind a pattern would start with, checked here, since
    a pattern that starts with one is tried at every position of the text and one without is not.
    A match refused there is no match at that position, so the search goes on one character later."""
    at = 0
    while (match := pattern.search(text, at)) is not None:
        start = match.start()
        if start and refused(text[start - 1], match):
            at = start + 1
            continue
        yield match
        at = match.end()


def _scheme_after_letter(before: str, match) -> bool:
    return before in _LETTERS and match.group()[0] not in "!["


def _link(value: str):
    """The first link in a text (a match of LINK), or None."""
    return next(unpreceded(_LINK, value, _scheme_after_letter), None)


_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_LINE_BREAK = "\n"  # the other line breaks (\r, \v, U+2028 ...) are R214 already


def bad_character(ch: str) -> bool:
    """Characters no text may hold: controls other than line feed and tab, lone surrogates,
    non-characters, line/paragraph separators and bidirectional overrides. (The definition;
    _BAD below is the same set as one regular expression, for speed; a test holds them equal.)"""
    code = ord(ch)
    if ch in "\n\t":
        return False
    category = unicodedata.category(ch)
    return (
        category in ("Cc", "Cs")
        or code in _BIDI
        or code in (0x2028, 0x2029)
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )


# One pass of the regex engine instead of a Python call per character (check spent half its time here).
_NONCHARACTERS = "".join(chr(plane * 0x10000 + end) for plane in range(17) for end in (0xFFFE, 0xFFFF))
_BMP = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029\ufdd0-\ufdef\ufffe\uffff"
_BAD = re.compile("[" + _BMP + _NONCHARACTERS + "]")
# The same set without the noncharacters above U+FFFF, which only a text holding such characters
# can contain: ten times faster (the regex engine walks the long class for every character).
_BAD_BMP = re.compile("[" + _BMP + "]")
# ... or any character above U+FFFF (one range: as fast as the short class), after which _BAD looks again.
_BAD_OR_ASTRAL = re.compile("[" + _BMP + "\U00010000-\U0010ffff]")


def first_bad(value: str):
    """The first character no text may hold (a match), or None."""
    found = _BAD_OR_ASTRAL.search(value)
    return _BAD.search(value, found.start()) if found and found.group() > "\uffff" else found


def describe(ch: str) -> str:
    name = unicodedata.name(ch, "") or {
        "\x0b": "VERTICAL TAB",
        "\r": "CARRIAGE RETURN",
        "\x1b": "ESCAPE",
        "\x00": "NULL",
    }.get(ch, "control character")
    return f"U+{ord(ch):04X} ({name.lower()})"


def _field(path: tuple) -> str:
    """The field a string belongs to: 'title' for ('criteria', 0, 'title', 'da')."""
    language = ""
    for part in reversed(path):
        if isinstance(part, str):
            if language or part not in ("da", "en"):
                return part
            language = part
    return language


def text_problems(path: tuple, value: str) -> list[tuple[str, str, dict]]:
    """[(code, variant, fields)] for one string at `path` in a YAML file (words: opslag/source/registry.py)."""
    out = []
    found = first_bad(value)
    if found:
        out.append(("R214", "", {"character": describe(found.group(0)), "at": found.start() + 1}))
    field = _field(path)
    if field in NON_TEXT_KEYS:  # schema patterns end in '$', which lets a final line break through
        if _LINE_BREAK in value:
            out.append(("R215", "field", {"field": field}))
        return out
    if not value or value.isspace():  # what strip() would leave empty, without the copy
        out.append(("R216", "", {}))
    if field in SINGLE_LINE_KEYS and _LINE_BREAK in value.strip():
        out.append(("R215", "title", {"field": field}))
    # each pattern needs its character ('<', a brace, '[' or ':'): a plain text skips the regex engine
    if "<" in value and _TAG.search(value):
        out.append(("R209", "", {}))
    if ("{" in value or "}" in value) and _BRACE.search(value):
        out.append(("R213", "", {}))
    match = _link(value) if "](" in value or ":" in value else None
    if match:
        out.append(("R217", "", {"link": match.group(0).strip()}))
    return out

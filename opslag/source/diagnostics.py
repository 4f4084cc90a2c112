"""Diagnostics: one problem in one place, with its code and its message in Danish and English.

The codes and the words of every message live in opslag/source/registry.py; this module is the
record of one finding and how it is printed (text for a terminal, GitHub annotations).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from opslag.source.registry import BY_CODE, ERROR, render

MAX_MESSAGE = 600

# code: (severity, short name, what it means): a view of the registry for older callers
CODES: dict[str, tuple[str, str, str]] = {c: (r.severity, r.name, r.meaning.en) for c, r in BY_CODE.items()}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file. Sorted by file, then position, then code."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    code: str
    message: str  # English
    path: str = field(default="", compare=False)
    da: str = field(default="", compare=False)  # Danish; the default language of every command
    variant: str = field(default="", compare=False)  # which of the code's messages (registry)

    @classmethod
    def of(cls, file: str, position, code: str, path: tuple = (), variant: str = "", **fields) -> Diagnostic:
        """A diagnostic whose message comes from the registry, in both languages."""
        variant = variant or next(iter(BY_CODE[code].messages))
        return cls(
            file,
            position[0],
            position[1],
            code,
            render(code, variant, fields, "en"),
            path_text(path),
            render(code, variant, fields, "da"),
            variant,
        )

    @property
    def severity(self) -> str:
        return BY_CODE[self.code].severity

    def text(self, lang: str = "da") -> str:
        return self.da if lang == "da" and self.da else self.message

    def format(self, style: str = "text", lang: str = "da") -> str:
        """One line for a terminal or a CI log; text from the files cannot act on either."""
        where = f" [{self.path}]" if self.path else ""
        message, file = printable(f"{self.text(lang)}{where}"), printable(self.file)
        if len(message) > MAX_MESSAGE:  # a message quoting a huge value stays readable
            message = message[: MAX_MESSAGE - 1] + "…"
        if style == "github":
            level = "error" if self.severity == ERROR else "warning"
            return (
                f"::{level} file={gh_property(file)},line={self.line},col={self.column},"
                f"title={gh_property(self.code)}::{gh_data(message)}"
            )
        return f"{file}:{self.line}:{self.column}: {self.code} {message}"


def printable(text: str) -> str:
    """Text safe to print: control, direction and line-separator characters (ESC, CR, LF, U+202E...)
    shown as escapes like \\x1b, so a file name or key from a pull request cannot move the cursor,
    recolour the terminal or forge another line of output."""
    import unicodedata

    def shown(ch: str) -> str:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch != "\u00ad":
            code = ord(ch)
            return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        return ch

    return "".join(shown(ch) for ch in str(text))


def gh_data(text: str) -> str:
    """GitHub workflow command data: %, CR and LF escaped (the runner's own rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(text: str) -> str:
    """A workflow command property: also ':' and ',', which would end the property and let a file
    named 'a,line=99::x.yaml' forge the annotation's line or message."""
    return gh_data(text).replace(":", "%3A").replace(",", "%2C")


def path_text(path: tuple) -> str:
    """('criteria', 2, 'title', 'da') -> 'criteria[2].title.da'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

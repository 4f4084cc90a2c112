"""Diagnostics: every problem the build can report, with a code, a place and a fix.

The table CODES is the single list of codes; the contributing guide's table is
generated from it (``python build.py codes``) and a test keeps the two equal.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_MESSAGE = 600
ERROR = "error"
WARNING = "warning"

# code: (severity, short name, what it means)
CODES: dict[str, tuple[str, str, str]] = {
    "Y001": (ERROR, "yaml-syntax", "The file is not valid YAML (a colon, quote or indentation is off)."),
    "Y002": (ERROR, "tab-indent", "A tab character is used for indentation; YAML allows only spaces."),
    "Y003": (ERROR, "duplicate-key", "The same key appears twice in one mapping; the second would silently win."),
    "Y004": (ERROR, "anchor-alias", "Anchors (&) and aliases (*) are not allowed; write the value out."),
    "Y005": (ERROR, "merge-key", "Merge keys (<<) are not allowed; write the fields out."),
    "Y006": (ERROR, "custom-tag", "Tags (!something) are not allowed; write plain values."),
    "Y007": (ERROR, "non-string-key", "A key must be a plain word, not a number, boolean, null or collection."),
    "Y008": (ERROR, "multiple-documents", "A file holds exactly one YAML document; remove the extra '---'."),
    "Y009": (ERROR, "empty-file", "The file is empty."),
    "Y010": (ERROR, "not-a-mapping", "The top level of the file must be a mapping of fields."),
    "Y011": (ERROR, "encoding", "The file is not valid UTF-8."),
    "Y012": (ERROR, "too-large", "The file is larger than the limit."),
    "Y013": (ERROR, "too-deep", "The file nests collections deeper than the limit."),
    "Y014": (ERROR, "not-a-file", "Not a regular file inside the folder: a link out of it, a device, a pipe "
                                  "or a folder."),
    "S101": (ERROR, "unknown-field", "A field that the data model does not know (often a misspelling)."),
    "S102": (ERROR, "missing-field", "A mandatory field is missing."),
    "S103": (ERROR, "wrong-type", "A value has the wrong type (e.g. a number where text is expected)."),
    "S104": (ERROR, "not-allowed-value", "A value is not one of the allowed values."),
    "S105": (ERROR, "bad-format", "A value does not have the required format (id, CPV code, date)."),
    "S106": (ERROR, "out-of-range", "A number or list length is outside the allowed range."),
    "S107": (ERROR, "not-https", "A URL must start with https://."),
    "R201": (ERROR, "impossible-date", "A date that does not exist in the calendar."),
    "R202": (ERROR, "duplicate-id", "Two criteria (or vocabulary entries) share an id."),
    "R203": (ERROR, "id-prefix", "A criterion id does not start with its category's prefix."),
    "R204": (ERROR, "unknown-reference", "A reference to a label or POGI goal that does not exist."),
    "R205": (ERROR, "history-version", "The history does not end with an entry for the current version."),
    "R206": (ERROR, "duplicate-prefix", "Two categories use the same id prefix."),
    "R207": (ERROR, "draft-without-note", "A draft (udkast) criterion must say in 'note' what is missing."),
    "R208": (ERROR, "bad-file-name", "A category file name must be lower-case letters, digits and hyphens."),
    "R209": (ERROR, "markup-in-text", "Text fields are plain text; HTML tags are not allowed."),
    "R210": (ERROR, "unknown-criterion", "replaced_by or related names a criterion that does not exist, or itself."),
    "R211": (ERROR, "placeholder", "A placeholder is malformed, unclosed, old-style ([X]) or outside the tender texts."),
    "R212": (ERROR, "placeholder-languages", "The Danish and English text of a field have different placeholders."),
    "R213": (ERROR, "braces-in-text", "Curly braces are not allowed in text: Markdown would read '{: ... }' as "
                                      "HTML attributes."),
    "R214": (ERROR, "control-character", "A text holds an invisible control or direction character that Word "
                                         "cannot store or that hides what the text says."),
    "R215": (ERROR, "line-break-in-title", "Titles, names, labels, ids and addresses are one line."),
    "R216": (ERROR, "blank-text", "A text holds only spaces."),
    "R217": (ERROR, "link-in-text", "Texts hold no links (Markdown links, javascript:, http://); sources go "
                                    "in 'sources' with https:// addresses."),
    "R218": (ERROR, "reserved-name", "A category, ecolabel, POGI goal or type id is a name the site uses for its "
                                     "own pages (index, soeg, downloads, opslag ...)."),
    "R219": (ERROR, "duplicate-category-file", "Two files name the same category (x.yaml and x.yml)."),
    "R220": (ERROR, "no-categories", "The criteria folder holds no category files, or cannot be read."),
    "R221": (ERROR, "eu-gpp-kind", "An EU GPP reference of one kind (SC, TS, AC, CPC) on a criterion of another type."),
    "R250": (ERROR, "unfinished", "A scaffold's TODO is still there (build.py new writes them); write the real value."),
    "D401": (ERROR, "version-not-raised", "Requirement or verification text changed without a new version and history entry."),
    "D402": (ERROR, "version-jump", "A version was lowered or skipped a number; it rises by exactly 1."),
    "D403": (ERROR, "criterion-deleted", "A criterion was deleted; retire it (status: udgået) instead."),
    "D404": (ERROR, "category-deleted", "A category file was deleted or renamed; its address would break."),
    "D405": (ERROR, "id-reused", "An id was reused for another criterion (its earlier history was rewritten)."),
    "D406": (ERROR, "history-date-backwards", "A new history entry is dated before the entry it follows."),
    "W301": (WARNING, "missing-english", "An English text is missing; the English site marks it as untranslated."),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file. Sorted by file, then position, then code."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    code: str
    message: str
    path: str = field(default="", compare=False)

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    def format(self, style: str = "text") -> str:
        """One line for a terminal or a CI log; text from the files cannot act on either."""
        where = f" [{self.path}]" if self.path else ""
        message, file = printable(f"{self.message}{where}"), printable(self.file)
        if len(message) > MAX_MESSAGE:  # a message quoting a huge value stays readable
            message = message[:MAX_MESSAGE - 1] + "…"
        if style == "github":
            level = "error" if self.severity == ERROR else "warning"
            return (f"::{level} file={_gh_property(file)},line={self.line},col={self.column},"
                    f"title={_gh_property(self.code)}::{_gh_data(message)}")
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


def _gh_data(text: str) -> str:
    """GitHub workflow command data: %, CR and LF escaped (the runner's own rules)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    """A workflow command property: also ':' and ',', which would end the property and let a file
    named 'a,line=99::x.yaml' forge the annotation's line or message."""
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def path_text(path: tuple) -> str:
    """('criteria', 2, 'title', 'da') -> 'criteria[2].title.da'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

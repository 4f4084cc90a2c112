"""How a requirement is worded: rules that read the tender text itself, Danish and English apart.

* R222: a requirement that names a technical standard (EN, ISO, IEC, DS, CEN/TS ...) or an
  ecolabel from vocab/ecolabels.yaml says, in the same sentence and after the name, that an
  equivalent is accepted ("eller tilsvarende", "eller et tilsvarende mærke"; "or equivalent").
  Udbudsloven § 41, stk. 1, nr. 2 (directive 2014/24/EU art. 42(3)(b)) for standards, § 46 for
  labels. Labels the vocabulary marks `statutory` (the EU energy label: a legal classification,
  not a § 46 label) and aliases it marks `ambiguous_aliases` (TCO, also total cost of ownership)
  are not looked for.
* R223: no sentence of a requirement opens with advice to the buyer ("Det anbefales",
  "Consider" ...); advice belongs in `guidance`, which never goes into the tender.
* R224, R225: a unit is given once, in its placeholder (`[[levetid; enhed: år]]`), which the
  exports write as "8 år": not again after it (R224), and not only in the text or the label
  of a placeholder without one (R225).

Only requirement texts are read for R222 and R223: `verification` says what the bidder hands in
("testrapport efter EN 71-3"), it sets no specification. Units are read in every text that holds
placeholders. Retired criteria are left alone: their text is history, cited by old tenders.
The word lists are data, here at the top; docs/da/datamodel.md explains the choices.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from opslag.source import placeholders
from opslag.source.registry import EQUIVALENCE_WORDING
from opslag.source.textrules import unpreceded

# -- data ------------------------------------------------------------------------------------------

# A technical standard's reference: the body (optionally adopted as DS/), a number, optional parts,
# amendment and year: EN 16516, EN ISO 14001:2015, DS/EN 12464-1, ISO/IEC 17025, CEN/TS 16637.
# A line break may stand wherever a space does (editors wrap long lines).
_BODIES = (
    "CEN/TS|CEN/TR|CLC/TS|CLC/TR|EN ISO/IEC|EN ISO/TS|EN ISO|EN IEC|ISO/IEC|ISO/TS|ISO/TR|prEN|EN|ISO|IEC|DS"
).replace(" ", r"\s+")
_NUMBER = r"\s*[0-9]+(?:-[0-9]+)*(?:\+A[0-9]+)?(?::[0-9]{4})?(?!\w)"
STANDARD = re.compile(rf"(?<![\w/])(?:DS/)?(?:{_BODIES}){_NUMBER}")
# The same, for reading every requirement: without the look-behind (unpreceded checks the
# character before) and with every alternative starting with a letter, the regex engine skips to
# where a body's name can start instead of trying each position. A test holds the two equal.
_STANDARD_FROM_BODY = re.compile("(?:" + "|".join([f"DS/(?:{_BODIES})", *_BODIES.split("|")]) + ")" + _NUMBER)

# What says an equivalent is accepted: this word, after the name in the same sentence. What the
# message suggests writing is in the registry (EQUIVALENCE_WORDING), with the messages.
EQUIVALENT = {"da": re.compile(r"(?<!\w)tilsvarende(?!\w)", re.I), "en": re.compile(r"(?<!\w)equivalent(?!\w)", re.I)}

# Sentences that open with these are advice to the buyer (case does not matter).
ADVICE = {
    "da": (
        "Ved udbud af",
        "I udbud af",
        "Det anbefales",
        "Det kan anbefales",
        "Ordregiver bør",
        "Ordregiveren bør",
        "Ordregiveren kan overveje",
        "Overvej",
        "Brug kriteriet",
        "Brug kravet",
    ),
    "en": (
        "When tendering",
        "In tenders for",
        "It is recommended",
        "The contracting authority should",
        "Contracting authorities should",
        "Consider",
        "Use the criterion",
        "Use this criterion",
    ),
}

# The forms of one unit, the one to write in `enhed:` first: a word after a placeholder in any of
# them gives its unit again.
UNIT_FORMS = {
    "da": (
        ("år", "års"),
        ("måneder", "måned", "måneds", "måneders"),
        ("uger", "uge", "uges", "ugers"),
        ("dage", "dag", "dags", "dages"),
        ("arbejdsdage", "arbejdsdag", "arbejdsdags", "arbejdsdages"),
        ("timer", "time", "times", "timers"),
        ("minutter", "minut", "minuts", "minutters"),
        ("%", "procent", "pct.", "pct"),
        ("procentpoint", "procentpoints"),
        ("vægtprocent", "vægt-%"),
        ("kr.", "kr", "kroner", "DKK"),
        ("liter", "l"),
        ("point",),
    ),
    "en": (
        ("years", "year", "year's", "years'"),
        ("months", "month"),
        ("weeks", "week"),
        ("days", "day"),
        ("working days", "working day", "business days", "business day"),
        ("hours", "hour"),
        ("minutes", "minute"),
        ("%", "percent", "per cent"),
        ("percentage points", "percentage point"),
        ("DKK", "kroner"),
        ("litres", "litre", "liters", "liter", "l"),
        ("points", "point"),
    ),
}
# Labels of placeholders that hold a number; a share or a deadline has no meaning without its unit.
NUMBER_WORDS = {
    "da": ("antal", "andel", "frist", "mindst", "højst"),
    "en": ("number of", "share", "deadline", "at least", "at most"),
}
NEEDS_UNIT = {"da": ("andel", "frist"), "en": ("share", "deadline")}
_LINKING_WORDS = ("i", "af", "in", "of")  # 'frist i uger', 'number of years'

# A full stop after these does not end a sentence.
ABBREVIATIONS = frozenset(
    "jf. fx. f.eks. bl.a. pr. nr. stk. kr. ca. inkl. ekskl. dvs. evt. mv. m.fl. osv. p.t. mht. vedr. "
    "e.g. i.e. cf. no. incl. excl. approx. etc. art.".split()
)

_LONGEST_ABBREVIATION = max(len(a) for a in ABBREVIATIONS)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(]?[A-ZÆØÅ0-9])|\n[ \t]*\n|\n(?=[ \t]*- )")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def _one_of(words) -> str:
    """A pattern for any of `words` (longest first; a space stands for any white space) as a whole word."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + r")(?!\w)"


_ADVICE = {lang: re.compile(r"[ \t\n-]*(" + _one_of(phrases) + ")", re.I) for lang, phrases in ADVICE.items()}
_UNIT_WORD = {lang: re.compile(_one_of(f for g in groups for f in g), re.I) for lang, groups in UNIT_FORMS.items()}
_CANONICAL = {lang: {f.lower(): g[0] for g in groups for f in g} for lang, groups in UNIT_FORMS.items()}


# -- texts -----------------------------------------------------------------------------------------


def sentences(text: str) -> list:
    """(start, end) of each sentence of a text: paragraphs and list items end one, and a full
    stop, ! or ? before a capital letter or a digit (not after 'fx.', 'jf.' ...). Never inside a
    placeholder."""
    return list(_sentences(text))


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple:
    """sentences(), kept for the next question about the same text (R222 and R223 read each
    requirement's sentences one after the other)."""
    masked = placeholders.PATTERN.sub(lambda m: "x" * len(m[0]), text) if placeholders.OPEN in text else text
    out, start = [], 0
    for match in _SENTENCE_END.finditer(masked):
        if masked[match.start()] == "." and _abbreviation(masked, match.start()):
            continue
        out.append((start, match.start() + 1))
        start = match.end()
    out.append((start, len(text)))
    return tuple((s, e) for s, e in out if text[s:e].strip())


def _abbreviation(text: str, dot: int) -> bool:
    before = text[max(0, dot - _LONGEST_ABBREVIATION) : dot + 1]  # a short look back: linear on any text
    word = re.split(r"[\s(]", before)[-1]
    return word.lower() in ABBREVIATIONS


def tender_view(text: str) -> str:
    """The text as a bidder reads it, same length: a placeholder's label, keys and brackets become
    spaces; its options and suggestion stay (they are what gets filled in)."""
    if placeholders.OPEN not in text:
        return text
    out, done = [], 0  # pieces of the view; how far the text is covered
    for match in placeholders.PATTERN.finditer(text):
        out.append(text[done : match.start()])
        done, offset = match.start(), match.start("body")
        for part in match["body"].split(";"):
            key, sep, _ = part.partition(":")
            if sep and placeholders.KEYS.get(key.strip().lower()) in ("options", "default"):
                start, end = offset + len(key) + 1, offset + len(part)
                out += [" " * (start - done), text[start:end].replace("|", " ")]
                done = end
            offset += len(part) + 1
        out.append(" " * (match.end() - done))
        done = match.end()
    out.append(text[done:])
    return "".join(out)


# -- R222: equivalence wording ---------------------------------------------------------------------


def _after_word(before: str, match) -> bool:
    return before.isalnum() or before == "_"  # what \\w is in `re`


def _after_word_or_slash(before: str, match) -> bool:
    return before == "/" or _after_word(before, match)


@dataclass(frozen=True)
class Labels:
    """The § 46 labels of the vocabulary: one pattern for all their names, and which label a name is."""

    names: re.Pattern  # any name, as unpreceded reads it (`pattern` without its look-behind)
    ids: dict  # a name, lower case and on one line -> the label's id

    @cached_property
    def pattern(self) -> re.Pattern:
        """Any name, with no word character before it."""
        return re.compile(r"(?<!\w)" + self.names.pattern)

    def id_of(self, name: str) -> str:
        key = " ".join(name.split()).lower()
        return self.ids.get(key) or self.ids.get(key[:-1], key)  # 'Svanemærkets' is 'Svanemærket'


def label_names(vocab) -> Labels | None:
    """The names and aliases of the labels in the vocabulary that are § 46 labels (not `statutory`),
    without their `ambiguous_aliases`; a name is also found in the Danish genitive ('Svanemærkets')
    and without a closing explanation in parentheses ('Blauer Engel (Den Blå Engel)'). Names are
    proper nouns: the case must match, so 'fair trade' or 'blomsten' is no label."""
    if vocab is None:
        return None
    statutory = set(vocab.flagged("labels", "statutory"))
    ids, names = {}, set()
    for label_id, entry in vocab.entries.get("labels", {}).items():
        if label_id in statutory:
            continue
        name, aliases, ambiguous = (entry.get(k) for k in ("name", "aliases", "ambiguous_aliases"))
        candidates = [
            *(name.values() if isinstance(name, dict) else []),
            *(aliases if isinstance(aliases, list) else []),
        ]
        skip = {a for a in ambiguous if isinstance(a, str)} if isinstance(ambiguous, list) else set()
        for n in candidates:
            if isinstance(n, str) and n not in skip:
                for form in (n, n.split(" (")[0]):
                    if form.strip():
                        names.add(" ".join(form.split()))
                        ids.setdefault(" ".join(form.split()).lower(), label_id)
    if not names:
        return None
    ordered = sorted(names, key=lambda n: (-len(n), n))
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
    return Labels(re.compile(rf"(?:{alternatives})s?(?!\w)"), ids)


def missing_equivalence(text: str, lang: str, labels: Labels | None) -> dict:
    """{'standard' | 'label': (offset of the first, [names])} for the standards and labels a
    sentence names with no 'tilsvarende' ('equivalent') after them in the sentence, unless the same
    standard or label has one earlier in the sentence ('X eller tilsvarende … X's krav')."""
    view, found = tender_view(text), {}
    named = [
        (
            "standard",
            lambda name: " ".join(name.split()),
            list(unpreceded(_STANDARD_FROM_BODY, view, _after_word_or_slash)),
        )
    ]
    if labels:
        named.append(("label", labels.id_of, list(unpreceded(labels.names, view, _after_word))))
    if not any(matches for _, _, matches in named):
        return found  # no standard and no label: no sentence to read
    ends = [end for _, end in _sentences(text)]  # the same offsets in both
    # per sentence, where its last 'tilsvarende' starts
    last = {}
    for match in EQUIVALENT[lang].finditer(view):
        last[bisect.bisect_right(ends, match.start())] = match.start()
    for kind, identity, matches in named:
        accompanied = set()  # (sentence, standard or label)
        for match in matches:
            sentence = bisect.bisect_right(ends, match.start())
            key = (sentence, identity(match[0]))
            if last.get(sentence, -1) >= match.end():
                accompanied.add(key)
            elif key not in accompanied:
                offset, names = found.setdefault(kind, (match.start(), []))
                name = " ".join(match[0].split())
                if name not in names:
                    names.append(name)
    return found


# -- R223: advice to the buyer ---------------------------------------------------------------------


def advice(text: str, lang: str):
    """(offset, phrase) of the first sentence that opens with advice to the buyer, else None."""
    for start, _ in _sentences(text):
        match = _ADVICE[lang].match(text, start)
        if match:
            return match.start(1), match[1]
    return None


# -- R224, R225: units -----------------------------------------------------------------------------


def _unit_at(text: str, lang: str) -> tuple:
    """(the unit word `text` starts with, as written, the form of it to write in `enhed:`), or ('', '')."""
    match = _UNIT_WORD[lang].match(text)
    return (match[0], _CANONICAL[lang][" ".join(match[0].split()).lower()]) if match else ("", "")


def _repeats(after: str, unit: str, lang: str) -> str:
    """The word `after` starts with when it gives `unit` again: the unit itself, its first word
    ('kr. pr. ton' -> 'kr.') or another form of it in UNIT_FORMS ('uger' -> 'uge'); else ''."""
    head = re.split(r"[\s/]", unit.strip(), maxsplit=1)[0]
    for own in (unit, head):
        if own and after[: len(own)].lower() == own.lower() and not after[len(own) : len(own) + 1].isalnum():
            return after[: len(own)]
    word, canonical = _unit_at(after, lang)
    forms = _CANONICAL[lang]
    return word if word and canonical in (forms.get(unit.lower()), forms.get(head.lower())) else ""


def _number_word(label: str, lang: str) -> tuple:
    """(the number word a label starts with, the rest of the label after it and after a linking
    word): 'frist i uger' -> ('frist', 'uger'); ('', '') for a label that starts with none."""
    low = label.lower()
    for word in NUMBER_WORDS[lang]:
        if low.startswith(word) and not label[len(word) : len(word) + 1].isalnum():
            rest = label[len(word) :].strip()
            for linking in _LINKING_WORDS:
                if rest.lower().startswith(linking + " "):
                    rest = rest[len(linking) + 1 :]
            return word, rest
    return "", ""


PERCENT_UNITS = {"%", "procent", "percent", "vægtprocent", "vægt-%", "procentpoint", "percentage points"}


def value_kind(p, lang: str) -> str:
    """What a placeholder takes, for the field that fills it in: 'choice' (one of its options),
    'percent' (a number from 0 to 100), 'number' (a number: it has a unit, its suggestion is a
    number, or its label starts with a number word such as 'antal' or 'frist') or 'text'. The one
    definition: R225 (a number needs its unit) and Mit udbud's fields (builder_data) use it."""
    if p.options:
        return "choice"
    if p.unit.strip().lower() in PERCENT_UNITS:
        return "percent"
    if p.unit or _NUMBER.fullmatch(p.default) or _number_word(p.label, lang)[0]:
        return "number"
    return "text"


def unit_problems(text: str, lang: str) -> list:
    """(offset, code, variant, fields) for each placeholder that gives its unit again in the text
    after it (R224), and each placeholder for a number without a unit (R225) when the text after it
    or its label gives the unit, or it is a share or a deadline. A label starting with 'antal',
    'andel', 'frist', 'mindst' or 'højst' ('number of' ...) or a number as `forslag` is a number; a
    count of things ('[[antal varenumre]] varenumre') and a number without a unit of measure (PUE,
    a grade) need none."""
    out = []
    for match in placeholders.PATTERN.finditer(text):
        parsed = placeholders.placeholders(match[0])
        if not parsed or parsed[0].options:
            continue
        p, after = parsed[0], text[match.end() : match.end() + 200].lstrip()[:60]
        if p.unit:
            word = _repeats(after, p.unit, lang)
            if word:
                out.append((match.start(), "R224", "", {"label": p.label, "unit": p.unit, "word": word}))
            continue
        if value_kind(p, lang) != "number":
            continue  # not a number: a name, a list, something written in words
        number_word, rest = _number_word(p.label, lang)
        word, unit = _unit_at(after, lang)
        named, named_unit = _unit_at(rest, lang)
        if word:
            out.append((match.start(), "R225", "after", {"label": p.label, "unit": unit, "word": word}))
        elif named:
            out.append((match.start(), "R225", "label", {"label": p.label, "unit": named_unit}))
        elif number_word in NEEDS_UNIT[lang]:
            out.append((match.start(), "R225", "needs_unit", {"label": p.label, "word": number_word}))
    return out


# -- the checks, per criterion ---------------------------------------------------------------------


def check_criterion(src, base: tuple, crit: dict, labels: Labels | None) -> None:
    """R222-R225 for one criterion's texts (`labels` from label_names)."""
    requirement = crit.get("requirement")
    for lang in ("da", "en"):
        text = requirement.get(lang) if isinstance(requirement, dict) else None
        if not isinstance(text, str):
            continue
        path = base + ("requirement", lang)
        for kind, (offset, names) in missing_equivalence(text, lang, labels).items():
            shown = ", ".join(n[:40] for n in names[:4]) + (" …" if len(names) > 4 else "")
            fields = {"names": shown, "wording": EQUIVALENCE_WORDING[kind][lang]}
            src.report(src.text_position(path, text, offset), "R222", path, kind, **fields)
        found = advice(text, lang)
        if found:
            src.report(src.text_position(path, text, found[0]), "R223", path, phrase=found[1])
    for field in placeholders.FIELDS:
        texts = crit.get(field)
        for lang in ("da", "en"):
            text = texts.get(lang) if isinstance(texts, dict) else None
            if not isinstance(text, str) or placeholders.OPEN not in text:
                continue
            path = base + (field, lang)
            for offset, code, variant, fields in unit_problems(text, lang):
                src.report(src.text_position(path, text, offset), code, path, variant, **_shorten(fields))


def _shorten(fields: dict) -> dict:
    return {k: (v[:60] if isinstance(v, str) else v) for k, v in fields.items()}

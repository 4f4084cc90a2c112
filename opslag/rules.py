"""Rules the JSON Schema cannot express: calendar dates, ids across files, history,
references between criteria, drafts that must explain themselves, markup in text."""
from __future__ import annotations

import datetime as dt
import difflib
import re

from . import placeholders
from .schema import CATEGORY_ID, CRITERION_ID, DATE
from .textrules import text_problems

_DATE_FIELDS = {"updated", "valid_from", "date"}
_DATE = re.compile(DATE)
# Dates outside these years are typing errors; after 2099 the build could not even date its files
# (zip and gzip timestamps), so `check` must say so.
FIRST_YEAR, LAST_YEAR = 1990, 2099
_CRITERION_ID = re.compile(CRITERION_ID)


def walk(value, path=()):
    """Yield (path, value) for every value in nested dicts and lists."""
    stack = [(path, value)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in reversed(list(enumerate(value))))


def check_values(src) -> None:
    """Per-file value rules: real dates, the text rule (opslag/textrules.py) for every string,
    English present. Used for category files, vocabularies and the interface strings alike."""
    for path, value in walk(src.data):
        last = path[-1] if path else None
        if isinstance(value, str):
            if last in _DATE_FIELDS and _DATE.match(value):
                try:
                    date = dt.date.fromisoformat(value)
                except ValueError:
                    src.report(src.value_position(path), "R201",
                               f"'{value}' is not a date in the calendar; check day and month.", path)
                else:
                    if not FIRST_YEAR <= date.year <= LAST_YEAR:  # the build's date comes from the data
                        src.report(src.value_position(path), "R201",
                                   f"'{value}' is not between {FIRST_YEAR} and {LAST_YEAR}; check the year.", path)
            _check_placeholders(src, path, value)
            for code, message in text_problems(path, value):
                src.report(src.value_position(path), code, message, path)
        elif isinstance(value, dict) and isinstance(value.get("da"), str) and "en" not in value:
            src.report(src.position(path), "W301", "English text missing; add an 'en:' translation.", path)


# Old-style '[X]' placeholders: reported once every shipped criterion uses the typed syntax.
OLD_STYLE_PLACEHOLDERS_ARE_ERRORS = True


def _check_placeholders(src, path: tuple, text: str) -> None:
    """Placeholders are well-formed, and only in the texts a procurer fills in."""
    in_tender_text = len(path) >= 4 and path[0] == "criteria" and path[-2] in placeholders.FIELDS
    if not in_tender_text:
        if placeholders.OPEN in text or placeholders.CLOSE in text:
            src.report(src.value_position(path), "R211",
                       "placeholders ([[…]]) belong only in requirement, verification and follow_up; "
                       "write the text out here.", path)
        return
    for problem in placeholders.problems(text, old_style=OLD_STYLE_PLACEHOLDERS_ARE_ERRORS):
        src.report(src.text_position(path, text, problem.offset), "R211", problem.message, path)


def _check_placeholder_languages(src, base: tuple, crit: dict) -> None:
    """The Danish and English text of a field hold the same placeholders, in the same order, so a
    value filled in on one language's site means the same in the other."""
    for field in placeholders.FIELDS:
        text = crit.get(field)
        if not (isinstance(text, dict) and isinstance(text.get("da"), str) and isinstance(text.get("en"), str)):
            continue
        da, en = (placeholders.placeholders(text[lang]) for lang in ("da", "en"))
        if [p.shape() for p in da] != [p.shape() for p in en]:
            shown = lambda ps: ", ".join(p.display("da") for p in ps) or "none"
            src.report(src.value_position(base + (field, "en")), "R212",
                       f"the English {field} has placeholders {shown(en)} but the Danish has {shown(da)}; "
                       "use the same placeholders in the same order (same kind, options and suggestion).",
                       base + (field, "en"))


def check_file_name(src, stem: str) -> None:
    if not re.fullmatch(CATEGORY_ID.strip("^$"), stem):
        src.report((1, 1), "R208", f"file name '{stem[:80]}' must be lower-case letters a-z, digits and hyphens, "
                                   "at most 60 characters, e.g. 'it-udstyr.yaml'.")


def _check_eu_gpp_kind(src, base: tuple, crit: dict, vocab) -> None:
    """EU GPP numbers its criteria by kind (SC, TS, AC, CPC), and each of our types is one kind
    (vocab/types.yaml): a TS cited by an award criterion means the type or the reference is wrong."""
    ref, type_ = (crit.get("eu_gpp") or {}).get("ref"), crit.get("type")
    entry = vocab.get("types", type_) if vocab is not None and isinstance(type_, str) else None
    match = re.match(r"[A-Z]+", ref) if isinstance(ref, str) else None
    if entry and match and match[0] != entry["eu_gpp"]:
        kinds = {t["eu_gpp"]: t_id for t_id, t in vocab.entries["types"].items()}
        src.report(src.value_position(base + ("eu_gpp", "ref")), "R221",
                   f"the EU GPP reference '{ref}' is of kind {match[0]} ('{kinds.get(match[0], '?')}' here), but this "
                   f"criterion's type is '{type_}' ({entry['eu_gpp']}); correct the type or the reference.",
                   base + ("eu_gpp", "ref"))


def check_category(src, prefix, vocab=None) -> None:
    """Rules inside one category: id prefix, history, drafts, EU GPP kind."""
    for index, crit in enumerate(_criteria(src)):
        base = ("criteria", index)
        _check_eu_gpp_kind(src, base, crit, vocab)
        cid = crit.get("id")
        if isinstance(cid, str) and isinstance(prefix, str) and _CRITERION_ID.match(cid) \
                and not cid.startswith(prefix + "-"):
            src.report(src.value_position(base + ("id",)), "R203",
                       f"id '{cid}' must start with this category's prefix '{prefix}-'.", base + ("id",))
        history, version = crit.get("history"), crit.get("version")
        if isinstance(history, list) and history and isinstance(version, int):
            versions = [h.get("version") for h in history if isinstance(h, dict)]
            if versions and all(isinstance(v, int) for v in versions):
                if versions[-1] != version:
                    src.report(src.position(base + ("history",)), "R205",
                               f"the last history entry is version {versions[-1]} but 'version' is {version}; "
                               "add a history entry for the new version (newest last).", base + ("history",))
                elif any(b <= a for a, b in zip(versions, versions[1:])):
                    src.report(src.position(base + ("history",)), "R205",
                               "history versions must increase, oldest first.", base + ("history",))
        _check_placeholder_languages(src, base, crit)
        if crit.get("status") == "udkast" and "note" not in crit:
            src.report(src.position(base + ("status",)), "R207",
                       "a draft needs a 'note:' saying what must be confirmed before it can be used.",
                       base + ("status",))


def check_corpus(sources: dict) -> None:
    """Rules across files: unique prefixes, unique ids, criterion references resolve.

    `sources` maps category id -> Source whose data passed loading.
    """
    prefixes, ids = {}, {}
    for cat_id, src in sorted(sources.items()):
        prefix = src.data.get("prefix")
        if isinstance(prefix, str):
            if prefix in prefixes:
                src.report(src.value_position(("prefix",)), "R206",
                           f"prefix '{prefix}' is already used by category '{prefixes[prefix]}'; choose another.",
                           ("prefix",))
            else:
                prefixes[prefix] = cat_id
        for index, crit in enumerate(_criteria(src)):
            cid = crit.get("id")
            if not isinstance(cid, str):
                continue
            if cid in ids:
                other_src, other_index = ids[cid]
                line = other_src.value_position(("criteria", other_index, "id"))[0]
                src.report(src.value_position(("criteria", index, "id")), "R202",
                           f"id '{cid}' is already used ({other_src.file}:{line}); ids are never reused, "
                           "take the next free number.", ("criteria", index, "id"))
            else:
                ids[cid] = (src, index)
    for cat_id, src in sorted(sources.items()):
        for index, crit in enumerate(_criteria(src)):
            target = crit.get("replaced_by")
            if isinstance(target, str) and target not in ids:
                close = difflib.get_close_matches(target, list(ids), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                path = ("criteria", index, "replaced_by")
                src.report(src.value_position(path), "R210", f"unknown criterion '{target}'.{hint}", path)
            for j, target in enumerate(crit.get("related") or []):
                path = ("criteria", index, "related", j)
                if isinstance(target, str) and (target not in ids or target == crit.get("id")):
                    close = difflib.get_close_matches(target, [i for i in ids if i != crit.get("id")], n=1)
                    what = "a criterion cannot be related to itself" if target == crit.get("id") \
                        else f"unknown criterion '{target}'"
                    hint = f" Did you mean '{close[0]}'?" if close and target != crit.get("id") else ""
                    src.report(src.value_position(path), "R210", f"{what}.{hint}", path)


def corpus_positions(src) -> list:
    """The paths check_corpus reports at; everything else can be forgotten after per-file checks."""
    out = [("prefix",)]
    for index, _ in enumerate(_criteria(src)):
        out += [("criteria", index, "id"), ("criteria", index, "replaced_by"), ("criteria", index)]
        out += [("criteria", index, "related", j) for j in range(len(_criteria(src)[index].get("related") or []))
                if isinstance(_criteria(src)[index].get("related"), list)]
    return out


def _criteria(src):
    crits = src.data.get("criteria") if isinstance(src.data, dict) else None
    return [c if isinstance(c, dict) else {} for c in crits] if isinstance(crits, list) else []

"""Rules the JSON Schema cannot express: calendar dates, ids across files, history,
references between criteria, drafts that must explain themselves, markup in text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from opslag.source import placeholders, wording
from opslag.source.diagnostics import Diagnostic
from opslag.source.registry import L, suggestion
from opslag.source.schema import CATEGORY_ID, CRITERION_ID, DATE, SINGLE_LINE_KEYS
from opslag.source.textrules import text_problems
from opslag.urls import RESERVED_NAMES

_DATE_FIELDS = {"updated", "valid_from", "date", "reader_notes_from"}
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
    """Per-file value rules: real dates, the text rule (opslag/source/textrules.py) for every string,
    texts cut short by a '#', English present. Used for category files, vocabularies and the
    interface strings alike. One pass over the data (like walk, inlined: it runs for every value
    of every file)."""
    comments = src.comments
    stack = [((), src.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if path and path[-1] in _DATE_FIELDS and _DATE.match(value):
                _check_date(src, path, value)
            if "[" in value or "]" in value:  # a placeholder, or a mistake in one, needs a bracket
                _check_placeholders(src, path, value)
            for code, variant, fields in text_problems(path, value):
                src.report(src.value_position(path), code, path, variant, **fields)
            if comments and path in comments and _is_text(path):
                position, comment = comments[path]
                src.report(position, "R254", path, comment=comment)
        elif isinstance(value, dict):
            if isinstance(value.get("da"), str) and "en" not in value and not _is_history_note(path):
                src.report(src.position(path), "W301", path)  # R255 says when a history note needs English
            stack.extend([(path + (k,), v) for k, v in reversed(value.items())])
        elif isinstance(value, list):
            stack.extend([(path + (i,), value[i]) for i in range(len(value) - 1, -1, -1)])


def _check_date(src, path: tuple, value: str) -> None:
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        src.report(src.value_position(path), "R201", path, "calendar", value=value)
    else:
        if not FIRST_YEAR <= date.year <= LAST_YEAR:  # the build's date comes from the data
            src.report(src.value_position(path), "R201", path, "years", value=value, first=FIRST_YEAR, last=LAST_YEAR)


def _is_history_note(path: tuple) -> bool:
    return len(path) >= 3 and path[-1] == "note" and path[-3] == "history"


def _is_text(path: tuple) -> bool:
    """Prose, where '… #123' is meant as text: a language of a text, a title or name, a search word."""
    return path[-1] in ("da", "en") or "search_terms" in path or _field_name(path) in SINGLE_LINE_KEYS


def _field_name(path: tuple) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


# Old-style '[X]' placeholders: reported once every shipped criterion uses the typed syntax.
OLD_STYLE_PLACEHOLDERS_ARE_ERRORS = True


def _check_placeholders(src, path: tuple, text: str) -> None:
    """Placeholders are well-formed, and only in the texts a procurer fills in."""
    in_tender_text = len(path) >= 4 and path[0] == "criteria" and path[-2] in placeholders.FIELDS
    if not in_tender_text:
        for problem in placeholders.misplaced(text):
            src.report(src.value_position(path), problem.code, path, problem.variant, **problem.fields)
        return
    # An earlier version's text (history[i].text) is kept as it read: its '[X]' blanks, written before
    # the typed syntax, stay (shown as written); its '[[…]]' placeholders are checked like any other.
    old_style = OLD_STYLE_PLACEHOLDERS_ARE_ERRORS and "history" not in path
    for problem in placeholders.problems(text, old_style=old_style):
        src.report(src.text_position(path, text, problem.offset), problem.code, path, problem.variant, **problem.fields)


def _check_placeholder_languages(src, base: tuple, crit: dict) -> None:
    """The Danish and English text of a field hold the same placeholders, in the same order, so a
    value filled in on one language's site means the same in the other."""
    for field in placeholders.FIELDS:
        text = crit.get(field)
        if not (isinstance(text, dict) and isinstance(text.get("da"), str) and isinstance(text.get("en"), str)):
            continue
        if placeholders.OPEN not in text["da"] and placeholders.OPEN not in text["en"]:
            continue  # no placeholder in either
        da, en = (placeholders.placeholders(text[lang]) for lang in ("da", "en"))
        if [p.shape() for p in da] != [p.shape() for p in en]:
            shown = lambda ps: L(
                ", ".join(p.display("da") for p in ps) or "ingen", ", ".join(p.display("da") for p in ps) or "none"
            )
            src.report(
                src.value_position(base + (field, "en")),
                "R212",
                base + (field, "en"),
                field=field,
                en=shown(en),
                da=shown(da),
            )


def spaced_file_name(file: str, name: str):
    """R208 for 'x.yaml ' (a name ending in spaces): a category file all the same, never skipped."""
    return Diagnostic.of(file, (1, 1), "R208", (), name=name[:80]) if name != name.rstrip() else None


def bad_file_name(file: str, stem: str):
    """R208 for a category id (the file name without .yaml) that is not lower-case letters, digits and hyphens."""
    return (
        None if re.fullmatch(CATEGORY_ID.strip("^$"), stem) else Diagnostic.of(file, (1, 1), "R208", (), name=stem[:80])
    )


def _check_eu_gpp_kind(src, base: tuple, crit: dict, vocab) -> None:
    """EU GPP numbers its criteria by kind (SC, TS, AC, CPC), and each of our types is one kind
    (vocab/types.yaml): a TS cited by an award criterion means the type or the reference is wrong."""
    ref, type_ = (crit.get("eu_gpp") or {}).get("ref"), crit.get("type")
    entry = vocab.get("types", type_) if vocab is not None and isinstance(type_, str) else None
    match = re.match(r"[A-Z]+", ref) if isinstance(ref, str) else None
    if entry and match and match[0] != entry["eu_gpp"]:
        kinds = {t["eu_gpp"]: t_id for t_id, t in vocab.entries["types"].items()}
        src.report(
            src.value_position(base + ("eu_gpp", "ref")),
            "R221",
            base + ("eu_gpp", "ref"),
            ref=ref,
            kind=match[0],
            kind_type=kinds.get(match[0], "?"),
            type=type_,
            type_kind=entry["eu_gpp"],
        )


def reserved_file(file: str, stem: str):
    """R218 for a category file named like one of the site's own pages (opslag/urls.py)."""
    return Diagnostic.of(file, (1, 1), "R218", (), "file", name=stem) if stem in RESERVED_NAMES else None


def check_vocab_entries(src, key: str, file: str, entries: list, page_keys) -> dict:
    """A vocabulary's ids: unique, and not a name the site uses when the entry gets a page.
    Returns {id: entry} of the usable entries, in file order."""
    out = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or "id" not in entry:
            continue
        path = (key, index, "id")
        if key in page_keys and isinstance(entry["id"], str) and entry["id"] in RESERVED_NAMES:
            src.report(src.value_position(path), "R218", path, "vocab", id=entry["id"])
            continue
        if entry["id"] in out:
            src.report(src.value_position(path), "R202", path, "vocab", id=entry["id"], vocab_file=file)
            continue
        out[entry["id"]] = entry
        _check_nested_codes(src, (key, index), entry, file)
    return out


def _check_nested_codes(src, base: tuple, entry: dict, file: str) -> None:
    """An eForms field's codes (vocab/eforms.yaml) are unique within its code list."""
    codes = entry.get("codes") if isinstance(entry.get("codes"), list) else []
    seen = set()
    for index, code in enumerate(codes):
        if not (isinstance(code, dict) and isinstance(code.get("id"), str)):
            continue
        path = base + ("codes", index, "id")
        if code["id"] in seen:
            src.report(src.value_position(path), "R202", path, "vocab", id=code["id"], vocab_file=file)
        seen.add(code["id"])


@dataclass(frozen=True)
class Vocabularies:
    """What check_category reads in the vocabularies, worked out once for a whole check."""

    retired: frozenset
    needs_note: frozenset
    lifecycle: dict
    labels: object  # wording.Labels or None

    @classmethod
    def of(cls, vocab) -> Vocabularies:
        return cls(
            frozenset(vocab.flagged("statuses", "retired")) if vocab else frozenset({"udgået"}),
            frozenset(vocab.flagged("statuses", "needs_note")) if vocab else frozenset({"udkast"}),
            lifecycle_of(vocab),
            wording.label_names(vocab),
        )


def check_category(src, prefix, vocab=None, known: Vocabularies | None = None) -> None:
    """Rules inside one category: id prefix, history, drafts, replaced_by only when retired, and
    the wording of the texts of every criterion that is not retired (opslag/source/wording.py).
    known: Vocabularies.of(vocab), when the caller checks many files."""
    known = known or Vocabularies.of(vocab)
    retired, needs_note, lifecycle, labels = known.retired, known.needs_note, known.lifecycle, known.labels
    for index, crit in enumerate(_criteria(src)):
        base = ("criteria", index)
        _check_eu_gpp_kind(src, base, crit, vocab)
        if not (isinstance(crit.get("status"), str) and crit["status"] in retired):
            wording.check_criterion(src, base, crit, labels)
        cid = crit.get("id")
        if (
            isinstance(cid, str)
            and isinstance(prefix, str)
            and _CRITERION_ID.match(cid)
            and not cid.startswith(prefix + "-")
        ):
            src.report(src.value_position(base + ("id",)), "R203", base + ("id",), id=cid, prefix=prefix)
        _check_history(src, base, crit)
        _check_reader_notes(src, base, crit, lifecycle)
        _check_errata(src, base, crit)
        _check_placeholder_languages(src, base, crit)
        if crit.get("status") in needs_note and "note" not in crit:
            src.report(src.position(base + ("status",)), "R207", base + ("status",))
        target = crit.get("replaced_by")
        if isinstance(target, str) and target == cid:
            src.report(src.value_position(base + ("replaced_by",)), "R210", base + ("replaced_by",), "replaced_self")
        elif isinstance(target, str) and isinstance(crit.get("status"), str) and crit["status"] not in retired:
            src.report(
                src.value_position(base + ("replaced_by",)), "R251", base + ("replaced_by",), status=crit["status"]
            )


def _check_history(src, base: tuple, crit: dict) -> None:
    """Versions increase, oldest first, and end at the current version; dates never go back."""
    history, version = crit.get("history"), crit.get("version")
    if not (isinstance(history, list) and history):
        return
    entries = [h if isinstance(h, dict) else {} for h in history]
    versions = [h.get("version") for h in entries]
    if isinstance(version, int) and all(isinstance(v, int) for v in versions):
        wrong = next(((a, b) for a, b in zip(versions, versions[1:]) if b <= a), None)
        if wrong:
            src.report(
                src.position(base + ("history",)), "R205", base + ("history",), "order", before=wrong[0], after=wrong[1]
            )
        elif versions[-1] != version:
            src.report(
                src.position(base + ("history",)),
                "R205",
                base + ("history",),
                "behind",
                last=versions[-1],
                version=version,
            )
    _check_earlier_texts(src, base, entries, version)
    dates = [h.get("date") for h in entries]
    for i in range(1, len(dates)):
        if all(isinstance(d, str) and _DATE.match(d) for d in dates[i - 1 : i + 1]) and dates[i] < dates[i - 1]:
            path = base + ("history", i, "date")
            src.report(src.value_position(path), "R252", path, version=versions[i], date=dates[i], before=dates[i - 1])


def lifecycle_of(vocab) -> dict:
    """vocab/statuses.yaml's `lifecycle` (grace period, reader notes), when it is readable."""
    extra = vocab.extra.get("statuses", {}) if vocab is not None else {}
    value = extra.get("lifecycle")
    return value if isinstance(value, dict) else {}


def _check_reader_notes(src, base: tuple, crit: dict, lifecycle: dict) -> None:
    """Revisions (version 2 on) dated from lifecycle.reader_notes_from need a note for procurers, in
    Danish and, where the criterion's title has English, in English (R255). A first version is the
    criterion itself: its card says what it asks, so it needs no note."""
    since = lifecycle.get("reader_notes_from")
    history = crit.get("history")
    if not (isinstance(since, str) and _DATE.match(since) and isinstance(history, list)):
        return
    english = isinstance(crit.get("title"), dict) and "en" in crit["title"]
    for i, entry in enumerate(history):
        if not (isinstance(entry, dict) and isinstance(entry.get("date"), str) and entry["date"] >= since):
            continue
        if entry.get("version") == 1:
            continue
        note, path = entry.get("note"), base + ("history", i)
        fields = {"version": entry.get("version"), "date": entry["date"], "since": since}
        if not isinstance(note, dict):
            src.report(src.position(path), "R255", path, "da", **fields)
        elif english and "en" not in note and "da" in note:
            src.report(src.position(path + ("note",)), "R255", path + ("note",), "en", **fields)


def _check_errata(src, base: tuple, crit: dict) -> None:
    """Errata are dated, oldest first, and none before the criterion's first version (R256)."""
    errata, history = crit.get("errata"), crit.get("history")
    if not isinstance(errata, list):
        return
    first = history[0].get("date") if isinstance(history, list) and history and isinstance(history[0], dict) else None
    before = None
    for i, entry in enumerate(errata):
        date = entry.get("date") if isinstance(entry, dict) else None
        if not (isinstance(date, str) and _DATE.match(date)):
            continue
        path = base + ("errata", i, "date")
        if isinstance(first, str) and _DATE.match(first) and date < first:
            src.report(src.value_position(path), "R256", path, "first", date=date, first=first)
        elif before is not None and date < before:
            src.report(src.value_position(path), "R256", path, "order", date=date, before=before)
        before = date


def _check_earlier_texts(src, base: tuple, entries: list, version) -> None:
    """Every earlier version keeps its texts (history[i].text), and only an earlier one: the site
    publishes them at urls.version and compares them with the current text. Their placeholders and
    the text rule are checked with every other text (check_values); the Danish and English texts
    hold the same placeholders (R212). The wording rules (R222-R225) are not applied: an earlier
    text is a record of what a tender said, kept as it read."""
    numbers = [h.get("version") for h in entries]
    if not (isinstance(version, int) and all(isinstance(v, int) for v in numbers)):
        return
    if any(b <= a for a, b in zip(numbers, numbers[1:])) or numbers[-1] != version:
        return  # R205 first: which entry is the current one is not clear yet
    for i, entry in enumerate(entries):
        number, path = entry.get("version"), base + ("history", i)
        if not isinstance(number, int):
            continue
        if number == version and "text" in entry:
            src.report(src.position(path + ("text",)), "R227", path + ("text",), "current", version=number)
        elif number < version and "text" not in entry:
            src.report(src.position(path), "R227", path, "missing", version=number)
        elif isinstance(entry.get("text"), dict):
            _check_placeholder_languages(src, path + ("text",), entry["text"])


def _has_clash(sources: dict) -> bool:
    prefixes = [src.data.get("prefix") for src in sources.values() if isinstance(src.data.get("prefix"), str)]
    ids = [c["id"] for src in sources.values() for c in _criteria(src) if isinstance(c.get("id"), str)]
    return len(set(prefixes)) < len(prefixes) or len(set(ids)) < len(ids)


def check_corpus(sources: dict, base_files=None) -> None:
    """Rules across files: unique prefixes, unique ids, criterion references resolve.

    `sources` maps category id -> Source whose data passed loading. A duplicate prefix or id is
    reported at the newer place: a file that is not in `base_files` (the category files at the
    merge base with main, when known; a callable giving them is asked only when there is a clash),
    else (ids) the criterion whose history starts later, else the later file.
    """
    if callable(base_files):  # asking git costs time: only when there is a clash to place
        base_files = base_files() if _has_clash(sources) else None
    prefixes, places = {}, {}
    # files already on main first, so a clash is reported in the file that brings it
    in_order = sorted(sources.items(), key=lambda item: (base_files is not None and item[0] not in base_files, item[0]))
    for cat_id, src in in_order:
        prefix = src.data.get("prefix")
        if isinstance(prefix, str):
            if prefix in prefixes:
                src.report(src.value_position(("prefix",)), "R206", ("prefix",), prefix=prefix, other=prefixes[prefix])
            else:
                prefixes[prefix] = cat_id
        for index, crit in enumerate(_criteria(src)):
            if isinstance(crit.get("id"), str):
                places.setdefault(crit["id"], []).append((cat_id, src, index, crit))
    for cid, found in places.items():
        if len(found) < 2:
            continue

        def age(place):
            cat_id, _, _, crit = place
            history = crit.get("history") if isinstance(crit.get("history"), list) else []
            first = str(history[0].get("date")) if history and isinstance(history[0], dict) else ""
            return (base_files is not None and cat_id not in base_files, first)

        original, *newer = sorted(found, key=age)  # sorted() is stable: equal ages keep file order
        other = f"{original[1].file}:{original[1].value_position(('criteria', original[2], 'id'))[0]}"
        for _, src, index, _ in newer:
            path = ("criteria", index, "id")
            src.report(src.value_position(path), "R202", path, "criterion", id=cid, other=other)
    ids = list(places)
    for _cat_id, src in sorted(sources.items()):
        for index, crit in enumerate(_criteria(src)):
            target = crit.get("replaced_by")
            if isinstance(target, str) and target not in places:
                path = ("criteria", index, "replaced_by")
                src.report(src.value_position(path), "R210", path, "unknown", id=target, hint=suggestion(target, ids))
            for j, target in enumerate(crit.get("related") or []):
                path = ("criteria", index, "related", j)
                if not isinstance(target, str):
                    continue
                if target == crit.get("id"):
                    src.report(src.value_position(path), "R210", path, "related_self")
                elif target not in places:
                    src.report(
                        src.value_position(path),
                        "R210",
                        path,
                        "unknown",
                        id=target,
                        hint=suggestion(target, [i for i in ids if i != crit.get("id")]),
                    )


def check_coverage(categories: dict, vocab) -> list:
    """Across the whole register: every ecolabel is accepted somewhere (W310), and every POGI goal
    (W311) and EU GPP group (W312) is either covered by a category or says in `not_covered` why not,
    a reason that fits the categories (W313). Only for the project's own criteria/, not a folder of
    examples."""
    used_labels = {label for data in categories.values() for c in _criteria_of(data) for label in c.get("labels") or []}
    out = []
    for label in vocab.ids("labels"):
        if label not in used_labels:
            out.append(vocab.diagnostic("labels", label, "W310", id=label))
    for key, field, code in (("goals", "pogi_goals", "W311"), ("gpp_groups", "eu_gpp_groups", "W312")):
        for id_, entry in vocab.entries.get(key, {}).items():
            covering = [cat_id for cat_id, data in categories.items() if id_ in (data.get(field) or [])]
            out += _coverage_decision(vocab, key, id_, entry, covering, code, categories)
    return out


def _coverage_decision(vocab, key, id_, entry, covering, code, categories) -> list:
    """One goal or group: covered by a category, or a reason why not that names a real category
    when its reason says another category covers the subject."""
    reason = entry.get("not_covered")
    if not reason:
        return [] if covering else [vocab.diagnostic(key, id_, code, id=id_)]
    if covering:
        return [vocab.diagnostic(key, id_, "W313", "covered", id=id_, categories=", ".join(covering))]
    category = reason.get("category")
    names = (vocab.get("coverage_reasons", reason.get("reason")) or {}).get("names_category")
    if names and not category:
        return [vocab.diagnostic(key, id_, "W313", "needs_category", id=id_, reason=reason.get("reason"))]
    if category and category not in categories:
        hint = suggestion(category, list(categories))
        return [vocab.diagnostic(key, id_, "W313", "unknown_category", id=id_, category=category, hint=hint)]
    return []


def _criteria_of(data) -> list:
    crits = data.get("criteria") if isinstance(data, dict) else None
    return [c for c in crits if isinstance(c, dict)] if isinstance(crits, list) else []


def corpus_positions(src) -> list:
    """The paths check_corpus reports at; everything else can be forgotten after per-file checks."""
    out = [("prefix",)]
    for index, crit in enumerate(_criteria(src)):
        out += [("criteria", index, "id"), ("criteria", index, "replaced_by"), ("criteria", index)]
        related = crit.get("related")
        if isinstance(related, list):
            out += [("criteria", index, "related", j) for j in range(len(related))]
    return out


def _criteria(src):
    crits = src.data.get("criteria") if isinstance(src.data, dict) else None
    return [c if isinstance(c, dict) else {} for c in crits] if isinstance(crits, list) else []

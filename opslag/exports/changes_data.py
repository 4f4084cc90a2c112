"""The change log's data for its page (aendringer/, drawn by web/js/changes.js): every version and
every erratum (a correction without a new version, an entry of its own kind). The page must not
hold every change at once (20,000 criteria make tens of thousands of changes), so the build writes
a small index of every change's filter facts, newest first, and the texts in numbered parts of
CHUNK changes each; the page fetches the index, filters it, and loads only the parts of the page
it draws. One file set per language."""

from __future__ import annotations

import json

from opslag import urls
from opslag.exports.reuse import category_value
from opslag.model.changelog import Erratum, entries

FOLDER = "downloads/aendringer/"
INDEX = FOLDER + "index.json"
CHUNK = 100  # changes per part: a page of the change log needs one or two parts
PAGE_SIZE = 50  # changes per page of the change log (the page without JavaScript shows the first)


def part_path(number: int) -> str:
    return f"{FOLDER}{number}.json"


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def entry(ch, corpus, r) -> dict:
    """One change (a version or an erratum) as the page shows it; texts in the page's language, as
    plain text (the page sets them as text, never as markup)."""
    c = ch.criterion
    if isinstance(ch, Erratum):  # no version: its text is the correction, its anchor the errata page's
        own = {"anchor": ch.anchor, "erratum": True, "new": False, "note": r.plain(ch.text), "change": None}
    else:
        own = {
            "anchor": f"{c.anchor}-{ch.version}",
            "erratum": False,
            "new": ch.version == 1,
            "note": r.plain(ch.reader_text),
            "change": r.plain(ch.text) if ch.note else None,  # the editors' text, when a note is shown instead
        }
    return {
        **own,
        "date": ch.date,
        "cite": ch.cite,
        "url": urls.criterion(c),
        "title": r.plain(c.title),
        "category": r.plain(corpus.category(c.category).title),
        "type": r.vocab_label("types", c.type),
        "level": r.vocab_label("levels", c.level),
    }


def kept_entry(memo, ch, corpus, r) -> dict:
    """entry(); in serve the entry made last time when the change's category has the inputs it had
    then (#21: an edit made every change's entry again, tens of thousands at 20,000 criteria)."""
    if memo is None:
        return entry(ch, corpus, r)
    made = category_value(memo, "changes", ch.criterion.category, dict)  # filled as entries are asked for
    key = (ch.anchor, ch.criterion.version) if isinstance(ch, Erratum) else (ch.criterion.id, ch.version)
    if key not in made:
        made[key] = entry(ch, corpus, r)
    return made[key]


def data(corpus, r, memo=None) -> tuple[dict, list]:
    """(the index, [part, ...]): rows [date, category, type, level rank] as indexes into the
    index's lists, newest first, and `errata` the numbers of the rows that are errata (few: a list
    of them, not a column); part n holds the entries of rows n*CHUNK .. n*CHUNK+CHUNK-1."""
    vocab = corpus.vocab
    all_changes = entries(corpus)
    dates = sorted({ch.date for ch in all_changes}, reverse=True)
    categories = [cat.id for cat in corpus.categories]
    types = vocab.ids("types")
    at_date, at_cat, at_type = (
        {d: i for i, d in enumerate(dates)},
        {c: i for i, c in enumerate(categories)},
        {t: i for i, t in enumerate(types)},
    )
    rows = [
        [
            at_date[ch.date],
            at_cat[ch.criterion.category],
            at_type[ch.criterion.type],
            vocab.level_rank(ch.criterion.level),
        ]
        for ch in all_changes
    ]
    index = {
        "chunk": CHUNK,
        "parts": FOLDER,  # part n is at FOLDER + n + ".json" (part_path)
        "page_size": PAGE_SIZE,
        "dates": dates,
        "categories": categories,
        "types": types,
        "rows": rows,
        "errata": [i for i, ch in enumerate(all_changes) if isinstance(ch, Erratum)],
    }
    parts = [
        [kept_entry(memo, ch, corpus, r) for ch in all_changes[start : start + CHUNK]]
        for start in range(0, len(all_changes), CHUNK)
    ]
    return index, parts


def files(ctx) -> dict:
    index, parts = data(ctx.corpus, ctx.r, ctx.memo)
    out = {INDEX: _dump(index)}
    out.update({part_path(n): _dump(part) for n, part in enumerate(parts)})
    return out

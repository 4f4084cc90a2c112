"""The filter facets: the one definition of what the site's filters filter by (the search page,
category, ecolabel, POGI goal and type pages all show the same component, templates/filters.html.j2,
run by web/js/filters.js). Each facet has a name, its parameter in the page's address
(`?niveau=avanceret&kategori=rengoeringsservice`, the same in both languages) and its options,
generated from vocab/ and the corpus, in their order there. The level is "up to": a criterion
passes when its rank (vocab/levels.yaml) is not above the chosen level's, so avanceret includes
basis, everywhere."""

from __future__ import annotations

import json

# (name, address parameter, vocabulary the options come from; None: the corpus's categories)
FACETS = (
    ("type", "type", "types"),
    ("level", "niveau", "levels"),
    ("category", "kategori", None),
    ("label", "maerke", "labels"),
    ("goal", "maal", "goals"),
    ("status", "status", "statuses"),
)
CUMULATIVE = "level"  # the facet whose options include the ones ranked below them


def values(corpus, criterion) -> dict:
    """A criterion's value(s) for each facet: lists, and the level as its rank (an integer)."""
    cat = corpus.category(criterion.category)
    return {
        "type": [criterion.type],
        "level": corpus.vocab.level_rank(criterion.level),
        "category": [criterion.category],
        "label": list(criterion.labels),
        "goal": list(cat.pogi_goals),
        "status": [criterion.status],
    }


def values_json(corpus, criterion) -> str:
    """values() as compact JSON with sorted keys, for a page's data attribute (byte-reproducible)."""
    return json.dumps(values(corpus, criterion), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def options(corpus, name: str) -> list:
    """A facet's options as (value, name as Text, rank or None), in the order of the vocabulary or
    the site; labels and goals only when some criterion has them."""
    vocab = corpus.vocab
    if name == "category":
        return [(cat.id, cat.title, None) for cat in corpus.categories]
    if name == "level":
        return [(lvl, corpus.vocab_name("levels", lvl), vocab.level_rank(lvl)) for lvl in vocab.levels_by_rank()]
    key = dict((n, k) for n, _, k in FACETS)[name]
    used = {v for c in corpus.criteria.values() for v in _as_list(values(corpus, c)[name])}
    return [(i, corpus.vocab_name(key, i), None) for i in vocab.ids(key) if i in used]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def facets(corpus, exclude: tuple = ()) -> list:
    """The facets a page shows (all but the one the page is about), each a dict for the template."""
    return [
        {"name": name, "param": param, "cumulative": name == CUMULATIVE, "options": options(corpus, name)}
        for name, param, _ in FACETS
        if name not in exclude
    ]


def packed(corpus, criteria, names) -> dict:
    """The facet values (values()) of many criteria as small integers, for a list in parts
    (opslag/exports/list_parts.py), whose filters count over criteria the page does not hold:
    {"values": {name: [each value once, sorted]}, "cumulative": the level's name, "rows": [per
    criterion, per name in `names`' order, the index of its value (the level: of its rank), or a
    list of indexes where it has not exactly one (ecolabels)]}. web/js/filters.js's unpack() gives
    back values()."""
    every = [values(corpus, c) for c in criteria]
    tables = {name: sorted({v for d in every for v in _as_list(d[name])}) for name in names}
    columns = []  # a column at a time, in comprehensions: a call per cell was most of a serve edit's lists (#21)
    for name in names:
        at = {v: i for i, v in enumerate(tables[name])}
        cells = [d[name] for d in every]
        if name == CUMULATIVE:
            columns.append([at[v] for v in cells])
        else:
            columns.append([at[v[0]] if len(v) == 1 else [at[x] for x in v] for v in cells])
    return {
        "names": list(names),
        "values": tables,
        "cumulative": CUMULATIVE,
        "rows": [list(row) for row in zip(*columns)] if names else [[] for _ in every],
    }

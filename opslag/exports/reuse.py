"""Outputs a running `serve` already has on disk (opslag/site/incremental.py): an exporter or page
writer hands the making of one category's files to `per_category`, which, with a memo from the
last build, either makes them or only names them as KEPT when their inputs are the same as then."""

from __future__ import annotations


class _Kept:
    """Stands in for the content of a file that is on disk as it was made before."""

    def __repr__(self) -> str:
        return "KEPT"


KEPT = _Kept()


def per_category(memo, kind: str, cat_id: str, make):
    """make()'s (path, content, ...) items of one category (`kind` names the exporter or page kind);
    without a memo (a plain build) simply make()."""
    return make() if memo is None else memo.each(kind, cat_id, make)


def category_value(memo, kind: str, cat_id: str, make):
    """make()'s value for one category (not a file: a part of one made across categories), or, with a
    memo, the value made last time when the category's inputs are the same (it is shared: only add
    to it, as kept_row and changes_data.kept_entry fill theirs)."""
    return make() if memo is None else memo.value(kind, cat_id, make)


def kept_part(memo, kind: str, cat_id: str, key, make):
    """make()'s part of one category's output, in serve the one made last time for the same `key`
    when the category has the inputs it had then (a dictionary per category, filled as the parts
    are asked for: a criterion's row, a category's card per page depth)."""
    if memo is None:
        return make()
    made = category_value(memo, kind, cat_id, dict)
    if key not in made:
        made[key] = make()
    return made[key]


def kept_row(memo, row, c, base: str, with_facets: bool):
    """A criterion's row in a list (criteria_list.html.j2's `row` macro, given as `row`); in serve the
    row made last time when the criterion's category has the inputs it had then. The pages' lists
    and the lists' parts (list_parts.py) hold rows of every category: an edit makes only its own
    category's rows again."""
    key = (c.id, c.version, base, with_facets)
    return kept_part(memo, "rows", c.category, key, lambda: row(c, base, with_facets))

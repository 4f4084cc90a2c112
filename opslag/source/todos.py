"""The TODO a scaffold (`build.py new`) leaves where the editor must write: `check` reports each
as R250 and drops the schema's own complaints at that place, so an unfinished scaffold can never
pass CI and the editor sees one message per gap, not three."""

from __future__ import annotations

from opslag.source.diagnostics import path_text

TODO = "TODO"
CODE = "R250"  # what a TODO is reported as (build.py new lets these, and only these, through)


def todo_paths(data) -> list:
    """Paths of the values still holding a scaffold's TODO. (Like walk, but a path is made only
    for a container or a TODO: this runs over every value of every file.)"""
    found, stack = [], [((), data)] if isinstance(data, (dict, list)) else []
    if isinstance(data, str) and data.lstrip().startswith(TODO):
        found.append(())
    while stack:
        path, value = stack.pop()
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(item, str):
                if TODO in item and item.lstrip().startswith(TODO):
                    found.append(path + (key,))
            elif isinstance(item, (dict, list)):
                stack.append((path + (key,), item))
    return found


def check_todos(src) -> list:
    """Report each TODO (R250); returns the paths so the schema's errors there can be dropped."""
    paths = todo_paths(src.data)
    for path in paths:
        text = _value(src.data, path)
        src.report(src.text_position(path, text, text.index(TODO)), CODE, path)
    return paths


def _value(data, path):
    for part in path:
        data = data[part]
    return data


def without_todos(diagnostics: list, paths: list) -> list:
    """Drop schema errors at a TODO (the TODO's own message says what to do there)."""
    shown = {path_text(p) for p in paths}
    return [
        d
        for d in diagnostics
        if not any(d.path == p or d.path.startswith(p + ".") or d.path.startswith(p + "[") for p in shown)
    ]

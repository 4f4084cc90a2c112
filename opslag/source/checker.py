"""Load and check the whole project: vocabularies, then every category file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from opslag.source import rules, todos
from opslag.source.diagnostics import Diagnostic
from opslag.source.jsonschema_check import schema_diagnostics
from opslag.source.registry import ERROR, WARNING
from opslag.source.schema import category_schema
from opslag.source.vocab import Vocabulary, load_vocabulary
from opslag.source.yamlsource import display_path, load_file

CATEGORY_SUFFIXES = (".yaml", ".yml")


@dataclass
class CheckResult:
    vocab: Vocabulary
    categories: dict = field(default_factory=dict)  # category id -> data, only when error-free
    diagnostics: list = field(default_factory=list)
    files: int = 0  # category files read

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_project(project, base_files=None, coverage: bool | None = None) -> CheckResult:
    """Check the vocabularies and every category file of the project's criteria folder.

    base_files: the category ids at the merge base with main, when known (a duplicate id is then
    blamed on the new file). coverage: the register-wide warnings W310/W311; by default only for
    the project's own criteria/ folder, not for a folder of examples."""
    vocab, diagnostics = load_vocabulary(project.vocab)
    schema = category_schema(vocab)
    folder = project.criteria
    sources = {}
    paths, problems = category_files(folder)
    diagnostics += problems
    for path in paths:
        src = load_file(path, within=folder)
        rules.check_file_name(src, path.stem)
        if not src.fatal:
            todo_paths = todos.check_todos(src)
            src.diagnostics += todos.without_todos(schema_diagnostics(src, schema), todo_paths)
            rules.check_values(src)
            rules.check_category(src, src.data.get("prefix"), vocab)
            src.keep_positions(rules.corpus_positions(src))
            sources[path.stem] = src
        else:
            diagnostics += src.diagnostics
    rules.check_corpus(sources, base_files)
    for src in sources.values():
        diagnostics += src.diagnostics
    if coverage is None:
        coverage = project.own_criteria
    if coverage and not any(d.severity == ERROR for d in diagnostics):
        diagnostics += rules.check_coverage({cat_id: src.data for cat_id, src in sources.items()}, vocab)
    result = CheckResult(vocab, diagnostics=sorted(set(diagnostics)), files=len(paths))
    if result.ok:
        result.categories = {cat_id: sources[cat_id].data for cat_id in sorted(sources)}
    return result


def category_files(folder: Path) -> tuple[list, list]:
    """The category files of a folder, one per category id, and the problems with the folder.

    A name ending in .yaml or .yml in any case is a category file (so none is silently skipped);
    the id is the name without it, so two files for one id, a name the site uses itself
    (opslag/urls.py) and an empty folder are errors. Hidden files are left alone."""

    def problem(path, code, variant="", **fields):
        return Diagnostic.of(display_path(path), (1, 1), code, (), variant, **fields)

    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as exc:
        return [], [problem(folder, "R220", "unreadable", reason=str(exc.strerror))]
    paths, problems, seen = [], [], {}
    for name in names:
        path = folder / name
        if name.startswith(".") or not name.rstrip().lower().endswith(CATEGORY_SUFFIXES):
            continue
        spaced = rules.spaced_file_name(display_path(path), name)  # 'x.yaml ': not skipped in silence
        if spaced:
            problems.append(spaced)
            seen.setdefault(name, name)
            continue
        stem = name.rsplit(".", 1)[0]
        if stem in seen:
            problems.append(problem(path, "R219", name=name, other=seen[stem], id=stem))
            continue
        seen[stem] = name
        reserved = rules.reserved_file(display_path(path), stem)
        if reserved:
            problems.append(reserved)
            continue
        paths.append(path)
    if not seen:
        problems.append(problem(folder, "R220", "empty"))
    return paths, problems

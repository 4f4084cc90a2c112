"""Load and check the whole project: vocabularies, then every category file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from opslag.source import editions as editions_module
from opslag.source import rules, todos
from opslag.source.diagnostics import Diagnostic
from opslag.source.jsonschema_check import schema_diagnostics
from opslag.source.registry import ERROR, WARNING
from opslag.source.schema import category_schema
from opslag.source.vocab import Vocabulary, load_vocabulary
from opslag.source.yamlsource import display_path, load_file, load_text

CATEGORY_SUFFIX = ".yaml"  # the one extension of a category file
YAML_LIKE = (".yaml", ".yml")  # names meant as YAML (any case): read when '.yaml', otherwise reported


@dataclass
class CheckResult:
    vocab: Vocabulary
    categories: dict = field(default_factory=dict)  # category id -> data, only when error-free
    diagnostics: list = field(default_factory=list)
    files: int = 0  # category files read
    edition: dict | None = None  # the chosen edition's overlay, with "id" and "own" (its category ids)

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_project(
    project, base_files=None, coverage: bool | None = None, extra=None, editions: bool = False, cache=None
) -> CheckResult:
    """Check the vocabularies and every category file of the project's criteria folder.

    base_files: the category ids at the merge base with main, when known (a duplicate id is then
    blamed on the new file). coverage: the register-wide warnings W310/W311; by default only for
    the project's own criteria/ folder, not for a folder of examples. extra: {file name: bytes},
    read as if they were in the folder (instead of a file of that name): `build.py new` checks
    what it is about to write before it writes it. editions: check every edition in editions/
    (`build.py check`); the project's chosen edition (project.edition) is always checked, and its
    overlay and own categories are in the result. The national library reads nothing there.
    cache: a dict kept by the caller between checks of the same vocabularies (`serve`): a category
    file unchanged on disk since the last check is not read and checked again, only the rules
    across files run on it again."""
    vocab, diagnostics = load_vocabulary(project.vocab)
    checker = _FileChecker(category_schema(vocab), vocab, rules.Vocabularies.of(vocab))
    folder = project.criteria
    paths, problems = category_files(folder, extra=extra or {})
    diagnostics += problems
    sources, unusable = checker.check(folder, paths, extra or {}, cache=cache)
    diagnostics += unusable
    rules.check_corpus(sources, base_files)
    for src in sources.values():
        diagnostics += src.diagnostics
    if coverage is None:
        coverage = project.own_criteria
    if coverage and not any(d.severity == ERROR for d in diagnostics):
        diagnostics += rules.check_coverage({cat_id: src.data for cat_id, src in sources.items()}, vocab)
    chosen = {}
    names = editions_module.edition_ids(project.editions) if editions else []
    if editions:
        diagnostics += editions_module.folder_problems(project.editions)
    for edition in sorted(set(names) | ({project.edition} if project.edition else set())):
        overlay, own, found = _check_edition(project, edition, sources, checker)
        diagnostics += found
        if edition == project.edition:
            chosen = {"overlay": overlay, "own": own}
    result = CheckResult(vocab, diagnostics=sorted(set(diagnostics)), files=len(paths))
    if result.ok:
        result.categories = {cat_id: sources[cat_id].data for cat_id in sorted(sources)}
        if project.edition:
            result.categories.update(chosen["own"])
            result.categories = dict(sorted(result.categories.items()))
            result.edition = {**chosen["overlay"], "id": project.edition, "own": sorted(chosen["own"])}
    return result


@dataclass(frozen=True)
class _FileChecker:
    """What every category file is checked against, worked out once per check: the schema and
    the vocabularies. The files of criteria/ and those of an edition are read by the same loop."""

    schema: dict
    vocab: Vocabulary
    known: rules.Vocabularies

    def check(self, folder: Path, paths: list, extra: dict, problem=None, cache=None) -> tuple[dict, list]:
        """Load each file and check it on its own. Returns ({category id: Source} of the files that
        could be read, with their diagnostics so far; the diagnostics of those that could not).
        extra: {file name: bytes} read instead of the file; problem(src, category id): one more
        diagnostic about the file, or None. cache: see check_project; a file whose size, time and
        inode are those it was checked with is taken from it, not read and checked again."""
        sources, unusable = {}, []
        for path in paths:
            cat_id = category_id(path.name)
            stamp = _stamp(path) if cache is not None and path.name not in extra else None
            known = cache.get(path) if stamp else None
            if known and known[0] == stamp:
                src = known[1]
                src.diagnostics = list(known[2])  # without what the rules across files added last time
            else:
                src = self._check_file(folder, path, cat_id, extra, problem)
                if stamp:
                    cache[path] = (stamp, src, list(src.diagnostics))
            if src.fatal:
                unusable += src.diagnostics
                continue
            sources[cat_id] = src
        return sources, unusable

    def _check_file(self, folder: Path, path: Path, cat_id: str, extra: dict, problem):
        """One category file read and checked on its own (the rules across files come after)."""
        if path.name in extra:
            src = load_text(display_path(path), extra[path.name])
        else:
            src = load_file(path, within=folder)
        src.diagnostics += [d for d in (problem and problem(src, cat_id), rules.bad_file_name(src.file, cat_id)) if d]
        if src.fatal:
            return src
        todo_paths = todos.check_todos(src)
        src.diagnostics += todos.without_todos(schema_diagnostics(src, self.schema), todo_paths)
        rules.check_values(src)
        rules.check_category(src, src.data.get("prefix"), self.vocab, self.known)
        src.keep_positions(lambda src=src: rules.corpus_positions(src))
        return src


def _stamp(path: Path):
    """What tells serve's check that a file is unchanged since it was last checked, or None."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _check_edition(project, edition: str, shared: dict, checker: _FileChecker) -> tuple:
    """One edition: its own category files (the same schema and rules as criteria/, checked together
    with the shared files) and its overlay. Returns (overlay data, {own id: data}, diagnostics)."""
    folder = project.edition_criteria(edition)
    paths, diagnostics = category_files(folder, require_files=False) if folder.is_dir() else ([], [])

    def clash(src, cat_id):
        return editions_module.own_category_problem(src.file, edition, cat_id, set(shared))

    own, unusable = checker.check(folder, paths, {}, clash)
    diagnostics += unusable
    before = {cat_id: len(src.diagnostics) for cat_id, src in shared.items()}
    rules.check_corpus({**shared, **{f"{edition}/{k}": v for k, v in own.items()}}, base_files=set(shared))
    for cat_id, src in shared.items():  # a shared file is blamed only for what it already had
        del src.diagnostics[before[cat_id] :]
    for src in own.values():
        diagnostics += src.diagnostics
    statuses = {
        c["id"]: c.get("status")
        for src in [*shared.values(), *own.values()]
        for c in (src.data.get("criteria") if isinstance(src.data.get("criteria"), list) else [])
        if isinstance(c, dict) and isinstance(c.get("id"), str)
    }
    overlay = editions_module.check_overlay(project.edition_file(edition), checker.vocab, statuses)
    diagnostics += overlay.diagnostics
    return (overlay.data if isinstance(overlay.data, dict) else {}), {k: v.data for k, v in own.items()}, diagnostics


def category_id(name: str) -> str | None:
    """The category id a file name gives, or None when it names no category file. The one rule for
    check, build, diff, fmt and new: a category file is '<id>.yaml', exactly so, and not hidden."""
    if name.startswith(".") or not name.endswith(CATEGORY_SUFFIX):
        return None
    return name[: -len(CATEGORY_SUFFIX)]


def _looks_like_yaml(name: str) -> bool:
    """A name a person may have meant as a category file: it ends in .yaml or .yml, in any case,
    maybe followed by spaces. Such a file is read or reported, never skipped in silence."""
    return not name.startswith(".") and name.rstrip().lower().endswith(YAML_LIKE)


def _name_problems(folder: Path, name: str, names: set) -> list:
    """The problems of one name that looks like a category file (`names`: every name in the folder).
    A name with problems is not read; a .yaml file whose id is not well-formed is read, and
    rules.bad_file_name reports it (R208) with whatever else is wrong inside."""

    def problem(code, variant="", **fields):
        return Diagnostic.of(display_path(folder / name), (1, 1), code, (), variant, **fields)

    spaced = rules.spaced_file_name(display_path(folder / name), name)  # 'x.yaml ': not skipped in silence
    if spaced:
        return [spaced]
    stem = name.rsplit(".", 1)[0]
    if category_id(name) is None:  # 'x.yml', 'x.YAML': one extension everywhere
        if stem + CATEGORY_SUFFIX in names:
            return [problem("R219", name=name, other=stem + CATEGORY_SUFFIX, id=stem)]
        found = [problem("R226", name=name, id=stem)]
        return found + [
            p for p in (rules.bad_file_name(found[0].file, stem), rules.reserved_file(found[0].file, stem)) if p
        ]
    reserved = rules.reserved_file(display_path(folder / name), stem)
    return [reserved] if reserved else []


def category_files(folder: Path, extra=(), require_files: bool = True) -> tuple[list, list]:
    """The category files of a folder (every tool reads these and no others) and the problems with
    the folder and its names. `extra`: names to take as present (build.py new asks what check
    would say about a file before it writes it). require_files: an empty folder is an error (R220);
    check and build want category files, diff and fmt only the names.

    A name ending in .yaml or .yml in any case is meant as a category file, so none is skipped in
    silence: only '<id>.yaml' is read; another spelling of the extension is an error (R226, or R219
    when '<id>.yaml' is there too), and so are a name the site uses itself (opslag/urls.py, R218)
    and an empty folder (R220). Hidden files are left alone."""
    try:
        names = {entry.name for entry in os.scandir(folder)} | set(extra)
    except OSError as exc:
        return [], [Diagnostic.of(display_path(folder), (1, 1), "R220", (), "unreadable", reason=str(exc.strerror))]
    paths, problems, seen = [], [], False
    for name in sorted(names):
        if not _looks_like_yaml(name):
            continue
        seen = True
        found = _name_problems(folder, name, names)
        problems += found
        if not found and category_id(name) is not None:
            paths.append(folder / name)
    if require_files and not seen:
        problems.append(Diagnostic.of(display_path(folder), (1, 1), "R220", (), "empty"))
    return paths, problems


def name_problems(folder: Path, cat_id: str) -> list:
    """What `check` would say about the names in `folder` once it held '<cat_id>.yaml': the
    problems that file would bring (build.py new asks before it writes)."""
    name = cat_id + CATEGORY_SUFFIX
    before = set(category_files(folder)[1])
    paths, after = category_files(folder, extra=(name,))
    found = [d for d in after if d not in before]
    bad = rules.bad_file_name(display_path(folder / name), cat_id)  # check reports it once the file is read
    return ([bad] if bad else []) + found

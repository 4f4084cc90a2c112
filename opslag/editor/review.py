"""`build.py diff [BASE]`: what a change does to the register, criterion by criterion.

Compares the category files in the working tree with the same folder at BASE (by default the
merge base of HEAD and the main branch), read with `git ls-tree` and `git cat-file`; nothing is
fetched. It needs the BASE commit in the local repository: a full clone, or in a shallow clone
a BASE given explicitly that is present (CI checks out with `fetch-depth: 0`).

It reports every criterion added, changed (field by field, texts word by word), retired or
deleted, as Markdown for a pull-request comment or job summary, or as GitHub annotations, and
finds what the version rules forbid (codes D401-D406 in the one table of codes):
requirement or verification text changed without a new version, a version lowered or skipped,
a criterion or category deleted, an id reused for another criterion (its history rewritten),
and new history entries dated before the ones they follow.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from opslag.source import placeholders, textblocks
from opslag.source.checker import category_files, category_id
from opslag.source.diagnostics import Diagnostic, gh_data, gh_property, path_text, printable
from opslag.source.mdescape import md_escape
from opslag.source.registry import L
from opslag.source.yamlsource import load_file, load_text

MAIN_BRANCHES = ("main", "origin/main")  # tried in this order for the default BASE
MATERIAL = ("requirement", "verification")  # a change in these (either language) needs a new version
RETIRED = "udgået"


class GitError(Exception):
    pass


def git(repo: Path, *args: str, binary: bool = False):
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=60)
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return proc.stdout if binary else proc.stdout.decode("utf-8")


def resolve_base(repo: Path, base: str | None) -> tuple[str, str]:
    """(commit, how it was chosen). Never fetches."""
    if base:
        try:
            return git(repo, "rev-parse", "--verify", "--quiet", base + "^{commit}").strip(), base
        except GitError:
            raise GitError(
                L(
                    f"'{base}' er ikke en commit i dette arkiv (diff henter intet; hent den først, "
                    f"fx git fetch origin main)",
                    f"'{base}' is not a commit in this repository (diff fetches nothing; "
                    f"fetch it first, e.g. git fetch origin main)",
                )
            ) from None
    for branch in MAIN_BRANCHES:
        try:
            git(repo, "rev-parse", "--verify", "--quiet", branch + "^{commit}")
        except GitError:
            continue
        try:
            return git(repo, "merge-base", "HEAD", branch).strip(), L(
                f"merge-basen mellem HEAD og {branch}", f"merge base of HEAD and {branch}"
            )
        except GitError:
            raise GitError(
                L(
                    f"HEAD og {branch} har ingen merge-base her (en shallow clone?); hent historikken "
                    "(git fetch --unshallow, eller actions/checkout med fetch-depth: 0), eller giv BASE",
                    f"HEAD and {branch} have no merge base here (a shallow clone?); fetch the history "
                    "(git fetch --unshallow, or actions/checkout with fetch-depth: 0) or give BASE",
                )
            ) from None
    raise GitError(
        L(
            "ingen gren main eller origin/main; giv BASE (en commit, gren eller tag)",
            "no branch main or origin/main; give BASE (a commit, branch or tag)",
        )
    )


# -- loading both sides ---------------------------------------------------------------------
@dataclass
class Side:
    categories: dict = field(default_factory=dict)  # cat id -> data
    sources: dict = field(default_factory=dict)  # cat id -> Source (positions), new side only
    unreadable: list = field(default_factory=list)  # cat ids whose file did not load
    problems: list = field(default_factory=list)  # names check refuses (x.yml: R226), new side only

    def criteria(self) -> dict:
        """id -> (cat id, index, criterion)"""
        out = {}
        for cat_id, data in sorted(self.categories.items()):
            for index, crit in enumerate(data.get("criteria") or []):
                if isinstance(crit, dict) and isinstance(crit.get("id"), str):
                    out.setdefault(crit["id"], (cat_id, index, crit))
        return out


def _usable(src) -> bool:
    return not src.fatal and isinstance(src.data, dict)


def load_base(repo: Path, commit: str, prefix: str) -> Side:
    side = Side()
    names = git(repo, "ls-tree", "--name-only", commit, "--", prefix or ".").splitlines()
    for name in sorted(names):
        cat_id = category_id(Path(name).name)
        if cat_id is None:
            continue
        src = load_text(name, git(repo, "cat-file", "blob", f"{commit}:{name}", binary=True))
        if _usable(src):
            side.categories[cat_id] = src.data
        else:
            side.unreadable.append(cat_id)
    return side


def load_worktree(folder: Path, prefix: str) -> Side:
    """The category files `check` reads, and the names it refuses (a pull request's 'x.yml' is
    reported as check reports it, never left out of the review in silence)."""
    side = Side()
    paths, problems = category_files(folder, require_files=False)  # no files: every category is deleted (D404)
    side.problems = [dataclasses.replace(d, file=prefix + Path(d.file).name) for d in problems]
    for path in paths:
        cat_id = category_id(path.name)
        src = load_file(path, within=folder)  # no links out of the folder (a pull request's symlink)
        src.file = prefix + path.name  # paths as git and GitHub name them
        if _usable(src):
            side.categories[cat_id] = src.data
            side.sources[cat_id] = src
        else:
            side.unreadable.append(cat_id)
    return side


# -- comparing ------------------------------------------------------------------------------
def flatten(value, path=()) -> dict:
    """{path: leaf}; texts ({da, en}) and lists of plain values stay whole."""
    if isinstance(value, dict) and not (set(value) <= {"da", "en"} and value):
        out = {}
        for key, sub in value.items():
            out.update(flatten(sub, path + (key,)))
        return out
    if isinstance(value, dict):  # a text: one entry per language
        return {path + (lang,): text for lang, text in value.items()}
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        out = {}
        for i, sub in enumerate(value):
            out.update(flatten(sub, path + (i,)))
        return out
    return {path: value}


def same_text(a, b) -> bool:
    """Equal as rendered: line wrapping and spacing inside paragraphs do not count."""
    if isinstance(a, str) and isinstance(b, str):
        return textblocks.blocks(a) == textblocks.blocks(b)
    return a == b


def field_changes(old: dict, new: dict, skip=("criteria",)) -> list:
    """[(path, old or None, new or None)] for every leaf that differs."""
    a = {p: v for p, v in flatten(old).items() if p[0] not in skip}
    b = {p: v for p, v in flatten(new).items() if p[0] not in skip}
    order = list(b) + [p for p in a if p not in b]  # as the fields stand in the file
    return [
        (path, a.get(path), b.get(path))
        for path in order
        if path not in a or path not in b or not same_text(a[path], b[path])
    ]


def _history(crit) -> list:
    return [(h.get("version"), str(h.get("date"))) for h in crit.get("history") or [] if isinstance(h, dict)]


def _earlier_text_problems(was: dict, crit: dict, ov: int, nv: int):
    """(history index, version, variant, changed paths) where an earlier version's `text` is not
    what that version said: the entry of the version just replaced must hold the base's texts
    (raised), and a text the base already kept must not change (rewritten). A missing text is
    check's R227."""
    kept = {h.get("version"): h.get("text") for h in was.get("history") or [] if isinstance(h, dict)}
    for index, entry in enumerate(crit.get("history") or []):
        text = entry.get("text") if isinstance(entry, dict) else None
        if not isinstance(text, dict):
            continue
        version = entry.get("version")
        if nv == ov + 1 and version == ov:
            expected, variant = {f: was[f] for f in placeholders.FIELDS if f in was}, "raised"
        elif isinstance(kept.get(version), dict):
            expected, variant = kept[version], "rewritten"
        else:
            continue
        changed = [path for path, _, _ in field_changes(expected, text, skip=())]
        if changed:
            yield index, version, variant, changed


@dataclass
class CriterionChange:
    id: str
    category: str
    kind: str  # added | changed | retired | deleted
    title: str
    old_version: object = None
    new_version: object = None
    fields: list = field(default_factory=list)  # (path, old, new)
    material: bool = False  # requirement or verification changed


@dataclass
class Review:
    base: str
    base_label: str
    changes: list = field(default_factory=list)  # CriterionChange
    categories: list = field(default_factory=list)  # (cat id, added|changed|deleted, fields)
    diagnostics: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.severity == "error"]


def _title(crit) -> str:
    title = crit.get("title")
    return (title.get("da") if isinstance(title, dict) else None) or str(crit.get("id"))


def compare(old: Side, new: Side, base: str, base_label: str) -> Review:
    review = Review(base, base_label, unreadable=sorted(new.unreadable), diagnostics=list(new.problems))

    def report(cat_id, path, code, variant="", **fields):
        src = new.sources.get(cat_id)
        if src is not None:
            position, file = src.value_position(path), src.file
        else:
            position, file = (1, 1), f"{new_prefix}{cat_id}.yaml"
        review.diagnostics.append(Diagnostic.of(file, position, code, path, variant, **fields))

    new_prefix = next((Path(s.file).parent.as_posix() + "/" for s in new.sources.values()), "criteria/")
    for cat_id in sorted(set(old.categories) | set(new.categories)):
        if cat_id in new.unreadable:
            continue
        if cat_id not in new.categories:
            review.categories.append((cat_id, "deleted", []))
            report(cat_id, (), "D404", cat=cat_id)
        elif cat_id not in old.categories:
            review.categories.append((cat_id, "added", []))
        else:
            fields = field_changes(old.categories[cat_id], new.categories[cat_id])
            if fields:
                review.categories.append((cat_id, "changed", fields))
    before, after = old.criteria(), new.criteria()
    for cid in sorted(set(before) | set(after)):
        if cid not in after:
            cat_id, _, crit = before[cid]
            if cat_id in new.unreadable:
                continue
            review.changes.append(CriterionChange(cid, cat_id, "deleted", _title(crit), crit.get("version")))
            if cat_id in new.categories:
                report(cat_id, ("criteria",), "D403", id=cid)
            continue
        cat_id, index, crit = after[cid]
        base_path = ("criteria", index)
        if cid not in before:
            review.changes.append(CriterionChange(cid, cat_id, "added", _title(crit), None, crit.get("version")))
            continue
        _, _, was = before[cid]
        fields = field_changes(was, crit, skip=())
        if not fields:
            continue
        ov, nv = was.get("version"), crit.get("version")
        material = [p for p, a, b in fields if p[0] in MATERIAL and a is not None]  # a new translation is no change
        kind = "retired" if crit.get("status") == RETIRED and was.get("status") != RETIRED else "changed"
        review.changes.append(CriterionChange(cid, cat_id, kind, _title(crit), ov, nv, fields, bool(material)))
        if not (isinstance(ov, int) and isinstance(nv, int)):
            continue  # `check` reports the broken version
        if nv < ov or nv > ov + 1:
            report(cat_id, base_path + ("version",), "D402", id=cid, old=ov, new=nv)
            continue
        old_history, new_history = _history(was), _history(crit)
        if new_history[: len(old_history)] != old_history:
            rewritten = sorted({str(v) for (v, d) in old_history if (v, d) not in new_history}) or ["?"]
            report(cat_id, base_path + ("history",), "D405", id=cid, versions=", ".join(rewritten), base=base_label)
            continue
        for index, version, variant, changed in _earlier_text_problems(was, crit, ov, nv):
            report(
                cat_id,
                base_path + ("history", index, "text"),
                "D407",
                variant,
                id=cid,
                version=version,
                base=base_label,
                fields=", ".join(path_text(p) for p in changed),
            )
        if material and nv == ov:
            names = ", ".join(path_text(p) for p in material)
            report(cat_id, base_path + ("version",), "D401", id=cid, fields=names, version=nv, next=nv + 1)
        previous = old_history[-1][1] if old_history else ""
        for offset, (version, date) in enumerate(new_history[len(old_history) :]):
            if previous and date < previous:
                report(
                    cat_id,
                    base_path + ("history", len(old_history) + offset, "date"),
                    "D406",
                    id=cid,
                    version=version,
                    date=date,
                    before=previous,
                )
            previous = max(previous, date)
    return review


def base_category_ids(folder: Path):
    """The category ids in `folder` at the merge base with main, or None when git cannot tell
    (no repository, no main, a shallow clone). For `check`: a duplicate id is blamed on the new file."""
    try:
        folder = Path(folder).resolve()
        top = Path(git(folder, "rev-parse", "--show-toplevel").strip())
        prefix = git(folder, "rev-parse", "--show-prefix").strip()
        commit, _ = resolve_base(top, None)
        names = git(top, "ls-tree", "--name-only", commit, "--", prefix or ".").splitlines()
    except (GitError, OSError, subprocess.SubprocessError):
        return None
    return {category_id(Path(name).name) for name in names} - {None}


def review_folder(folder: Path, base: str | None = None) -> Review:
    folder = Path(folder).resolve()
    top = Path(git(folder, "rev-parse", "--show-toplevel").strip())
    prefix = git(folder, "rev-parse", "--show-prefix").strip()
    commit, label = resolve_base(top, base)
    return compare(load_base(top, commit, prefix), load_worktree(folder, prefix), commit, label)


# -- output ---------------------------------------------------------------------------------
WORDS = {
    "da": {
        "title": "Ændringer i kriterierne",
        "against": "sammenlignet med",
        "added": "Tilføjet",
        "changed": "Ændret",
        "retired": "Udgået",
        "deleted": "Slettet",
        "errors": "Fejl",
        "none": "Ingen ændringer i kriterierne.",
        "category": "Kategori",
        "cat_added": "ny kategori",
        "cat_deleted": "kategorien er slettet",
        "material": "kravteksten er ændret",
        "unreadable": "Kan ikke læses (kør `build.py check`)",
        "ok": "Versionsreglerne er overholdt.",
        "version": "version",
    },
    "en": {
        "title": "Changes to the criteria",
        "against": "compared with",
        "added": "Added",
        "changed": "Changed",
        "retired": "Retired",
        "deleted": "Deleted",
        "errors": "Errors",
        "none": "No changes to the criteria.",
        "category": "Category",
        "cat_added": "new category",
        "cat_deleted": "category deleted",
        "material": "requirement text changed",
        "unreadable": "Cannot be read (run `build.py check`)",
        "ok": "The version rules are kept.",
        "version": "version",
    },
}


def md(text) -> str:
    """Anything from the data (ids, versions, titles, file names, keys, texts) as Markdown that GitHub
    shows as the text it is, on one line: never a link, an image, HTML, a heading or a table cell."""
    text = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False, default=str)
    return md_escape(" ".join(text.split()), gfm=True)


def word_diff(old: str, new: str) -> str:
    """Markdown: unchanged words plain, removed ~~struck~~, added **bold**; paragraphs as ¶."""

    def words(text):
        return " ¶ ".join(textblocks.to_plain(text).split("\n\n")).split()

    a, b = words(old), words(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(md(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"~~{md(' '.join(a[i1:i2]))}~~")
        if j2 > j1:
            out.append(f"**{md(' '.join(b[j1:j2]))}**")
    return " ".join(out)


def _field_line(path, old, new) -> str:
    name = f"*{md(path_text(path))}*"
    if isinstance(old, list) or isinstance(new, list):  # a list of plain values: what came and went
        before, after = old if isinstance(old, list) else [], new if isinstance(new, list) else []
        added = [x for x in after if x not in before]
        gone = [x for x in before if x not in after]
        parts = ([f"**+ {md(', '.join(map(str, added)))}**"] if added else []) + (
            [f"~~− {md(', '.join(map(str, gone)))}~~"] if gone else []
        )
        return f"- {name}: " + (" ".join(parts) or md("(rækkefølge / order)"))
    if old is None:
        return f"- {name}: **{md(new)}**"
    if new is None:
        return f"- {name}: ~~{md(old)}~~"
    if isinstance(old, str) and isinstance(new, str):
        return f"- {name}: {word_diff(old, new)}"
    return f"- {name}: ~~{md(old)}~~ → **{md(new)}**"


def _field_lines(fields) -> list:
    """One line per field; a history entry added as a whole is one line."""
    out, added = [], {}
    for path, old, new in fields:
        if len(path) == 3 and path[0] == "history" and old is None:
            added.setdefault(path[1], {})[path[2]] = new
            continue
        if len(path) == 4 and path[0] == "history" and old is None and path[2] == "change":
            added.setdefault(path[1], {}).setdefault("change", []).append(new)
            continue
        out.append(_field_line(path, old, new))
    for entry in added.values():
        text = " / ".join(entry.get("change", []))
        out.append(f"- *history*: **+ {md(entry.get('version', '?'))} ({md(entry.get('date', '?'))}): {md(text)}**")
    return out


def markdown(review: Review, lang: str = "da") -> str:
    w = WORDS[lang]
    label = review.base_label.get(lang) if isinstance(review.base_label, L) else review.base_label
    out = [f"## {w['title']}", "", f"{w['against']} {md(review.base[:12])} ({md(label)})", ""]
    if review.errors:
        out += [f"### ❌ {w['errors']} ({len(review.errors)})", ""]
        out += [f"- {md(d.file)}:{d.line} **{d.code}** {md(d.text(lang))}" for d in review.errors]
        out.append("")
    elif review.changes or review.categories:
        out += [f"✅ {w['ok']}", ""]
    if review.unreadable:
        out += [f"**{w['unreadable']}:** " + ", ".join(md(c) for c in review.unreadable), ""]
    if not (review.changes or review.categories):
        out += [w["none"], ""]
    for cat_id, kind, fields in review.categories:
        label = {"added": w["cat_added"], "deleted": w["cat_deleted"]}.get(kind, w["changed"].lower())
        out.append(f"### {w['category']} {md(cat_id)}: {label}")
        out += _field_lines(fields)
        out.append("")
    for kind in ("added", "changed", "retired", "deleted"):
        items = [c for c in review.changes if c.kind == kind]
        if not items:
            continue
        out += [f"### {w[kind]} ({len(items)})", ""]
        for c in items:
            cid, category = md(c.id), md(c.category)
            if kind == "added":
                out.append(f"- **{cid}:{md(c.new_version)}** {md(c.title)} ({category})")
            elif kind == "deleted":
                out.append(f"- **{cid}:{md(c.old_version)}** {md(c.title)} ({category})")
            else:
                version = f"{cid}:{md(c.old_version)}" + (
                    f" → {cid}:{md(c.new_version)}" if c.new_version != c.old_version else ""
                )
                flag = f" — {w['material']}" if c.material else ""
                out.append(f"#### {version} {md(c.title)} ({category}){flag}")
                out += _field_lines(c.fields)
                out.append("")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def annotations(review: Review, lang: str = "da") -> str:
    """GitHub workflow commands: the errors, and a notice on each changed criterion."""
    w = WORDS[lang]
    lines = [d.format("github", lang) for d in review.diagnostics]
    for c in review.changes:
        if c.kind in ("added", "changed", "retired"):
            text = printable(f"{w[c.kind]}: {c.id}:{c.new_version} {c.title}")
            lines.append(f"::notice title={gh_property(c.id)}::{gh_data(text)}")
    return "\n".join(lines) + ("\n" if lines else "")

"""Editions: an organisation's overlay on the shared library (editions/<id>.yaml) and its own criteria
(category files in editions/<id>/).

The overlay is read by the strict loader, validated by its JSON Schema (schema.edition_schema) and
the value rules every file passes (real dates, the text rule), then by the rules here: every
criterion it names exists and is not retired, none is named twice, every decision it cites is
defined once. The own criteria are category files like those in criteria/, checked by the checker
with the same schema and rules, together with the shared ones (unique prefixes and ids, references);
nothing in criteria/ is copied. Every problem is a located diagnostic (R260-R263)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from opslag.source import rules
from opslag.source.diagnostics import Diagnostic
from opslag.source.jsonschema_check import schema_diagnostics
from opslag.source.registry import suggestion
from opslag.source.schema import EDITION_ID, edition_schema
from opslag.source.yamlsource import display_path, load_file

SUFFIX = ".yaml"
_EDITION_ID = re.compile(EDITION_ID)


def edition_ids(folder: Path) -> list:
    """The editions in `folder` (the names of its '<id>.yaml' files), sorted; [] when there is none."""
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError:
        return []
    ids = [n[: -len(SUFFIX)] for n in names if n.endswith(SUFFIX) and not n.startswith(".")]
    return [i for i in ids if _EDITION_ID.match(i)]  # another name is reported (folder_problems), not read


def folder_problems(folder: Path) -> list:
    """Names in editions/ that cannot be an edition, and own-criteria folders without an overlay."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    ids = set(edition_ids(folder))
    out = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.name.endswith(SUFFIX) and not _EDITION_ID.match(entry.name[: -len(SUFFIX)]):
            out.append(Diagnostic.of(display_path(folder / entry.name), (1, 1), "R263", (), "file", name=entry.name))
        elif entry.is_dir() and entry.name not in ids:
            out.append(
                Diagnostic.of(display_path(folder / entry.name), (1, 1), "R263", (), "overlay", edition=entry.name)
            )
    return out


def own_category_problem(file: str, edition: str, cat_id: str, shared: set):
    """An own category must not take the name (and so the page) of a shared one."""
    if cat_id in shared:
        return Diagnostic.of(file, (1, 1), "R263", (), "shared", id=cat_id, edition=edition)
    return None


def check_overlay(path: Path, vocab, criteria: dict):
    """Load and check one overlay. `criteria`: id -> status of every criterion the edition can name
    (the shared ones and its own). Returns the Source (its data is the overlay when it has no errors)."""
    src = load_file(path, within=path.parent)
    if src.fatal:
        return src
    src.diagnostics += schema_diagnostics(src, edition_schema(vocab))
    rules.check_values(src)
    data = src.data
    retired = set(vocab.flagged("statuses", "retired"))
    decisions = {}
    for i, d in enumerate(_dicts(data.get("decisions"))):
        did, where = d.get("id"), ("decisions", i, "id")
        if not isinstance(did, str):
            continue
        if did in decisions:
            line = src.value_position(decisions[did])[0]
            src.report(src.value_position(where), "R262", where, "duplicate", id=did, line=line)
        else:
            decisions[did] = where  # its line only when a finding cites it
    named = {}  # criterion id -> (field, path)

    def criterion(cid, where, field):
        if not isinstance(cid, str):
            return
        if cid not in criteria:
            src.report(
                src.value_position(where), "R260", where, "unknown", id=cid, suggestion=suggestion(cid, criteria)
            )
        elif criteria[cid] in retired:
            src.report(src.value_position(where), "R260", where, "retired", id=cid)
        if cid in named:
            before, first = named[cid]
            variant = "twice" if before == field else "both"
            line = src.value_position(first)[0]
            src.report(src.value_position(where), "R261", where, variant, id=cid, field=field, line=line)
        else:
            named[cid] = (field, where)

    for i, m in enumerate(_dicts(data.get("mandatory"))):
        criterion(m.get("id"), ("mandatory", i, "id"), "mandatory")
        did, where = m.get("decision"), ("mandatory", i, "decision")
        if isinstance(did, str) and did not in decisions:
            src.report(
                src.value_position(where), "R262", where, "unknown", id=did, suggestion=suggestion(did, decisions)
            )
    recommended = data.get("recommended")
    for i, cid in enumerate(recommended if isinstance(recommended, list) else []):
        criterion(cid, ("recommended", i), "recommended")
    return src


def _dicts(value) -> list:
    return [v if isinstance(v, dict) else {} for v in value] if isinstance(value, list) else []

"""Vocabularies: the allowed values (labels, POGI goals, EU GPP groups, types, levels, statuses, eForms codes) as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from opslag.source import rules
from opslag.source.diagnostics import Diagnostic
from opslag.source.jsonschema_check import schema_diagnostics
from opslag.source.schema import vocab_schema
from opslag.source.yamlsource import load_file

PAGE_KEYS = ("labels", "goals", "types")  # entries that get a page of their own, named by the id

# key inside the file -> file name in vocab/. A vocabulary that refers to another one comes after
# it: its schema takes the allowed ids from those loaded before (schema.vocab_entry_schemas).
VOCAB_FILES = {
    "types": "types.yaml",
    "levels": "levels.yaml",
    "statuses": "statuses.yaml",
    "market_categories": "label_market.yaml",
    "labels": "ecolabels.yaml",
    "coverage_reasons": "coverage_reasons.yaml",  # why no category covers a goal or an EU GPP group
    "goals": "pogi_goals.yaml",
    "gpp_statuses": "gpp_statuses.yaml",
    "gpp_groups": "eu_gpp_groups.yaml",  # the Commission's EU GPP criteria sets
    "synonyms": "synonyms.yaml",  # for search: words people type -> words the criteria use
    "eforms": "eforms.yaml",  # the notice's green fields on TED and their code lists (eForms SDK)
}


@dataclass
class Vocabulary:
    entries: dict = field(default_factory=dict)  # key -> {id: entry}, in file order
    where: dict = field(default_factory=dict)  # key -> {id: (Source, path)}
    extra: dict = field(default_factory=dict)  # key -> the file's other top-level fields (eforms: sdk)

    def ids(self, key: str) -> list:
        return list(self.entries.get(key, {}))

    def get(self, key: str, id_):
        return self.entries.get(key, {}).get(id_)

    def codes(self, field: str) -> list:
        """The codes of an eForms field's code list (vocab/eforms.yaml), in file order: 'BT-774' ->
        ['clim-mitig', ...]. Empty when the field or its codes are missing (the file's own errors say why)."""
        entry = self.get("eforms", field) or {}
        codes = entry.get("codes") if isinstance(entry.get("codes"), list) else []
        return list(dict.fromkeys(c["id"] for c in codes if isinstance(c, dict) and isinstance(c.get("id"), str)))

    # -- levels are cumulative: a level includes every level of a lower rank -------------
    def level_rank(self, level: str) -> int:
        return self.get("levels", level)["rank"]

    def levels_up_to(self, level: str) -> list:
        """The levels a choice of `level` includes, lowest first: 'avanceret' -> basis, avanceret."""
        rank = self.level_rank(level)
        return sorted((l for l in self.ids("levels") if self.level_rank(l) <= rank), key=self.level_rank)

    def retired(self, status: str) -> bool:
        return bool(self.get("statuses", status).get("retired"))

    def levels_by_rank(self) -> list:
        return sorted(self.ids("levels"), key=self.level_rank)

    def flagged(self, key: str, flag: str) -> list:
        """Ids whose entry sets `flag: true` (e.g. the statuses that mean retired)."""
        return [i for i, entry in self.entries.get(key, {}).items() if entry.get(flag) is True]

    def diagnostic(self, key: str, id_, code: str, variant: str = "", **fields) -> Diagnostic:
        """A finding about one entry, at its place in its vocabulary file."""
        src, path = self.where.get(key, {}).get(id_, (None, ()))
        if src is None:
            return Diagnostic.of(VOCAB_FILES.get(key, key), (1, 1), code, path, variant, **fields)
        return Diagnostic.of(src.file, src.value_position(path), code, path, variant, **fields)


def load_vocabulary(folder: Path) -> tuple[Vocabulary, list]:
    vocab, diagnostics = Vocabulary(), []
    for key, name in VOCAB_FILES.items():
        src = load_file(folder / name, within=folder)
        vocab.entries[key], vocab.where[key] = {}, {}
        if src.fatal:
            diagnostics += src.diagnostics
            continue
        diagnostics += schema_diagnostics(src, vocab_schema(key, vocab))
        rules.check_values(src)  # the same text rule as the criteria: these texts are on the site too
        entries = src.data.get(key) if isinstance(src.data, dict) else None
        entries = entries if isinstance(entries, list) else []
        vocab.entries[key] = rules.check_vocab_entries(src, key, name, entries, PAGE_KEYS)
        if isinstance(src.data, dict):
            vocab.extra[key] = {k: v for k, v in src.data.items() if k != key}
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("id") in vocab.entries[key]:
                path = (key, index, "id")
                vocab.where[key].setdefault(entry["id"], (src, path))  # the position only when asked
        diagnostics += src.diagnostics
    return vocab, diagnostics

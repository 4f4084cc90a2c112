"""Vocabularies: the allowed values (labels, POGI goals, types, levels, statuses) as data."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import rules
from .jsonschema_check import schema_diagnostics
from .schema import vocab_schema
from .sitepaths import RESERVED_NAMES
from .yamlsource import load_file

PAGE_KEYS = ("labels", "goals", "types")  # entries that get a page of their own, named by the id

# key inside the file -> file name in vocab/
VOCAB_FILES = {
    "types": "types.yaml",
    "levels": "levels.yaml",
    "statuses": "statuses.yaml",
    "market_categories": "label_market.yaml",
    "labels": "ecolabels.yaml",
    "goals": "pogi_goals.yaml",
    "synonyms": "synonyms.yaml",  # for search: words people type -> words the criteria use
}


@dataclass
class Vocabulary:
    entries: dict = field(default_factory=dict)  # key -> {id: entry}, in file order

    def ids(self, key: str) -> list:
        return list(self.entries.get(key, {}))

    def get(self, key: str, id_):
        return self.entries.get(key, {}).get(id_)

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


def load_vocabulary(folder: Path) -> tuple[Vocabulary, list]:
    vocab, diagnostics = Vocabulary(), []
    for key, name in VOCAB_FILES.items():
        src = load_file(folder / name, within=folder)
        vocab.entries[key] = {}
        if src.fatal:
            diagnostics += src.diagnostics
            continue
        diagnostics += schema_diagnostics(src, vocab_schema(key))
        rules.check_values(src)  # the same text rule as the criteria: these texts are on the site too
        entries = src.data.get(key) if isinstance(src.data, dict) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict) or "id" not in entry:
                continue
            if key in PAGE_KEYS and isinstance(entry["id"], str) and entry["id"] in RESERVED_NAMES:
                src.report(src.value_position((key, index, "id")), "R218",
                           f"id '{entry['id']}' is a name the site uses itself (it would replace one of its "
                           "pages); choose a more specific id.", (key, index, "id"))
                continue
            if entry["id"] in vocab.entries[key]:
                src.report(src.value_position((key, index, "id")), "R202",
                           f"id '{entry['id']}' is used twice in {name}; give each entry its own id.",
                           (key, index, "id"))
                continue
            vocab.entries[key][entry["id"]] = entry
        diagnostics += src.diagnostics
    return vocab, diagnostics

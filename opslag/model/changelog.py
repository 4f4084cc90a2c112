"""The change log: every version of every criterion, newest first (the change log page and the
Atom feeds in opslag/exports/feeds.py are made from it). The history entries in the YAML are the
only source, so the same data gives the same bytes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    date: str
    criterion: object  # model.Criterion
    version: int
    text: object  # model.Text

    @property
    def cite(self) -> str:
        return f"{self.criterion.id}:{self.version}"


def changes(corpus, category: str | None = None) -> list:
    """Every history entry, newest first (then by id and version, so ties have one order)."""
    out = [
        Change(date, c, version, text)
        for c in corpus.criteria.values()
        if category is None or c.category == category
        for version, date, text in c.history
    ]
    return sorted(out, key=lambda ch: (ch.date, ch.criterion.id, ch.version), reverse=True)

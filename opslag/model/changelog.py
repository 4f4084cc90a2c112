"""The change log: every version of every criterion and every erratum (a correction without a new
version), newest first (the change log page, opslag/exports/changes_data.py, and the Atom feeds in
opslag/exports/feeds.py are made from it). The history entries in the YAML are the
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

    @property
    def note(self):
        """The note for procurers (model.Text), or None where the editors' text is all there is."""
        return self.criterion.reader_note(self.version)

    @property
    def reader_text(self):
        """What a procurer reads first: the note for procurers, else the editors' description."""
        return self.note or self.text


@dataclass(frozen=True)
class Erratum:
    date: str
    criterion: object  # model.Criterion
    number: int  # its place in the criterion's errata, from 1
    text: object  # model.Text

    @property
    def cite(self) -> str:
        return self.criterion.cite

    @property
    def anchor(self) -> str:
        return f"{self.criterion.anchor}-rettelse-{self.number}"


def changes(corpus, category: str | None = None) -> list:
    """Every history entry, newest first (then by id and version, so ties have one order)."""
    out = [
        Change(date, c, version, text)
        for c in corpus.criteria.values()
        if category is None or c.category == category
        for version, date, text in c.history
    ]
    return sorted(out, key=lambda ch: (ch.date, ch.criterion.id, ch.version), reverse=True)


def errata(corpus, category: str | None = None) -> list:
    """Every erratum (a correction without a new version), newest first, then by id."""
    out = [
        Erratum(date, c, number, text)
        for c in corpus.criteria.values()
        if category is None or c.category == category
        for number, (date, text) in enumerate(c.errata, start=1)
    ]
    return sorted(out, key=lambda e: (e.date, e.criterion.id, e.number), reverse=True)


def entries(corpus, category: str | None = None) -> list | tuple:
    """The versions and the errata together, newest first (a version before an erratum of its day):
    the change log's list and the feeds."""
    if category is None:  # the change log's page, its data and the feeds read the same list
        return corpus.derived("changelog", lambda: tuple(_entries(corpus, None)))  # shared: not to be changed
    return _entries(corpus, category)


def _entries(corpus, category: str | None) -> list:
    both = changes(corpus, category) + errata(corpus, category)
    return sorted(both, key=lambda e: e.date, reverse=True)  # stable: each list keeps its own order

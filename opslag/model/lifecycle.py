"""How long an earlier version stays usable: a revised criterion's earlier versions, and a retired
criterion, are still accepted in tenders for the grace period of vocab/statuses.yaml
(`lifecycle.grace_months`) after the change that ended them. Computed here once; the cards and Mit
udbud (through downloads/udbud.json) show the result, and any other page about an earlier version
should ask here too."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from opslag.project import Project

DEFAULT_GRACE_MONTHS = 6  # when the vocabulary's lifecycle is missing (its own check says so)


def grace_months(vocab) -> int:
    lifecycle = vocab.extra.get("statuses", {}).get("lifecycle") if vocab is not None else None
    value = lifecycle.get("grace_months") if isinstance(lifecycle, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_GRACE_MONTHS


def add_months(date: str, months: int) -> str:
    """'2026-08-31' + 6 -> '2027-02-28': the same day of the month, or the month's last day."""
    d = dt.date.fromisoformat(date)
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1])).isoformat()


@dataclass(frozen=True)
class Grace:
    """Version `old` of a criterion ended on `ended` (when the next version came, or when the
    criterion was retired); it is accepted in tenders until `until`, inclusive. `new` is what to
    use in new tenders: the current version, a retired criterion's replacement, or None."""

    old: str  # cite, e.g. IT-03:1
    new: str | None  # the cite to use in new tenders
    ended: str
    until: str

    @property
    def new_id(self) -> str | None:
        return self.new.split(":")[0] if self.new else None

    def open_on(self, today: str) -> bool:
        return self.ended <= today <= self.until


def ended_versions(c, corpus) -> dict:
    """{version: Grace} for every version of `c` that is no longer the one to use: each version
    before the current one, and the current one of a retired criterion."""
    months = grace_months(corpus.vocab)
    retired = corpus.vocab.retired(c.status)
    replacement = corpus.criteria.get(c.replaced_by) if c.replaced_by else None
    new = (replacement.cite if replacement else None) if retired else c.cite
    out = {
        version: Grace(f"{c.id}:{version}", new, date, add_months(date, months))
        for (version, _, _), (_, date, _) in zip(c.history, c.history[1:])
    }
    if retired:  # the retiring entry is the last one: the criterion ends then
        date = c.history[-1][1]
        out[c.version] = Grace(c.cite, new, date, add_months(date, months))
    return out


def notice(c, corpus, today: str) -> Grace | None:
    """The notice a criterion's card shows on `today`: the version just replaced (or the retired
    criterion itself) while it is still accepted; None once the grace period is over."""
    ended = ended_versions(c, corpus)
    if corpus.vocab.retired(c.status):
        grace = ended.get(c.version)
    else:
        grace = ended.get(c.version - 1)
    return grace if grace is not None and grace.open_on(today) else None


def today_of(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()


def source_date_epoch(corpus, project: Project) -> int:
    """The project's SOURCE_DATE_EPOCH if set, else the newest date in the data: never the wall clock."""
    return epoch_of([cat.updated for cat in corpus.categories], project)


def epoch_of(updated: list, project: Project) -> int:
    """source_date_epoch from the categories' `updated` dates (a build whose workers make the corpus
    reads them from the checked data, #21)."""
    if project.epoch is not None:
        return project.epoch
    newest = max([*updated, "2026-01-01"])
    return int(dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC).timestamp())

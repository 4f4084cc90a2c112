"""Where things are on the site, relative to a language's root: the one place that builds a
criterion's, category's or page's address. Templates get these as globals; add `base` (the
relative way back to the root) or a site address in front."""
from __future__ import annotations

SEARCH = "soeg/"
CHANGES = "aendringer/"
SELECTION = "udbud/"  # "Mit udbud": the procurer's selection (see docs/assets/js/selection.js)


def category(cat_id: str) -> str:
    return f"kategorier/{cat_id}/"


def criterion(c) -> str:
    """A criterion's permanent address: its card on its category's page."""
    return f"{category(c.category)}#{c.anchor}"


def criterion_by_id(corpus, criterion_id: str) -> str:
    return criterion(corpus.criteria[criterion_id])


def label(label_id: str) -> str:
    return f"maerker/{label_id}/"


def goal(goal_id: str) -> str:
    return f"pogi/{goal_id}/"

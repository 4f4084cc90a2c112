"""Where things are on the site, relative to a language's root: the one place that builds a
criterion's, category's or page's address. Templates get these as globals; add `base` (the
relative way back to the root) or a site address in front."""

from __future__ import annotations

SEARCH = "soeg/"
CHANGES = "aendringer/"
ERRATA = "rettelser/"  # corrections that change no meaning (no new version), from the criteria's errata
FEED_ALL = "feeds/alle.xml"  # the library's Atom feed; each category has feeds/<id>.xml
SELECTION = "udbud/"  # "Mit udbud": the procurer's selection (see web/js/selection.js)
CATEGORIES = "kategorier/"  # the category index
COVERAGE = "daekning/"  # "Hvad dækker opslagsværket ikke": every EU GPP group and POGI goal without a category
COMPARE = "sammenlign/"  # criteria or versions side by side: sammenlign/?k=IT-03:1,IT-03 (web/js/compare.js)
VERSIONS = "kriterier/"  # earlier versions' pages: kriterier/<id>/<version>/ (version())

# Names the site uses itself, which no category, ecolabel, POGI goal or type id may take (R218).
# Ids become paths (kategorier/<id>/, downloads/<id>.json, maerker/<id>/, pogi/<id>/, feeds/<id>.xml):
# an id equal to one of these would replace a page (`index` replaced the categories overview,
# `opslag` made a category's JSON link serve the whole corpus). A test builds the site and checks
# that every name it makes is here; add the name of any new page or download to this list.
RESERVED_NAMES = frozenset(
    {path.strip("/") for path in (SEARCH, CHANGES, ERRATA, SELECTION, COVERAGE, COMPARE)}
    | {
        # pages and folders of the site (opslag/site/pages.py, the theme, MkDocs)
        "index",
        "search",
        "kategorier",
        "maerker",
        "pogi",
        "kravtyper",
        "downloads",
        "kriterier",
        "assets",
        "stylesheets",
        "javascripts",
        "vendor",
        "js",
        "en",
        "da",
        "404",
        "sitemap",
        "mit-udbud",
        # the hand-written pages (docs/<lang>/*.md)
        "brug",
        "om",
        "datamodel",
        "tilgaengelighed",
        # whole-corpus downloads (downloads/opslag.json, .csv, udbud.json) and the feeds (feeds/alle.xml)
        "opslag",
        "feeds",
        "alle",
        # the long criterion lists' parts (downloads/lister/, opslag/exports/list_parts.py)
        "lister",
    }
)


def category(cat_id: str) -> str:
    return f"kategorier/{cat_id}/"


def criterion(c) -> str:
    """A criterion's permanent address: its card on its category's page."""
    return f"{category(c.category)}#{c.anchor}"


def version(c, number: int) -> str:
    """An earlier version's page: its texts as they read, and what changed since (kriterier/it-03/1/)."""
    return f"{VERSIONS}{c.anchor}/{number}/"


def compare(cites) -> str:
    """The compare page with these criteria or versions side by side (['IT-03:1', 'IT-03'])."""
    return f"{COMPARE}?k={','.join(cites)}"


def criterion_by_id(corpus, criterion_id: str) -> str:
    return criterion(corpus.criteria[criterion_id])


def label(label_id: str) -> str:
    return f"maerker/{label_id}/"


def goal(goal_id: str) -> str:
    return f"pogi/{goal_id}/"


def category_feed(cat_id: str) -> str:
    return f"feeds/{cat_id}.xml"

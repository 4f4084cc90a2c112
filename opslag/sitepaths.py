"""Names the site itself uses, which no category, ecolabel, POGI goal or type may take.

Ids become paths: kategorier/<id>/, downloads/<id>.json, maerker/<id>/, pogi/<id>/,
kravtyper/<slug>/. An id equal to one of these would replace a page of the site (`index`
replaced the categories overview; `opslag` made a category's JSON link serve the whole corpus).
The page paths themselves are in opslag/pages.py (SEARCH_PAGE and the folders it writes);
a test builds the site and checks that every name it makes is in this list. Kept small and
free of imports so `build.py check` can use it without loading the site machinery.
"""
from __future__ import annotations

RESERVED_NAMES = frozenset({
    # pages and folders of the site (opslag/pages.py, the theme, MkDocs)
    "index", "soeg", "search", "kategorier", "maerker", "pogi", "kravtyper", "downloads", "kriterier",
    "assets", "stylesheets", "javascripts", "vendor", "en", "da", "404", "sitemap", "udbud", "mit-udbud",
    # the hand-written pages (docs/<lang>/*.md)
    "brug", "om", "datamodel", "tilgaengelighed",
    # whole-corpus downloads: downloads/opslag.json, downloads/opslag.csv
    "opslag",
    # the change log and its feeds: aendringer/, feeds/alle.xml, feeds/<category>.xml
    "aendringer", "feeds", "alle",
})

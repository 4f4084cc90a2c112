"""MkDocs told which pages to build (serve's rebuild, opslag/site/incremental.py): the named pages
are read and built, every other page is taken as built already and its file in the site left as
it is. MkDocs' own `dirty` mode decides by file times; serve knows which pages changed."""

from __future__ import annotations

import logging

from mkdocs.plugins import BasePlugin

_DIRTY_NOTE = "A 'dirty' build is being performed"  # MkDocs' caution, as a warning that strict mode counts


class OnlyPages(BasePlugin):
    def __init__(self, pages: set):
        super().__init__()
        self.pages = pages

    def on_files(self, files, config):
        for file in files.documentation_pages():
            built = file.src_uri in self.pages
            file.is_modified = lambda built=built: built
        return files


def add_to(config, pages: set) -> None:
    config.plugins["gpp-only-pages"] = OnlyPages(set(pages))


class QuietDirtyNote(logging.Filter):
    """Drops MkDocs' caution about dirty builds (stale navigation and links): it does not apply here,
    as the pages in the navigation are always built again and the rest of the site is kept in step."""

    def filter(self, record) -> bool:
        return not record.getMessage().startswith(_DIRTY_NOTE)

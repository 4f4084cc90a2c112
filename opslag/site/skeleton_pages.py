"""The earlier versions' pages (versions.py) are most of the site's pages (#21: 6,020 of 6,741 at
3,610 criteria) and differ from one another only in their title, their address and their finished
HTML block. MkDocs renders one of them with a marker for a title; each of the others is that page
with its own title, address and block put in, rather than a run of the theme's template (which was
most of MkDocs' time). The pages stay MkDocs' pages, unread (its `dirty` mode, as in serve's
rebuild): the sitemap lists them with their dates.

Only a title that Markdown, the theme's escaping and the heading's anchor leave as it is (letters,
digits and plain punctuation) is put in this way; any other page is rendered by MkDocs as before.
Two pages are rendered with the marker, and the second must be the first with only its address
changed; otherwise the build stops rather than write pages that differ from MkDocs' own."""

from __future__ import annotations

import json
import re
from pathlib import Path

from markdown.extensions import toc
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from opslag.site import html_blocks

MARK = "GppSkeletonTitle"  # letters only: the same after Markdown and escaping
_PLAIN = re.compile(r"[\w .,:;()/%+\u2013\u2019-]+")  # and no "_": not & < > " ' * _ ` [ ] \\ # { } ! ...


def plain(title: str) -> bool:
    """Whether Markdown, Jinja's escaping and striptags leave the title as it is (then only its
    anchor, the heading's slug, has to be worked out: by the configured slugify)."""
    return bool(_PLAIN.fullmatch(title)) and "_" not in title and title == " ".join(title.split())


class SkeletonPages(BasePlugin):
    def __init__(self, is_page, blocks: Path):
        super().__init__()
        self.is_page, self.blocks = is_page, blocks
        self.titles, self.marked, self.skeletons = {}, [], {}

    @event_priority(-100)  # after every plugin that says which pages are built (only_pages.py)
    def on_files(self, files, config):
        self.titles, self.marked, self.skeletons = {}, [], {}
        for file in files.documentation_pages():
            if not (self.is_page(file.src_uri) and file.is_modified()):
                continue
            with open(file.abs_src_path, encoding="utf-8") as f:
                title = f.readline().removeprefix("# ").rstrip("\n")
            if plain(title):
                self.titles[file] = title
        self.marked = list(self.titles)[:2]  # rendered by MkDocs, with the marker for their title
        for file in self.titles:
            file.is_modified = lambda file=file: file in self.marked
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if page.file not in self.marked:
            return markdown
        return f"# {MARK}\n" + markdown.partition("\n")[2]

    @event_priority(100)  # before html_blocks.py puts the page's own block in
    def on_post_page(self, output, page, config):
        if page.file in self.marked:
            self.skeletons[page.file] = output
        return output

    def on_post_build(self, config):
        if not self.titles:
            return
        first, *second = self.marked
        skeleton, own = self.skeletons[first], first.page.canonical_url
        if own not in skeleton or MARK not in skeleton:
            raise PluginError(f"{first.src_uri}: the theme's page does not hold its address and title")
        if second and _put_in(skeleton, own, second[0].page.canonical_url, MARK, MARK) != self.skeletons[second[0]]:
            raise PluginError(f"{second[0].src_uri}: the theme's pages differ in more than their address")
        slug = config["mdx_configs"].get("toc", {}).get("slugify", toc.slugify)
        mark_slug = slug(MARK, "-")
        for file, title in self.titles.items():
            html = _put_in(skeleton, own, file.page.canonical_url, MARK, title)
            html = html.replace(mark_slug, slug(title, "-"))
            blocks = json.loads((self.blocks / f"{file.src_uri}.json").read_text(encoding="utf-8"))
            Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
            with open(file.abs_dest_path, "w", encoding="utf-8", newline="") as f:
                f.write(html_blocks.restore(html, blocks, file.src_uri))


def _put_in(skeleton: str, own: str, address: str, mark: str, title: str) -> str:
    return skeleton.replace(own, address).replace(mark, title)


def add_to(config, is_page, blocks: Path) -> None:
    config.plugins["gpp-skeleton-pages"] = SkeletonPages(is_page, blocks)

"""The earlier versions' pages (versions.py) are most of the site's pages (#21: 6,020 of 6,741 at
3,610 criteria) and differ from one another only in their title, their address and their finished
HTML block. MkDocs renders one of them with a marker for a title; each of the others is that page
with its own title, address and block put in, rather than a run of the theme's template (which was
most of MkDocs' time). The pages stay MkDocs' pages, unread (its `dirty` mode, as in serve's
rebuild): the sitemap lists them with their dates.

Only a title that Markdown, the theme's escaping and the heading's anchor leave as it is (letters,
digits and plain punctuation), on a page whose Markdown is otherwise the first's, is put in this
way; any other page is rendered by MkDocs as before. MkDocs also renders a page of another
criterion as it is, which must be the marked page with that page's title and address put in;
otherwise the build stops rather than write pages that differ from MkDocs' own."""

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
        self._reset()

    def _reset(self) -> None:
        self.titles: dict = {}  # File -> its title, for every page put together
        self.skeleton = self.witness = None  # the File rendered with the marker, and one rendered as it is
        self.outputs: dict = {}  # File -> the theme's page of those two, their blocks not yet put back

    @event_priority(-100)  # after every plugin that says which pages are built (only_pages.py)
    def on_files(self, files, config):
        self._reset()
        body = None  # every page put together has the Markdown of the first but its title line
        for file in files.documentation_pages():
            if not (self.is_page(file.src_uri) and file.is_modified()):
                continue
            with open(file.abs_src_path, encoding="utf-8") as f:
                first, _, rest = f.read().partition("\n")
            title = first.removeprefix("# ")
            if first.startswith("# ") and plain(title) and (body is None or rest == body):
                body = rest
                self.titles[file] = title
        if not self.titles:
            return files
        self.skeleton = next(iter(self.titles))
        # MkDocs also renders a page of another criterion as it is: the skeleton with its title and
        # address put in must be that page, or the build stops (on_post_build)
        folder = Path(self.skeleton.src_uri).parent
        self.witness = next((f for f in self.titles if Path(f.src_uri).parent != folder), None)
        for file in self.titles:
            file.is_modified = lambda file=file: file in (self.skeleton, self.witness)
        return files

    def on_page_markdown(self, markdown, page, config, files):
        if page.file is not self.skeleton:
            return markdown
        return f"# {MARK}\n" + markdown.partition("\n")[2]

    @event_priority(100)  # before html_blocks.py puts the page's own block in
    def on_post_page(self, output, page, config):
        if page.file in (self.skeleton, self.witness):
            self.outputs[page.file] = output
        return output

    def on_post_build(self, config):
        if not self.titles:
            return
        skeleton, own = self.outputs[self.skeleton], self.skeleton.page.canonical_url
        if own not in skeleton or MARK not in skeleton:
            raise PluginError(f"{self.skeleton.src_uri}: the theme's page does not hold its address and title")
        slug = config["mdx_configs"].get("toc", {}).get("slugify", toc.slugify)
        mark_slug = slug(MARK, "-")

        def page(file) -> str:
            html = skeleton.replace(own, file.page.canonical_url).replace(MARK, self.titles[file])
            return html.replace(mark_slug, slug(self.titles[file], "-"))

        if self.witness is not None and page(self.witness) != self.outputs[self.witness]:
            raise PluginError(f"{self.witness.src_uri}: the theme's pages differ in more than their title and address")
        for file in self.titles:
            blocks = json.loads((self.blocks / f"{file.src_uri}.json").read_text(encoding="utf-8"))
            Path(file.abs_dest_path).parent.mkdir(parents=True, exist_ok=True)
            with open(file.abs_dest_path, "w", encoding="utf-8", newline="") as f:
                f.write(html_blocks.restore(page(file), blocks, file.src_uri))


def add_to(config, is_page, blocks: Path) -> None:
    config.plugins["gpp-skeleton-pages"] = SkeletonPages(is_page, blocks)

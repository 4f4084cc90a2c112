"""Finished HTML that Markdown never parses: the criterion cards, criterion lists and category
cards are made by Jinja2 (render/) and are HTML already. The page's Markdown carries a marker in
their place (pages.py), the blocks wait in a file beside the docs folder, and this MkDocs plugin
puts them back into each built page, so only the hand-written parts of a page pass through Markdown
(issue #21: the second pass over the cards was a fifth of the build)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

_MARKER = "<!--gpp-html:{}-->"
_FIND = re.compile(r"<!--gpp-html:(\d+)-->")


def marker(index: int) -> str:
    """The stand-in for a page's `index`-th block: an HTML comment, which Markdown passes through as it is."""
    return _MARKER.format(index)


def store(folder: Path, page: str, blocks: list) -> None:
    """Keep one page's blocks for the MkDocs run (`page` is its path in the docs folder)."""
    path = folder / f"{page}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(blocks), encoding="utf-8")


def dumps(blocks: list) -> str:
    """The text of a page's blocks file."""
    return json.dumps(blocks, ensure_ascii=False)


def restore(output: str, blocks: list, page: str) -> str:
    """`output` with every marker replaced by its block; each block must be there exactly once."""
    parts = _FIND.split(output)
    seen = [int(i) for i in parts[1::2]]
    if sorted(seen) != list(range(len(blocks))):
        raise PluginError(f"{page}: the generated HTML blocks did not come through MkDocs intact")
    parts[1::2] = [blocks[i] for i in seen]
    return "".join(parts)


class HtmlBlocks(BasePlugin):
    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def on_post_page(self, output, page, config):
        path = self.folder / f"{page.file.src_uri}.json"
        if not path.is_file():
            return output
        return restore(output, json.loads(path.read_text(encoding="utf-8")), page.file.src_uri)


def add_to(config, folder: Path) -> None:
    config.plugins["gpp-html-blocks"] = HtmlBlocks(folder)

"""MkDocs keeps every page's Markdown and HTML until its whole run ends (it checks the anchors
after writing the last page), so its memory grew with the site (#21). This plugin lets each text go
once it has been used: the Markdown when it has been rendered, the HTML when the page is written.
What MkDocs still needs of a page after that is kept: its title (from the render, not from these
texts: both are left empty strings, never None, so the title is worked out as before), its address,
its table of contents and its anchors."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin


class LeanPages(BasePlugin):
    def on_page_content(self, html, page, config, files):
        page.markdown = ""
        return html

    def on_post_page(self, output, page, config):
        page.content = ""
        return output


def add_to(config) -> None:
    config.plugins["gpp-lean-pages"] = LeanPages()

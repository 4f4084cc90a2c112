"""Hands the build's date to MkDocs without touching os.environ: MkDocs reads SOURCE_DATE_EPOCH
from the environment for each page's date (sitemap.xml and its .gz) and the templates'
build_date_utc, so this plugin, added to the loaded configuration, sets them instead."""

from __future__ import annotations

import datetime as dt

from mkdocs.plugins import BasePlugin


class BuildDate(BasePlugin):
    def __init__(self, epoch: int):
        super().__init__()
        self.moment = dt.datetime.fromtimestamp(epoch, dt.UTC)

    def on_pre_page(self, page, config, files):
        page.update_date = self.moment.strftime("%Y-%m-%d")
        return page

    def on_page_context(self, context, page, config, nav):
        context["build_date_utc"] = self.moment
        return context

    def on_template_context(self, context, template_name, config):
        context["build_date_utc"] = self.moment
        return context


def add_to(config, epoch: int) -> None:
    config.plugins["gpp-build-date"] = BuildDate(epoch)

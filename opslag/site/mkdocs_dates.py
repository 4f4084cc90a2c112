"""Hands the build's date to MkDocs without touching os.environ: MkDocs reads SOURCE_DATE_EPOCH
from the environment for each page's date (sitemap.xml and its .gz) and the templates'
build_date_utc, so this plugin, added to the loaded configuration, sets them instead. A page made
from the criteria takes its date from the data instead (PageWriter.page_dates: a category page the
day its newest criterion changed), so the sitemap's lastmod says when its content last changed."""

from __future__ import annotations

import datetime as dt

from mkdocs.plugins import BasePlugin


class BuildDate(BasePlugin):
    def __init__(self, epoch: int, dates: dict | None = None):
        super().__init__()
        self.moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
        self.dates = dates or {}  # page source path -> YYYY-MM-DD from the data

    def _date(self, page) -> str:
        built = self.moment.strftime("%Y-%m-%d")
        return min(self.dates.get(page.file.src_uri, built), built)  # never after the build

    def on_pre_page(self, page, config, files):
        page.update_date = self._date(page)
        return page

    def on_env(self, env, config, files):
        # every page's date, also of the pages a serve rebuild does not read (the sitemap lists them all)
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.update_date = self._date(file.page)
        return env

    def on_page_context(self, context, page, config, nav):
        context["build_date_utc"] = self.moment
        return context

    def on_template_context(self, context, template_name, config):
        context["build_date_utc"] = self.moment
        return context


def add_to(config, epoch: int, dates: dict | None = None) -> None:
    config.plugins["gpp-build-date"] = BuildDate(epoch, dates)

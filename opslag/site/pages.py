"""The site's Markdown pages and downloadable files for one language, made one at a time.

Pure: no disk writes here, so tests and the determinism check see exactly what is built.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from markupsafe import Markup

from opslag import exports, urls
from opslag.exports import changes_data, list_parts
from opslag.exports.reuse import kept_part, kept_row, per_category
from opslag.model import changelog, facets, lifecycle
from opslag.model.corpus import Text
from opslag.project import Project
from opslag.render.templates import Renderer, load_strings, type_slug
from opslag.site import html_blocks, versions
from opslag.source import schema

# The Markdown source of each page at a fixed address (urls.py): served at the address's directory.
SEARCH_PAGE = urls.SEARCH.strip("/") + ".md"  # the forms on the pages and in the header point there
CHANGES_PAGE = urls.CHANGES.strip("/") + ".md"  # the change log
ERRATA_PAGE = urls.ERRATA.strip("/") + ".md"  # corrections without a new version
SELECTION_PAGE = urls.SELECTION.strip("/") + ".md"  # "Mit udbud"
COVERAGE_PAGE = urls.COVERAGE.strip("/") + ".md"  # what the library does not cover, from vocab/
COMPARE_PAGE = urls.COMPARE.strip("/") + ".md"  # criteria or versions side by side (web/js/compare.js)


def _base(page: str) -> str:
    """Relative prefix from a page's URL (directory URLs) back to the site root."""
    if page == "index.md":
        return ""
    depth = page.count("/") + (0 if page.endswith("index.md") else 1)
    return "../" * depth


class PageWriter:
    def __init__(self, corpus, lang: str, project: Project, epoch: int | None = None):
        self.corpus, self.lang = corpus, lang
        self.project = project
        self.catalogue = load_strings(project)
        self.r = Renderer(corpus, lang, project, self.catalogue)
        self.r.env.globals["corpus"] = corpus
        self.r.env.globals["text"] = Text.of
        if epoch is None:  # the build's date: SOURCE_DATE_EPOCH, else the newest date in the data
            epoch = lifecycle.source_date_epoch(corpus, project)
        today = lifecycle.today_of(epoch)
        # a criterion's card stands on several pages: its grace periods are worked out once
        ended = functools.cache(lambda cid: lifecycle.ended_versions(corpus.criteria[cid], corpus))
        notice = functools.cache(lambda cid: lifecycle.notice(corpus.criteria[cid], corpus, today))
        self.r.env.globals["grace_notice"] = lambda c: notice(c.id)
        # an earlier version's page: until when that version is accepted, or that it no longer is
        self.r.env.globals["version_grace"] = lambda c, version: ended(c.id).get(version)
        self.r.env.globals["today"] = today
        self.r.env.globals["facet_values"] = lambda c: facets.values_json(corpus, c)  # data-facets (filters.js)
        self.facets = facets.facets(corpus)  # the filter component's facets and options, worked out once
        self.listings = {listing.page: listing for listing in list_parts.listings(corpus)}
        self.whole_up_to = list_parts.WHOLE_UP_TO  # a longer list is in parts (tests lower it)
        self.hold_html = False
        self.memo = None  # serve: what the last build made, per category (opslag/site/incremental.py)
        self._macros: dict = {}  # (template, macro) -> the macro, for _macro
        self.r.env.globals["kept_row"] = self._kept_row
        self.r.env.globals["kept_card"] = self._kept_card
        self._selects: dict = {}  # facet name -> its <select>, made once a build (filters.html.j2)
        self.r.env.globals["facet_select"] = self._facet_select

    def _page(self, path: str, template: str, **context) -> tuple:
        """(path, Markdown, HTML blocks). With `hold_html` the criterion cards, criterion lists,
        category cards, the filter component and what a template puts in `{% filter held %}` (an
        earlier version's page: #21, the most numerous pages) are not in the Markdown but in the blocks, each replaced by
        a marker that the MkDocs run puts back (html_blocks.py): Markdown never parses them."""
        base = _base(path)
        blocks = []

        def html(markup: str) -> Markup:
            if not self.hold_html:
                return Markup(markup)
            blocks.append(markup)
            return Markup(html_blocks.marker(len(blocks) - 1))

        env = self.r.env.globals
        env["base"] = base
        env["card"] = lambda c: html(self.r.render("card.html.j2", c=c, base=base).strip())
        env["criteria_list"] = lambda cs, listing=None: html(self._criteria_list(cs, listing).strip())
        env["filters"] = lambda n=0, exclude=(), dynamic=False, mandatory=0, listing=None: html(
            self.r.render(
                "filters.html.j2",
                facets=[f for f in self.facets if f["name"] not in exclude],
                n=n,
                dynamic=dynamic or self._parted(listing),  # a list in parts is drawn by critlist.js
                count=not dynamic,
                mandatory=mandatory,  # an edition's build: "only mandatory for us" on a category page
                base=base,
            ).strip()
        )
        self.r.env.filters["held"] = lambda markup: html(str(markup))  # {% filter held %}: a page's own finished HTML
        if "cards" in context:
            context["cards"] = html(context["cards"])
        return path, self.r.render(template, base=base, **context), blocks

    def _parted(self, listing) -> bool:
        return listing is not None and listing.parted(self.whole_up_to)

    def _criteria_list(self, criteria, listing) -> str:
        """A list of criteria; a long one (list_parts.py) as its first rows, the way to the rest
        (web/js/critlist.js) and, for a reader without JavaScript, its categories."""
        if not self._parted(listing):
            return self.r.render("criteria_list.html.j2", criteria=criteria, more=None)
        more = {
            "parts": listing.index,
            "total": len(criteria),
            "categories": listing.categories(self.corpus),
            "filter": listing.filter_query(),
        }
        return self.r.render("criteria_list.html.j2", criteria=criteria[: list_parts.PAGE_SIZE], more=more)

    def _macro(self, template: str, name: str, **context):
        """A macro of a template, taken once (the template's own body rendered with `context`)."""
        if (template, name) not in self._macros:
            module = self.r.env.get_template(template).make_module(context)
            self._macros[(template, name)] = getattr(module, name)
        return self._macros[(template, name)]

    def _kept_row(self, c, base: str, with_facets: bool) -> Markup:
        """A criterion's row in a list (criteria_list.html.j2's `row`), kept in serve (reuse.kept_row)."""
        row = self._macro("criteria_list.html.j2", "row", criteria=(), more=None)
        return kept_row(self.memo, row, c, base, with_facets)

    def _kept_card(self, cat, base: str) -> Markup:
        """A category's card (category_cards.html.j2's `card`), kept in serve per page depth like a row."""
        card = self._macro("category_cards.html.j2", "card", categories=())
        return kept_part(self.memo, "cards", cat.id, base, lambda: card(cat, base))

    def _facet_select(self, facet: dict) -> Markup:
        """A facet's <select> (filters.html.j2's `select`): its options are the build's, the same on
        every page, so it is made once (self.facets: one dict per facet for the whole build)."""
        if facet["name"] not in self._selects:
            select = self._macro("filters.html.j2", "select", facets=(), n=0, dynamic=False, count=False, mandatory=0)
            self._selects[facet["name"]] = select(facet)
        return self._selects[facet["name"]]

    def _cards(self, path: str) -> Markup:
        self.r.env.globals["base"] = _base(path)
        return Markup(self.r.render("category_cards.html.j2", categories=self.corpus.categories).strip())

    def _form(self, path: str, suffix: str) -> Markup:
        self.r.env.globals["base"] = _base(path)
        action = _base(path) + SEARCH_PAGE.removesuffix(".md") + "/"
        return Markup(self.r.render("search_form.html.j2", suffix=suffix, action=action).strip())

    def theme(self, site_path: str) -> dict:
        """MkDocs' and the theme's settings that hold texts or languages, from the catalogue:
        the site's name, description and heading-link title, the language menu, and what
        overrides/main.html needs (`gpp_search`)."""
        s, languages = self.r.strings, self.catalogue["languages"]
        return {
            "site_name": s["site_name"],
            "site_description": s["site_description"],
            "permalink_title": s["permalink_title"],
            "alternate": [
                # each language's root on the server: the site may live below a path (SITE_URL .../gpp/)
                {
                    "name": self.catalogue[lang]["language_name"],
                    "link": urlsplit(self.project.lang_url(lang)).path,
                    "lang": lang,
                }
                for lang in languages
            ],
            "gpp_search": self.header_search(site_path),
            "gpp_public": self.project.public,  # the printout's footer shows the address only if it is the real one
            "page_dates": self.page_dates(),  # the sitemap's lastmod (opslag/site/mkdocs_dates.py)
        }

    def page_dates(self) -> dict:
        """{page: YYYY-MM-DD} for the pages made from the criteria: the day their content last
        changed (a criterion's newest version or erratum, a category's `updated`)."""
        c, out = self.corpus, {}

        def newest(criteria, *more) -> str | None:
            dates = [x.last_changed for x in criteria] + [d for d in more if d]
            return max(dates) if dates else None

        for cat in c.categories:
            out[f"kategorier/{cat.id}.md"] = newest(cat.criteria, cat.updated)
        for id_ in c.vocab.ids("labels"):
            out[f"maerker/{id_}.md"] = newest(c.criteria_with_label(id_))
        for id_ in c.vocab.ids("types"):
            out[f"kravtyper/{type_slug(id_)}.md"] = newest(c.criteria_of_type(id_))
        out[CHANGES_PAGE] = newest(c.criteria.values())
        out[ERRATA_PAGE] = max((e.date for e in changelog.errata(c)), default=None)
        return {page: date for page, date in sorted(out.items()) if date}

    def header_search(self, site_path: str) -> dict:
        """What overrides/main.html needs for the header search box. `site_path` is the path of
        the site root on the server: the header stays put while instant navigation changes the
        page, so the form's address cannot be relative to the page."""
        s = self.r.strings
        return {
            "action": site_path + SEARCH_PAGE.removesuffix(".md") + "/",
            "label": s["search_label"],
            "button": s["search_button"],
            "selection": site_path + urls.SELECTION,
            "selection_label": s["sel_page"],
            "selection_count": s["sel_count"],
            "selection_add": s["sel_add"],
            "selection_remove": s["sel_remove"],
            "print_built": s["sel_doc_built"],
            "feed_all": urls.FEED_ALL,
            "feed_all_title": s["changes"],
            "selection_reset": s["sel_storage_reset"],
            "id_pattern": schema.CRITERION_ID,  # the counter counts only what can be a criterion (selection.js)
        }

    def pages(self) -> dict:
        """Every generated page's Markdown, the cards in it: {path: Markdown}."""
        return {path: markdown for path, markdown, _ in self.generated()}

    def generated(self, hold_html: bool = False):
        """Each generated page as (path, Markdown, HTML blocks), one at a time (see _page)."""
        self.hold_html = hold_html
        c, v = self.corpus, self.corpus.vocab
        intro = (self.project.docs / self.lang / "_forside.md").read_text(encoding="utf-8")
        yield self._page(
            "index.md",
            "page_home.md.j2",
            intro=Markup(intro),
            form=self._form("index.md", "-home"),
            cards=self._cards("index.md"),
        )
        yield self._page(SEARCH_PAGE, "page_search.md.j2", form=self._form(SEARCH_PAGE, ""))
        yield self._page("kategorier/index.md", "page_categories.md.j2", cards=self._cards("kategorier/index.md"))
        for cat in c.categories:
            yield from per_category(self.memo, "page", cat.id, lambda cat=cat: [self._category_page(cat)])
        yield self._page("maerker/index.md", "page_labels.md.j2")
        for id_ in v.ids("labels"):
            page = f"maerker/{id_}.md"
            yield self._page(page, "page_label.md.j2", id=id_, entry=v.get("labels", id_), listing=self.listings[page])
        yield self._page("pogi/index.md", "page_goals.md.j2")
        for id_ in v.ids("goals"):
            page = f"pogi/{id_}.md"
            yield self._page(page, "page_goal.md.j2", id=id_, entry=v.get("goals", id_), listing=self.listings[page])
        coverage_intro = (self.project.docs / self.lang / "_daekning.md").read_text(encoding="utf-8")
        yield self._page(
            COVERAGE_PAGE,
            "page_coverage.md.j2",
            intro=Markup(coverage_intro),
            covered_groups={g for cat in c.categories for g in cat.eu_gpp_groups},
            covered_goals={g for cat in c.categories for g in cat.pogi_goals},
        )
        yield self._page(
            CHANGES_PAGE,
            "page_changes.md.j2",
            **self._changes(),
            feed_all=urls.FEED_ALL,
            category_feed=urls.category_feed,
        )
        yield self._page(ERRATA_PAGE, "page_errata.md.j2", errata=changelog.errata(c))
        yield self._page(SELECTION_PAGE, "page_udbud.md.j2")
        yield self._page(COMPARE_PAGE, "page_compare.md.j2")
        yield from versions.pages(self, self.project.web)
        yield self._page("kravtyper/index.md", "page_types.md.j2")
        for id_ in v.ids("types"):
            page = f"kravtyper/{type_slug(id_)}.md"
            yield self._page(page, "page_type.md.j2", id=id_, listing=self.listings[page])

    def _category_page(self, cat) -> tuple:
        return self._page(f"kategorier/{cat.id}.md", "page_category.md.j2", cat=cat, groups=self.r.groups(cat.criteria))

    def _changes(self) -> dict:
        """The change log page's first rows (the page without JavaScript shows them; web/js/changes.js
        draws the rest from the parts written by opslag/exports/changes_data.py) and its filters."""
        c = self.corpus
        all_changes = changelog.entries(c)  # versions and errata
        return {
            "rows": [changes_data.kept_entry(self.memo, ch, c, self.r) for ch in all_changes[: changes_data.PAGE_SIZE]],
            "total": len(all_changes),
            "index": changes_data.INDEX,
            "years": sorted({ch.date[:4] for ch in all_changes}, reverse=True),
            "categories": sorted(c.categories, key=lambda cat: (self.r.plain(cat.title).casefold(), cat.id)),
        }

    def downloads(self, epoch: int, site_url: str) -> dict:
        """Files to download (opslag/exports); `site_url` is this language's public address."""
        return {path: exports.whole(content) for path, content in self.download_items(epoch, site_url)}

    def download_items(self, epoch: int, site_url: str):
        """The same, as (path, content) made one at a time."""
        return exports.items(
            exports.Context(self.corpus, self.r, epoch, site_url, self.project.web, self.project.public, self.memo)
        )

    def nav(self) -> list:
        """A short nav: the index pages only. Listing every category, label and goal would put
        the whole list into every page (Material renders the full nav), which grows as n²."""
        s = self.r.strings
        return [
            {s["home"]: "index.md"},
            {s["search"]: SEARCH_PAGE},
            {s["categories"]: "kategorier/index.md"},
            {s["labels"]: "maerker/index.md"},
            {s["goals"]: "pogi/index.md"},
            {s["coverage"]: COVERAGE_PAGE},
            {s["types"]: "kravtyper/index.md"},
            {s["changes"]: CHANGES_PAGE},
            {s["sel_page"]: SELECTION_PAGE},
            *_hand_written(self.project.docs / self.lang),
        ]


def _hand_written(folder) -> list:
    """Hand-written pages in docs/<lang>/, in the order of their file names (leading number)."""
    return [path.name for path in sorted(folder.glob("*.md")) if not path.name.startswith("_")]


def hand_written_files(folder) -> dict:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md")) if not p.name.startswith("_")}

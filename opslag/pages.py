"""The site's Markdown pages and downloadable files for one language, as {path: content}.

Pure: no disk writes here, so tests and the determinism check see exactly what is built.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from . import changelog, opendata, search_index, snippets_docx
from .model import Text
from .render import Renderer, type_slug

DOCS = Path(__file__).resolve().parent.parent / "docs"
SEARCH_PAGE = "soeg.md"  # served at soeg/; the forms on the pages and in the header point there
CHANGES_PAGE = "aendringer.md"  # the change log, served at aendringer/


def _base(page: str) -> str:
    """Relative prefix from a page's URL (directory URLs) back to the site root."""
    if page == "index.md":
        return ""
    depth = page.count("/") + (0 if page.endswith("index.md") else 1)
    return "../" * depth


class PageWriter:
    def __init__(self, corpus, lang: str):
        self.corpus, self.lang = corpus, lang
        self.r = Renderer(corpus, lang)
        self.r.env.globals["corpus"] = corpus
        self.r.env.globals["text"] = Text.of

    def _page(self, path: str, template: str, **context) -> tuple:
        base = _base(path)
        env = self.r.env.globals
        env["base"] = base
        env["card"] = lambda c: Markup(self.r.render("card.html.j2", c=c, base=base).strip())
        env["criteria_list"] = lambda cs: Markup(self.r.render("criteria_list.html.j2", criteria=cs).strip())
        return path, self.r.render(template, base=base, **context)

    def _cards(self, path: str) -> Markup:
        self.r.env.globals["base"] = _base(path)
        return Markup(self.r.render("category_cards.html.j2", categories=self.corpus.categories).strip())

    def _form(self, path: str, suffix: str) -> Markup:
        self.r.env.globals["base"] = _base(path)
        action = _base(path) + SEARCH_PAGE.removesuffix(".md") + "/"
        return Markup(self.r.render("search_form.html.j2", suffix=suffix, action=action).strip())

    def header_search(self, site_path: str) -> dict:
        """What overrides/main.html needs for the header search box. `site_path` is the path of
        the site root on the server: the header stays put while instant navigation changes the
        page, so the form's address cannot be relative to the page."""
        s = self.r.strings
        return {"action": site_path + SEARCH_PAGE.removesuffix(".md") + "/", "label": s["search_label"],
                "button": s["search_button"], "feed": site_path + changelog.FEED_ALL,
                "feed_title": f"{s['site_name']}: {s['changes']}"}

    def pages(self) -> dict:
        out, c, v = {}, self.corpus, self.corpus.vocab
        intro = (DOCS / self.lang / "_forside.md").read_text(encoding="utf-8")
        out.update([self._page("index.md", "page_home.md.j2", intro=Markup(intro),
                               form=self._form("index.md", "-home"), cards=self._cards("index.md"))])
        out.update([self._page(SEARCH_PAGE, "page_search.md.j2", form=self._form(SEARCH_PAGE, ""))])
        out.update([self._page("kategorier/index.md", "page_categories.md.j2",
                               cards=self._cards("kategorier/index.md"))])
        for cat in c.categories:
            out.update([self._page(f"kategorier/{cat.id}.md", "page_category.md.j2", cat=cat,
                                   groups=self.r.groups(cat.criteria))])
        out.update([self._page("maerker/index.md", "page_labels.md.j2")])
        for id_ in v.ids("labels"):
            out.update([self._page(f"maerker/{id_}.md", "page_label.md.j2", id=id_, entry=v.get("labels", id_))])
        out.update([self._page("pogi/index.md", "page_goals.md.j2")])
        for id_ in v.ids("goals"):
            out.update([self._page(f"pogi/{id_}.md", "page_goal.md.j2", id=id_, entry=v.get("goals", id_))])
        out.update([self._page(CHANGES_PAGE, "page_changes.md.j2", changes=changelog.changes(c),
                               feed_all=changelog.FEED_ALL, category_feed=changelog.category_feed)])
        out.update([self._page("kravtyper/index.md", "page_types.md.j2")])
        for id_ in v.ids("types"):
            out.update([self._page(f"kravtyper/{type_slug(id_)}.md", "page_type.md.j2", id=id_)])
        return out

    def downloads(self, epoch: int, site_url: str) -> dict:
        """Files to download; `site_url` is this language's public address (feeds need absolute links)."""
        out, r = dict(changelog.feeds(self.corpus, self.r, site_url)), self.r
        for crit in self.corpus.criteria.values():
            out[f"downloads/kriterier/{crit.id}.txt"] = r.criterion_text(crit)
            out[f"downloads/kriterier/{crit.id}.md"] = r.criterion_markdown(crit)
        for cat in self.corpus.categories:
            out[f"downloads/{cat.id}.txt"] = r.render(
                "category.txt.j2", cat=cat, groups=r.groups(cat.criteria)).rstrip() + "\n"
            out[f"downloads/{cat.id}.json"] = opendata.category_json(cat, self.corpus)
            out[f"downloads/{cat.id}.docx"] = snippets_docx.category_docx(cat, r, epoch)
        out["downloads/opslag.json"] = opendata.corpus_json(self.corpus)
        out["downloads/opslag.csv"] = opendata.corpus_csv(self.corpus)
        out[f"search/{self.lang}.json"] = search_index.site_index_json(self.corpus, self.lang, r)
        return out

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
            {s["types"]: "kravtyper/index.md"},
            {s["changes"]: CHANGES_PAGE},
            *_hand_written(self.lang),
        ]


def _hand_written(lang: str) -> list:
    """Hand-written pages in docs/<lang>/, in the order of their file names (leading number)."""
    out = []
    for path in sorted((DOCS / lang).glob("*.md")):
        if path.name.startswith("_"):
            continue
        out.append(path.name)
    return out


def hand_written_files(lang: str) -> dict:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((DOCS / lang).glob("*.md"))
            if not p.name.startswith("_")}

"""The long criterion lists in parts: the requirement-type, ecolabel and POGI goal pages list
criteria from every category, so they grow with the library (kravtyper/mindstekrav/ was 5.7 MB at
19,740 criteria), where a category page stays at its tens of criteria. A list of more than
WHOLE_UP_TO criteria is not written whole: its page holds the first PAGE_SIZE rows and the list of
its categories (every criterion is on its category's page: the way on without JavaScript), and
this module writes beside it, under downloads/lister/<page>/,

- index.json: every criterion's filter values as small integers (facets.packed), so the filters
  count and filter over the whole list, and where the parts are;
- <n>.json: the rows CHUNK*n .. CHUNK*n+CHUNK-1 as finished HTML, made by the page's own row
  template (templates/criteria_list.html.j2, autoescaped), so a row fetched is the row the page
  would have held.

web/js/critlist.js draws them (with web/js/parts.js, the change log's loader too). The change log
(changes_data.py) is the same pattern for changes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from opslag.exports.reuse import kept_row
from opslag.model import facets
from opslag.render.templates import type_slug

FOLDER = "downloads/lister/"
WHOLE_UP_TO = 300  # a list this long or shorter stays whole on its page (every shipped list: 188 at most)
PAGE_SIZE = 50  # rows on the page, and rows added by each "show more"
CHUNK = 100  # rows per part: a "show more" needs one part, seldom two


@dataclass(frozen=True)
class Listing:
    """One page's list of criteria: `page` its Markdown path (kravtyper/mindstekrav.md), `exclude`
    the facet the page is about (its filter shows the others), `value` the page's own value of it."""

    page: str
    criteria: tuple
    exclude: tuple
    value: str

    def filter_query(self) -> str:
        """The address query that filters a category page to this list's criteria ('?type=mindstekrav');
        '' for a goal's list, which holds every criterion of its categories."""
        name = self.exclude[0]
        if name == "goal":
            return ""
        param = {n: p for n, p, _ in facets.FACETS}[name]
        return "?" + urlencode({param: self.value})

    def parted(self, whole_up_to: int | None = None) -> bool:
        return len(self.criteria) > (WHOLE_UP_TO if whole_up_to is None else whole_up_to)

    @property
    def folder(self) -> str:
        return FOLDER + self.page.removesuffix(".md") + "/"

    @property
    def index(self) -> str:
        return self.folder + "index.json"

    @property
    def base(self) -> str:
        """The relative way back to the site root from the page (served at <page>/): its rows' links."""
        return "../" * (self.page.count("/") + 1)

    def categories(self, corpus) -> list:
        """(category, how many of the list's criteria it holds), in the site's order of categories:
        the way to every criterion without JavaScript. Empty on a goal's page, which lists its
        categories already (templates/page_goal.md.j2)."""
        if self.exclude == ("goal",):
            return []
        held = {}
        for c in self.criteria:
            held[c.category] = held.get(c.category, 0) + 1
        return [(cat, held[cat.id]) for cat in corpus.categories if cat.id in held]


def listings(corpus) -> list:
    """Every long list of the site: each requirement type's, ecolabel's and POGI goal's page."""
    vocab = corpus.vocab
    out = [Listing(f"maerker/{i}.md", tuple(corpus.criteria_with_label(i)), ("label",), i) for i in vocab.ids("labels")]
    for i in vocab.ids("goals"):
        criteria = tuple(c for cat in corpus.categories_with_goal(i) for c in cat.criteria)
        out.append(Listing(f"pogi/{i}.md", criteria, ("goal",), i))
    out += [
        Listing(f"kravtyper/{type_slug(i)}.md", tuple(corpus.criteria_of_type(i)), ("type",), i)
        for i in vocab.ids("types")
    ]
    return out


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def data(listing: Listing, corpus, r, memo=None) -> tuple[dict, list]:
    """(the index, [part, ...]) of one list: part n holds the rows n*CHUNK .. n*CHUNK+CHUNK-1."""
    names = [name for name, _, _ in facets.FACETS if name not in listing.exclude]
    index = {
        "chunk": CHUNK,
        "parts": listing.folder,  # part n is at parts + n + ".json", from the site root
        "page_size": PAGE_SIZE,
        "facets": facets.packed(corpus, listing.criteria, names),
    }
    rows = rows_html(listing, corpus, r, memo)
    return index, [rows[start : start + CHUNK] for start in range(0, len(rows), CHUNK)]


def rows_html(listing: Listing, corpus, r, memo=None) -> list:
    """Each criterion's row, as the page's template makes it (with the page's way back to the root);
    in serve the rows of the categories an edit did not touch are kept (reuse.kept_row)."""
    template = r.env.get_template("criteria_list.html.j2").make_module({"criteria": (), "more": None, "corpus": corpus})
    return [str(kept_row(memo, template.row, c, listing.base, False)) for c in listing.criteria]


def files(ctx, whole_up_to: int | None = None):
    for listing in listings(ctx.corpus):
        if not listing.parted(whole_up_to):
            continue
        index, parts = data(listing, ctx.corpus, ctx.r, ctx.memo)
        yield listing.index, _dump(index)
        for n, part in enumerate(parts):
            yield f"{listing.folder}{n}.json", _dump(part)

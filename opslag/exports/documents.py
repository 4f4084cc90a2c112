"""Each category's Word and text download: "this category in Mit udbud", every criterion that is
not retired, made by the site's own generators (opslag/webengine.py) from the same data
as the udbud page (builder_data.py), so the downloads and the selection's documents are one
document in one layout. The link on the cover opens the category's criteria in Mit udbud."""

from __future__ import annotations

import functools

from opslag import urls
from opslag.exports import builder_data, zipfiles
from opslag.exports.reuse import per_category
from opslag.webengine import Engine


def category_data(data: dict, cat) -> dict:
    """Mit udbud's data cut to one category: a document of its criteria reads only their entries and
    their category's (tender.js resolve and model), so V8 holds one category at a time, not the corpus."""
    return {
        **data,
        "criteria": {c.id: data["criteria"][c.id] for c in cat.criteria},
        "categories": {cat.id: data["categories"][cat.id]},
    }


@functools.lru_cache(maxsize=1)
def _engine(web, epoch: int) -> Engine:
    """The generators in V8, loaded once a process for a build's date (loading them costs more than a
    document): serve's rebuilds and a process's second language reuse them; each document is made
    from the data loaded for it (Engine.load replaces it whole), so which came before does not matter."""
    return Engine(web, None, epoch)


def files(ctx):
    made = []  # Mit udbud's data, made only when a category's documents are made

    def documents(cat):
        if not made:
            made.append(builder_data.data(ctx))
        data, engine = made[0], _engine(ctx.web, ctx.epoch)
        ids = [c.id for c in cat.criteria if not ctx.corpus.vocab.retired(c.status)]
        engine.load(category_data(data, cat))
        title = cat.title.get(ctx.lang)
        link = f"{ctx.document_url}{urls.SELECTION}?k={engine.selection(ids)}" if ctx.document_url else ""
        yield f"downloads/{cat.id}.docx", zipfiles.normalise(engine.docx(ids, title, link), ctx.epoch)
        yield f"downloads/{cat.id}.txt", engine.text(ids, title, link)

    for cat in ctx.corpus.categories:
        yield from per_category(ctx.memo, "documents", cat.id, lambda cat=cat: documents(cat))

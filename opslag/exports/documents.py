"""Each category's Word and text download: "this category in Mit udbud", every criterion that is
not retired, made by the site's own generators (opslag/webengine.py) from the same data
as the udbud page (builder_data.py), so the downloads and the selection's documents are one
document in one layout. The link on the cover opens the category's criteria in Mit udbud."""

from __future__ import annotations

from opslag import urls
from opslag.exports import builder_data, zipfiles
from opslag.webengine import Engine


def files(ctx):
    # the head goes into V8 once; each category then brings only its criteria and its own entry,
    # which is all a document of them reads (tender.js resolve and model), so V8 and Python hold one
    # category at a time and the head is not sent again per category (#21: it grows with the corpus)
    engine = Engine(ctx.web, builder_data.data(ctx, every=False), ctx.epoch)
    retired = ctx.corpus.vocab.retired
    for cat in ctx.corpus.categories:
        ids = [c.id for c in cat.criteria if not retired(c.status)]
        engine.load_criteria(builder_data.part(ctx, cat), {cat.id: builder_data.category(cat, ctx.corpus, ctx.r)})
        title = cat.title.get(ctx.lang)
        link = f"{ctx.document_url}{urls.SELECTION}?k={engine.selection(ids)}" if ctx.document_url else ""
        yield f"downloads/{cat.id}.docx", zipfiles.normalise(engine.docx(ids, title, link), ctx.epoch)
        yield f"downloads/{cat.id}.txt", engine.text(ids, title, link)

"""Each category's Word and text download: "this category in Mit udbud", every criterion that is
not retired, made by the site's own generators (opslag/webengine.py) from the same data
as the udbud page (builder_data.py), so the downloads and the selection's documents are one
document in one layout. The link on the cover opens the category's criteria in Mit udbud."""

from __future__ import annotations

import functools
import hashlib

from opslag import urls
from opslag.exports import builder_data, zipfiles
from opslag.exports.reuse import per_category
from opslag.webengine import SCRIPTS, Engine


def _engine(web, epoch: int) -> Engine:
    """The generators in V8, loaded once a process for a build's date and the generators' code
    (loading them costs more than a document): serve's rebuilds and a process's second language
    reuse them; each language's head is loaded anew and each category brings its own criteria, so
    which came before does not matter. An edit to the code (serve's full build) loads it anew."""
    code = hashlib.sha256(b"".join((web / name).read_bytes() for name in SCRIPTS)).hexdigest()
    return _loaded(web, epoch, code)


@functools.lru_cache(maxsize=1)
def _loaded(web, epoch: int, code: str) -> Engine:
    return Engine(web, None, epoch)


# V8's heap grows about 1 MB a category's documents; asking its size costs about 0.8 ms (#21)
TRIM_EVERY = 8


def files(ctx):
    # the head goes into V8 once; each category then brings only its criteria and its own entry,
    # which is all a document of them reads (tender.js resolve and model), so V8 and Python hold one
    # category at a time and the head is not sent again per category (#21: it grows with the corpus)
    loaded = []  # the engine with the head, made only when a category's documents are (serve keeps most)
    made = [0]  # how many categories' documents were made

    def documents(cat):
        if not loaded:
            loaded.append(_engine(ctx.web, ctx.epoch))
            loaded[0].load(builder_data.data(ctx, every=False))
        engine = loaded[0]
        ids = [c.id for c in cat.criteria if not ctx.corpus.vocab.retired(c.status)]
        parts, text = engine.category_documents(
            builder_data.part(ctx, cat),
            {cat.id: builder_data.category(cat, ctx.corpus, ctx.r)},
            ids,
            cat.title.get(ctx.lang),
            f"{ctx.document_url}{urls.SELECTION}?k=" if ctx.document_url else "",
        )
        yield f"downloads/{cat.id}.docx", zipfiles.package(parts, ctx.epoch)
        yield f"downloads/{cat.id}.txt", text
        made[0] += 1
        if made[0] % TRIM_EVERY == 0:
            engine.trim()  # the heap stays about the same size however many categories there are

    for cat in ctx.corpus.categories:
        yield from per_category(ctx.memo, "documents", cat.id, lambda cat=cat: documents(cat))

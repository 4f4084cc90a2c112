"""The search query for `build.py search` and the tests: the site's own query (web/js/search.js),
run in V8 embedded in Python (opslag/webengine.py, mini-racer) over the same index file
the site loads. So there is one implementation of the query, in the browser's language, and the
command line ranks exactly as the site; the index is built in Python (index.py), where the
language knowledge is (stems, compounds, synonyms)."""

from __future__ import annotations

import json

from opslag.webengine import Engine


class Search:
    """search.js with one language's index loaded (the JSON of index.site_index_json)."""

    def __init__(self, web, index_json: str):
        self.engine = Engine(web, scripts=("js/gpp.js", "js/search.js"))
        self.engine.ctx.eval(f"gpp.search.prepare({index_json.strip()});")
        self.index = json.loads(index_json)  # the data as the site loads it
        self.docs = self.index["docs"]

    def run(self, queries: list, limit: int | None = 10) -> list:
        """For each query, the criterion ids found, best first (the first `limit`; None: all)."""
        return self.engine.call("gpp.search.run", queries, limit if limit is not None else len(self.docs))

    def __call__(self, query: str, limit: int | None = 10) -> list:
        return self.run([query], limit)[0]

    def scored(self, query: str) -> list:
        """Every criterion found, best first, as (id, score)."""
        return [tuple(pair) for pair in self.engine.call("gpp.search.scored", query)]

    def plan(self, query: str) -> list:
        """The query's terms as search.js plans them: [term, kind, parts]."""
        return self.engine.call("gpp.search.plan", query)

    def call(self, name: str, *args):
        """One of search.js's helpers (fold, split, distance), for the tests."""
        return self.engine.call(f"gpp.search.{name}", *args)

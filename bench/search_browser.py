#!/usr/bin/env python3
"""The search page in headless Chromium: from a key to the updated list, and the JavaScript heap.

A query is typed one key at a time into the built site's search page (served over HTTP, under
its Content-Security-Policy). For each key the page itself records the time of the key (its
`input` event) and of the first change of the result line (#gpp-search-status) after it: the
line is written together with the list, so that is "key to updated list" (the DOM updated; the
paint after it is not counted). A page that draws a later key's list before its snippets (the
rows' data loaded, search.js's loadRows) marks the snippets' arrival on the list (data-complete):
that is "snippets complete", reported beside it (a page that draws the list whole: the same time).
The next key is typed once the list has answered the last one (with its snippets) and 60 ms have
passed, as a quick typist would. The first key is the first after the page said
it is ready (list[data-ready]); the time from opening the page to ready is reported apart. The
heap is V8's used heap after a garbage collection (CDP HeapProfiler.collectGarbage +
Runtime.getHeapUsage) once all queries are typed.

    python bench/search_browser.py SITE_FOLDER [SITE_FOLDER ...]     # prints one JSON line each
"""

from __future__ import annotations

import functools
import http.server
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"  # Debian's, as tests/conftest.py
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
QUERIES = ["rengøringsmiddel uden parfume", "kontormøbler", "it udstyr energi", "svanemærket", "fødevarer økologi"]

# Installed before the page's scripts: the key and list times, kept in the page (no eval needed).
PROBE = """
window.__bench = { keys: [], answers: [], complete: [] };
document.addEventListener("input", function () { window.__bench.keys.push(performance.now()); }, true);
document.addEventListener("DOMContentLoaded", function () {
  var status = document.querySelector("#gpp-search-status");
  if (!status) return;
  new MutationObserver(function () { window.__bench.answers.push(performance.now()); })
    .observe(status, { childList: true, characterData: true, subtree: true });
  new MutationObserver(function () { window.__bench.complete.push(performance.now()); })
    .observe(document.querySelector("#gpp-results"), { attributes: true, attributeFilter: ["data-complete"] });
});
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # connections kept open, as any static host does
    # Each packet sent at once (TCP_NODELAY), as static hosts do (nginx's tcp_nodelay is on by
    # default). Without it the handler's two writes on a kept-open connection (headers, then the
    # body) meet the browser's delayed ACK: about 40 ms added to one file in three of a key's
    # fetches, measured from the Resource Timing of the slowest keys (responseStart to responseEnd).
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass


def shipped_site(work: Path, page: str) -> Path:
    """The shipped corpus's site under work/site, built once (a later run with the same --work reuses it)."""
    site = work / "site"
    if not (site / page / "index.html").exists():
        from opslag.project import Project
        from opslag.site.build import build_site

        assert build_site(Project.from_env(ROOT, out=site)).ok
    return site


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def type_query(browser, url: str, query: str) -> dict:
    """A fresh page (empty cache), ready, then the query typed key by key."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(PROBE)
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#gpp-results[data-ready]", state="attached", timeout=120_000)
    ready = time.perf_counter() - t
    box = page.locator("form.gpp-search input[type=search]")
    progressive = False  # the list drawn before its snippets (data-complete marks the snippets' arrival)
    for i, ch in enumerate(query):
        box.press_sequentially(ch)
        page.wait_for_function(
            "n => window.__bench.keys.length === n && window.__bench.answers.some(a => a >= window.__bench.keys[n - 1])",
            arg=i + 1,
            timeout=60_000,
            polling=5,
        )
        if i == 0:  # the first key's list is drawn whole; a page that draws in two steps marks it then
            progressive = page.evaluate("document.querySelector('#gpp-results').hasAttribute('data-complete')")
        elif progressive:
            page.wait_for_function(
                "n => window.__bench.complete.some(a => a >= window.__bench.keys[n - 1])",
                arg=i + 1,
                timeout=60_000,
                polling=5,
            )
        page.wait_for_timeout(60)
    keys, answers, complete = page.evaluate("[window.__bench.keys, window.__bench.answers, window.__bench.complete]")
    times = [min(a for a in answers if a >= k) - k for k in keys]
    # snippets complete: a page without data-complete draws its list whole, so that is when it is drawn
    whole = [min((a for a in complete if a >= k), default=k + t) - k if progressive else t for k, t in zip(keys, times)]
    loaded = page.evaluate(
        "performance.getEntriesByType('resource').filter(e => e.name.includes('/search/'))"
        ".reduce((n, e) => n + e.decodedBodySize, 0)"
    )
    session = context.new_cdp_session(page)
    session.send("HeapProfiler.collectGarbage")
    heap = session.send("Runtime.getHeapUsage")["usedSize"]
    context.close()
    return {"ready": ready, "times": times, "whole": whole, "heap": heap, "loaded": loaded, "errors": errors}


def measure(browser, url: str, queries=QUERIES) -> dict:
    """Each query on a fresh page: its first key is a first key (nothing loaded but what the page
    loads when it opens); every other key is a later key."""
    runs = [type_query(browser, url, q) for q in queries]
    first = [r["times"][0] for r in runs]
    later = [t for r in runs for t in r["times"][1:]]
    worst = max((t, q[: i + 1]) for q, r in zip(queries, runs) for i, t in enumerate(r["times"]) if i)
    whole = [t for r in runs for t in r["whole"][1:]]
    return {
        "ready_ms": round(statistics.median(r["ready"] for r in runs) * 1000),
        "first_key_median_ms": round(statistics.median(first), 1),
        "first_key_worst_ms": round(max(first), 1),
        "later_keys_median_ms": round(statistics.median(later), 1),
        "later_keys_p90_ms": round(statistics.quantiles(later, n=10)[-1], 1),
        "later_keys_worst_ms": round(max(later), 1),
        "worst_key": worst[1],
        "snippets_median_ms": round(statistics.median(whole), 1),  # later keys, to the snippets complete
        "snippets_p90_ms": round(statistics.quantiles(whole, n=10)[-1], 1),
        "snippets_worst_ms": round(max(whole), 1),
        "keys": len(first) + len(later),
        "heap_mb": round(max(r["heap"] for r in runs) / 1e6, 1),
        "loaded_mb": round(max(r["loaded"] for r in runs) / 1e6, 2),  # index data fetched by one query's page
        "errors": sorted({e for r in runs for e in r["errors"]}),
    }


def run(folders, path: str = "soeg/") -> list:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for folder in folders:
            server = serve(Path(folder))
            try:
                out.append(measure(browser, f"http://127.0.0.1:{server.server_address[1]}/{path}"))
            finally:
                server.shutdown()
        browser.close()
    return out


if __name__ == "__main__":
    for result in run(sys.argv[1:]):
        print(json.dumps(result))

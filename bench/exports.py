#!/usr/bin/env python3
"""Benchmark of the "Mit udbud" exports: the time to make each file (Word, Excel, text) for a
100-criterion selection in headless Chromium (Debian's), on the shipped criteria.

    python bench/exports.py             # build the site into a temporary folder, then measure
    python bench/exports.py --site DIR  # measure an already built site

"cold" is the first export of a format on the page: it includes loading the vendored library
and the exporter; "warm" is the median of the next runs. Every placeholder of the selection is
filled, so the texts are as long as in use. One machine, one run: compare, do not quote to the ms.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
SELECTION = 100
WARM_RUNS = 5


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(site: Path) -> dict:
    import json

    from playwright.sync_api import sync_playwright

    head = json.loads((site / "downloads" / "udbud.json").read_text(encoding="utf-8"))  # Mit udbud's data in parts
    ids = []
    for cat in head["parts"]:
        part = json.loads((site / "downloads" / head["parts_path"] / f"{cat}.json").read_text(encoding="utf-8"))
        ids += [c["id"] for c in part["criteria"].values() if not c["retired"]]
    ids = ids[:SELECTION]
    server, url = serve(site)
    out = {"criteria": len(ids)}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
            page = browser.new_page(base_url=url)
            page.goto("udbud/?k=" + ",".join(ids))
            page.wait_for_selector("#gpp-builder[data-loaded]", timeout=60000)
            out["fields"] = page.evaluate("""() => {
                const fields = document.querySelectorAll('.gpp-field');
                fields.forEach((f, i) => {
                  const v = f.tagName === 'SELECT' ? f.options[1].value : String(10 + i);
                  gpp.selection.setValue(f.dataset.key, v);
                });
                return fields.length; }""")
            for fmt in ("docx", "xlsx", "txt"):
                runs = page.evaluate(
                    """async ([fmt, n]) => {
                    const times = [], sizes = [];
                    for (let i = 0; i < n; i++) {
                      const r = await gpp.builder.exportNow(gpp.builderData, fmt);
                      times.push(r.ms); sizes.push(r.blob.size);
                    }
                    return {times, size: sizes[0]}; }""",
                    [fmt, WARM_RUNS + 1],
                )
                out[fmt] = {
                    "cold_ms": runs["times"][0],
                    "warm_ms": statistics.median(runs["times"][1:]),
                    "bytes": runs["size"],
                }
            browser.close()
    finally:
        server.shutdown()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as tmp:
        site = args.site
        if site is None:
            from opslag.project import Project
            from opslag.site.build import build_site

            result = build_site(Project.from_env(ROOT, out=Path(tmp) / "site"))
            if not result.ok:
                print("build failed", result.error, file=sys.stderr)
                return 1
            site = result.site
        r = measure(site)
    print(f"Mit udbud exports, {r['criteria']} criteria, {r['fields']} placeholders filled, headless Chromium:")
    for fmt, name in (("docx", "Word (.docx)"), ("xlsx", "Excel (.xlsx)"), ("txt", "text (.txt)")):
        x = r[fmt]
        print(
            f"  {name:<14} cold {x['cold_ms']:7.0f} ms (incl. loading the library), "
            f"warm {x['warm_ms']:7.0f} ms (median of {WARM_RUNS}), {x['bytes'] / 1e3:6.0f} kB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Mit udbud (udbud/) at the shipped size and at 20,000 criteria, before and after its data was
split into parts (issue #20 item 2), measured in one run in headless Chromium.

The page is the built site's udbud/ page; only its data differs with the corpus. So the shipped
site is built once, and for each corpus the data is made by the exporter
(opslag/exports/builder_data.py) and served with the page's assets around it, as two sites:
  - after:  downloads/udbud.json (the head) and downloads/udbud/<category>.json, today's browser code;
  - before: the one file downloads/udbud.json (the same data whole: builder_data.data) and the
    browser code as it was before the split (git show BEFORE:web/js/...), which loads it whole.
A tender of 10 criteria, two from each of five categories, is opened by its link (?k=) in a fresh
browser context; measured: the bytes of Mit udbud's data the page fetched, and the time from the
navigation to the tender drawn (#gpp-builder[data-loaded]), the median of RUNS.

    python bench/udbud_scale.py [--copies 60] [--work DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BEFORE = "e6055d0"  # the last commit with Mit udbud's data in one file
RUNS = 5
PICKS = (5, 2)  # categories, criteria from each


def write_data(corpus, out: Path) -> dict:
    """Both forms of the Danish data under out/after and out/before; the tender's ids; the sizes."""
    from opslag import exports
    from opslag.exports import builder_data
    from opslag.project import Project
    from opslag.render.templates import Renderer

    ctx = exports.Context(corpus, Renderer(corpus, "da", Project(ROOT)), 0, "https://example.org/", ROOT / "web")
    whole = builder_data.data(ctx)
    before = json.dumps(whole, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    files = builder_data.files(ctx)
    for name, text in files:
        (out / "after" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "after" / name).write_text(text, encoding="utf-8")
    (out / "before" / "downloads").mkdir(parents=True, exist_ok=True)
    (out / "before" / builder_data.PATH).write_text(before, encoding="utf-8")

    def current(cat):
        return [c.id for c in cat.criteria if not corpus.vocab.retired(c.status)]

    live = [cat for cat in corpus.categories if len(current(cat)) >= PICKS[1]]
    step = max(1, len(live) // PICKS[0])
    ids = [i for cat in live[::step][: PICKS[0]] for i in current(cat)[: PICKS[1]]]

    def size(texts):
        raw = [t.encode("utf-8") for t in texts]
        return {"raw": sum(map(len, raw)), "gzip": sum(len(gzip.compress(b, mtime=0)) for b in raw)}

    cats = {whole["criteria"][i]["category"] for i in ids}
    parts = [files[f"downloads/{builder_data.PARTS}{cat}.json"] for cat in cats]
    return {
        "criteria": len(whole["criteria"]),
        "categories": len(whole["categories"]),
        "ids": ids,
        "before_file": size([before]),
        "after_head": size([files[builder_data.PATH]]),
        "after_tender_parts": size(parts),
        "after_largest_part": max(
            (size([t]) for n, t in files.items() if n != builder_data.PATH), key=lambda s: s["raw"]
        ),
    }


def dress(site: Path, variant: Path, before: bool) -> None:
    """The udbud page and the assets of the built site around a data folder."""
    (variant / "udbud").mkdir(parents=True, exist_ok=True)
    (variant / "udbud" / "index.html").write_text((site / "udbud" / "index.html").read_text(encoding="utf-8"))
    assets = variant / "assets"
    if assets.exists():
        return
    assets.mkdir()
    for entry in (site / "assets").iterdir():
        if entry.name != "js":
            (assets / entry.name).symlink_to(entry)
    (assets / "js").mkdir()
    for entry in (site / "assets" / "js").iterdir():
        if before:
            old = subprocess.run(["git", "show", f"{BEFORE}:web/js/{entry.name}"], cwd=ROOT, capture_output=True)
            (assets / "js" / entry.name).write_bytes(old.stdout if old.returncode == 0 else entry.read_bytes())
        else:
            (assets / "js" / entry.name).symlink_to(ROOT / "web" / "js" / entry.name)


def measure(browser, url: str, ids: list) -> dict:
    times, fetched = [], []
    for _ in range(RUNS):
        context = browser.new_context()
        page = context.new_page()
        got = []
        page.on("response", lambda r, got=got: got.append(r) if "/downloads/udbud" in r.url else None)
        page.goto(url + "udbud/?k=" + ",".join(ids))
        page.wait_for_selector("#gpp-builder[data-loaded]", timeout=120_000)
        shown = page.locator("article.gpp-pick").count()
        assert shown == len(ids), (shown, len(ids))
        times.append(page.evaluate("performance.now()"))
        fetched.append((len(got), sum(int(r.headers.get("content-length", 0)) for r in got)))
        context.close()
    return {"ready_ms": round(statistics.median(times)), "files": fetched[0][0], "bytes": fetched[0][1]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=60)
    ap.add_argument("--work", type=Path)
    args = ap.parse_args()
    from corpus import corpus_of, realistic_corpus
    from playwright.sync_api import sync_playwright
    from search_browser import CHROMIUM, CHROMIUM_ARGS, serve, shipped_site

    work = args.work or Path(tempfile.mkdtemp(prefix="udbud-scale-"))
    site = shipped_site(work, "udbud")
    report = {}
    for copies in (0, args.copies):
        out = work / f"data-{copies}"
        folder = realistic_corpus(work / f"corpus-{copies}", copies) if copies else None
        sizes = write_data(corpus_of(folder), out)
        for variant in ("before", "after"):
            dress(site, out / variant, variant == "before")
        server = {v: serve(out / v) for v in ("before", "after")}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for v in ("before", "after"):
                sizes[v] = measure(browser, f"http://127.0.0.1:{server[v].server_address[1]}/", sizes["ids"])
            browser.close()
        for s in server.values():
            s.shutdown()
        report[sizes["criteria"]] = sizes
        print(json.dumps({sizes["criteria"]: sizes}, indent=1), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The search page at the shipped size and at 20,000 criteria, before and after the split index
(issue #20 item 2), measured in one run in headless Chromium (bench/search_browser.py).

The page is the built site's search page; only its index differs with the corpus. So the shipped
site is built once, and for each corpus the index is built (opslag/search/index.py) and served
with the page's assets around it (links into the built site), as two sites:
  - after:  search/da/… in parts (index.json, p<N>.json, d<N>.json, r<N>.json) and today's search.js;
  - before: the one-file index search/da.json the site shipped until 7 December 2026 (the same
    data: site_index_json) and search.js as it was then (git show BEFORE:web/js/search.js: the
    150 ms wait after each key, the whole file loaded before the first result, 200 results drawn).
The large corpus is bench/corpus.py's (60 copies: 19,740 criteria, ids renamed per copy).

    python bench/search_scale.py [--copies 60] [--work DIR]   # --work keeps the indexes between runs
    python bench/search_scale.py --compare REV   # before: the index in parts with the browser code at REV
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BEFORE = "1ec821b"  # the last commit with the one-file index and the 150 ms wait
LANG = "da"


def write_indexes(corpus, out: Path) -> dict:
    """Both forms of the Danish index under out/after and out/before; their sizes; the build's CPU time."""
    from opslag.search import index

    t = time.process_time()
    data = index.site_index(corpus, LANG, ROOT / "web")
    files = index.split_index(data)
    cpu = time.process_time() - t
    whole = index._dumps(data) + "\n"
    (out / "after" / "search" / LANG).mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / "after" / "search" / LANG / name).write_text(text, encoding="utf-8")
    (out / "before" / "search").mkdir(parents=True, exist_ok=True)
    (out / "before" / "search" / f"{LANG}.json").write_text(whole, encoding="utf-8")

    def sizes(texts):
        raw = [t.encode("utf-8") for t in texts]
        return {"raw": sum(map(len, raw)), "gzip": sum(len(gzip.compress(b, mtime=0)) for b in raw)}

    postings = [t for n, t in files.items() if n.startswith("p")]
    return {
        "criteria": len(data["docs"]),
        "index_cpu_s": round(cpu, 1),
        "before_file": sizes([whole]),
        "after_all_files": sizes(files.values()),
        "after_index_json": sizes([files["index.json"]]),
        "after_largest_shard": max((sizes([t]) for t in postings), key=lambda s: s["raw"]),
        "after_shards": len(postings),
        "after_display_files": sum(1 for n in files if n.startswith("d")),
        "after_display": sizes([t for n, t in files.items() if n.startswith("d")]),
        "after_rows_files": sum(1 for n in files if n.startswith("r")),
        "after_rows": sizes([t for n, t in files.items() if n.startswith("r")]),
    }


def dress(site: Path, variant: Path, before: bool, rev: str | None = None) -> None:
    """The search page and the assets of the built site around an index folder; with `rev`, the
    index in parts (the folder `after`'s) and the browser code as it was at that git revision."""
    if rev:
        variant.mkdir(parents=True, exist_ok=True)
        if not (variant / "search").exists():
            (variant / "search").symlink_to(variant.parent / "after" / "search")
        before = False
    (variant / "soeg").mkdir(parents=True, exist_ok=True)
    html = (site / "soeg" / "index.html").read_text(encoding="utf-8")
    if before:
        html = html.replace(f"search/{LANG}/index.json", f"search/{LANG}.json")
    (variant / "soeg" / "index.html").write_text(html, encoding="utf-8")
    assets = variant / "assets"
    if assets.exists():
        return
    assets.mkdir()
    for entry in (site / "assets").iterdir():
        if entry.name != "js":
            (assets / entry.name).symlink_to(entry)
    (assets / "js").mkdir()
    for entry in (site / "assets" / "js").iterdir():  # the browser code as it is now (the build copies web/js)
        (assets / "js" / entry.name).symlink_to(ROOT / "web" / "js" / entry.name)
    if rev:
        for entry in (assets / "js").iterdir():
            old = subprocess.run(["git", "show", f"{rev}:web/js/{entry.name}"], cwd=ROOT, capture_output=True)
            if old.returncode == 0:
                entry.unlink()
                entry.write_bytes(old.stdout)
    elif before:
        (assets / "js" / "search.js").unlink()
        old = subprocess.run(["git", "show", f"{BEFORE}:web/js/search.js"], cwd=ROOT, capture_output=True, check=True)
        (assets / "js" / "search.js").write_bytes(old.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=60)
    parser.add_argument("--work", type=Path, help="keep the site and indexes here (reused when present)")
    parser.add_argument(
        "--compare", metavar="REV", help="before: the index in parts with web/js as at git revision REV"
    )
    args = parser.parse_args()
    import search_browser
    from corpus import corpus_of, realistic_corpus

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-search-"))
    site = search_browser.shipped_site(work, "soeg")
    sizes = {}
    for name, copies in (("shipped", None), (f"{args.copies} copies", args.copies)):
        out = work / name.replace(" ", "-")
        if not (out / "sizes.json").exists():
            folder = realistic_corpus(work / f"corpus-{copies}", copies) if copies else None
            s = write_indexes(corpus_of(folder), out)
            (out / "sizes.json").write_text(json.dumps(s), encoding="utf-8")
        sizes[name] = json.loads((out / "sizes.json").read_text(encoding="utf-8"))
        dress(site, out / "after", before=False)
        if args.compare:
            dress(site, out / f"at-{args.compare}", before=True, rev=args.compare)
        else:
            dress(site, out / "before", before=True)
    names = list(sizes)
    before = f"at-{args.compare}" if args.compare else "before"
    folders = [work / n.replace(" ", "-") / v for n in names for v in (before, "after")]
    measured = search_browser.run(folders)
    (work / "results.json").write_text(json.dumps(measured), encoding="utf-8")  # kept beside the indexes
    results = dict(zip([(n, v) for n in names for v in ("before", "after")], measured))
    print("search page in headless Chromium, key to updated list (one run; compare the ratios):")
    if args.compare:
        print(f"  before: the same index in parts, web/js as at {args.compare}")
    for n in names:
        s = sizes[n]
        print(f"\n  {n}: {s['criteria']} criteria, Danish index built in {s['index_cpu_s']} CPU s")
        print(
            f"    index: before one file {s['before_file']['raw'] / 1e6:.1f} MB raw / "
            f"{s['before_file']['gzip'] / 1e6:.2f} MB gzip; after index.json "
            f"{s['after_index_json']['raw'] / 1e6:.2f} MB / {s['after_index_json']['gzip'] / 1e6:.2f} MB gzip, "
            f"{s['after_shards']} postings shards (largest {s['after_largest_shard']['raw'] / 1e3:.0f} kB), "
            f"{s['after_display_files']} display files, all parts {s['after_all_files']['raw'] / 1e6:.1f} MB"
        )
        for part in ("display", "rows"):
            if f"after_{part}" in s:
                print(
                    f"    {part} files: {s[f'after_{part}_files']}, {s[f'after_{part}']['raw'] / 1e6:.2f} MB raw / "
                    f"{s[f'after_{part}']['gzip'] / 1e6:.2f} MB gzip"
                )
        b, a = results[(n, "before")], results[(n, "after")]
        for key, label in (
            ("ready_ms", "page open to ready"),
            ("first_key_median_ms", "first key, median"),
            ("first_key_worst_ms", "first key, worst"),
            ("later_keys_median_ms", "later keys, median"),
            ("later_keys_p90_ms", "later keys, 90th pct"),
            ("later_keys_worst_ms", "later keys, worst"),
            ("snippets_median_ms", "  snippets too, median"),
            ("snippets_p90_ms", "  snippets too, 90th pct"),
            ("snippets_worst_ms", "  snippets too, worst"),
            ("heap_mb", "JS heap (MB)"),
            ("loaded_mb", "index data fetched (MB)"),
        ):
            ratio = a[key] / b[key] if b[key] else float("nan")
            print(f"    {label:<24} before {b[key]:>8}  after {a[key]:>8}  after/before {ratio:.2f}")
        print(f"    slowest later key: before {b['worst_key']!r}, after {a['worst_key']!r}")
        for variant, r in (("before", b), ("after", a)):
            if r["errors"]:
                print(f"    {variant}: page errors {r['errors']}")
    print(f"\n  ({results[(names[0], 'after')]['keys']} keys per site, {len(search_browser.QUERIES)} queries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

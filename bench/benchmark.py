#!/usr/bin/env python3
"""Benchmark: load+validate against a plain libyaml parse, and the full build stage by stage.

Every figure comes from one run on one machine, so compare the ratios, not the seconds.
Each scenario runs in its own process so its peak memory (max RSS) is its own.

    python bench/benchmark.py                  # all scenarios: synthetic 1000 x 20 check,
                                               # full builds of the shipped corpus, 100 and 1000
    python bench/benchmark.py --quick          # smaller: 200 x 20 check, builds of shipped and 100
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

TEMPLATE = ROOT / "tests" / "fixtures" / "good" / "rengoering-eksempel.yaml"


def prefix_for(i: int) -> str:
    letters = ""
    for _ in range(3):
        i, r = divmod(i, 26)
        letters = chr(ord("A") + r) + letters
    return "S" + letters


def synthetic_corpus(folder: Path, categories: int, per_category: int = 20) -> Path:
    """`categories` category files of `per_category` criteria each, made from the good fixture."""
    from opslag.source.yamlsource import load_file

    base = load_file(TEMPLATE).data
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(categories):
        data = copy.deepcopy(base)
        prefix = prefix_for(i)
        data["prefix"] = prefix
        data["title"] = {
            "da": f"Syntetisk kategori {i} med møbler og rengøringsmidler",
            "en": f"Synthetic category {i}",
        }
        criteria = []
        for n in range(per_category):
            crit = copy.deepcopy(base["criteria"][n % 2])  # a current and a draft criterion
            crit["id"] = f"{prefix}-{n + 1:02d}"
            crit["title"] = {"da": f"Krav {n} om økologiske produkter", "en": f"Requirement {n}"}
            criteria.append(crit)
        data["criteria"] = criteria
        text = "# yaml-language-server: $schema=../schema/category.schema.json\n"
        text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (folder / f"syntetisk-{i:04d}.yaml").write_text(text, encoding="utf-8")
    return folder


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- scenarios, each run in a child process ------------------------------------------------
def scenario_floor(folder: Path) -> dict:
    files = sorted(folder.glob("*.yaml"))
    t = time.perf_counter()
    for f in files:
        yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
    return {"seconds": time.perf_counter() - t, "files": len(files), "max_rss_mb": max_rss_mb()}


def scenario_check(folder: Path) -> dict:
    from opslag.project import Project
    from opslag.source.checker import check_project

    t = time.perf_counter()
    result = check_project(Project(ROOT, criteria=folder))
    seconds = time.perf_counter() - t
    assert result.ok, result.errors[:3]
    return {"seconds": seconds, "categories": len(result.categories), "max_rss_mb": max_rss_mb()}


def scenario_build(folder: Path | None) -> dict:
    from opslag.project import Project
    from opslag.site.build import build_site

    out = Path(tempfile.mkdtemp(prefix="bench-site-")) / "site"
    t = time.perf_counter()
    result = build_site(Project.from_env(ROOT, out=out, criteria=folder))
    seconds = time.perf_counter() - t
    assert result.ok, result.error
    parts = [f.read_bytes() for f in sorted((out / "search" / "da").iterdir())]  # the index in parts
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "seconds": seconds,
        "stages": {k: round(v, 3) for k, v in result.timings.items()},
        "search_index_bytes": sum(map(len, parts)),
        "search_index_gzip_bytes": sum(len(gzip.compress(b, mtime=0)) for b in parts),
        "site_bytes": size,
        "max_rss_mb": max_rss_mb(),
    }


def child(kind: str, folder: str) -> dict:
    cmd = [sys.executable, __file__, "--child", kind, folder]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder = args.child
        fn = {"floor": scenario_floor, "check": scenario_check, "build": scenario_build}[kind]
        print(json.dumps(fn(Path(folder) if folder != "-" else None)))
        return 0

    check_n = 200 if args.quick else 1000
    build_ns = [100] if args.quick else [100, 1000]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        corpus = synthetic_corpus(tmp / f"c{check_n}", check_n)
        floor = min((child("floor", str(corpus)) for _ in range(3)), key=lambda r: r["seconds"])
        ours = min((child("check", str(corpus)) for _ in range(3)), key=lambda r: r["seconds"])
        print(f"load+validate, {check_n} categories x 20 criteria (best of 3):")
        print(f"  libyaml parse (floor): {floor['seconds']:.2f} s, max RSS {floor['max_rss_mb']:.0f} MB")
        print(f"  build.py check:        {ours['seconds']:.2f} s, max RSS {ours['max_rss_mb']:.0f} MB")
        print(
            f"  ratio check/floor:     {ours['seconds'] / floor['seconds']:.2f}x time, "
            f"{ours['max_rss_mb'] / floor['max_rss_mb']:.2f}x memory"
        )
        builds = {"shipped": child("build", "-")}
        for n in build_ns:
            folder = corpus if n == check_n else synthetic_corpus(tmp / f"b{n}", n)
            builds[f"synthetic {n}"] = child("build", str(folder))
        shipped = builds["shipped"]["seconds"]
        print("\nfull build (check, render pages, files incl. docx, mkdocs; Danish and English):")
        for name, r in builds.items():
            print(
                f"  {name:<15} {r['seconds']:7.1f} s ({r['seconds'] / shipped:5.1f}x shipped), "
                f"max RSS {r['max_rss_mb']:.0f} MB, site {r['site_bytes'] / 1e6:.1f} MB, "
                f"search index {r['search_index_bytes'] / 1e3:.0f} kB raw / "
                f"{r['search_index_gzip_bytes'] / 1e3:.0f} kB gzip"
            )
            print("      stages: " + ", ".join(f"{k} {v:.2f}s" for k, v in r["stages"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

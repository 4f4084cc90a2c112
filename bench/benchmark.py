#!/usr/bin/env python3
"""Benchmark of the build at scale (issue #21): every row of its table, at the shipped size, at
3,290 criteria (10 copies of the shipped categories, bench/corpus.py) and, with --large, at 19,740.

Every figure is from one run on one machine, which is shared: the times are CPU seconds (user +
system, the operating system's accounting of a finished child) and the ratios are taken within
the run. Each measurement runs in its own process (os.wait4 gives that process's own CPU time and
peak memory), so nothing one measurement loaded is counted in the next.

    python bench/benchmark.py                   # shipped and 3,290 criteria (a few minutes)
    python bench/benchmark.py --large           # also 19,740 criteria (tens of minutes)
    python bench/benchmark.py --sizes 1 --json out.json   # copies of the shipped corpus (1 = shipped)
    python bench/benchmark.py --compare REV     # also the code at git revision REV, measured in turn
                                                # with this checkout: before/after ratios from one run

Rows, per size:
  build         full `build.py build` (check, pages, downloads, search, MkDocs for both languages):
                CPU s, CPU ms per criterion, peak RSS
  mkdocs        bare MkDocs on the same pages as plain Markdown pages (the cards in them, as a site
                written for MkDocs has them): MkDocs' own CPU s; `build / bare mkdocs` is what the
                whole build costs against MkDocs alone
  check         `build.py check` in a fresh process against a plain libyaml parse of the same
                files in a fresh process (both include starting Python): best of 3 CPU s each
  edit          one category file changed while `serve` runs (the text of its first requirement):
                the CPU and wall seconds from the change to the rebuilt site (serve's rebuild)
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# the code measured: this checkout, or (the edit row with --compare) the revision's tree
ROOT = Path(os.environ.get("OPSLAG_BENCH_TREE") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))

from bench.corpus import realistic_corpus  # noqa: E402

EDITED = "it-udstyr"  # the category file an editor changes in the edit row (and its copies' first)


# -- measurements, each run in a child process --------------------------------------------------
def _project(folder: str, out: Path):
    from opslag.project import Project

    return Project.from_env(ROOT, out=out, criteria=None if folder == "-" else Path(folder))


def child_build(folder: str) -> dict:
    from opslag.site.build import build_site

    out = Path(tempfile.mkdtemp(prefix="bench-site-")) / "site"
    result = build_site(_project(folder, out))
    assert result.ok, result.error or [d.format() for d in result.check.errors[:3]]
    parts = [f.read_bytes() for f in sorted((out / "search" / "da").iterdir())]  # the index in parts
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    files = sum(1 for p in out.rglob("*") if p.is_file())
    criteria = sum(len(cat["criteria"]) for cat in result.check.categories.values())
    return {
        "stages": {k: round(v, 2) for k, v in result.timings.items()},
        "search_index_bytes": sum(map(len, parts)),
        "search_index_gzip_bytes": sum(len(gzip.compress(b, mtime=0)) for b in parts),
        "site_bytes": size,
        "files": files,
        "criteria": criteria,
    }


def child_mkdocs(folder: str) -> dict:
    """The yardstick: MkDocs' own CPU time for these pages as plain Markdown pages (the cards in
    them, as a site written for MkDocs would be), timed around each MkDocs run of a build that
    hands it the whole pages (in one process)."""
    from opslag.site import build as sitebuild
    from opslag.site.pages import PageWriter

    spent, real, generated = [0.0], sitebuild.run_mkdocs, PageWriter.generated

    def timed(*args, **kwargs):
        t = time.process_time()
        real(*args, **{**kwargs, "skeleton": None})  # MkDocs renders every page itself
        spent[0] += time.process_time() - t

    sitebuild.run_mkdocs = timed
    PageWriter.generated = lambda self, hold_html=False: generated(self, hold_html=False)
    os.environ["OPSLAG_JOBS"] = "1"
    result = sitebuild.build_site(_project(folder, Path(tempfile.mkdtemp(prefix="bench-mkdocs-")) / "site"))
    assert result.ok, result.error
    return {"mkdocs_cpu": spent[0]}


def child_floor(folder: str) -> dict:
    import yaml

    src = ROOT / "criteria" if folder == "-" else Path(folder)
    for f in sorted(src.glob("*.yaml")):
        yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
    return {}


def _cpu() -> float:
    """CPU seconds of this process, the workers it has waited for, and the workers still running
    (serve keeps a process per language: their CPU counts in an edit's)."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime + _running_children_cpu()


def _running_children_cpu() -> float:
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for task in os.listdir(f"/proc/{os.getpid()}/task"):
        with open(f"/proc/{os.getpid()}/task/{task}/children") as f:
            children = f.read().split()
        for child in children:
            try:
                with open(f"/proc/{child}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:  # ended meanwhile (and counted with the waited-for workers)
                continue
            total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks  # utime, stime, cutime, cstime
    return total


def child_edit(folder: str) -> dict:
    """Build once, change one category file as an editor would, and time serve's rebuild."""
    from opslag.cli.site import serve_rebuilder

    work = Path(tempfile.mkdtemp(prefix="bench-edit-"))
    src = ROOT / "criteria" if folder == "-" else Path(folder)
    criteria = work / "criteria"
    criteria.mkdir()
    for f in src.glob("*.yaml"):
        (criteria / f.name).write_bytes(f.read_bytes())
    project = _project(str(criteria), work / "site")
    rebuild = serve_rebuilder(project)  # the first, full build
    edited = criteria / f"{EDITED}.yaml"
    text = edited.read_text(encoding="utf-8")
    # an editor's everyday change: the text of the file's first requirement
    edited.write_text(
        re.sub(r"(\n    requirement:\n      da: [|>]-?\n\s+)", r"\1Redigeret ", text, count=1), encoding="utf-8"
    )
    t, c = time.perf_counter(), _cpu()
    ok = rebuild([edited])
    wall, cpu = time.perf_counter() - t, _cpu() - c
    assert ok
    page = (work / "site" / "kategorier" / EDITED / "index.html").read_text(encoding="utf-8")
    assert "Redigeret" in page, "the edit is not in the rebuilt page"
    return {"edit_wall": wall, "edit_cpu": cpu}


CHILDREN = {"build": child_build, "mkdocs": child_mkdocs, "floor": child_floor, "edit": child_edit}


def run_child(kind: str, folder: str, *command: str, tree: Path = ROOT) -> dict:
    """Run a measurement (or `command`) in a fresh process of the code in `tree`: its CPU seconds
    (with the workers it waited for), wall seconds and peak RSS (its largest process)."""
    # the edit row is this script's edit made to every tree's serve (the same change measured)
    script = Path(__file__).resolve() if kind == "edit" else tree / "bench" / "benchmark.py"
    argv = list(command) or [sys.executable, str(script), "--child", kind, folder]
    out = tempfile.TemporaryFile()
    t = time.perf_counter()
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPSLAG_BENCH_TREE": str(tree)}
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, cwd=tree, env=env)
    _, stderr = proc.communicate()
    wall = time.perf_counter() - t
    usage = proc.rusage
    if proc.returncode:
        raise RuntimeError(f"{kind} {folder}: exit {proc.returncode}\n{stderr.decode()[-3000:]}")
    out.seek(0)
    lines = out.read().decode().splitlines()
    data = json.loads(lines[-1]) if not command else {}
    data.update(cpu=usage.ru_utime + usage.ru_stime, wall=wall, peak_mb=usage.ru_maxrss / 1024)
    return data


class _Popen(subprocess.Popen):
    """Popen that reaps its child with os.wait4, keeping that child's own resource usage."""

    rusage = None

    def _try_wait(self, wait_flags):
        try:
            pid, sts, self.rusage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            pid, sts = self.pid, 0
        return pid, sts


subprocess.Popen = _Popen  # only inside this script


def measure(name: str, folder: str, edit: bool, trees: dict) -> list:
    """One row per tree (the code measured: this checkout, and with --compare the one before),
    each measurement taken for every tree in turn, so a drift in the machine's load hits both."""
    rows = {label: {"size": f"{name} ({label})" if len(trees) > 1 else name} for label in trees}

    def each(what: str, kind: str, *command: str, best_of: int = 1):
        print(f"[{time.strftime('%H:%M:%S')}] {name}: {what}", file=sys.stderr, flush=True)
        for _ in range(best_of):
            for label, tree in trees.items():
                r = run_child(kind, folder, *command, tree=tree)
                if kind not in rows[label] or r["cpu"] < rows[label][kind]["cpu"]:
                    rows[label][kind] = r

    each("build", "build")
    each("mkdocs alone", "mkdocs")
    criteria = [] if folder == "-" else ["--criteria", folder]
    each("check (best of 3)", "check", sys.executable, "build.py", "check", *criteria, best_of=3)
    each("libyaml floor (best of 3)", "floor", best_of=3)
    if edit:
        each("edit in serve", "edit")
    return list(rows.values())


def table(rows: list) -> str:
    lines = [
        "| size | criteria | build CPU s | CPU ms / criterion | peak RSS MB | build / bare mkdocs "
        "| check / libyaml (CPU, fresh process) | edit seen in serve (wall s, CPU s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        b, n = r["build"], r["build"]["criteria"]
        mk = r["mkdocs"]["mkdocs_cpu"]
        edit = f"{r['edit']['edit_wall']:.1f} / {r['edit']['edit_cpu']:.1f}" if "edit" in r else "not measured"
        lines.append(
            f"| {r['size']} | {n:,} | {b['cpu']:.1f} | {1000 * b['cpu'] / n:.2f} | {b['peak_mb']:.0f} "
            f"| {b['cpu'] / mk:.2f}× ({mk:.1f} s) | {r['check']['cpu'] / r['floor']['cpu']:.2f}× "
            f"({r['check']['cpu']:.2f} s vs {r['floor']['cpu']:.2f} s) | {edit} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help="also 60 copies: 19,740 criteria")
    parser.add_argument("--sizes", help="copies of the shipped corpus, comma-separated (1 = shipped; default 1,10)")
    parser.add_argument("--no-edit", action="store_true", help="skip the edit-in-serve row (it builds once more)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument(
        "--compare", metavar="REV", help="also measure the code at git revision REV, in turn with this checkout"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder = args.child
        import shutil

        tempfile.tempdir = own = tempfile.mkdtemp(prefix="bench-child-")  # every folder the measurement makes
        try:
            print(json.dumps(CHILDREN[kind](folder)))
        finally:
            shutil.rmtree(own, ignore_errors=True)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [1, 10] + ([60] if args.large else [])
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        trees = {"now": ROOT}
        if args.compare:
            before = Path(tmp) / "before"
            before.mkdir()
            archive = subprocess.run(["git", "archive", args.compare], cwd=ROOT, capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
            trees = {args.compare: before, "now": ROOT}
        for copies in sizes:
            folder = "-" if copies == 1 else str(realistic_corpus(Path(tmp) / f"c{copies}", copies))
            made = measure("shipped" if copies == 1 else f"{copies} copies", folder, not args.no_edit, trees)
            rows += made
            print("\n".join(table(made).splitlines()[2:]), file=sys.stderr, flush=True)
    print(table(rows))
    for r in rows:
        print(
            f"{r['size']}: stages "
            + ", ".join(f"{k} {v:.1f}s" for k, v in r["build"]["stages"].items())
            + f"; {r['build']['files']:,} files, {r['build']['site_bytes'] / 1e6:.0f} MB"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

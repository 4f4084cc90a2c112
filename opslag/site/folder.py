"""Where a site may be built, and how it is swapped in without ever losing one.

* `refuse_out`: the build replaces its --out folder as a whole, so --out must never be the
  project, a folder containing it, a source folder inside it or the criteria folder, and an
  existing folder must be a site we built before (it holds MARKER) or empty.
* The new site is built in a sibling temporary folder named `.site-build-<name>-*` (ignored by
  .gitignore). The folder holds a lock file while the build runs; a later build removes such
  folders whose lock is free (their build was killed), and nothing else.
* The swap is two renames: the old site goes into the temporary folder as `previous`, the new
  one takes its place. If a build is killed between the two, the next build finds the site
  missing and a stale `previous`, and puts it back first.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None

MARKER = ".opslag-site"
MARKER_TEXT = "This folder is a site built by build.py (Det Grønne Opslagsværk); the next build replaces it.\n"
WORK_PREFIX = ".site-build-"
LOCK = ".lock"
STALE_AFTER = 3600  # seconds: a work folder without a lock file (killed at once) older than this is stale
# folders of the project that --out may never be or be inside of
SOURCE_FOLDERS = (
    "criteria",
    "vocab",
    "templates",
    "docs",
    "overrides",
    "opslag",
    "schema",
    "tests",
    "bench",
    ".git",
    ".venv",
)


class OutError(Exception):
    """--out cannot be used; the message names the path and what to do."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _is_site(folder: Path) -> bool:
    """A site we built: our marker, or (sites from before the marker) our search index and sitemap."""
    return (folder / MARKER).is_file() or (
        (folder / "search" / "da.json").is_file() and (folder / "sitemap.xml").is_file()
    )


def refuse_out(out: Path, root: Path, criteria: Path | None = None) -> None:
    """Raise OutError when building into `out` could destroy anything but an earlier site."""
    shown = str(out)
    if out.is_symlink():
        raise OutError(f"--out {shown} is a symbolic link; give the folder itself.")
    out, root = out.resolve(), Path(root).resolve()
    if root == out or out in root.parents:
        raise OutError(
            f"--out {shown} is the project folder or contains it; the build replaces --out as a whole. "
            "Use a folder of its own, e.g. --out site."
        )
    for name in SOURCE_FOLDERS:
        if _inside(out, root / name):
            raise OutError(
                f"--out {shown} is inside the project's {name}/ folder; use a folder of its own, e.g. --out site."
            )
    if criteria is not None:
        criteria = Path(criteria).resolve()
        if _inside(out, criteria) or _inside(criteria, out):
            raise OutError(
                f"--out {shown} is, holds or lies in the criteria folder {criteria}; build the site somewhere else."
            )
    if out.exists() and not out.is_dir():
        raise OutError(f"--out {shown} is a file; give a folder (it is created if missing).")
    if out.is_dir() and not _is_site(out) and any(out.iterdir()):
        raise OutError(
            f"--out {shown} is a folder with other files in it and not a site built before; "
            "give a new or empty folder, or delete this one if it is an old site."
        )
    parent = out.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise OutError(f"--out {shown}: {parent} is a file, so the folder cannot be made there; choose another --out.")


def make_work_folder(out: Path) -> Path:
    """A locked sibling temporary folder for one build; parent folders are made when missing."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{out.name}-", dir=out.parent))
    except OSError as exc:
        raise OutError(
            f"--out {out}: cannot create a folder in {out.parent} ({exc.strerror}); choose a folder you can write to."
        ) from None
    lock = open(work / LOCK, "w")  # kept open (and locked) until the process ends or release() is called
    if fcntl is not None:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _open_locks[work] = lock
    return work


_open_locks: dict = {}


def release(work: Path) -> None:
    lock = _open_locks.pop(work, None)
    if lock is not None:
        lock.close()
    shutil.rmtree(work, ignore_errors=True)


def _stale(work: Path) -> bool:
    """True when no running build holds this work folder."""
    lock_path = work / LOCK
    if not lock_path.exists():
        try:
            return time.time() - work.stat().st_mtime > STALE_AFTER
        except OSError:
            return False
    if fcntl is None:
        return False
    try:
        with open(lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released when closed
            return True
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        return False


def recover(out: Path) -> None:
    """Before a build: put back a site lost by a build killed mid-swap, and remove the work
    folders of killed builds of this --out."""
    if not out.parent.is_dir():
        return
    candidates = set(out.parent.glob(f"{WORK_PREFIX}{out.name}-*"))
    if out.name == "site":  # folders of builds from before the lock file: '.site-build-' and 8 letters
        candidates |= {p for p in out.parent.glob(f"{WORK_PREFIX}*") if re.fullmatch(r"[a-z0-9_]{8}", p.name[12:])}
    for work in sorted(candidates):
        if not work.is_dir() or work.is_symlink() or work in _open_locks or not _stale(work):
            continue
        previous = work / "previous"
        if not os.path.lexists(out) and previous.is_dir():
            os.replace(previous, out)
        shutil.rmtree(work, ignore_errors=True)


def swap(new_site: Path, out: Path, work: Path) -> None:
    """Put the new site in place with two renames; the old one stays in `work` until it is removed."""
    (new_site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    if os.path.lexists(out):
        os.replace(out, work / "previous")
    os.replace(new_site, out)

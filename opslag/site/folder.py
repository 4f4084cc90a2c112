"""Where a site may be built, and how it is swapped in without ever losing one.

* `refuse_out`: the build replaces its --out folder as a whole, so --out must never be the
  project, a folder containing it, a source folder inside it or the criteria folder, and an
  existing folder must be a site we built before (it holds MARKER) or empty.
* The new site is built in a sibling temporary folder named `.site-build-<name>-*` (ignored by
  .gitignore). The folder holds a lock file while the build runs; a later build removes such
  folders whose lock is free (their build was killed), and nothing else.
* The swap is one step: Linux's renameat2(RENAME_EXCHANGE) trades the old and the new folder
  atomically, so `--out` holds the old complete site or the new one at every instant, also for a
  web server serving it and for a build killed at any point. Where the file system or the
  platform refuses the exchange (EINVAL, ENOSYS: not Linux, an old kernel, a file system without
  it), the swap falls back to two renames: the old site goes into the temporary folder as
  `previous`, the new one takes its place. If a build is killed between the two, the next build
  finds the site missing and a stale `previous`, and puts it back first.
* Files the build does not own are carried from the old site into the new one before the swap:
  CNAME and .nojekyll (GitHub Pages), .git (the site folder as a gh-pages worktree or clone), and
  every path listed in the old site's KEEP_FILE (`.opslag-keep`: one path per line, relative to
  the site, no '..', not absolute, not through a link; '#' starts a comment). A path the build
  writes itself stays the build's. Files are hard-linked where possible (the old site is removed
  right after), else copied; links are copied as links.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path, PurePosixPath

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None

MARKER = ".opslag-site"
KEEP_FILE = ".opslag-keep"  # in a built site: more paths the build does not own, one per line
ALWAYS_KEPT = ("CNAME", ".nojekyll", ".git", KEEP_FILE)  # carried into every new site when there
MAX_KEEP_FILE = 64 * 1024
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
    if out.is_dir():
        kept_paths(out)  # a bad keep-file stops the build before any work, not at the swap


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


# -- what a new site carries over from the old one -----------------------------------------
def kept_paths(site: Path) -> list:
    """The paths (relative, '/'-separated) to carry from `site` into the next build: ALWAYS_KEPT and
    the lines of its KEEP_FILE. Raises OutError naming the file and line of a path that is absolute,
    climbs out with '..' or runs through a link."""
    keep = site / KEEP_FILE
    paths = list(ALWAYS_KEPT)
    if not keep.is_file() or keep.is_symlink():
        return paths
    with open(keep, "rb") as handle:
        raw = handle.read(MAX_KEEP_FILE + 1)
    try:
        if len(raw) > MAX_KEEP_FILE:
            raise ValueError(f"more than {MAX_KEEP_FILE} bytes")
        text = raw.decode("utf-8")
    except ValueError as exc:
        raise OutError(f"{keep}: cannot be read ({exc}); write one path per line, in UTF-8.") from None
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        problem = _bad_kept_path(site, entry)
        if problem:
            shown = entry.encode("unicode_escape").decode("ascii")
            raise OutError(f"{keep}, line {number}: '{shown}' {problem}; fix or delete the line.")
        paths.append(PurePosixPath(entry).as_posix())
    return paths


def _bad_kept_path(site: Path, entry: str) -> str:
    """Why `entry` of a keep-file cannot be kept ('' when it can)."""
    path = PurePosixPath(entry)
    if path.is_absolute() or entry.startswith("\\") or re.match(r"[A-Za-z]:", entry):
        return "is an absolute path; give a path inside the site, e.g. 'files/report.pdf'"
    if ".." in path.parts or "\\" in entry:
        return "climbs out of the site ('..' or a backslash); give a path inside the site"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in entry):
        return "holds a control character"
    if path.as_posix() in (".", MARKER):
        return "is the site itself or the build's own marker"
    parent = site
    for part in path.parts[:-1]:  # every folder on the way a real folder of the site, not a link out of it
        parent = parent / part
        if parent.is_symlink():
            return f"runs through the link {part}; keep the link itself, or a path inside a real folder"
    return ""


def _link_or_copy(src, dst) -> None:
    """A hard link (the old site is removed right after the swap), else a copy; only regular files."""
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        if os.path.isfile(src) and not os.path.islink(src):
            shutil.copy2(src, dst)


def carry_over(old: Path, new: Path) -> list:
    """Copy into `new` what `old` holds that the build does not own (kept_paths); a path the new
    site already has stays the build's. Returns the paths carried."""
    carried = []
    for rel in kept_paths(old):
        src, dst = old / rel, new / rel
        if not os.path.lexists(src) or os.path.lexists(dst):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        elif src.is_dir():
            shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(src, dst)
        carried.append(rel)
    return carried


# -- the swap --------------------------------------------------------------------------------
AT_FDCWD = -100
RENAME_EXCHANGE = 2  # linux/fs.h
_UNSUPPORTED = (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP)


def _renameat2_exchange(a: Path, b: Path) -> int:
    """renameat2(a, b, RENAME_EXCHANGE) through libc; 0, or the errno it failed with."""
    if not sys.platform.startswith("linux"):
        return errno.ENOSYS
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return errno.ENOSYS
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    if call(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return 0
    return ctypes.get_errno()


def exchange(a: Path, b: Path) -> bool:
    """Trade two existing paths atomically. False when the platform or file system cannot (then
    nothing happened); any other failure raises OSError."""
    code = _renameat2_exchange(a, b)
    if code in _UNSUPPORTED:
        return False
    if code:
        raise OSError(code, os.strerror(code), str(b))
    return True


def swap(new_site: Path, out: Path, work: Path, step=None) -> None:
    """Put the new site in place: what the old one keeps is carried over, then one atomic exchange
    (or, where that is refused, two renames). The old site stays in `work` until it is removed.

    step: called with the name of each step as it is done ('carried', 'exchanged' or 'old-moved',
    'new-placed'); the tests raise in it to stop a build between two steps."""
    step = step or (lambda name: None)
    (new_site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    if os.path.lexists(out):
        carry_over(out, new_site)
        step("carried")
        if exchange(new_site, out):  # the old site is now where the new one was built
            step("exchanged")
            return
        os.replace(out, work / "previous")
        step("old-moved")
    os.replace(new_site, out)
    step("new-placed")

"""Files the build writes itself, one at a time as they are made (nothing holds the whole site):
the one place that turns a site path into a file on disk, and the MkDocs plugin that tells MkDocs
about downloads written beside its run (so links to them in the hand-written pages are checked)
without MkDocs reading or copying them."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File


def write_file(folder: Path, rel: str, content) -> None:
    """`content`: str, bytes, or an iterable of str parts (written as they come)."""
    if rel.startswith("/") or ".." in rel.split("/"):  # ids are checked; this is the last line of defence
        raise ValueError(f"refusing to write {rel!r} outside the site")
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with path.open("w", encoding="utf-8", newline="") as f:
            for part in content:
                f.write(part)


def move_into(made: Path, site: Path) -> None:
    """Move the tree `made` into `site` (one rename per top folder the site lacks)."""
    if not made.is_dir():
        return
    for entry in sorted(made.iterdir()):
        target = site / entry.name
        if entry.is_dir() and target.is_dir():
            move_into(entry, target)
        else:
            os.replace(entry, target)


class _Written(File):
    """A file already in the site: a link to it resolves; MkDocs neither renders nor copies it."""

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass


class WrittenFiles(BasePlugin):
    def __init__(self, paths: list):
        super().__init__()
        self.paths = paths

    def on_files(self, files, config):
        for rel in self.paths:
            files.append(_Written(rel, src_dir=None, dest_dir=config.site_dir, use_directory_urls=False))
        return files


def add_to(config, paths: list) -> None:
    config.plugins["gpp-written-files"] = WrittenFiles(paths)

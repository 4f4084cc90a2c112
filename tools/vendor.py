#!/usr/bin/env python3
"""The vendored JavaScript libraries (web/vendor/), held to the "vendored" list in package.json.

To update a library: set its "version" and its "integrity" to what `npm view NAME@VERSION
dist.integrity` prints, then run `python tools/vendor.py`. For each package it runs
`npm pack NAME@VERSION` (the npm registry, nothing else), refuses a tarball whose hash is not the
listed integrity, copies the listed files in and writes their sha256 into package.json.
`python tools/vendor.py --check` only compares the files with the list (tests/test_vendor.py does too)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "package.json"
VENDOR = ROOT / "web" / "vendor"


def load() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def packages(manifest: dict) -> dict:
    return {name: pkg for name, pkg in manifest["vendored"].items() if name != "about"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def integrity(data: bytes) -> str:
    """npm's Subresource Integrity form of a tarball's hash."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def check(manifest: dict) -> list:
    """Problems: a listed file missing or changed, a file in web/vendor/ that nothing lists."""
    problems, listed = [], set()
    for name, pkg in packages(manifest).items():
        for dest, entry in pkg["files"].items():
            listed.add(dest)
            path = ROOT / dest
            if not path.is_file():
                problems.append(f"{dest}: missing (run python tools/vendor.py)")
            elif sha256(path.read_bytes()) != entry["sha256"]:
                problems.append(f"{dest}: not the file of {name}@{pkg['version']} (run python tools/vendor.py)")
    for path in sorted(VENDOR.rglob("*")):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and rel not in listed:
            problems.append(f"{rel}: in web/vendor/ but not in package.json's vendored list")
    return problems


def update(manifest: dict) -> None:
    for name, pkg in packages(manifest).items():
        with tempfile.TemporaryDirectory() as tmp:
            spec = f"{name}@{pkg['version']}"
            out = subprocess.run(
                ["npm", "pack", spec, "--json", "--pack-destination", tmp], capture_output=True, text=True, check=True
            )
            data = (Path(tmp) / json.loads(out.stdout)[0]["filename"]).read_bytes()
            if integrity(data) != pkg["integrity"]:
                sys.exit(f"{spec}: the tarball is not the one listed (integrity {integrity(data)}); check the version")
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                for dest, entry in pkg["files"].items():
                    content = tar.extractfile(entry["from"]).read()
                    (ROOT / dest).parent.mkdir(parents=True, exist_ok=True)
                    (ROOT / dest).write_bytes(content)
                    entry["sha256"] = sha256(content)
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    manifest = load()
    if "--check" not in sys.argv:
        update(manifest)
    problems = check(manifest)
    print("\n".join(problems) or "web/vendor/ matches package.json", file=sys.stderr)
    sys.exit(1 if problems else 0)

"""The linters CI and pre-commit run, here so that `./dev test` runs them too: ruff (lint and
format) over the Python, Biome over the browser code (web/js/), and the vendored libraries
against their list in package.json."""

import importlib.util
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

BIOME = ROOT / "node_modules" / ".bin" / "biome"


def run(*args):
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_python_passes_ruff(command):
    proc = run(sys.executable, "-m", "ruff", *command)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_browser_code_passes_biome():
    assert BIOME.exists(), "run ./dev test (it installs the npm tools with npm ci)"
    proc = run(str(BIOME), "lint", "--error-on-warnings", "web/js")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_biome_finds_a_real_mistake(tmp_path):
    """The linter is on and reads our configuration: an unused variable in a copy of a file fails."""
    shutil.copytree(ROOT / "web" / "js", tmp_path / "web" / "js")
    shutil.copy(ROOT / "biome.json", tmp_path / "biome.json")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    bad = tmp_path / "web" / "js" / "copy.js"
    bad.write_text(bad.read_text(encoding="utf-8").replace('"use strict";', '"use strict";\n  var unused = 1;', 1))
    proc = subprocess.run([str(BIOME), "lint", "--error-on-warnings", "web/js"], cwd=tmp_path, capture_output=True)
    assert proc.returncode != 0


def _vendor():
    spec = importlib.util.spec_from_file_location("vendor", ROOT / "tools" / "vendor.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vendored_libraries_are_the_listed_npm_files():
    vendor = _vendor()
    manifest = vendor.load()
    assert vendor.packages(manifest), "package.json lists the vendored libraries"
    for name, pkg in vendor.packages(manifest).items():
        assert pkg["integrity"].startswith("sha512-") and pkg["version"].count(".") == 2, name
        assert any(dest.endswith("LICENSE") for dest in pkg["files"]), f"{name}: its licence is vendored with it"
    assert vendor.check(manifest) == []


def test_a_changed_or_unlisted_vendored_file_is_caught(tmp_path, monkeypatch):
    vendor = _vendor()
    shutil.copytree(ROOT / "web" / "vendor", tmp_path / "web" / "vendor")
    monkeypatch.setattr(vendor, "ROOT", tmp_path)
    monkeypatch.setattr(vendor, "VENDOR", tmp_path / "web" / "vendor")
    manifest = vendor.load()
    js = tmp_path / "web" / "vendor" / "docx" / "docx.iife.js"
    js.write_bytes(js.read_bytes() + b"\n// patched")
    (tmp_path / "web" / "vendor" / "extra.js").write_text("x")
    problems = vendor.check(manifest)
    assert any("docx.iife.js: not the file" in p for p in problems)
    assert any("extra.js: in web/vendor/ but not" in p for p in problems)

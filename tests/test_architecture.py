"""The package's layout is the pipeline: each stage imports only the stages before it
(opslag/__init__.py draws the picture). Imports inside functions count too."""

import ast

import pytest

from conftest import ROOT

PACKAGE = ROOT / "opslag"
BASE = {"project", "urls", "webengine"}  # where things are (on disk, on the site) and the browser code run in Python
ALLOWED = {  # stage -> the stages it may import (besides itself and BASE)
    "base": set(),
    "source": set(),
    "model": {"source"},
    "render": {"source", "model"},
    "search": {"source", "model"},
    "exports": {"source", "model", "render", "search"},
    "site": {"source", "model", "render", "search", "exports"},
    "editor": {"source"},
    "cli": {"source", "model", "render", "search", "exports", "site", "editor"},
}


def stage(module: str) -> str:
    """'opslag.source.rules' -> 'source'; 'opslag.project' -> 'base'."""
    part = module.split(".")[1] if "." in module else ""
    return "base" if part in BASE or part == "" else part


def imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            yield node, "relative"
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("opslag"):
            if node.module == "opslag":
                for alias in node.names:
                    yield node, f"opslag.{alias.name}"
            else:
                yield node, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("opslag"):
                    yield node, alias.name


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_lives_in_a_stage():
    for path in MODULES:
        rel = path.relative_to(PACKAGE)
        name = rel.parts[0].removesuffix(".py")
        assert name in ALLOWED or name in BASE or name == "__init__", f"{rel}: not in a pipeline stage"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_pipeline(path):
    rel = path.relative_to(PACKAGE)
    own = stage("opslag." + ".".join(rel.with_suffix("").parts))
    for node, target in imports(path):
        where = f"{rel}:{node.lineno}"
        assert target != "relative", f"{where}: write absolute imports (from opslag.<stage> import …)"
        other = stage(target)
        assert other in ALLOWED, f"{where}: {target} is in no stage"
        assert other in {own, "base"} | ALLOWED[own], f"{where}: {own} may not import {target} ({other})"


def test_every_stage_says_its_job():
    for name in ALLOWED.keys() - {"base"}:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import" in doc, f"opslag/{name}/__init__.py: say its one job and what it may import"


def test_the_rule_catches_an_upward_import(tmp_path):
    """The rule itself can fail: a source module importing the site is refused."""
    bad = tmp_path / "bad.py"
    bad.write_text("from opslag.site.build import build_site\n")
    [(node, target)] = list(imports(bad))
    assert stage(target) not in {"source", "base"} | ALLOWED["source"]

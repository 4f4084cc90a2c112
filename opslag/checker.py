"""Load and check the whole project: vocabularies, then every category file."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import rules
from .diagnostics import ERROR, WARNING
from .jsonschema_check import schema_diagnostics
from .schema import category_schema
from .vocab import Vocabulary, load_vocabulary
from .yamlsource import load_file


@dataclass
class CheckResult:
    vocab: Vocabulary
    categories: dict = field(default_factory=dict)  # category id -> data, only when error-free
    diagnostics: list = field(default_factory=list)
    files: int = 0  # category files read

    @property
    def errors(self) -> list:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_project(root: Path, criteria_dir: Path | None = None) -> CheckResult:
    root = Path(root)
    vocab, diagnostics = load_vocabulary(root / "vocab")
    schema = category_schema(vocab)
    folder = criteria_dir or root / "criteria"
    sources = {}
    paths = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    for path in paths:
        src = load_file(path)
        rules.check_file_name(src, path.stem)
        if not src.fatal:
            src.diagnostics += schema_diagnostics(src, schema)
            rules.check_values(src)
            rules.check_category(src, src.data.get("prefix"))
            src.keep_positions(rules.corpus_positions(src))
            sources[path.stem] = src
        else:
            diagnostics += src.diagnostics
    rules.check_corpus(sources)
    for src in sources.values():
        diagnostics += src.diagnostics
    result = CheckResult(vocab, diagnostics=sorted(set(diagnostics)), files=len(paths))
    if result.ok:
        result.categories = {cat_id: sources[cat_id].data for cat_id in sorted(sources)}
    return result


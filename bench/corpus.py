"""A realistic large corpus: the shipped categories copied, ids renamed within each copy.

`realistic_corpus(folder, copies)` writes `copies` copies of every file in criteria/; copy 0 is the
shipped file itself, copy k gets a fresh prefix (X + two letters for the copy + two for the
category), so ids stay unique, and every reference to a criterion of the same category (ids in
`related`, `replaced_by` and in the texts) is renamed with it. With the 361 shipped criteria,
60 copies make 21,660 criteria and 10 make 3,610 (issues #20 and #21 measured at 19,740 and
3,290, 60 and 10 copies of the 329 criteria the library held then).

    python bench/corpus.py OUT_FOLDER COPIES
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _letters(n: int) -> str:
    a, b = divmod(n, 26)
    return chr(ord("A") + a % 26) + chr(ord("A") + b)


def _renamed(text: str, prefix: str, new_prefix: str, copy: int) -> str:
    text = re.sub(rf"(?m)^prefix: {prefix}$", f"prefix: {new_prefix}", text)
    text = re.sub(rf"\b{prefix}-(\d{{2,3}})\b", rf"{new_prefix}-\1", text)
    # the category's title says which copy it is, so the navigation stays readable
    lines = text.split("\n")
    start = lines.index("title:")
    for i in (start + 1, start + 2):  # '  da: …' and '  en: …', plain scalars in the shipped files
        lines[i] += f" {copy}"
    return "\n".join(lines)


def realistic_corpus(folder: Path, copies: int, source: Path = ROOT / "criteria") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(source.glob("*.yaml"))
    for c, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        prefix = re.search(r"(?m)^prefix: ([A-Z]+)$", text).group(1)
        (folder / path.name).write_text(text, encoding="utf-8")
        for k in range(1, copies):
            new_prefix = "X" + _letters(k) + _letters(c)
            (folder / f"{path.stem}-{k:02d}.yaml").write_text(_renamed(text, prefix, new_prefix, k), encoding="utf-8")
    return folder


def corpus_of(folder: Path | None):
    """The checked corpus of a folder of category files (None: the shipped criteria/)."""
    from opslag.model.corpus import build_corpus
    from opslag.project import Project
    from opslag.source.checker import check_project

    result = check_project(Project(ROOT, criteria=folder) if folder else Project(ROOT))
    assert result.ok, [d.format() for d in result.errors[:3]]
    return build_corpus(result.categories, result.vocab)


if __name__ == "__main__":
    out = realistic_corpus(Path(sys.argv[1]), int(sys.argv[2]))
    print(out, len(list(out.glob("*.yaml"))), "files")

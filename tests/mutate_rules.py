"""Delete each rule, one at a time, and run the rule tests: every deletion must make a test fail.

    .venv/bin/python tests/mutate_rules.py        # about 10 minutes; prints killed/SURVIVED per place

Every line of opslag/ that emits a code (a literal code, a placeholder mistake, a registry-made
diagnostic) has its call replaced by a no-op in a scratch copy of the project, and
tests/test_fixtures.py, test_review.py, test_placeholders.py and test_editor_tools.py run
against it. Not a test itself (too slow for every run); run it after changing rules.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="opslag-mutants-")) / "opslag"
shutil.copytree(
    SRC, WORK, ignore=shutil.ignore_patterns(".git", ".venv", "site", "__pycache__", ".pytest_cache", ".hypothesis")
)
CODE = re.compile(r'"([YSRWD][0-9]{3})"')
CALL = re.compile(
    r"(self\.src\.report|src\.report|out\.append|problems\.append|report|raise PlaceholderError|Diagnostic\.of)\("
)
MUTE = "(lambda *a, **k: None)("
sites = []
for path in sorted((WORK / "opslag").rglob("*.py")):
    if path.stem in ("registry", "diagnostics", "codes_table"):
        continue
    lines = path.read_text().split("\n")
    for i, line in enumerate(lines):
        if (CODE.search(line) or "PlaceholderError(offset" in line or "problem.code" in line) and "def " not in line:
            if line.strip().startswith('return None, ("'):
                sites.append((path, i, line, line.replace("return None, (", "return path.read_bytes(), None and (")))
                continue
            m = CALL.search(line)
            if m and "class " not in line and "code = " not in line:
                new = line[: m.start()] + MUTE + line[m.end() :]
                sites.append((path, i, line, new))
tests = ["tests/test_fixtures.py", "tests/test_review.py", "tests/test_placeholders.py", "tests/test_editor_tools.py"]
survivors = []
for path, i, old, new in sites:
    text = path.read_text()
    lines = text.split("\n")
    lines[i] = new
    path.write_text("\n".join(lines))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
        cwd=WORK,
        capture_output=True,
        text=True,
        timeout=600,
    )
    path.write_text(text)
    status = "killed" if proc.returncode != 0 else "SURVIVED"
    if proc.returncode == 0:
        survivors.append((path.name, i + 1, old.strip()))
    print(f"{status:8} {path.name}:{i + 1}: {old.strip()[:90]}", flush=True)
print(
    f"\n{len(sites)} rule sites deleted one at a time; {len(sites) - len(survivors)} made a test fail; survivors: {survivors}"
)

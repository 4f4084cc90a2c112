import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXPECT = re.compile(r"# expect: (?P<code>[A-Z][0-9]{3}) line (?P<line>[0-9]+)")
FILE_AS = re.compile(r"# file: (?P<name>\S+)")


def expectation(folder_or_file: Path):
    """(code, line, file name) from a fixture's '# expect:' header."""
    files = sorted(folder_or_file.iterdir()) if folder_or_file.is_dir() else [folder_or_file]
    for f in files:
        head = f.read_bytes()[:200].decode("utf-8", "replace")
        m = EXPECT.search(head)
        if m:
            return m["code"], int(m["line"]), f
    raise AssertionError(f"{folder_or_file} has no '# expect:' header")


def stage(fixture: Path, folder: Path) -> Path:
    """Copy a fixture (file or folder) into an empty criteria folder, as the build would see it."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in sorted(fixture.iterdir()) if fixture.is_dir() else [fixture]:
        head = f.read_bytes()[:200].decode("utf-8", "replace")
        m = FILE_AS.search(head)
        name = m["name"] if m else ("fixture.yaml" if not fixture.is_dir() else f.name)
        shutil.copyfile(f, folder / name)
    return folder


@pytest.fixture(scope="session")
def root():
    return ROOT

"""`build.py new category NAME` and `build.py new criterion CATEGORY`: a file or criterion to fill in.

Every field the data model requires is there, with today's date, the next free id or an unused
prefix, and a visible TODO where the editor must write something. `check` reports each TODO as
R250 (and nothing else at that place), so an unfinished scaffold can never pass CI.

Before anything is written, the name, the prefix and the scaffold itself go through `check`
(the file checked in memory, opslag/source/checker.py `check_project(extra=…)`): a name or prefix
check would refuse (a line break or another control character, a name the site uses, 'AB\\n')
stops `new` with check's own code and Danish message, on one line, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

from ruamel.yaml import YAML

from opslag.source import todos
from opslag.source.schema import CRITERION_ID, IMPACT_FIELD, PREFIX

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/category.schema.json"


# -- the scaffolds ---------------------------------------------------------------------------
def _criterion(cid: str, today: str, vocab) -> str:
    choices = lambda key: " | ".join(vocab.ids(key))
    return f"""\
  - id: {_scalar(cid, CRITERION_ID)}
    version: 1
    type: TODO  # {choices("types")}
    level: TODO  # {choices("levels")}
    status: udkast  # udkast, indtil kravet er færdigt og kontrolleret; derefter gældende
    valid_from: {today}
    title:
      da: "TODO: kort titel på kriteriet"
      en: "TODO: short title of the criterion"
    requirement:
      da: |
        TODO: kravteksten, som den skal stå i udbuddet. Tomme felter skrives [[sådan]].
      en: |
        TODO: the requirement as it goes into the tender. Blanks are written [[like this]].
    verification:
      da: "TODO: hvordan tilbudsgiveren dokumenterer kravet (mærker: '… eller tilsvarende')"
      en: "TODO: how the bidder documents the requirement (labels: '… or equivalent')"
    follow_up:
      da: "TODO: hvordan ordregiveren følger op i kontraktperioden"
      en: "TODO: how the contracting authority follows up during the contract"
    environmental_impact:
      - TODO  # eForms BT-774, en eller flere: {" | ".join(vocab.codes(IMPACT_FIELD))}
    rationale:
      da: "TODO: hvorfor kravet gavner miljøet"
      en: "TODO: why the requirement helps the environment"
    note:
      da: "TODO: hvad der mangler, før kriteriet er færdigt (slet note, når status er gældende)"
      en: "TODO: what is missing before the criterion is done (delete the note once it is gældende)"
    sources:
      - title: "TODO: kildens titel"
        url: "TODO: https://…"
    history:
      - version: 1
        date: {today}
        change: {{da: Første udgave., en: First edition.}}
"""


def category_text(name: str, prefix: str, today: str, vocab) -> str:
    return f"""\
{SCHEMA_LINE}
prefix: {_scalar(prefix, PREFIX)}
title:
  da: "TODO: kategoriens navn"
  en: "TODO: the category's name"
summary:
  da: "TODO: et par sætninger om, hvad kravene handler om"
  en: "TODO: a few sentences on what the requirements are about"
scope:
  da: |
    TODO: hvad kategorien dækker, og hvad den ikke dækker.
  en: |
    TODO: what the category covers, and what it does not.
cpv:
  - "TODO: CPV-kode, fx 39830000-9"
label_market:
  category: TODO  # {" | ".join(str(i) for i in vocab.ids("market_categories"))}
  assessed: {today[:4]}
sources:
  - title: "TODO: kildens titel"
    url: "TODO: https://…"
updated: {today}
criteria:
{_criterion(f"{prefix}-01", today, vocab)}"""


def _ascii(text: str) -> str:
    text = text.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def free_prefix(name: str, used: set) -> str:
    """An unused prefix from the name's letters: the first 2-5, then other picks of them."""
    letters = re.sub(r"[^A-Z]", "", _ascii(name).upper()) or "KAT"
    candidates = [letters[:n] for n in (4, 3, 5, 2)]
    candidates += [letters[0] + c for c in letters[1:] for _ in [0]]
    candidates += [letters[:2] + c for c in letters[2:]]
    for candidate in candidates:
        if re.match(PREFIX, candidate) and candidate not in used:
            return candidate
    for n in range(26 * 26):
        candidate = (letters[:2] + chr(65 + n // 26) + chr(65 + n % 26))[:5]
        if candidate not in used:
            return candidate
    raise ValueError("no free prefix")


def next_id(prefix: str, ids) -> str:
    numbers = [
        int(i.split("-")[1])
        for i in ids
        if isinstance(i, str) and i.startswith(prefix + "-") and i.split("-")[1].isdigit()
    ]
    number = max(numbers, default=0) + 1
    return f"{prefix}-{number:02d}"


def _corpus(folder: Path):
    """The category files check reads (opslag/source/checker.py category_files) that load."""
    from opslag.source.checker import category_files, category_id
    from opslag.source.yamlsource import load_file

    out = {}
    for path in category_files(folder)[0]:
        src = load_file(path, within=folder)
        if not src.fatal and isinstance(src.data, dict):
            out[category_id(path.name)] = src.data
    return out


class ScaffoldError(Exception):
    pass


def _scalar(value: str, pattern: str) -> str:
    """`value` as the scaffold writes it: plain when it has the checker's pattern (opslag/source/
    schema.py), else a double-quoted YAML string holding exactly the value, so that `check` sees,
    and names, what was given (a line break or an escape sequence never becomes YAML of its own)."""
    if re.fullmatch(pattern.strip("^$"), value):
        return value

    def escaped(ch: str) -> str:
        if ch in '"\\':
            return "\\" + ch
        if ch.isprintable():
            return ch
        return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"

    return '"' + "".join(escaped(ch) for ch in value) + '"'


def _refuse(problems: list, what) -> None:
    """Stop before writing anything: the first problem (the others follow from it, e.g. the ids of a
    bad prefix), in check's words (Danish), on one line."""
    if problems:
        raise ScaffoldError(f"{what(problems[0])}: {problems[0].code} {problems[0].da}")


def _check_with(project, name: str, text: str, base_files) -> list:
    """What `check` says about the file `name` if it held `text` (nothing is written)."""
    from opslag.source.checker import check_project
    from opslag.source.yamlsource import display_path

    result = check_project(project, base_files=base_files, coverage=False, extra={name: text.encode("utf-8")})
    shown = display_path(project.criteria / name)
    return [d for d in result.diagnostics if d.file == shown]


def new_category(project, name: str, vocab, today: str, prefix: str | None = None) -> Path:
    """Write criteria/<name>.yaml, unless `check` would refuse the name or the prefix for anything but
    the TODOs the editor fills in: then nothing is written and the message is check's own."""
    from opslag.source.checker import CATEGORY_SUFFIX, name_problems

    folder = project.criteria
    _refuse(name_problems(folder, name), lambda d: f"kategorien '{name}' oprettes ikke")
    target = folder / f"{name}{CATEGORY_SUFFIX}"
    if target.exists():
        raise ScaffoldError(f"{target} findes allerede.")
    corpus = _corpus(folder)
    prefix = free_prefix(name, {data.get("prefix") for data in corpus.values()}) if prefix is None else prefix
    text = category_text(name, prefix, today, vocab)
    problems = [d for d in _check_with(project, target.name, text, set(corpus)) if d.code != todos.CODE]
    _refuse(problems, lambda d: f"præfikset '{prefix}'" if d.path == "prefix" else f"kategorien '{name}' oprettes ikke")
    target.write_text(text, encoding="utf-8")
    return target


def new_criterion(project, category: str, vocab, today: str) -> tuple[Path, str]:
    """Append a criterion with the next free id to criteria/<category>.yaml, unless `check` would
    refuse the category's prefix or the new criterion for anything but its TODOs."""
    from opslag.source.checker import CATEGORY_SUFFIX

    folder = project.criteria
    corpus = _corpus(folder)
    if category not in corpus:
        known = ", ".join(sorted(corpus)) or "ingen"
        raise ScaffoldError(
            f"kategorien '{category}' findes ikke eller kan ikke læses (kør build.py check). Kendte: {known}."
        )
    target = folder / f"{category}{CATEGORY_SUFFIX}"
    data = corpus[category]
    prefix = data.get("prefix")
    if not (isinstance(prefix, str) and re.fullmatch(PREFIX.strip("^$"), prefix)):
        original = target.read_text(encoding="utf-8")
        problems = [d for d in _check_with(project, target.name, original, set(corpus)) if d.path == "prefix"]
        _refuse(problems, lambda d: f"intet nyt kriterium i '{category}', for check afviser dens præfiks")
        raise ScaffoldError(f"kategorien '{category}' har intet gyldigt præfiks; kør build.py check.")
    ids = [c.get("id") for d in corpus.values() for c in d.get("criteria") or [] if isinstance(c, dict)]
    cid = next_id(prefix, ids)
    y = YAML()
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    doc = y.load(target.read_text(encoding="utf-8"))
    item = y.load(_criterion(cid, today, vocab))[0]
    doc["criteria"].append(item)
    out = io.StringIO()
    y.dump(doc, out)
    path = f"criteria[{len(doc['criteria']) - 1}]"
    problems = [
        d
        for d in _check_with(project, target.name, out.getvalue(), set(corpus))
        if d.code != todos.CODE and (d.path == path or d.path.startswith((path + ".", path + "[")))
    ]
    _refuse(problems, lambda d: f"{cid} tilføjes ikke")
    target.write_text(out.getvalue(), encoding="utf-8")
    return target, cid


def today() -> str:
    return dt.date.today().isoformat()

"""`build.py fmt`: one layout for every criteria, vocabulary and edition file, so reviews are about content.

Round-trips each file with ruamel.yaml (comments, quotes and flow style survive) and then:
* puts the keys of every mapping in the data model's order (the order of the schema's
  properties; keys the model does not know keep their place after the known ones);
* indents mappings by 2 and list items by 4 with the dash at 2 (the layout of the shipped files);
* reflows a paragraph of a block text (| and >) that has a line longer than WRAP_AT, at spaces,
  never inside a placeholder ([[…]]) and never a list item: a single line break inside a
  paragraph is a soft wrap (textblocks), so the text means the same. No refilled line starts
  with the list marker ('- ' would make the rest of the paragraph a list item), and a paragraph
  that would not read the same refilled (double spaces, say) stays as written;
* removes trailing whitespace and ends the file with exactly one line break.

A file is only rewritten when the strict loader reads the same data from the result (text
compared as rendered paragraphs); a file the loader rejects is left alone and reported.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from opslag.source import textblocks
from opslag.source.diagnostics import Diagnostic
from opslag.source.yamlsource import load_text, read_limited

WRAP_AT = 110  # a prose line whose text is longer than this is wrapped ...
WRAP_TO = 100  # ... into lines of at most this many characters (the shipped files' width)
_TOKEN = re.compile(r"\[\[[^\]\n]*\]\][^ ]*|[^ ]+")  # words end at a space; a placeholder, spaces and all, is one


def _yaml() -> YAML:
    y = YAML()  # round-trip mode
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # ruamel must not fold plain scalars; prose wrapping is ours (below)
    return y


# -- key order from the schema --------------------------------------------------------------
def _resolve(schema: dict, root: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = root["definitions"][schema["$ref"].rsplit("/", 1)[1]]
    return schema if isinstance(schema, dict) else {}


def _order(node, schema: dict, root: dict) -> None:
    schema = _resolve(schema, root)
    if isinstance(node, CommentedMap):
        props = list(schema.get("properties", {}))
        rank = {k: i for i, k in enumerate(props)}
        keys = list(node.keys())
        wanted = sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))
        if keys != wanted:
            _reorder(node, wanted)
        for key, value in node.items():
            _order(value, schema.get("properties", {}).get(key, {}), root)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _order(item, schema.get("items", {}), root)


def _reorder(node: CommentedMap, wanted: list) -> None:
    """Move keys; a comment or blank line after the old last entry stays at the end of the mapping."""
    last_old = list(node.keys())[-1]
    tail = node.ca.items.pop(last_old, None)
    for key in wanted:
        node.move_to_end(key)
    if tail is not None:
        new_last = wanted[-1]
        mine = node.ca.items.get(new_last)
        if mine is None:
            node.ca.items[new_last] = tail
        else:  # keep both: the moved key's own comment, then the mapping's tail
            node.ca.items[new_last] = tail
            if last_old in node:
                node.ca.items[last_old] = mine


# -- text -----------------------------------------------------------------------------------
def _reflow(run: list) -> list:
    """The lines of one paragraph (a run of lines with one indentation), refilled to WRAP_TO.

    A line never starts with the list marker (textblocks.LIST_MARKER): a break before a lone '-'
    would turn the rest of the paragraph into a list item, so the '-' stays at the end of the line
    before (a line may then be two characters longer). A placeholder is one word. Whatever the
    text holds (double spaces, other spaces, a line that is only '-'), the refilled paragraph must
    read the same to textblocks, or it stays as it was written."""
    indent = run[0][: len(run[0]) - len(run[0].lstrip())]
    lines, current = [], ""
    for word in _TOKEN.findall(" ".join(line.strip() for line in run)):
        if current and len(current) + 1 + len(word) > WRAP_TO and word != textblocks.LIST_MARKER:
            lines.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(indent + current)
    same = textblocks.blocks("\n".join(lines)) == textblocks.blocks("\n".join(run))
    return lines if same and not any(textblocks.is_item(line) for line in lines) else list(run)


def wrap_block(text: str) -> str:
    """Reflow each paragraph that has an over-long line; list items and other paragraphs stay as
    written. A paragraph is a run of lines with the same indentation, none blank or a list item;
    its line breaks are soft wraps (textblocks), so reflowing keeps the meaning."""
    lines = [line.rstrip() for line in text.split("\n")]
    out, run = [], []

    def flush():
        if run and any(len(line.lstrip()) > WRAP_AT for line in run):
            out.extend(_reflow(run))
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        body = line.lstrip()
        indent = line[: len(line) - len(body)]
        if not body or textblocks.is_item(body):
            flush()
            out.append(line)
        else:
            if run and run[0][: len(run[0]) - len(run[0].lstrip())] != indent:
                flush()
            run.append(line)
    flush()
    return "\n".join(out)


def _texts(node) -> None:
    if isinstance(node, (CommentedMap, CommentedSeq)):
        items = node.items() if isinstance(node, CommentedMap) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, (LiteralScalarString, FoldedScalarString)):
                new = wrap_block(str(value))
                if new != str(value):
                    node[key] = type(value)(new)
            else:
                _texts(value)


# -- files ----------------------------------------------------------------------------------
def same_meaning(a, b) -> bool:
    """Equal data, key order aside, and texts equal as rendered paragraphs (soft wraps, trailing spaces)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return sorted(a) == sorted(b) and all(same_meaning(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_meaning(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str):
        return a == b or textblocks.blocks(a) == textblocks.blocks(b)
    return type(a) is type(b) and a == b


@dataclass
class Outcome:
    file: str
    changed: bool = False
    problem: str = ""  # why the file was left alone


def format_text(text: str, schema: dict) -> str:
    """The canonical layout of one file's text (raises on YAML ruamel cannot read)."""
    y = _yaml()
    data = y.load(text)
    _order(data, schema, schema)
    _texts(data)
    out = io.StringIO()
    y.dump(data, out)
    lines = [line.rstrip() for line in out.getvalue().split("\n")]
    return "\n".join(lines).rstrip("\n") + "\n"


def format_file(path: Path, schema: dict, write: bool) -> Outcome:
    outcome = Outcome(str(path))
    raw, problem = read_limited(path, within=path.parent)  # no /dev/zero, pipe or link out of the folder
    if problem:
        code, variant, fields = problem
        outcome.problem = f"{Diagnostic.of(str(path), (1, 1), code, (), variant, **fields).message} Left unchanged."
        return outcome
    before = load_text(str(path), raw)
    if before.fatal or any(d.code.startswith("Y") for d in before.diagnostics):
        outcome.problem = "the file has YAML errors; run `build.py check` and fix them first"
        return outcome
    text = raw.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    try:
        new = format_text(text, schema)
    except Exception as exc:  # ruamel is stricter or looser than our loader in corner cases
        outcome.problem = f"ruamel.yaml cannot read it ({type(exc).__name__}); left unchanged"
        return outcome
    after = load_text(str(path), new.encode("utf-8"))
    if after.fatal or not same_meaning(before.data, after.data):
        outcome.problem = "formatting would change the data; left unchanged (please report this)"
        return outcome
    outcome.changed = new.encode("utf-8") != raw
    if outcome.changed and write:
        path.write_bytes(new.encode("utf-8"))
    return outcome


def schemas(root: Path) -> dict:
    """{folder name: schema or (file name -> schema)}: the category schema for criteria/ (and an
    edition's own criteria), each vocabulary's own, and the edition schema for the overlays."""
    from opslag.source.schema import category_schema, edition_schema, vocab_schema
    from opslag.source.vocab import VOCAB_FILES, load_vocabulary

    vocab, _ = load_vocabulary(root / "vocab")
    by_name = {name: vocab_schema(key, vocab) for key, name in VOCAB_FILES.items()}
    return {"criteria": category_schema(vocab), "vocab": by_name, "editions": edition_schema(vocab)}


def format_tree(root: Path, folders: list[Path], write: bool) -> list[Outcome]:
    """Format every file `check` reads in `folders`: vocab/ with each vocabulary's schema, editions/
    as `check` reads it (each overlay '<id>.yaml' with the edition schema, its own criteria in
    '<id>/' like criteria/), and any other folder as a criteria folder.

    A criteria folder is read as `check` reads it (opslag/source/checker.py category_files): the
    same files, and a name check refuses (an 'x.yml', R226) is reported the same way and left alone."""
    from opslag.project import Project

    project = Project(root)
    plan = schemas(root)
    out = []
    for folder in folders:
        if folder.resolve() == project.vocab.resolve():
            for path in sorted(p for p in folder.iterdir() if p.name.endswith(".yaml")):
                out.append(format_file(path, plan["vocab"].get(path.name, {}), write))
        elif folder.resolve() == project.editions.resolve():
            out += _format_editions(project, plan, write)
        else:
            out += _format_categories(folder, plan, write)
    return sorted(out, key=lambda o: o.file)


def _format_categories(folder: Path, plan: dict, write: bool) -> list[Outcome]:
    from opslag.source.checker import category_files

    paths, problems = category_files(folder, require_files=False)
    out = [Outcome(diag.file, problem=f"{diag.code} {diag.message}") for diag in problems]
    return out + [format_file(path, plan["criteria"], write) for path in paths]


def _format_editions(project, plan: dict, write: bool) -> list[Outcome]:
    """The files of editions/ that `check` reads: the overlays and their own category files (a
    name that is no edition is check's to report (R263) and is left alone)."""
    from opslag.source.editions import edition_ids

    out = []
    for edition in edition_ids(project.editions):
        out.append(format_file(project.edition_file(edition), plan["editions"], write))
        if project.edition_criteria(edition).is_dir():
            out += _format_categories(project.edition_criteria(edition), plan, write)
    return out

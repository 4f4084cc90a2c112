"""Strict YAML loading that remembers where every value came from.

PyYAML (with libyaml where available) produces parse events; this module builds
plain Python values from them under stricter rules than YAML 1.1:

* plain scalars resolve like YAML 1.2's core schema, narrowed: only ``true`` and
  ``false`` are booleans, ``null``/``~``/empty are null, decimal integers without
  leading zeros are ints, numbers with a dot or exponent are floats, and
  everything else (``no``, ``on``, ``0755``, ``1:20``, ``2025-01-01``) stays text;
* duplicate keys, anchors, aliases, merge keys, tags, non-text keys, several
  documents, a non-mapping top level, bad UTF-8, huge files and absurd nesting are
  reported as diagnostics, never raised;
* a UTF-8 byte order mark is dropped, CRLF line ends are accepted, tabs used for
  indentation are reported (YAML forbids them).

The result is a ``Source``: the data plus, for every path, the position of its
value and (for mapping entries) of its key, so later checks can point at lines.

Most files are clean, and most of a clean file's positions are never asked for. So a file is read
twice only when needed: first by a lean pass over libyaml's events that keeps no positions and
gives up at anything unusual; the position-keeping pass then runs on the kept text when a rule
first asks where something stands (a problem to report), or at once when the lean pass gave up
(the same pass reports what is wrong). Both passes build the same data by the same rules.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import yaml

from opslag.source.diagnostics import Diagnostic
from opslag.source.registry import L

try:  # libyaml's C parser, when PyYAML was built with it
    from yaml.cyaml import CParser as _Parser

    _Loader = yaml.CSafeLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    _Loader = _Parser = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_DIGITS = 30
TOO_BIG = 10**MAX_DIGITS  # stands in for a longer number: larger than any schema maximum, so it is reported

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_FLOAT_SPECIAL = {".inf", "+.inf", "-.inf", ".nan"}
_NULLS = {"", "~", "null"}
_TYPED_START = frozenset("~ntf0123456789+-.")  # how a plain scalar that is not text can start

Position = tuple  # (line, column), both 1-based


class Source:
    """A loaded file: its data (None when unusable) and where each value stands.

    The positions (`values`, `keys`, `texts`, `blocks`, `comments`) are read from the file's text
    the first time one is asked for; `comments` alone is known without them when the text holds no
    '#' after a value (the common case)."""

    def __init__(self, file: str, data=None):
        self.file = file
        self.data = data
        self.diagnostics: list = []
        self.fatal = False  # True when the data is missing or incomplete
        self._text = None  # the file's text while its positions are still unread
        self._maybe_comments = False  # whether that text may hold a comment after a value
        self._values: dict = {}  # path -> position of the value
        self._keys: dict = {}  # path -> position of the key naming it
        self._texts: dict = {}  # path -> source text of a plain scalar
        self._blocks: dict = {}  # path -> line where a block scalar's (| or >) text starts
        self._comments: dict = {}  # path -> (position, text) of a comment right after a plain scalar

    def _positions(self) -> Source:
        if self._text is not None:
            text, self._text = self._text, None
            again = Source(self.file)
            _Builder(again).run(text)  # the same data: the lean pass found nothing it could not read
            self._values, self._keys, self._texts = again._values, again._keys, again._texts
            self._blocks, self._comments = again._blocks, again._comments
        return self

    values = property(lambda self: self._positions()._values)
    keys = property(lambda self: self._positions()._keys)
    texts = property(lambda self: self._positions()._texts)
    blocks = property(lambda self: self._positions()._blocks)

    @property
    def comments(self) -> dict:
        if self._text is not None and not self._maybe_comments:
            return self._comments  # no '#' after anything: no comment after a value
        return self._positions()._comments

    def position(self, path: tuple) -> Position:
        """Best position for a path: its key, else its value, else the nearest parent."""
        path = tuple(path)
        while path:
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def value_position(self, path: tuple) -> Position:
        path = tuple(path)
        return self.values.get(path) or self.position(path)

    def text_position(self, path: tuple, text: str, offset: int) -> Position:
        """Where character `offset` of a text value stands: exact for block scalars (| and >), whose
        lines follow one another in the file; the value's start for the others."""
        path = tuple(path)
        if path not in self.blocks:
            return self.value_position(path)
        key_column = self.keys.get(path, (0, 1))[1]
        line_start = text.rfind("\n", 0, offset) + 1
        return (self.blocks[path] + text.count("\n", 0, offset), key_column + 2 + offset - line_start)

    def keep_positions(self, wanted) -> None:
        """Forget positions not needed any more (keeps memory flat across many files). `wanted`:
        the paths to keep, or a function giving them, asked only when positions were read."""
        if self._text is not None:
            return  # none read: the text stays, to read them from should a rule ask
        wanted = set(wanted() if callable(wanted) else wanted)
        self._values = {p: v for p, v in self._values.items() if p in wanted or p == ()}
        self._keys = {p: v for p, v in self._keys.items() if p in wanted}
        self._texts, self._blocks, self._comments = {}, {}, {}

    def report(self, position: Position, code: str, path: tuple = (), variant: str = "", **fields) -> None:
        """Record a problem; its words come from opslag/source/registry.py (`variant` picks the message)."""
        self.diagnostics.append(Diagnostic.of(self.file, position, code, path, variant, **fields))


def resolve_plain(text: str):
    """Type of an unquoted scalar, by the narrowed YAML 1.2 rules above."""
    if text in _NULLS:
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if _INT.match(text):
        if len(text) > MAX_DIGITS:  # int() refuses more than 4,300 digits; no number here is that big
            return -TOO_BIG if text.startswith("-") else TOO_BIG
        return int(text)
    if ("." in text or "e" in text or "E" in text) and _FLOAT.match(text):
        return float(text)
    if text in _FLOAT_SPECIAL:
        return float(text.replace(".", ""))
    return text


def _pos(mark) -> Position:
    return (mark.line + 1, mark.column + 1)


def _number(n: int) -> L:
    """1.234.567 in Danish, 1,234,567 in English."""
    return L(f"{n:,}".replace(",", "."), f"{n:,}")


def load_text(file: str, raw: bytes) -> Source:
    """Load one YAML file's bytes. Never raises for any input."""
    src = Source(file)
    if len(raw) > MAX_BYTES:
        src.report((1, 1), "Y012", size=_number(len(raw)), limit=_number(MAX_BYTES))
        src.fatal = True
        return src
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        src.report((line, column), "Y011", byte=f"{raw[exc.start]:02x}")
        src.fatal = True
        return src
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(l.strip() == "" or l.lstrip().startswith("#") for l in text.splitlines()):
        src.report((1, 1), "Y009")
        src.fatal = True
        return src
    _trailing_spaces(src, text)
    try:
        src.data, src._text = _lean_data(text), text
        src._maybe_comments = _may_hold_comment_after_value(text)
    except (_Unusual, yaml.YAMLError):
        _Builder(src).run(text)  # reports what the lean pass gave up at, at its place
    if not src.fatal and not isinstance(src.data, dict):
        kind = "list" if isinstance(src.data, list) else "scalar"
        src.report(src.values.get((), (1, 1)), "Y010", variant=kind)
        src.fatal = True
    return src


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible."""
    try:
        # the folder resolved, not the file: a link is named as the link, not as what it points to
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_limited(path: Path, within: Path | None = None) -> tuple[bytes | None, tuple | None]:
    """(bytes, None) or (None, (code, message)). Reads only a regular file, inside `within` when
    given (a symbolic link out of the folder is refused), checks the size before reading and reads
    at most MAX_BYTES + 1 bytes: a link to /dev/zero or a pipe can never hang or fill memory."""
    if within is not None:
        try:
            path.resolve(strict=True).relative_to(within.resolve())
        except ValueError:
            return None, ("Y014", "outside", {"target": str(path.resolve()), "folder": str(within)})
        except (OSError, RuntimeError) as exc:  # a dangling or looping link
            return None, ("Y014", "dangling", {"reason": str(getattr(exc, "strerror", None) or exc)})
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then sees what was opened
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, ("Y014", "unreadable", {"reason": str(exc.strerror)})
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = (
            L("en mappe", "a folder")
            if stat.S_ISDIR(info.st_mode)
            else L("en enhed, en pipe eller en socket", "a device, pipe or socket")
        )
        return None, ("Y014", "not_regular", {"kind": kind})
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_BYTES:
            return None, ("Y012", "", {"size": _number(info.st_size), "limit": _number(MAX_BYTES)})
        try:
            return handle.read(MAX_BYTES + 1), None
        except OSError as exc:
            return None, ("Y014", "unreadable", {"reason": str(exc.strerror)})


def load_file(path, within: Path | None = None) -> Source:
    path = Path(path)
    raw, problem = read_limited(path, within)
    if problem:
        src = Source(display_path(path))
        code, variant, fields = problem
        src.report((1, 1), code, (), variant, **fields)
        src.fatal = True
        return src
    return load_text(display_path(path), raw)


def _trailing_spaces(src: Source, text: str) -> None:
    """Spaces at a line's end are invisible, and inside a block (|) they are part of the text."""
    if not any(end in text for end in (" \n", "\t\n", " \r", "\t\r")) and not text.endswith((" ", "\t")):
        return  # no line ends in a space or a tab (a quick look for the common case)
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if line != line.rstrip(" \t"):
            src.report((number, len(line.rstrip(" \t")) + 1), "R253")


_COMMENT_AFTER = re.compile(r"[ \t]+#")


def _may_hold_comment_after_value(text: str) -> bool:
    """False when no value can have a comment after it: that needs a '#' after a space or a tab,
    with more than white space before them on its line (a comment on a line of its own has not)."""
    at = text.find("#")
    while at != -1:
        if at and text[at - 1] in " \t" and text[text.rfind("\n", 0, at) + 1 : at].strip():
            return True
        at = text.find("#", at + 1)
    return False


class _Unusual(Exception):
    """Something the lean pass leaves to the position-keeping one, which reports it."""


def _lean_data(text: str):
    """The file's data, read from libyaml's events without positions: the common case of a clean
    file. Raises _Unusual at anything the position-keeping pass (_Builder) would report or skip
    (several documents, anchors, aliases, tags, merge keys, keys that are not text, repeated
    keys, too deep nesting, a top level that is not a mapping), and YAMLError where the text is
    not YAML. Where it returns, _Builder gives the same data and no diagnostic."""
    parser = _Parser(text)
    get = parser.get_event
    stack: list = []  # the open containers' parents
    container = key = _NO_KEY  # the innermost open container, and the key waiting for its value
    data = _NO_KEY
    documents = 0
    while True:
        ev = get()
        kind = type(ev)
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if ev.anchor is not None or (ev.tag is not None and ev.tag != "!"):
                raise _Unusual
            if kind is yaml.ScalarEvent:
                value = ev.value
                if not ev.style and (not value or value[0] in _TYPED_START):
                    value = resolve_plain(value)
            elif len(stack) >= MAX_DEPTH:
                raise _Unusual
            else:
                value = {} if kind is yaml.MappingStartEvent else []
            if type(container) is dict:
                if key is _NO_KEY:  # this is a key
                    if kind is not yaml.ScalarEvent or type(value) is not str or value in container:
                        raise _Unusual
                    if value == "<<" and not ev.style:
                        raise _Unusual
                    key = sys.intern(value)  # the same few dozen keys in every criterion: held once (#21)
                    continue
                container[key], key = value, _NO_KEY
            elif container is _NO_KEY:
                data = value
            else:
                container.append(value)
            if kind is not yaml.ScalarEvent:
                stack.append(container)
                container = value
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            container = stack.pop()
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unusual
        elif kind is yaml.AliasEvent:
            raise _Unusual
        elif kind is yaml.StreamEndEvent:
            break
    if type(data) is not dict:
        raise _Unusual
    return data


class _Builder:
    """Turns parse events into values; one explicit stack, so no recursion limits."""

    def __init__(self, src: Source):
        self.src = src
        self.stack: list = []  # frames: [container, path, pending_key or _NO_KEY]
        self.documents = 0
        self.skip = 0  # depth of a subtree being skipped (complex key, too deep)

    def run(self, text: str) -> None:
        self.lines = text.split("\n")
        try:
            for event in yaml.parse(text, Loader=_Loader):
                self.event(event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            position = _pos(mark) if mark else (1, 1)
            problem = exc.problem or str(exc)
            if "\t" in problem or "tab" in problem:
                self.src.report(position, "Y002")
            else:
                self.src.report(position, "Y001", variant="syntax", problem=problem)
            self.src.fatal = True
        except yaml.YAMLError as exc:  # reader errors: control characters and the like
            position = (1, 1)
            if getattr(exc, "position", None) is not None:
                before = text[: exc.position]
                position = (before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
            self.src.report(position, "Y001", variant="character", problem=str(getattr(exc, "reason", exc)))
            self.src.fatal = True

    # -- events -------------------------------------------------------------
    def event(self, ev) -> None:
        if isinstance(ev, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents == 2:
                self.src.report(_pos(ev.start_mark), "Y008")
            return
        if self.documents > 1:
            return
        start = isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        end = isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent))
        if self.skip:
            self.skip += 1 if start else -1 if end else 0
            return
        if isinstance(ev, yaml.AliasEvent):
            self.src.report(_pos(ev.start_mark), "Y004", variant="alias", name=ev.anchor)
            self.place(ev, None)
            return
        if not (start or isinstance(ev, yaml.ScalarEvent)):
            if end:
                self.stack.pop()
            return
        if ev.anchor is not None:
            self.src.report(_pos(ev.start_mark), "Y004", variant="anchor", name=ev.anchor)
        if ev.tag is not None and ev.tag != "!":
            self.src.report(_pos(ev.start_mark), "Y006", tag=ev.tag)
        if isinstance(ev, yaml.ScalarEvent):
            plain = not ev.style  # libyaml says '', the pure-Python parser None
            value = resolve_plain(ev.value) if plain else ev.value
            path = self.place(ev, value, plain_text=ev.value if plain else None)
            if path is not None and plain and isinstance(value, str):
                self.comment_after(path, ev.end_mark)
            if path is not None and ev.style in ("|", ">"):
                self.src._blocks[path] = ev.start_mark.line + 2
            return
        # a collection starts
        if self.expecting_key():
            self.src.report(_pos(ev.start_mark), "Y007", variant="collection")
            self.skip = 1
            self.stack[-1][2] = _BAD_KEY
            return
        if len(self.stack) >= MAX_DEPTH:
            self.src.report(_pos(ev.start_mark), "Y013", depth=MAX_DEPTH)
            self.src.fatal = True
            self.skip = 1
            self.place(ev, None)
            return
        container = {} if isinstance(ev, yaml.MappingStartEvent) else []
        path = self.place(ev, container)
        if path is None:  # the value of a rejected key: drop the whole subtree
            self.skip = 1
            return
        self.stack.append([container, path, _NO_KEY])

    def comment_after(self, path: tuple, mark) -> None:
        """A '#' after a space ends an unquoted text: 'Certifikat #123' loads as 'Certifikat'. The
        rules (R254) decide where that is a mistake, so remember the comment and where it starts."""
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        found = _COMMENT_AFTER.match(line, mark.column)
        if found:
            self.src._comments[path] = ((mark.line + 1, found.end()), line[found.end() - 1 :].rstrip()[:40])

    def expecting_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is _NO_KEY

    def place(self, ev, value, plain_text=None):
        """Put a value where the stack says; returns its path (None if dropped)."""
        if not self.stack:
            self.src.data = value
            self.src._values[()] = _pos(ev.start_mark)
            return ()
        frame = self.stack[-1]
        container, parent = frame[0], frame[1]
        if isinstance(container, list):
            path = parent + (len(container),)
            container.append(value)
        elif frame[2] is _NO_KEY:  # this scalar is a key
            frame[2] = self.key(ev, value, plain_text, container, parent)
            return None
        else:
            key, frame[2] = frame[2], _NO_KEY
            if key is _BAD_KEY:
                return None
            path = parent + (key,)
            container[key] = value
        self.src._values[path] = _pos(ev.start_mark)
        if plain_text is not None:
            self.src._texts[path] = plain_text
        return path

    def key(self, ev, value, plain_text, container, parent):
        position = _pos(ev.start_mark)
        if isinstance(ev, yaml.AliasEvent):
            return _BAD_KEY
        if plain_text == "<<":
            self.src.report(position, "Y005", parent)
            return _BAD_KEY
        if not isinstance(value, str):
            shown = plain_text if plain_text is not None else repr(value)
            self.src.report(position, "Y007", parent, "scalar", key=repr(shown))
            return _BAD_KEY
        if value in container or (parent + (value,)) in self.src._keys:
            first = self.src._keys[parent + (value,)]
            self.src.report(position, "Y003", parent + (value,), key=value, line=first[0])
            return _BAD_KEY
        self.src._keys[parent + (value,)] = position
        return sys.intern(value)  # held once, as the lean pass holds it


_NO_KEY = object()
_BAD_KEY = object()

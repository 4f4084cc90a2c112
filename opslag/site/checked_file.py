"""The checked data handed to worker processes (a build's languages, serve's language workers)
through one file, a category at a time: a worker makes each category's objects as it reads it and
lets that category's data go, so it never holds the whole checked data and the corpus together
(#21: they were about the same size). The file is written once for every worker: a call's
arguments would be held by the pool until the call returns.

The file: each category's data (a pickle each, in id order), then the index (the vocabularies, the
edition's overlay, and per category its id, its digest and where its data starts), then where the
index starts (8 bytes). serve gives each category's digest (the fingerprint of its checked data),
and its workers keep the categories they made: a category whose digest they already have is not
read or made again (an edit is one category's)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from opslag.model.corpus import Corpus, build_category, build_edition

_PROTOCOL = pickle.HIGHEST_PROTOCOL
_WHERE = 8  # bytes of the index's place, at the file's end


def write(path: Path, check, digests: dict | None = None) -> None:
    """The checked data of `check` (CheckResult); `digests`: category id -> its data's digest, or None."""
    with path.open("wb") as f:
        entries = []
        for cat_id, data in sorted(check.categories.items()):
            entries.append((cat_id, None if digests is None else digests[cat_id], f.tell()))
            pickle.dump(data, f, protocol=_PROTOCOL)
        index_at = f.tell()
        pickle.dump((check.vocab, check.edition, entries), f, protocol=_PROTOCOL)
        f.write(index_at.to_bytes(_WHERE, "little"))


def read_corpus(path: Path, kept: dict | None = None) -> Corpus:
    """The corpus of a file write() made: the same as build_corpus of the data written. `kept`: a
    worker's categories from its last read ({id: (digest, Category)}), used where the digest is the
    same, and updated to this read's."""
    now = {}
    with path.open("rb") as f:
        f.seek(-_WHERE, os.SEEK_END)
        f.seek(int.from_bytes(f.read(_WHERE), "little"))
        vocab, edition, entries = pickle.load(f)
        for cat_id, digest, start in entries:
            known = (kept or {}).get(cat_id) if digest is not None else None
            if known is None or known[0] != digest:
                f.seek(start)
                known = (digest, build_category(cat_id, pickle.load(f)))
            now[cat_id] = known
    if kept is not None:
        kept.clear()
        kept.update(now)
    return Corpus([category for _, category in now.values()], vocab, edition=build_edition(edition))

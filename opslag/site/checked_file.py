"""The checked data handed to worker processes (a build's languages, serve's language workers)
through one file, a category at a time: a worker makes each category's objects as it reads it and
lets that category's data go, so it never holds the whole checked data and the corpus together
(#21: they were about the same size). The file is written once for every worker: a call's
arguments would be held by the pool until the call returns."""

from __future__ import annotations

import pickle
from pathlib import Path

from opslag.model.corpus import Corpus, build_category, build_edition

_PROTOCOL = pickle.HIGHEST_PROTOCOL


def write(path: Path, check) -> None:
    """The vocabularies, the edition's overlay, how many categories, then each category in id order."""
    with path.open("wb") as f:
        pickle.dump((check.vocab, check.edition, len(check.categories)), f, protocol=_PROTOCOL)
        for item in sorted(check.categories.items()):
            pickle.dump(item, f, protocol=_PROTOCOL)


def read_corpus(path: Path) -> Corpus:
    """The corpus of a file write() made: the same as build_corpus of the data written."""
    with path.open("rb") as f:
        vocab, edition, count = pickle.load(f)
        categories = [build_category(*pickle.load(f)) for _ in range(count)]
    return Corpus(categories, vocab, edition=build_edition(edition))

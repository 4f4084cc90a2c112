"""Downloadable files, made by a list of exporters with one job each.

An exporter is a module with `files(ctx)`: {path: str | bytes}, or (path, content) pairs made one
at a time (exporters of a file per category or criterion yield, so the build writes each as it is
made and nothing holds them all; a file that grows with the corpus may be an iterable of str parts,
written as they come: whole() joins them); adding a format is adding a module and naming it in EXPORTERS. Paths are relative to a language's site root. Exporters share
the helpers for deterministic files (zipfiles.py) and never read the clock or the environment.

May import: project, urls, source, model, render, search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from opslag.exports import builder_data, changes_data, csvtable, documents, feeds, jsondata, list_parts, search, text


@dataclass(frozen=True)
class Context:
    corpus: object  # model.Corpus
    r: object  # render.Renderer of the files' language
    epoch: int  # the build's date (SOURCE_DATE_EPOCH or the newest date in the data)
    site_url: str  # this language's public address (feeds and documents need absolute links)
    web: Path  # the browser code: the category documents are made by its generators (webengine.py)
    public: bool = True  # whether site_url is the real address (else documents and printouts omit it)
    memo: object = None  # serve's record of what the last build made (reuse.py, opslag/site/incremental.py)

    @property
    def document_url(self) -> str:
        """The address written into documents a procurer downloads: '' when only a preview's is known."""
        return self.site_url if self.public else ""

    @property
    def lang(self) -> str:
        return self.r.lang


EXPORTERS = (text, jsondata, csvtable, documents, feeds, search, builder_data, changes_data, list_parts)


def items(ctx: Context):
    """Every download as (path, content), one at a time, in a fixed order."""
    seen = set()
    for exporter in EXPORTERS:
        made = exporter.files(ctx)
        for path, content in made.items() if isinstance(made, dict) else made:
            if path in seen:  # two exporters writing one path is a programming error, not bad data
                raise ValueError(f"{exporter.__name__} writes {path}, which another exporter wrote")
            seen.add(path)
            yield path, content


def whole(content):
    """A download's content as one str or bytes (an exporter may give it as str parts)."""
    return content if isinstance(content, (str, bytes)) else "".join(content)


def files(ctx: Context) -> dict:
    """Every download: {path: content} (for tests and small corpora; the build streams items())."""
    return {path: whole(content) for path, content in items(ctx)}

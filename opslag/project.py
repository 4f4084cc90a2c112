"""The project's paths and build settings in one object: where the criteria, vocabularies,
templates, hand-written pages and assets are, where the site goes, and the public address.

The only place that knows the repository's layout. Settings from the environment (SITE_URL,
SOURCE_DATE_EPOCH) are read once, by `Project.from_env` at the command line; the build itself
never reads or changes os.environ."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent  # the checkout this package lives in
LOCAL_URL = "http://127.0.0.1:8000/"  # the preview server's address, when SITE_URL is not set
CATALOGUE = "templates/strings.yaml"  # the languages and interface texts (opslag/render/templates.py reads the texts)


@functools.cache
def catalogue() -> dict:
    """The catalogue as data: {"languages": [...], lang: {key: text}}. The build also reads it through
    the strict loader and the text rule (opslag/render/templates.py, load_strings), so a broken
    text stops the build with a located message."""
    return yaml.load(
        (REPO / CATALOGUE).read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )


LANGUAGES = tuple(catalogue()["languages"])  # the first is the site's root, every other lives under <id>/


@dataclass(frozen=True)
class Project:
    root: Path = REPO
    criteria: Path | None = None  # default: root/criteria
    out: Path | None = None  # default: root/site
    site_url: str = LOCAL_URL  # the Danish site's public address; English lives under en/
    epoch: int | None = None  # SOURCE_DATE_EPOCH; None: the newest date in the data
    edition: str | None = None  # an organisation's edition (editions/<id>.yaml); None: the national library
    jobs: int = 1  # processes building the languages side by side (OPSLAG_JOBS; default: one a core)
    engine: str = "mkdocs"  # what makes the pages: "mkdocs" (MkDocs + Material) or "zensical" (site/zensical_engine.py)

    def __post_init__(self):
        root = Path(self.root)
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "criteria", Path(self.criteria) if self.criteria else root / "criteria")
        object.__setattr__(self, "out", Path(self.out) if self.out else root / "site")
        url = self.site_url or LOCAL_URL
        object.__setattr__(self, "site_url", url if url.endswith("/") else url + "/")

    @classmethod
    def from_env(
        cls, root: Path = REPO, criteria: Path | None = None, out: Path | None = None, env=None, edition=None
    ) -> Project:
        """The project with SITE_URL and SOURCE_DATE_EPOCH taken from the environment."""
        env = os.environ if env is None else env
        epoch, jobs = env.get("SOURCE_DATE_EPOCH", ""), env.get("OPSLAG_JOBS", "")
        return cls(
            root,
            criteria,
            out,
            env.get("SITE_URL") or LOCAL_URL,
            int(epoch) if epoch.isdigit() else None,
            edition,
            int(jobs) if jobs.isdigit() and int(jobs) > 0 else len(os.sched_getaffinity(0)),
        )

    @property
    def public(self) -> bool:
        """Whether the site's public address is known (SITE_URL, or given): only then do documents
        and printouts carry it; a preview's 127.0.0.1 must never reach a tender."""
        return self.site_url != LOCAL_URL

    @property
    def own_criteria(self) -> bool:
        """Whether the criteria are the project's own criteria/ folder (not a folder of examples)."""
        return self.criteria.resolve() == (self.root / "criteria").resolve()

    def with_(self, **changes) -> Project:
        return replace(self, **changes)

    # -- sources ---------------------------------------------------------------------------
    @property
    def vocab(self) -> Path:
        return self.root / "vocab"

    @property
    def editions(self) -> Path:
        """Organisations' overlays (<id>.yaml) and their own criteria (<id>/*.yaml): read only by
        `check` and by a build with --edition; the national build never looks here."""
        return self.root / "editions"

    def edition_file(self, edition: str) -> Path:
        return self.editions / f"{edition}.yaml"

    def edition_criteria(self, edition: str) -> Path:
        """The folder of an edition's own category files (may be absent)."""
        return self.editions / edition

    @property
    def catalogue(self) -> Path:
        """The languages and interface texts, one file for Python, templates, theme and browser."""
        return self.root / CATALOGUE

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def web(self) -> Path:
        """The browser code, styles and vendored libraries: copied into the site as assets/."""
        return self.root / "web"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides"

    @property
    def schema_file(self) -> Path:
        return self.root / "schema" / "category.schema.json"

    @property
    def contributing(self) -> Path:
        return self.root / "CONTRIBUTING.md"

    def mkdocs_config(self, lang: str) -> Path:
        return self.root / ("mkdocs.yml" if lang == LANGUAGES[0] else f"mkdocs.{lang}.yml")

    def watched(self) -> list:
        """What `serve` watches for changes."""
        return [
            self.criteria,
            self.vocab,
            *([self.editions] if self.edition else []),
            self.templates,
            self.docs,
            self.web,
            self.overrides,
            *(self.mkdocs_config(lang) for lang in LANGUAGES),
        ]

    # -- output --------------------------------------------------------------------------
    def lang_url(self, lang: str) -> str:
        """The public address of a language's site; the English site lives under en/."""
        return self.site_url if lang == LANGUAGES[0] else f"{self.site_url}{lang}/"

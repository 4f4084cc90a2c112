"""Build the site: check, render pages and files, run MkDocs for Danish and English,
and swap the result in atomically. A failed build leaves the previous site untouched."""
from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import sitefolder
from .checker import CheckResult, check_project
from .model import build_corpus
from .pages import PageWriter, hand_written_files

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("da", "en")


@dataclass
class BuildResult:
    check: CheckResult
    site: Path | None = None
    error: str = ""
    timings: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.error


def source_date_epoch(corpus) -> int:
    """SOURCE_DATE_EPOCH if set, else the newest date in the data: never the wall clock."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    newest = max([cat.updated for cat in corpus.categories] + ["2026-01-01"])
    return int(dt.datetime.fromisoformat(newest).replace(tzinfo=dt.timezone.utc).timestamp())


def vendor_assets() -> dict:
    """lunr.js from MkDocs and the Danish stemmer from Material: the browser half of search."""
    import material
    import mkdocs

    mk = Path(mkdocs.__file__).parent / "contrib" / "search" / "templates" / "search" / "lunr.js"
    lang = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    return {
        "assets/vendor/lunr.js": mk.read_bytes(),
        "assets/vendor/lunr.stemmer.support.min.js": (lang / "lunr.stemmer.support.min.js").read_bytes(),
        "assets/vendor/lunr.da.min.js": (lang / "lunr.da.min.js").read_bytes(),
    }


def render_docs(corpus, lang: str, epoch: int, timings: dict | None = None) -> tuple[dict, list, dict]:
    """Everything MkDocs needs for one language: {path: str|bytes}, the nav and the header
    search box's settings.

    Downloadable Markdown snippets are not among them: MkDocs would turn them into pages.
    `raw_files` gives those, to be copied into the built site as they are."""
    import time

    timings = timings if timings is not None else {}
    t0 = time.perf_counter()
    writer = PageWriter(corpus, lang)
    files = dict(writer.pages())
    t1 = time.perf_counter()
    files.update(writer.downloads(epoch, site_url(lang)))
    t2 = time.perf_counter()
    files.update(hand_written_files(lang))
    for asset in sorted((ROOT / "docs" / "assets").iterdir()):
        files[f"assets/{asset.name}"] = asset.read_bytes()
    files.update(vendor_assets())
    timings[f"render_{lang}"] = t1 - t0
    timings[f"files_{lang}"] = t2 - t1
    return files, writer.nav(), writer.header_search(urlsplit(site_url(lang)).path)


def split_raw_files(files: dict) -> tuple[dict, dict]:
    """(files for MkDocs, downloadable .md files that go straight into the site)."""
    raw = {k: v for k, v in files.items() if k.startswith("downloads/") and k.endswith(".md")}
    return {k: v for k, v in files.items() if k not in raw}, raw


def write_tree(files: dict, folder: Path) -> None:
    for rel, content in sorted(files.items()):
        if rel.startswith("/") or ".." in rel.split("/"):  # ids are checked; this is the last line of defence
            raise ValueError(f"refusing to write {rel!r} outside the site")
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)


def site_url(lang: str) -> str:
    """The public address of a language's site (SITE_URL, default the local preview); the
    English site lives under en/. Sitemaps use it, and the theme's language switch reads the
    sitemaps to stay on the same page."""
    base = os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"
    base = base if base.endswith("/") else base + "/"
    return base if lang == "da" else f"{base}{lang}/"


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, nav: list, header_search: dict, epoch: int,
               lang: str = "da") -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), nav=nav, strict=True,
                         site_url=site_url(lang))
    config["extra"]["gpp_search"] = header_search
    build(config)


def build_site(root: Path = ROOT, out: Path | None = None, criteria_dir: Path | None = None) -> BuildResult:
    import time

    from jinja2 import TemplateError
    from mkdocs.exceptions import MkDocsException

    t0 = time.perf_counter()
    check = check_project(root, criteria_dir)
    result = BuildResult(check)
    result.timings["check"] = time.perf_counter() - t0
    if not check.ok:
        return result
    out = Path(out or root / "site")
    try:
        sitefolder.refuse_out(out, root, criteria_dir or root / "criteria")
        out = out.resolve()
        sitefolder.recover(out)
        work = sitefolder.make_work_folder(out)
    except sitefolder.OutError as exc:
        result.error = str(exc)
        return result
    except OSError as exc:
        result.error = f"--out {out}: {exc.strerror or exc}; choose a folder you can write to"
        return result
    corpus = build_corpus(check.categories, check.vocab)
    epoch = source_date_epoch(corpus)
    try:
        new_site = work / "site"
        for lang in LANGUAGES:
            files, nav, header_search = render_docs(corpus, lang, epoch, result.timings)
            docs_dir, site_dir = work / "docs" / lang, new_site if lang == "da" else new_site / lang
            pages, raw = split_raw_files(files)
            write_tree(pages, docs_dir)
            config = root / ("mkdocs.yml" if lang == "da" else f"mkdocs.{lang}.yml")
            t = time.perf_counter()
            run_mkdocs(config, docs_dir, site_dir, nav, header_search, epoch, lang)
            write_tree(raw, site_dir)
            result.timings[f"mkdocs_{lang}"] = time.perf_counter() - t
        sitefolder.swap(new_site, out, work)
        result.site = out
    except (MkDocsException, TemplateError, OSError, ValueError) as exc:
        result.error = f"{type(exc).__name__}: {exc}".strip()
    finally:
        sitefolder.release(work)
    return result

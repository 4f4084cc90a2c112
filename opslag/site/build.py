"""Build the site: check, render pages and files, run MkDocs for Danish and English,
and swap the result in atomically. A failed build leaves the previous site untouched."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from opslag.model.corpus import build_corpus
from opslag.project import LANGUAGES, Project
from opslag.site import csp, mkdocs_dates
from opslag.site import folder as sitefolder
from opslag.site.pages import PageWriter, hand_written_files
from opslag.source.checker import CheckResult, check_project


@dataclass
class BuildResult:
    check: CheckResult
    site: Path | None = None
    error: str = ""
    timings: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.check.ok and not self.error


def source_date_epoch(corpus, project: Project) -> int:
    """The project's SOURCE_DATE_EPOCH if set, else the newest date in the data: never the wall clock."""
    if project.epoch is not None:
        return project.epoch
    newest = max([cat.updated for cat in corpus.categories] + ["2026-01-01"])
    return int(dt.datetime.fromisoformat(newest).replace(tzinfo=dt.UTC).timestamp())


def render_docs(
    corpus, lang: str, epoch: int, project: Project, timings: dict | None = None
) -> tuple[dict, list, dict]:
    """Everything MkDocs needs for one language: {path: str|bytes}, the nav and the header
    search box's settings.

    Downloadable Markdown snippets are not among them: MkDocs would turn them into pages.
    `raw_files` gives those, to be copied into the built site as they are."""
    import time

    timings = timings if timings is not None else {}
    t0 = time.perf_counter()
    writer = PageWriter(corpus, lang, project)
    files = dict(writer.pages())
    t1 = time.perf_counter()
    files.update(writer.downloads(epoch, project.lang_url(lang)))
    t2 = time.perf_counter()
    files.update(hand_written_files(project.docs / lang))
    files.update(asset_files(project))
    timings[f"render_{lang}"] = t1 - t0
    timings[f"files_{lang}"] = t2 - t1
    return files, writer.nav(), writer.theme(urlsplit(project.lang_url(lang)).path)


def asset_files(project: Project) -> dict:
    """web/ as it is (CSS, our JavaScript, vendored libraries), as the site's assets/."""
    return {
        f"assets/{p.relative_to(project.web).as_posix()}": p.read_bytes()
        for p in sorted(project.web.rglob("*"))
        if p.is_file()
    }


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


def run_mkdocs(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    nav: list,
    theme: dict,
    epoch: int,
    site_url: str = "http://127.0.0.1:8000/",
) -> None:
    """MkDocs for one language; `site_url` is that language's address. The date goes in through
    a plugin (opslag/site/mkdocs_dates.py), not through os.environ."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(
        str(config_file),
        docs_dir=str(docs_dir),
        site_dir=str(site_dir),
        nav=nav,
        strict=True,
        site_url=site_url,
        site_name=theme["site_name"],
        site_description=theme["site_description"],
    )
    config["mdx_configs"]["toc"]["permalink_title"] = theme["permalink_title"]
    config["extra"]["alternate"] = theme["alternate"]
    config["extra"]["gpp_search"] = theme["gpp_search"]
    config["extra"]["gpp_public"] = theme["gpp_public"]
    mkdocs_dates.add_to(config, epoch)
    config["extra"]["gpp_csp"] = csp.policy(_site_paths(site_url), config["theme"]["features"])
    build(config)


def _site_paths(site_url: str) -> list:
    """The server paths of every language's site root ('/', '/en/'), from one language's address:
    the 404 pages use them as their base, and every page carries the same policy."""
    path = urlsplit(site_url).path or "/"
    for lang in LANGUAGES[1:]:
        path = path.removesuffix(f"{lang}/") if path.endswith(f"/{lang}/") else path
    return [path] + [f"{path}{lang}/" for lang in LANGUAGES[1:]]


def prepare_mkdocs(project: Project, work: Path) -> list:
    """For the benchmark: the docs folders the build hands MkDocs, written under `work`, and one
    callable a language that runs MkDocs on them (what a bare `mkdocs build` of the same pages does)."""
    check = check_project(project)
    corpus = build_corpus(check.categories, check.vocab)
    epoch = source_date_epoch(corpus, project)
    runs = []
    for lang in LANGUAGES:
        files, nav, theme = render_docs(corpus, lang, epoch, project)
        docs_dir, site_dir = work / "docs" / lang, work / "site" / lang
        write_tree(split_raw_files(files)[0], docs_dir)
        args = (project.mkdocs_config(lang), docs_dir, site_dir, nav, theme, epoch, project.lang_url(lang))
        runs.append(lambda args=args: run_mkdocs(*args))
    return runs


def build_site(project: Project) -> BuildResult:
    """Check and build `project.criteria` into `project.out`."""
    import time

    from jinja2 import TemplateError
    from mkdocs.exceptions import MkDocsException

    out = project.out
    try:  # before the check: a mistyped --out is refused at once, not after the whole corpus is read
        sitefolder.refuse_out(out, project.root, project.criteria)
    except sitefolder.OutError as exc:
        return BuildResult(CheckResult(None), error=str(exc))
    t0 = time.perf_counter()
    check = check_project(project)
    result = BuildResult(check)
    result.timings["check"] = time.perf_counter() - t0
    if not check.ok:
        return result
    try:
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
    epoch = source_date_epoch(corpus, project)
    try:
        new_site = work / "site"
        for lang in LANGUAGES:
            files, nav, theme = render_docs(corpus, lang, epoch, project, result.timings)
            docs_dir, site_dir = work / "docs" / lang, new_site if lang == LANGUAGES[0] else new_site / lang
            pages, raw = split_raw_files(files)
            write_tree(pages, docs_dir)
            t = time.perf_counter()
            run_mkdocs(project.mkdocs_config(lang), docs_dir, site_dir, nav, theme, epoch, project.lang_url(lang))
            write_tree(raw, site_dir)
            result.timings[f"mkdocs_{lang}"] = time.perf_counter() - t
        sitefolder.swap(new_site, out, work)
        result.site = out
    except sitefolder.OutError as exc:  # a keep-file changed during the build: the old site stays
        result.error = str(exc)
    except (MkDocsException, TemplateError, OSError, ValueError) as exc:
        result.error = f"{type(exc).__name__}: {exc}".strip()
    finally:
        sitefolder.release(work)
    return result

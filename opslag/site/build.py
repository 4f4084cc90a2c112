"""Build the site: check, render pages and files, run MkDocs for Danish and English,
and swap the result in atomically. A failed build leaves the previous site untouched."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import BasePlugin

from opslag.model.corpus import build_corpus
from opslag.model.lifecycle import epoch_of
from opslag.project import LANGUAGES, Project
from opslag.render.templates import COMPILED
from opslag.site import (
    checked_file,
    csp,
    heap,
    html_blocks,
    lean_pages,
    mkdocs_dates,
    only_pages,
    processes,
    skeleton_pages,
    versions,
    written,
)
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


def build_language(
    corpus, lang: str, epoch: int, project: Project, work: Path, site_dir: Path, timings=None, memo=None
) -> tuple:
    """One language's site into `site_dir`, every file written as it is made (nothing holds the
    whole site): the generated pages (Markdown, their finished HTML blocks aside: html_blocks.py)
    and the hand-written pages go to MkDocs through a docs folder under `work`; the downloads are
    written beside it and moved into the site after MkDocs has run. Returns the generated pages'
    and the downloads' paths. `memo`: serve's record of what was made (incremental.py)."""
    with heap.kept_to_the_end():
        return _build_language(corpus, lang, epoch, project, work, site_dir, timings, memo)


def _build_language(corpus, lang, epoch, project, work, site_dir, timings, memo) -> tuple:
    timings = timings if timings is not None else {}
    docs_dir, blocks_dir, made_dir = (work / part / lang for part in ("docs", "blocks", "made"))
    t0 = time.perf_counter()
    writer = PageWriter(corpus, lang, project, epoch)
    writer.memo = memo
    pages = []
    for path, markdown, blocks in writer.generated(hold_html=True):
        written.write_file(docs_dir, path, markdown)
        pages.append(path)
        if blocks:
            html_blocks.store(blocks_dir, path, blocks)
    for rel, content in hand_written_files(project.docs / lang).items():
        written.write_file(docs_dir, rel, content)
    for rel, content in asset_files(project):
        written.write_file(docs_dir, rel, content)
    t1 = time.perf_counter()
    made = []
    for rel, content in writer.download_items(epoch, project.lang_url(lang)):
        written.write_file(made_dir, rel, content)
        made.append(rel)
    t2 = time.perf_counter()
    theme = writer.theme(urlsplit(project.lang_url(lang)).path)
    if project.engine == "zensical":  # the way off MkDocs (zensical_engine.py)
        from opslag.site import zensical_engine

        url = project.lang_url(lang)
        settings = zensical_engine.settings(project.mkdocs_config(lang), docs_dir, site_dir, writer.nav(), theme, url)
        settings["extra"].update(theme_extra(theme, epoch, url, settings["theme"].get("features", []), "zensical"))
        zensical_engine.run(settings, work / f"zensical-{lang}.yml", site_dir, blocks_dir)
    else:
        run_mkdocs(
            project.mkdocs_config(lang),
            docs_dir,
            site_dir,
            writer.nav(),
            theme,
            epoch,
            project.lang_url(lang),
            blocks=blocks_dir,
            made=made,
        )
    written.move_into(made_dir, site_dir)
    timings[f"render_{lang}"] = t1 - t0
    timings[f"files_{lang}"] = t2 - t1
    timings[f"mkdocs_{lang}"] = time.perf_counter() - t2
    return pages, made


def _language_job(checked: Path, lang: str, epoch: int, project: Project, work: Path, site: Path) -> dict:
    """One language in a worker process: the corpus is made from the checked data (quick, and
    deterministic; the edition's overlay with it), read a category at a time (checked_file.py),
    so nothing but plain data crosses to the worker."""
    from opslag.search import index as search_index

    corpus = checked_file.read_corpus(checked)
    search_index.share_words(False)  # this process builds one language: its index's words go with it
    timings = {}
    build_language(corpus, lang, epoch, project, work, site, timings)
    return timings


def build_languages(check, epoch: int, project: Project, work: Path, new_site: Path, timings: dict) -> None:
    """Every language into `new_site` (the first at its root, the others under <lang>/), side by
    side in `project.jobs` processes when there are cores for it. Each language's files are the
    same whichever process makes them: the output is byte-identical to a build in one process.
    Only the process that builds a language makes the corpus: with workers, this one holds the
    checked data alone (#21)."""
    sites = {lang: new_site if lang == LANGUAGES[0] else work / f"site-{lang}" for lang in LANGUAGES}
    jobs = min(project.jobs, len(LANGUAGES))
    if jobs <= 1:
        corpus = build_corpus(check.categories, check.vocab, check.edition)
        for lang in LANGUAGES:
            build_language(corpus, lang, epoch, project, work, sites[lang], timings)
    else:
        from concurrent.futures.process import BrokenProcessPool

        checked = work / "checked.pickle"
        checked_file.write(checked, check)
        try:
            with processes.pool(jobs) as pool:
                try:  # submit starts the workers: Ctrl+C may come while it does
                    futures = [
                        pool.submit(_language_job, checked, lang, epoch, project, work, sites[lang])
                        for lang in LANGUAGES
                    ]
                    for future in futures:
                        timings.update(future.result())
                except KeyboardInterrupt:
                    processes.stop(pool)
                    raise
        except BrokenProcessPool as exc:  # a worker killed (out of memory?): the old site stays
            raise OSError(f"a build process stopped before it was done ({exc}); try OPSLAG_JOBS=1") from exc
    for lang in LANGUAGES[1:]:  # MkDocs empties its site folder first: the others are built aside, then moved in
        os.replace(sites[lang], new_site / lang)


def asset_files(project: Project):
    """web/ as it is (CSS, our JavaScript, vendored libraries), as the site's assets/."""
    for p in sorted(project.web.rglob("*")):
        if p.is_file():
            yield f"assets/{p.relative_to(project.web).as_posix()}", p.read_bytes()


def run_mkdocs(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    nav: list,
    theme: dict,
    epoch: int,
    site_url: str = "http://127.0.0.1:8000/",
    blocks: Path | None = None,
    made: list = (),
    only: set | None = None,
    skeleton=versions.is_page,
) -> None:
    """MkDocs for one language; `site_url` is that language's address. The date goes in through
    a plugin (opslag/site/mkdocs_dates.py), not through os.environ; so do the pages' finished HTML
    blocks (`blocks`, html_blocks.py) and the downloads written beside the run (`made`, written.py).
    `only`: build just these pages into the site as it is (serve's rebuild, only_pages.py).
    `skeleton`: which pages are one rendered page with their own title, address and block put in
    (skeleton_pages.py: the earlier versions' pages); MkDocs then skips them (its `dirty` mode)."""
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
    config["extra"].update(theme_extra(theme, epoch, site_url, config["theme"]["features"]))
    mkdocs_dates.add_to(config, epoch, theme.get("page_dates"))
    if blocks is not None and skeleton is not None:
        skeleton_pages.add_to(config, skeleton, blocks)
    if blocks is not None:
        html_blocks.add_to(config, blocks)
    written.add_to(config, list(made))
    lean_pages.add_to(config)
    config.plugins["gpp-compiled-templates"] = CompiledThemeTemplates()
    if only is None and "gpp-skeleton-pages" not in config.plugins:
        build(config)
        return
    if only is not None:
        only_pages.add_to(config, only)
    note = only_pages.QuietDirtyNote()
    logging.getLogger("mkdocs.commands.build").addFilter(note)
    try:
        build(config, dirty=True)
    finally:
        logging.getLogger("mkdocs.commands.build").removeFilter(note)


def theme_extra(theme: dict, epoch: int, site_url: str, features: list, engine: str = "mkdocs") -> dict:
    """What overrides/main.html reads from `extra`, whichever engine renders it: the language menu,
    the header's search box and selection, whether the address is public, the build's day (the
    printout's footer) and the Content-Security-Policy."""
    bases = _site_paths(site_url)
    if engine == "zensical":  # its 404 pages name their base without the last slash ("/en")
        bases += [base.rstrip("/") for base in bases if base != "/"]
    return {
        "alternate": theme["alternate"],
        "gpp_search": theme["gpp_search"],
        "gpp_public": theme["gpp_public"],
        "gpp_built": time.strftime("%Y-%m-%d", time.gmtime(epoch)),
        "gpp_csp": csp.policy(bases, features, csp.theme_templates(engine)),
    }


class CompiledThemeTemplates(BasePlugin):
    """The theme's templates compiled once a process (render.templates.COMPILED), not at every MkDocs run."""

    def on_env(self, env, config, files):
        env.bytecode_cache = COMPILED
        return env


def _site_paths(site_url: str) -> list:
    """The server paths of every language's site root ('/', '/en/'), from one language's address:
    the 404 pages use them as their base, and every page carries the same policy."""
    path = urlsplit(site_url).path or "/"
    for lang in LANGUAGES[1:]:
        path = path.removesuffix(f"{lang}/") if path.endswith(f"/{lang}/") else path
    return [path] + [f"{path}{lang}/" for lang in LANGUAGES[1:]]


def build_site(project: Project, served=None) -> BuildResult:
    """Check and build `project.criteria` into `project.out`. `served`: serve's record of the site
    (opslag/site/incremental.py), which builds the languages in this process and keeps what a
    later rebuild needs; the site is the same."""
    from jinja2 import TemplateError
    from mkdocs.exceptions import MkDocsException

    out = project.out
    try:  # before the check: a mistyped --out is refused at once, not after the whole corpus is read
        sitefolder.refuse_out(out, project.root, project.criteria)
    except sitefolder.OutError as exc:
        return BuildResult(CheckResult(None), error=str(exc))
    t0 = time.perf_counter()
    check = check_project(project, cache=None if served is None else served.check_cache)
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
    epoch = epoch_of([data["updated"] for data in check.categories.values()], project)
    try:
        new_site = work / "site"
        if served is None:
            build_languages(check, epoch, project, work, new_site, result.timings)
        else:
            served.build_languages(check, epoch, work, new_site, result.timings)
        sitefolder.swap(new_site, out, work)
        result.site = out
    except sitefolder.OutError as exc:  # a keep-file changed during the build: the old site stays
        result.error = str(exc)
    except (MkDocsException, TemplateError, OSError, ValueError) as exc:
        result.error = f"{type(exc).__name__}: {exc}".strip()
    finally:
        sitefolder.release(work)
    return result

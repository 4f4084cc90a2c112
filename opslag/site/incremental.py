"""`serve`'s rebuild after an edit: only the outputs whose inputs changed are made again.

Every output is a function of its inputs. Per category and kind of output (its page, its earlier
versions' pages, its downloads) the inputs are the category file's checked data, those of the
categories its criteria point to (related, replaced by: their cards show the other's title) and
what every page shares (the build's date, the filters' options, the edition): their fingerprint.
A `Memo` per language keeps, per category and kind, the fingerprint the outputs were made from and
their paths; a rebuild makes a category's outputs again only when its fingerprint changed, and
makes the pages and files across categories (type, label and goal pages, the change log, the
search index, the feeds, open data, the head of Mit udbud's data) again always, from the parts of
them that are one category's, kept like its files (a list's rows, a category's card and change
log entries, its search texts, results and "mente du" words, its text in opslag.json and rows in
opslag.csv: exports/reuse.py's category_value). What is made is compared with
what is there and written only when it differs; MkDocs then builds only the pages that changed and
the pages in the navigation (their titles are in every page), into the site as it is; a page or
file no longer made is removed. The full build stays the reference: tests/test_incremental.py
checks that a rebuild after edits gives the site a full build gives, byte for byte.

A change to anything but the category files already there (vocabularies, templates, the browser
code, the hand-written pages, an edition, a file added or removed), or one that changes what every
page shares, takes the full build (atomic, as `build.py build`). A failed check changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from pathlib import Path

from opslag.exports.reuse import KEPT
from opslag.model import facets
from opslag.model.corpus import Corpus, build_category, build_edition
from opslag.model.lifecycle import source_date_epoch
from opslag.project import LANGUAGES, Project
from opslag.search import index as search_index
from opslag.site import build as sitebuild
from opslag.site import checked_file, heap, html_blocks, processes
from opslag.site import folder as sitefolder
from opslag.site.pages import PageWriter
from opslag.source.checker import category_files, check_project


class Memo:
    """What one language's last build made, per (kind, category): (fingerprint, paths, item width),
    and the parts of files across categories that are one category's (`value`)."""

    def __init__(self):
        self.fingerprints: dict = {}  # category id -> the fingerprint of this build's inputs
        self.made: dict = {}
        self.values: dict = {}  # (kind, category id) -> (fingerprint, a value made across categories)

    def each(self, kind: str, cat_id: str, make):
        """make()'s items, or, when the category's inputs are those the last items were made from,
        each path with KEPT for its content (the file is on disk as it was)."""
        fingerprint = self.fingerprints.get(cat_id)
        known = self.made.get((kind, cat_id))
        if fingerprint is not None and known is not None and known[0] == fingerprint:
            for path in known[1]:
                yield (path,) + (KEPT,) * (known[2] - 1)
            return
        paths, width = [], 2
        for item in make():
            paths.append(item[0])
            width = len(item)
            yield item
        self.made[(kind, cat_id)] = (fingerprint, paths, width)  # only once all were made

    def value(self, kind: str, cat_id: str, make):
        """make()'s value for the category, or the one made from the same inputs last time."""
        fingerprint = self.fingerprints.get(cat_id)
        known = self.values.get((kind, cat_id))
        if fingerprint is not None and known is not None and known[0] == fingerprint:
            return known[1]
        made = make()
        self.values[(kind, cat_id)] = (fingerprint, made)
        return made


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr).encode()).hexdigest()


def fingerprints(own: dict, corpus) -> dict:
    """Per category id: the fingerprint of its checked data (`own`: id -> its digest) and of the
    categories it points to."""
    out = {}
    for cat in corpus.categories:
        pointed = {
            corpus.criteria[ref].category
            for c in cat.criteria
            for ref in (*c.related, c.replaced_by)
            if ref in corpus.criteria
        }
        out[cat.id] = _digest([own[cat.id], *(own[other] for other in sorted(pointed - {cat.id}))])
    return out


def shared_key(corpus, epoch: int) -> str:
    """What every page shares: the build's date, the filter component's options, the edition."""
    return _digest([epoch, facets.facets(corpus), corpus.edition])


class ServedSite:
    """The site `serve` keeps up to date, and what it keeps in memory between builds."""

    def __init__(self, project: Project):
        self.project = project
        self.check_cache: dict = {}  # category file -> its check (checker._checked_file)
        self.languages = Languages(project)  # each language's part, in a process of its own when there are cores
        self.shared = None  # shared_key of the site as it is
        self.made: dict = {}  # category id -> (its checked data, its Category, its digest): corpus()
        self.files: list = []  # the category files of the site as it is
        self.state: Path | None = None  # docs and HTML blocks of each language, kept for the rebuilds
        self.complete = False  # the site on disk is this record's (else the next change builds it all)
        self.seen: dict = {}  # the watched files as they were when the site was last built

    # -- the full build --------------------------------------------------------------------------
    def build(self, snapshot: dict | None = None) -> sitebuild.BuildResult:
        """The whole site, atomically (build_site), remembering what a rebuild needs."""
        self.seen = self._snapshot() if snapshot is None else snapshot
        self.complete = False
        self.check_cache.clear()
        self.made = {}  # nothing read anew can be the same object: let the last build's go before the check
        if self.state is not None:
            sitefolder.release(self.state)
            self.state = None
        self.files = category_files(self.project.criteria)[0]
        result = sitebuild.build_site(self.project, served=self)
        self.complete = result.ok
        return result

    def corpus(self, check) -> tuple:
        """(the corpus, each category's digest) of the checked data: a category whose checked data is
        the same object as last time (an unchanged file, the check's cache) is not made or digested
        again (#21: at 21,660 criteria both were seconds of every edit). An edition's own categories
        are checked without the cache, so they are made again at every edit (there are few)."""
        made = {}
        for cat_id, data in check.categories.items():
            known = self.made.get(cat_id)
            if known is None or known[0] is not data:  # held here, so the same object is the same data
                known = (data, build_category(cat_id, data), _digest(data))
            made[cat_id] = known
        self.made = made
        corpus = Corpus(
            [category for _, category, _ in made.values()], check.vocab, edition=build_edition(check.edition)
        )
        return corpus, {cat_id: digest for cat_id, (_, _, digest) in made.items()}

    def build_languages(self, check, epoch: int, work: Path, new_site: Path, timings: dict) -> None:
        """build_site's languages, with the docs kept and what was made recorded."""
        self.state = sitefolder.make_work_folder(self.project.out.resolve())
        sites = {lang: new_site if lang == LANGUAGES[0] else work / f"site-{lang}" for lang in LANGUAGES}
        corpus, digests = self.corpus(check)
        self.languages.run("build", check, corpus, epoch, self.state, sites, digests, timings)
        for lang in LANGUAGES[1:]:
            os.replace(work / f"site-{lang}", new_site / lang)
        self.shared = shared_key(corpus, epoch)

    # -- the rebuild -----------------------------------------------------------------------------
    def _snapshot(self) -> dict:
        """Every watched file (Project.watched) -> its time, size and inode: what a rebuild compares."""
        found = {}
        for top in self.project.watched():
            for path in [top] if top.is_file() else sorted(top.rglob("*")):
                if path.name.startswith(".") or path.name.endswith("~"):  # an editor's swap and backup files
                    continue
                try:
                    st = path.stat()
                except OSError:
                    continue
                if not path.is_dir():
                    found[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
        return found

    def changed(self) -> set | None:
        """The category files changed since the site was built, or None when anything else changed
        (a file added or removed, another watched file) or the site on disk is not this record's."""
        if not self.complete:
            return None
        now = self._snapshot()
        if now.keys() != self.seen.keys():
            return None
        changed = {path for path, stamp in now.items() if self.seen[path] != stamp}
        files = set(self.files)
        return changed if changed <= files else None

    def rebuild(self) -> sitebuild.BuildResult:
        """The site after its sources changed: only what the changed category files affect, else the full build."""
        snapshot = self._snapshot()
        changed = self.changed()
        if changed is None:
            return self.build(snapshot)
        t0 = time.perf_counter()
        check = check_project(self.project, cache=self.check_cache)
        result = sitebuild.BuildResult(check)
        result.timings["check"] = time.perf_counter() - t0
        if not check.ok:  # the site stays as it was, and so does this record of it
            return result
        self.seen = snapshot
        if not changed:
            result.site = self.project.out.resolve()
            return result
        corpus, digests = self.corpus(check)
        epoch = source_date_epoch(corpus, self.project)
        if shared_key(corpus, epoch) != self.shared:
            return self.build(snapshot)
        self.complete = False  # until every language is done: a failure on the way builds it all next time
        out = self.project.out.resolve()
        sites = {lang: out if lang == LANGUAGES[0] else out / lang for lang in LANGUAGES}
        try:
            self.languages.run("update", check, corpus, epoch, self.state, sites, digests, result.timings)
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the full build sets it right or says why
            if os.environ.get("OPSLAG_DEBUG"):
                traceback.print_exc()
            result = self.build(snapshot)
            if not result.ok:
                result.error = result.error or f"{type(exc).__name__}: {exc}"
            return result
        self.complete = True
        result.site = out
        result.timings["incremental"] = 1
        return result

    def close(self) -> None:
        self.languages.close()
        if self.state is not None:
            sitefolder.release(self.state)
            self.state = None


class LanguageSite:
    """One language's part of the served site: what its last build made (its Memo), its generated
    pages and downloads, and how to bring them up to date. Lives in the serving process, or in a
    process of its own (Languages), which then keeps it, and the search index's memory, between builds."""

    def __init__(self, project: Project, lang: str):
        self.project, self.lang = project, lang
        self.memo = Memo()
        self.outputs: tuple = ((), ())  # (generated pages, downloads) of the site as it is
        self.kept: dict = {}  # in a worker: category id -> (digest, Category) it made (checked_file.read_corpus)

    def build(self, corpus, epoch: int, state: Path, site: Path, prints: dict, timings: dict) -> None:
        """The language's whole site into `site`, its docs kept in `state`, what was made recorded."""
        self.memo = Memo()
        self.memo.fingerprints = prints
        self.outputs = sitebuild.build_language(corpus, self.lang, epoch, self.project, state, site, timings, self.memo)

    def update(self, corpus, epoch: int, state: Path, site: Path, prints: dict, timings: dict) -> None:
        """The language's changed pages and files into its site folder, as it is served."""
        with heap.kept_to_the_end():  # the corpus, and what this record keeps, live through the update
            self._update(corpus, epoch, state, site, prints, timings)

    def _update(self, corpus, epoch: int, state: Path, site: Path, prints: dict, timings: dict) -> None:
        project, lang = self.project, self.lang
        self.memo.fingerprints = prints
        docs_dir, blocks_dir = (state / part / lang for part in ("docs", "blocks"))
        before_pages, before_made = self.outputs
        t0 = time.perf_counter()
        writer = PageWriter(corpus, lang, project, epoch)
        writer.memo = self.memo
        pages, changed = [], set()
        for path, markdown, blocks in writer.generated(hold_html=True):
            pages.append(path)
            if markdown is KEPT:
                continue
            new_markdown = _replace(docs_dir / path, markdown.encode("utf-8"))
            blocks_file = blocks_dir / f"{path}.json"
            new_blocks = (
                _replace(blocks_file, html_blocks.dumps(blocks).encode("utf-8")) if blocks else _remove(blocks_file)
            )
            if new_markdown or new_blocks:
                changed.add(path)
        t1 = time.perf_counter()
        made = []
        for rel, content in writer.download_items(epoch, project.lang_url(lang)):
            made.append(rel)
            if content is not KEPT:
                _replace(site / rel, _bytes(content))
        for path in set(before_pages) - set(pages):  # a page no longer made (an earlier version taken out)
            _remove(docs_dir / path)
            _remove(blocks_dir / f"{path}.json")
            _remove(site / _page_file(path))
        for rel in set(before_made) - set(made):
            _remove(site / rel)
        t2 = time.perf_counter()
        nav = writer.nav()
        in_nav = {page for entry in nav for page in (entry.values() if isinstance(entry, dict) else [entry])}
        if changed:
            sitebuild.run_mkdocs(
                project.mkdocs_config(lang),
                docs_dir,
                site,
                nav,
                writer.theme(_url_path(project.lang_url(lang))),
                epoch,
                project.lang_url(lang),
                blocks=blocks_dir,
                made=made,
                only=changed | in_nav,
            )
        timings[f"render_{lang}"] = t1 - t0
        timings[f"files_{lang}"] = t2 - t1
        timings[f"mkdocs_{lang}"] = time.perf_counter() - t2
        self.outputs = (pages, made)


_IN_WORKER: dict = {}  # a language's worker process: lang -> its LanguageSite, kept between builds


def _worker_run(op: str, project: Project, lang: str, checked: Path, epoch: int, state, site, prints) -> dict:
    """In a language's worker: the corpus from the checked file (written once for both workers; the
    categories whose digest the worker already has are not read again), and the language built
    ("build") or brought up to date ("update")."""
    if op == "build" or lang not in _IN_WORKER:
        if op != "build":
            raise RuntimeError("this worker has not built the site: a full build is needed")
        search_index.remember_words(True)
        search_index.share_words(False)  # one language here: no other index would read its words
        _IN_WORKER[lang] = LanguageSite(project, lang)
    corpus = checked_file.read_corpus(checked, _IN_WORKER[lang].kept)
    timings: dict = {}
    getattr(_IN_WORKER[lang], op)(corpus, epoch, state, site, prints, timings)
    return timings


class Languages:
    """Every language's LanguageSite: with more than one core each in a worker process of its own,
    kept for the whole serve (the two languages are made side by side: an edit is seen in about
    the time of the larger language, #21), else in this process, one after the other."""

    def __init__(self, project: Project):
        self.project = project
        self.pools: dict = {}  # lang -> its one-process pool (jobs > 1)
        self.local: dict = {}  # lang -> LanguageSite (jobs == 1)
        self._start()

    def _start(self) -> None:
        project = self.project
        if project.jobs > 1:
            self.pools = {lang: processes.pool(1) for lang in LANGUAGES}
        else:
            search_index.remember_words(True)  # the index counts and splits again only the texts that changed
            self.local = {lang: LanguageSite(project, lang) for lang in LANGUAGES}

    def run(self, op: str, check, corpus, epoch: int, state: Path, sites: dict, digests: dict, timings: dict) -> None:
        """`digests`: each category's (ServedSite.corpus): the fingerprints come from them, and a
        worker reads again only the categories whose digest it does not have (checked_file.py)."""
        if not (self.pools or self.local):
            raise RuntimeError("serve has stopped: its languages are closed")
        prints = fingerprints(digests, corpus)
        if not self.pools:
            for lang, language in self.local.items():
                getattr(language, op)(corpus, epoch, state, sites[lang], prints, timings)
            return
        from concurrent.futures import BrokenExecutor, wait

        # the checked data once, through a file: a call's arguments stay held until it returns
        checked = state / "checked.pickle"
        checked_file.write(checked, check, digests)
        try:
            for attempt in (1, 2):
                futures = []
                try:
                    futures = self._submit(op, checked, epoch, state, sites, prints)
                    wait(futures)  # both done before anything is raised: a full build must not meet a worker writing
                    for future in futures:
                        timings.update(future.result())
                    return
                except BrokenExecutor as exc:  # a worker died (killed while idle, or out of memory): new workers
                    wait(futures)
                    self.close()
                    self._start()
                    if attempt == 2:
                        raise OSError(f"a build process stopped before it was done ({exc}); try OPSLAG_JOBS=1") from exc
        except KeyboardInterrupt:  # Ctrl+C while the languages are made: stopped now (serve is ending)
            for pool in self.pools.values():
                processes.stop(pool)
            self.pools = {}
            raise
        finally:
            checked.unlink(missing_ok=True)

    def _submit(self, op: str, checked: Path, epoch: int, state: Path, sites: dict, prints: dict) -> list:
        return [
            pool.submit(_worker_run, op, self.project, lang, checked, epoch, state, sites[lang], prints)
            for lang, pool in self.pools.items()
        ]

    def close(self) -> None:
        for pool in self.pools.values():
            pool.shutdown(cancel_futures=True)
        self.pools, self.local = {}, {}
        search_index.remember_words(False)


def _url_path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def _page_file(page: str) -> str:
    """The built file of a page's Markdown source (directory addresses: a/b.md -> a/b/index.html)."""
    stem = page.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def _bytes(content) -> bytes:
    """A download's content as written.write_file takes it (str, bytes, or str parts) as bytes."""
    if isinstance(content, bytes):
        return content
    return (content if isinstance(content, str) else "".join(content)).encode("utf-8")


def _replace(path: Path, content: bytes) -> bool:
    """Write `content` to `path` unless it holds it already; True when written."""
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.new")
    tmp.write_bytes(content)
    os.replace(tmp, path)
    return True


def _remove(path: Path) -> bool:
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False

"""The build at scale (issue #21): finished HTML skips Markdown, outputs are written as made."""

import csv
import io
import zipfile

import pytest
from mkdocs.exceptions import PluginError

from conftest import FIXTURES, ROOT
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.site import html_blocks
from opslag.site.pages import PageWriter
from opslag.source.checker import check_project


@pytest.fixture(scope="module")
def writer():
    check = check_project(Project(ROOT, criteria=FIXTURES / "good"))
    return PageWriter(build_corpus(check.categories, check.vocab), "da", Project(ROOT))


def test_markers_are_replaced_by_their_blocks_in_order_of_appearance():
    page = f"<main>{html_blocks.marker(1)}<p>x</p>{html_blocks.marker(0)}</main>"
    assert html_blocks.restore(page, ["<a>0</a>", "<b>1</b>"], "p.md") == "<main><b>1</b><p>x</p><a>0</a></main>"


@pytest.mark.parametrize("markers", [[0], [0, 1, 1], [0, 2]])
def test_a_block_lost_doubled_or_unknown_on_the_way_through_mkdocs_stops_the_build(markers):
    page = "".join(html_blocks.marker(i) for i in markers)
    with pytest.raises(PluginError):
        html_blocks.restore(page, ["<a></a>", "<b></b>"], "p.md")


def test_cards_and_lists_are_held_out_of_the_markdown_and_are_the_same_html(writer):
    plain = writer.pages()
    held = list(writer.generated(hold_html=True))
    assert [path for path, _, _ in held] == list(plain)
    cards = 0
    assert any(path.startswith("kriterier/") for path in plain)  # an earlier version's page
    for path, markdown, blocks in held:
        assert "<article" not in markdown, path
        assert 'class="gpp-filterbox"' not in markdown and 'class="gpp-version"' not in markdown, path
        if path.startswith(("maerker/", "kravtyper/")) and not path.endswith("index.md"):
            assert 'class="gpp-critlist"' not in markdown, path
        cards += sum(block.count("<article") for block in blocks)
        restored = markdown
        for i, block in enumerate(blocks):
            restored = restored.replace(html_blocks.marker(i), block)
        assert restored == plain[path], path  # the same page, only not parsed by Markdown
    assert cards == len(writer.corpus.criteria)


def test_pages_and_downloads_are_made_one_at_a_time(writer):
    assert not isinstance(writer.generated(), (dict, list, tuple))
    items = writer.download_items(0, "https://example.org/")
    assert not isinstance(items, (dict, list, tuple))
    first = next(items)
    assert isinstance(first, tuple) and len(first) == 2


@pytest.mark.site
def test_languages_built_side_by_side_are_byte_identical_to_one_process(tmp_path, monkeypatch):
    import filecmp

    from opslag.site import build as sitebuild
    from opslag.site.build import build_site

    sites, made = {}, []
    real = sitebuild.build_corpus
    monkeypatch.setattr(sitebuild, "build_corpus", lambda *a: made.append(1) or real(*a))
    for jobs in (1, 2):
        project = Project(ROOT, criteria=FIXTURES / "good", out=tmp_path / f"site{jobs}", epoch=0, jobs=jobs)
        result = build_site(project)
        assert result.ok, result.error
        sites[jobs] = project.out
        # with workers the corpus is made only in them: this process holds the checked data alone (#21)
        assert len(made) == (1 if jobs == 1 else 0), jobs
        made.clear()
    files = sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[2]) for p in sites[2].rglob("*") if p.is_file())
    assert any(p.parts[0] == "en" for p in files) and any(p.suffix == ".docx" for p in files)
    _, mismatch, errors = filecmp.cmpfiles(sites[1], sites[2], [str(p) for p in files], shallow=False)
    assert mismatch == [] and errors == []


def test_workers_read_the_checked_data_a_category_at_a_time_into_the_same_corpus(tmp_path, monkeypatch):
    from opslag.site import checked_file

    check = check_project(Project(ROOT, edition="kobenhavn"))  # an edition's overlay and own categories too
    assert check.ok and check.edition
    path = tmp_path / "checked.pickle"
    checked_file.write(path, check)
    corpus = checked_file.read_corpus(path)
    whole = build_corpus(check.categories, check.vocab, check.edition)
    assert corpus.categories == whole.categories and corpus.edition == whole.edition and corpus.edition.own
    assert corpus.criteria == whole.criteria and len(corpus.categories) == len(check.categories)

    # serve's workers keep the categories they made: with each category's digest in the file, one
    # read again makes only the categories whose digest changed (an edit is one category's)
    made = []
    real = checked_file.build_category
    monkeypatch.setattr(checked_file, "build_category", lambda cat_id, data: made.append(cat_id) or real(cat_id, data))
    digests = {cat_id: f"digest of {cat_id}" for cat_id in check.categories}
    kept: dict = {}
    checked_file.write(path, check, digests)
    assert checked_file.read_corpus(path, kept).categories == whole.categories
    assert made == sorted(check.categories)  # a worker's first read: every category
    made.clear()
    edited = next(iter(check.categories))
    checked_file.write(path, check, {**digests, edited: "another digest"})
    assert checked_file.read_corpus(path, kept).categories == whole.categories
    assert made == [edited]
    assert kept[edited][0] == "another digest"


def _context(corpus, r=None):
    from opslag import exports
    from opslag.render.templates import Renderer

    r = r or Renderer(corpus, "da", Project(ROOT))
    return exports.Context(corpus, r, 0, "https://example.org/", ROOT / "web")


def test_the_downloads_that_grow_with_the_corpus_are_made_a_part_at_a_time(writer):
    from opslag.exports import builder_data, csvtable, feeds, opendata

    ctx = _context(writer.corpus, writer.r)
    for exporter in (builder_data, feeds, csvtable):  # one file at a time, never the whole set in a dictionary
        assert not isinstance(exporter.files(ctx), (dict, list, tuple)), exporter.__name__
    (path, parts), *_ = csvtable.files(ctx)  # the CSV table a category's rows at a time
    parts = list(parts)
    assert len(parts) == len(writer.corpus.categories) + 1 and "".join(parts).count("\ufeff") == 1
    assert list(csv.reader(io.StringIO(parts[0].removeprefix("\ufeff")))) == [list(opendata.CSV_COLUMNS)]
    for cat, part in zip(writer.corpus.categories, parts[1:], strict=True):  # the header, then one part a category
        assert [row[0] for row in csv.reader(io.StringIO(part))] == [c.id for c in cat.criteria]
    parts = list(opendata.corpus_json_parts(writer.corpus))  # the one large file: a category at a time
    assert len(parts) == len(writer.corpus.categories) + 2
    whole = {"categories": [opendata.category_dict(cat) for cat in writer.corpus.categories]}
    assert "".join(parts) == opendata._dump(whole)  # the same bytes as the file dumped whole


def test_the_category_feeds_read_the_change_log_once_and_hold_each_categorys_entries(corpus, monkeypatch):
    from opslag.exports import feeds
    from opslag.model import changelog

    read, ctx = [], _context(corpus)
    real = changelog.entries
    monkeypatch.setattr(feeds, "entries", lambda c, category=None: read.append(category) or real(c, category))
    made = dict(feeds.files(ctx))
    assert read == [None]  # not once per category: that grew as the square of the corpus
    assert len(corpus.categories) > 1
    for cat in corpus.categories:
        alone = feeds.atom(
            corpus,
            ctx.r,
            "https://example.org/",
            feeds.category_feed(cat.id),
            f"{ctx.r.strings['site_name']}: {ctx.r.tr(cat.title)}",
            changelog.entries(corpus, cat.id),
        )
        assert made[feeds.category_feed(cat.id)] == alone, cat.id


def test_a_category_document_is_the_same_made_after_others_as_from_the_whole_data(corpus, monkeypatch):
    from opslag import urls
    from opslag.exports import builder_data, documents, zipfiles
    from opslag.webengine import Engine

    ctx = _context(corpus)
    loads = []
    real = Engine.load
    monkeypatch.setattr(Engine, "load", lambda self, data: loads.append(1) or real(self, data))
    made = dict(documents.files(ctx))
    assert len(corpus.categories) > 1 and loads == [1]  # the head once, not once per category
    monkeypatch.undo()
    whole = Engine(ROOT / "web", builder_data.data(ctx), 0)  # every criterion and category at once
    retired = corpus.vocab.retired
    for cat in corpus.categories[-3:]:  # made after the others: nothing of theirs is left in V8
        ids = [c.id for c in cat.criteria if not retired(c.status)]
        title, link = cat.title.get("da"), f"https://example.org/{urls.SELECTION}?k={whole.selection(ids)}"
        assert made[f"downloads/{cat.id}.txt"] == whole.text(ids, title, link), cat.id
        # the Word file byte for byte: the random letters docx names a link's relation with start
        # again for every document, so they do not depend on the documents made before it; and the
        # build's own zip of the library's parts holds what the library's zip (the browser's) holds
        with zipfile.ZipFile(io.BytesIO(whole.docx(ids, title, link))) as browser:
            members = [(info.filename, browser.read(info)) for info in browser.infolist()]
        assert made[f"downloads/{cat.id}.docx"] == zipfiles.package(members, ctx.epoch), cat.id


def test_v8_gives_back_its_garbage_when_its_heap_is_large_and_each_category_asks(corpus, monkeypatch):
    from opslag.exports import documents
    from opslag.webengine import Engine

    engine = Engine(ROOT / "web", scripts=())
    engine.ctx.eval("var kept = []; for (var i = 0; i < 100; i += 1) kept.push(new Array(100000).fill(i)); 0")
    engine.ctx.eval("kept = null; 0")  # 40 MB of garbage, which V8 keeps rather than collect
    size = lambda: engine.ctx.heap_stats()["total_physical_size"]  # noqa: E731
    grown = size()
    engine.trim(limit=2 * grown)  # below the limit: no collection (it costs about 20 ms)
    assert size() >= grown > 30 << 20
    engine.trim(limit=grown - 1)
    assert size() < grown / 4  # the garbage given back: the heap stays flat however many documents
    trims = []
    real = Engine.trim
    monkeypatch.setattr(Engine, "trim", lambda self, *a: trims.append(1) or real(self, *a))
    made = dict(documents.files(_context(corpus)))
    assert len(corpus.categories) >= 2 * documents.TRIM_EVERY
    assert len(trims) == len(corpus.categories) // documents.TRIM_EVERY and made  # every few categories


def test_a_one_language_worker_lets_the_index_words_go_and_holds_4_byte_arrays(corpus):
    from opslag.search import index as search_index

    try:
        search_index.share_words(False)  # a worker building one language (site/build.py _language_job)
        data = search_index.build_index(corpus, "da", ROOT / "web")
        assert search_index._WORDS_CACHE == []  # nothing kept for a next language through MkDocs
        search_index.share_words(True)  # one process, both languages: read once, kept for the second
        assert search_index.build_index(corpus, "da", ROOT / "web") == data
        assert search_index._WORDS_CACHE and search_index._WORDS_CACHE[0][0] is corpus
    finally:
        search_index.share_words(True)
    arrays = data["postings"] + data["cat_postings"]
    assert arrays and all(a.itemsize == 4 for a in arrays)  # half the memory of the 8-byte ints


def test_mkdocs_lets_a_pages_texts_go_once_used_and_keeps_its_title(tmp_path, monkeypatch):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    from opslag.site import build as sitebuild
    from opslag.site import lean_pages

    (tmp_path / "p.md").write_text("# Overskrift\n\nTekst med [et anker](#overskrift).\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path), "site_dir": str(tmp_path / "site")})
    config.validate()
    file = File("p.md", str(tmp_path), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    plugin = lean_pages.LeanPages()
    title, anchors = page.title, page.present_anchor_ids
    page.content = plugin.on_page_content(page.content, page=page, config=config, files=None)
    assert page.markdown == "" and "<h1" in page.content  # rendered: the Markdown is not needed again
    assert plugin.on_post_page("<html>…</html>", page=page, config=config) == "<html>…</html>"
    assert page.content == "" and page.title == title == "Overskrift" and page.present_anchor_ids == anchors
    ran = []  # and every MkDocs run of the build has it
    monkeypatch.setattr("mkdocs.commands.build.build", lambda config: ran.append(config.plugins))
    w = PageWriter(build_corpus(*_checked()), "da", Project(ROOT))
    docs = tmp_path / "docs"
    docs.mkdir()
    sitebuild.run_mkdocs(Project(ROOT).mkdocs_config("da"), docs, tmp_path / "out", w.nav(), w.theme("/"), 0)
    assert isinstance(ran[0]["gpp-lean-pages"], lean_pages.LeanPages)


def _checked():
    check = check_project(Project(ROOT, criteria=FIXTURES / "good"))
    return check.categories, check.vocab


def test_a_category_document_is_made_by_the_generators_as_they_are_now(corpus, tmp_path):
    """serve builds in one process: after an edit to the browser's generators (a full build), the
    category documents come from the edited code, not from the V8 context loaded before it."""
    import shutil
    from dataclasses import replace

    from opslag.exports import documents

    web = tmp_path / "web"
    shutil.copytree(ROOT / "web", web)
    ctx = replace(_context(corpus), web=web)
    cat = corpus.categories[0]
    before = dict(documents.files(ctx))[f"downloads/{cat.id}.txt"]
    txt = web / "js" / "export-txt.js"
    txt.write_text(txt.read_text(encoding="utf-8").replace('underline(m.title, "=")', 'underline(m.title, "#")'))
    after = dict(documents.files(ctx))[f"downloads/{cat.id}.txt"]
    assert before.splitlines()[1].startswith("===")
    assert after.splitlines()[1].startswith("###")


def test_a_frozen_heap_stays_frozen_through_a_freeze_inside_it():
    """heap.kept_to_the_end inside another leaves the freeze to the outer one: an inner unfreeze
    would hand the outer one's objects back to the collector halfway through its build."""
    import gc

    from opslag.site import heap

    before = gc.get_freeze_count()  # not assumed 0: the freeze is the process's, and a test may be building
    with heap.kept_to_the_end():
        outer = gc.get_freeze_count()
        with heap.kept_to_the_end():
            pass
        assert gc.get_freeze_count() >= outer > 0
    if before == 0:
        assert gc.get_freeze_count() == 0

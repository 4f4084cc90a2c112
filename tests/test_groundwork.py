"""One place per concept: paths (opslag/project.py), URLs (opslag/urls.py), exporters, and the
browser code split by feature and loaded only where used."""

import io
import os
import re

import pytest
from docx import Document
from docx.shared import Mm

from conftest import FIXTURES, ROOT
from opslag import exports
from opslag.project import Project
from opslag.site.build import build_site


def test_build_reads_nothing_from_and_changes_nothing_in_the_environment(tmp_path):
    import material.templates  # noqa: F401  Material's import sets NO_MKDOCS_2_WARNING itself

    before = dict(os.environ)
    epoch = 1767225600  # 2026-01-01
    result = build_site(
        Project(
            ROOT, criteria=FIXTURES / "good", out=tmp_path / "site", site_url="https://example.org/gpp/", epoch=epoch
        )
    )
    assert result.ok, result.error
    assert dict(os.environ) == before
    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    lastmod = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    # the clock is the epoch: no page is dated after it, a hand-written page carries it, and a page
    # made from the data carries the data's date (the fixture's one contract term, EKS-03, is of 2024)
    assert max(lastmod.values()) == "2026-01-01"
    assert lastmod["https://example.org/gpp/om/"] == "2026-01-01"
    assert lastmod["https://example.org/gpp/kravtyper/kontraktvilkaar/"] == "2024-01-01"
    assert "<loc>https://example.org/gpp/kategorier/" in sitemap
    assert "<loc>https://example.org/gpp/en/" in (tmp_path / "site" / "en" / "sitemap.xml").read_text("utf-8")


def test_a_criterion_url_is_built_in_one_place():
    """'kategorier/' followed by '#' or an anchor appears only in opslag/urls.py."""
    offenders = []
    for path in [*(ROOT / "opslag").rglob("*.py"), *(ROOT / "templates").glob("*.j2")]:
        if path.name == "urls.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"kategorier/\{+[^}]*\}+/?#|kategorier/\{\{[^}]*\}\}/", text):
            offenders.append(path.name)
    assert offenders == []


def test_root_is_defined_once():
    defined = [
        p.name
        for p in (ROOT / "opslag").rglob("*.py")
        if re.search(r"^(ROOT|REPO|DOCS|TEMPLATES)\s*=", p.read_text(encoding="utf-8"), re.M)
    ]
    assert defined == ["project.py"]


@pytest.fixture(scope="module")
def corpus():
    from opslag.model.corpus import build_corpus
    from opslag.source.checker import check_project

    check = check_project(Project(ROOT))
    return build_corpus(check.categories, check.vocab)


def test_exporters_write_disjoint_paths(corpus):
    from opslag.render.templates import Renderer

    ctx = exports.Context(corpus, Renderer(corpus, "da", Project(ROOT)), 0, "https://example.org/", ROOT / "web")
    seen = {}
    for exporter in exports.EXPORTERS:
        made = exporter.files(ctx)  # a mapping, or (path, content) pairs made one at a time
        for path in made.keys() if isinstance(made, dict) else (path for path, _ in made):
            assert path not in seen, (path, exporter.__name__, seen.get(path))
            seen[path] = exporter.__name__
    assert {p.rsplit(".", 1)[-1] for p in seen} >= {"docx", "txt", "md", "json", "csv", "xml"}


@pytest.mark.parametrize("lang,tag", [("da", "da-DK"), ("en", "en-GB")])
def test_category_word_files_are_a4_in_the_sites_language(built_site, lang, tag):
    folder = built_site / ("downloads" if lang == "da" else "en/downloads")
    path = sorted(folder.glob("*.docx"))[0]
    doc = Document(io.BytesIO(path.read_bytes()))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    styles = doc.styles.element.xml
    assert f'w:val="{tag}"' in styles and "en-US" not in styles
    assert doc.core_properties.title  # docx.js writes no dc:language; the proofing language is in the styles


def test_feature_scripts_load_only_where_used(page, built_site):
    def loaded():
        return page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")

    cat = sorted(p.name for p in (built_site / "kategorier").iterdir() if p.is_dir())[0]
    page.goto(f"kategorier/{cat}/")
    page.wait_for_function("!!(window.gpp && gpp.inits.filters && gpp.inits.copy)")
    names = " ".join(loaded())
    assert "js/filters.js" in names and "js/copy.js" in names
    assert "js/search.js" not in names and "lunr" not in names
    page.goto("soeg/?q=svanemærket")
    page.wait_for_selector("#gpp-results li")
    assert "js/search.js" in " ".join(loaded())
    assert [k for k in page.evaluate("Object.keys(window)") if k.startswith("gpp")] == ["gpp"]
    assert page.js_errors == []

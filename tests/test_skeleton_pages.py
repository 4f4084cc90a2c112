"""The earlier versions' pages put together from one rendered page (opslag/site/skeleton_pages.py)
are the pages MkDocs renders itself, byte for byte: plain titles put in, and titles with
characters Markdown or escaping change left to MkDocs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from opslag.project import Project
from opslag.site import build as sitebuild
from opslag.site import skeleton_pages
from opslag.site.build import build_site

ROOT = Path(__file__).resolve().parent.parent


def _tree(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.site
def test_pages_put_together_are_the_pages_mkdocs_renders(tmp_path, monkeypatch):
    criteria = tmp_path / "criteria"
    shutil.copytree(ROOT / "criteria", criteria)
    it = criteria / "it-udstyr.yaml"
    text = it.read_text(encoding="utf-8")
    # an editor's title with what Markdown and HTML would change: left to MkDocs, and still the same page
    old = "      da: Totalomkostninger med CO2-pris\n"
    assert old in text
    it.write_text(
        text.replace(old, '      da: "Total & *omkostninger* med CO2_pris \\"målt\\" i \'kr.\'"\n', 1), encoding="utf-8"
    )
    monkeypatch.setenv("OPSLAG_JOBS", "1")  # the plugin is switched off below, in this process
    monkeypatch.setenv("SITE_URL", "https://example.org/gpp/")  # a public site: printouts carry each page's address

    put_in, write = [], skeleton_pages.SkeletonPages.on_post_build

    def counted(plugin, config):
        put_in.extend(plugin.titles)
        return write(plugin, config)

    monkeypatch.setattr(skeleton_pages.SkeletonPages, "on_post_build", counted)
    put_together = build_site(Project.from_env(ROOT, out=tmp_path / "a", criteria=criteria))
    assert put_together.ok, put_together.error
    assert len(put_in) > 500, "the earlier versions' pages are put together, not rendered one by one"
    monkeypatch.setattr(sitebuild.skeleton_pages, "add_to", lambda *args: None)
    rendered = build_site(Project.from_env(ROOT, out=tmp_path / "b", criteria=criteria))
    assert rendered.ok, rendered.error

    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")  # the pages, and the sitemap that lists them
    assert a.keys() == b.keys()
    assert [path for path in sorted(a) if a[path] != b[path]] == []
    assert (
        "Total &amp; *omkostninger* med CO2_pris"
        in (tmp_path / "a" / "kriterier" / "it-03" / "1" / "index.html").read_text()
    )


def test_only_plain_titles_are_put_in():
    assert skeleton_pages.plain(
        "IT-03:1 Energiforbrug i brug (TEC), målt efter EN 50564/2011 – 5 % (tidligere version)"
    )
    assert skeleton_pages.plain("TEKS-01:1 Økologisk bomuld; ét niveau: sådan (earlier version)")
    for title in ("A & B", "A <b>", "A *b*", "a_b", "A 'b'", 'A "b"', "A [b]", "A `b`", "A \\b", "A #", "A  b", "A!"):
        assert not skeleton_pages.plain(title), title

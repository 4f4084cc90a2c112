"""The build on the shipped criteria: pages, snippets, documents, open data, determinism, atomicity."""

import csv
import filecmp
import io
import json
import os
import re
import shutil

import docx
import pytest
from rule_cases import CASES

from conftest import FIXTURES, ROOT
from opslag.project import Project
from opslag.site.build import build_site
from opslag.source import placeholders
from opslag.source.checker import check_project

CASE = {c.code: c for c in reversed(CASES)}  # the first case of each code


@pytest.fixture(scope="module")
def corpus_data():
    result = check_project(Project(ROOT))
    assert result.ok
    return result


def test_every_category_and_criterion_has_a_page_and_an_anchor(built_site, corpus_data):
    for lang_root in (built_site, built_site / "en"):
        for cat_id, data in corpus_data.categories.items():
            html = (lang_root / "kategorier" / cat_id / "index.html").read_text(encoding="utf-8")
            for crit in data["criteria"]:
                assert f'id="{crit["id"].lower()}"' in html, (cat_id, crit["id"])


def test_wrapped_list_items_stay_inside_their_list_item(built_site, corpus_data):
    # editors wrap long '- ' items with an indented continuation line; on the page it must stay in the <li>
    import html as htmllib
    import re

    checked = 0
    for cat_id, data in corpus_data.categories.items():
        page = htmllib.unescape((built_site / "kategorier" / cat_id / "index.html").read_text(encoding="utf-8"))
        items = [re.sub(r"\s+", " ", li) for li in re.findall(r"<li>(.*?)</li>", page, flags=re.S)]
        for crit in data["criteria"]:
            in_item = False
            for raw in crit["requirement"]["da"].splitlines():
                if raw.startswith("- "):
                    in_item = True
                elif in_item and raw[:1].isspace() and raw.strip() and "[[" not in raw:
                    assert any(raw.strip() in li for li in items), (crit["id"], raw)
                    checked += 1
                else:
                    in_item = in_item and raw[:1].isspace()
    assert checked > 0


def test_each_criterion_has_tender_text_and_markdown(built_site, corpus_data):
    for data in corpus_data.categories.values():
        for crit in data["criteria"]:
            txt = (built_site / "downloads" / "kriterier" / f"{crit['id']}.txt").read_text(encoding="utf-8")
            assert txt.startswith(f"{crit['id']}:{crit['version']} · ")
            # the .txt shows placeholders unfilled but marked, so compare with their display form
            first_line = placeholders.display(crit["requirement"]["da"].split("\n")[0].strip(), "da")
            assert first_line[:40] in txt
            md = (built_site / "downloads" / "kriterier" / f"{crit['id']}.md").read_text(encoding="utf-8")
            assert md.startswith(f"### {crit['id']}:{crit['version']}")


def test_word_documents_contain_every_criterion(built_site, corpus_data):
    retired = {s for s in corpus_data.vocab.ids("statuses") if corpus_data.vocab.retired(s)}
    for cat_id, data in corpus_data.categories.items():
        document = docx.Document(str(built_site / "downloads" / f"{cat_id}.docx"))
        assert (document.paragraphs[0].style.name, document.paragraphs[0].text) == (
            "Title",
            data["title"]["da"].strip(),
        )
        annex = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
        for crit in data["criteria"]:
            if crit["status"] not in retired:
                assert any(h.startswith(f"{crit['id']}:{crit['version']}  ") for h in annex), crit["id"]
        body = "\n".join(p.text for p in document.paragraphs)
        assert "æ" in body or "ø" in body or "å" in body  # Danish letters survive


def test_open_data_json_and_csv(built_site, corpus_data):
    data = json.loads((built_site / "downloads" / "opslag.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    ids = [c["id"] for cat in data["result"]["categories"] for c in cat["criteria"]]
    expected = [c["id"] for d in corpus_data.categories.values() for c in d["criteria"]]
    assert sorted(ids) == sorted(expected)
    rows = list(csv.DictReader(io.StringIO((built_site / "downloads" / "opslag.csv").read_text("utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(expected)
    one = json.loads((built_site / "downloads" / f"{next(iter(corpus_data.categories))}.json").read_text("utf-8"))
    assert one["schema_version"] == 1 and one["result"]["criteria"]


def test_build_is_byte_identical_twice(built_site, site_url, tmp_path, monkeypatch):
    """A second build, with the same address, is byte for byte the session's shared build."""
    a, b = built_site, tmp_path / "b"
    monkeypatch.setenv("SITE_URL", site_url)
    assert build_site(Project.from_env(ROOT, out=b)).ok
    differences = []

    def compare(cmp, rel=""):
        differences.extend(f"{rel}{n}" for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differences.extend(f"{rel}{n}" for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            compare(sub, f"{rel}{name}/")

    compare(filecmp.dircmp(a, b))
    assert differences == []


@pytest.mark.site
def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    out = tmp_path / "site"
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(FIXTURES / "good" / "rengoering-eksempel.yaml", good / "eksempel.yaml")
    assert build_site(Project.from_env(ROOT, out=out, criteria=good)).ok
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    marker = (out / "index.html").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "eksempel.yaml").write_text(CASE["S101"].text(), encoding="utf-8")
    result = build_site(Project.from_env(ROOT, out=out, criteria=bad))
    assert not result.ok and [d.code for d in result.check.errors] == ["S101"]
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / "index.html").read_bytes() == marker
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-build-")]


@pytest.mark.site
def test_untranslated_text_is_marked_on_the_english_site(tmp_path):
    folder = tmp_path / "criteria"
    folder.mkdir()
    text = (FIXTURES / "good" / "rengoering-eksempel.yaml").read_text(encoding="utf-8")
    text = text.replace("  en: Example cleaning products\n", "").replace(
        "  en: A small but complete category for tests.\n", ""
    )
    (folder / "eksempel.yaml").write_text(text, encoding="utf-8")
    result = build_site(Project.from_env(ROOT, out=tmp_path / "site", criteria=folder))
    assert result.ok and [d.code for d in result.check.warnings] == ["W301", "W301"]
    html = (tmp_path / "site" / "en" / "kategorier" / "eksempel" / "index.html").read_text("utf-8")
    assert (
        '<div lang="da" class="gpp-untranslated"><span class="gpp-untranslated-badge">Not translated</span>'
        " <p>En lille, men komplet kategori til test.</p>" in html
    )
    assert ">[Not translated] Eksempel på rengøringsmidler<" in html
    danish = (tmp_path / "site" / "kategorier" / "eksempel" / "index.html").read_text("utf-8")
    assert "gpp-untranslated" not in danish


@pytest.mark.site
def test_a_build_without_site_url_warns_once_and_puts_no_preview_address_in_documents(tmp_path):
    """Without SITE_URL the address is unknown: one warning, and nothing a procurer downloads or
    prints carries the preview's 127.0.0.1 (documents and printouts then name no address)."""
    import subprocess
    import sys
    import zipfile

    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    out = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--criteria", str(FIXTURES / "good"), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("SITE_URL") == 2 and len([l for l in proc.stderr.splitlines() if "SITE_URL" in l]) == 1
    downloads = [p for p in (out / "downloads").rglob("*") if p.is_file()] + [
        p for p in (out / "en" / "downloads").rglob("*") if p.is_file()
    ]
    assert any(p.suffix == ".docx" for p in downloads)
    for path in downloads:
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as z:
                text = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        assert "127.0.0.1" not in text, path
    for page in out.rglob("*.html"):
        foot = re.findall(r'<p class="gpp-print-foot">(.*?)</p>', page.read_text(encoding="utf-8"))
        assert all("127.0.0.1" not in f for f in foot), page

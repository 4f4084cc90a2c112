"""Issue 8: what a pull request or a bad day could do to the site, the downloads and the checkout.

Each test is written from the attacker's or the careless editor's side: the input they would
write, and what must (not) happen."""
import csv
import io
import os
import shutil
import socket
import subprocess
import sys
from html.parser import HTMLParser

import markdown
import pytest

from opslag.checker import check_project
from opslag.textformat import md_escape, to_markdown

from conftest import FIXTURES, ROOT

GOOD = FIXTURES / "good" / "rengoering-eksempel.yaml"
ATTR_PAYLOADS = [
    'Eksempel {: onclick="alert(1)" tabindex=1 autofocus=autofocus onfocus=alert(2) }',
    "Eksempel { #x .y onfocus=alert(3) autofocus }",
    "Eksempel {:onmouseover=alert(4)}",
    "Eksempel {onfocus=alert(5) autofocus}",
]


def build_py(*args, cwd=ROOT, timeout=300):
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def one_line_error(proc):
    """Exit 1, no traceback, one line of explanation."""
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def criteria_with(tmp_path, edit=lambda text: text, name="eksempel.yaml"):
    folder = tmp_path / "criteria"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(edit(GOOD.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


class Attributes(HTMLParser):
    """Every attribute of every element, to look for event handlers and script URLs."""

    def __init__(self):
        super().__init__()
        self.handlers, self.script_urls, self.names = [], [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.names.add(name)
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in ("href", "src", "action", "formaction") and value and \
                    value.replace(" ", "").lower().startswith(("javascript:", "data:text", "vbscript:")):
                self.script_urls.append((tag, name, value))


# -- 1. Markdown attribute lists -------------------------------------------------------------
@pytest.mark.parametrize("payload", ATTR_PAYLOADS)
def test_escaped_text_never_becomes_attributes_in_markdown(payload):
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "toc"])
    for source in (f"# {md_escape(payload)}", f"## {md_escape(payload)}\n", to_markdown(payload),
                   to_markdown(f"Krav:\n- {payload}")):
        html = md.reset().convert(source)
        parser = Attributes()
        parser.feed(html)
        assert parser.names <= {"id"}, (source, html)  # the heading's anchor; nothing from the text
        assert "{" in html and "}" in html  # shown as the text it is


@pytest.mark.parametrize("payload", ATTR_PAYLOADS)
def test_checker_refuses_attribute_lists_in_danish_and_english_titles(tmp_path, payload):
    quoted = payload.replace('"', '\\"')
    folder = criteria_with(tmp_path, lambda t: t.replace("  en: Example cleaning products",
                                                         f'  en: "{quoted}"', 1))
    result = check_project(ROOT, folder)
    assert [(d.code, d.line, d.path) for d in result.diagnostics] == [("R213", 5, "title.en")]
    assert "parentheses" in result.diagnostics[0].message


def _copy_project(tmp_path):
    """A project folder of our own: the real vocabularies and templates, a vocabulary to poison."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("vocab", "templates"):
        shutil.copytree(ROOT / name, root / name)
    return root


def _poison_vocab(root, file, field, value):
    """Set `field` (e.g. 'name.da') of the first entry of a vocabulary file to `value`."""
    import yaml

    path = root / "vocab" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(iter(data.values()))[0]
    *parents, last = field.split(".")
    for part in parents:
        entry = entry[part]
    entry[last] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("file,field,value,code", [
    ("ecolabels.yaml", "name.da", "Svanemærket {: onfocus=alert(1) autofocus }", "R213"),
    ("ecolabels.yaml", "issuer.en", "Nordic { #x onfocus=alert(1) }", "R213"),
    ("types.yaml", "description.da", "Se mere. [Læs mere](javascript:alert(1))", "R217"),
    ("levels.yaml", "label.da", "<img src=x onerror=alert(1)>", "R209"),
    ("statuses.yaml", "label.en", "Valid\u202e", "R214"),
    ("pogi_goals.yaml", "title.da", "Mål\n\n## Overskrift", "R215"),
    ("label_market.yaml", "description.da", "  ", "R216"),
])
def test_vocabulary_texts_get_the_same_checks(tmp_path, file, field, value, code):
    root = _copy_project(tmp_path)
    _poison_vocab(root, file, field, value)
    result = check_project(root, criteria_with(tmp_path))
    codes = [d.code for d in result.errors if d.file.endswith(file)]
    assert codes == [code], [d.format() for d in result.diagnostics]


def test_vocabulary_ids_cannot_take_a_page_of_the_site(tmp_path):
    root = _copy_project(tmp_path)
    path = root / "vocab" / "ecolabels.yaml"
    text = path.read_text(encoding="utf-8")
    first_id = text.split("- id: ", 1)[1].split("\n", 1)[0].strip()
    path.write_text(text.replace(f"- id: {first_id}\n", "- id: index\n", 1), encoding="utf-8")
    result = check_project(root, criteria_with(tmp_path))
    assert "R218" in {d.code for d in result.errors}


# -- 3. CSV formula injection ----------------------------------------------------------------
FORMULAS = ['=HYPERLINK("https://evil.example/","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1"]


def test_csv_cells_never_start_a_formula(tmp_path):
    from opslag.model import build_corpus
    from opslag.opendata import corpus_csv

    def edit(text):
        text = text.replace("title: {da: Miljømærket rengøringsmiddel, en: Ecolabelled detergent}",
                            'title: {da: "%s", en: "%s"}' % (FORMULAS[0].replace('"', '\\"'), FORMULAS[1]), 1)
        return text.replace('title: {da: "Koncentrerede produkter: 1:20", en: "Concentrated products: 1:20"}',
                            'title: {da: "%s", en: "%s"}' % (FORMULAS[2], FORMULAS[3]), 1)

    result = check_project(ROOT, criteria_with(tmp_path, edit))
    assert result.ok, [d.format() for d in result.diagnostics]  # text may start with '=': only the CSV cares
    rows = list(csv.reader(io.StringIO(corpus_csv(build_corpus(result.categories, result.vocab)).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for formula in FORMULAS[:4]:
        assert "'" + formula in cells


@pytest.mark.parametrize("value", FORMULAS)
def test_safe_cell_prefixes_a_quote(value):
    from opslag.cells import safe_cell

    assert safe_cell(value) == "'" + value
    assert safe_cell("Svanemærket =") == "Svanemærket =" and safe_cell(3) == 3


# -- 4. --out ----------------------------------------------------------------------------------
def _tree(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if ".git" not in p.parts[-3:])


@pytest.mark.parametrize("out", [".", "..", "criteria", "criteria/x", "vocab", "templates/site", "docs/da",
                                 "opslag"])
def test_build_refuses_an_out_that_would_replace_the_project(out):
    before = sorted(os.listdir(ROOT))
    proc = build_py("build", "--out", out, cwd=ROOT)
    one_line_error(proc)
    assert "--out" in proc.stderr and out in proc.stderr
    assert sorted(os.listdir(ROOT)) == before and (ROOT / "criteria" / "trae.yaml").is_file()


def test_build_refuses_a_folder_with_other_files_and_reuses_its_own_site(tmp_path):
    from opslag.site import build_site

    criteria = criteria_with(tmp_path)
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "budget.xlsx").write_bytes(b"precious")
    result = build_site(ROOT, documents, criteria)
    assert not result.ok and "not a site built before" in result.error
    assert (documents / "budget.xlsx").read_bytes() == b"precious"
    site = tmp_path / "site"
    assert build_site(ROOT, site, criteria).ok and (site / ".opslag-site").is_file()
    assert build_site(ROOT, site, criteria).ok  # a site we built may be replaced
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build_site(ROOT, empty, criteria).ok


def test_build_refuses_an_out_inside_or_around_the_criteria_folder(tmp_path):
    from opslag.site import build_site

    criteria = criteria_with(tmp_path)
    for out in (criteria, criteria / "site", tmp_path):
        result = build_site(ROOT, out, criteria)
        assert not result.ok and "criteria folder" in result.error, result.error
    assert (criteria / "eksempel.yaml").is_file()


def test_out_below_a_file_is_one_line(tmp_path):
    criteria = criteria_with(tmp_path)
    (tmp_path / "file").write_text("x")
    proc = build_py("build", "--criteria", str(criteria), "--out", str(tmp_path / "file" / "site"))
    one_line_error(proc)
    assert "is a file" in proc.stderr


def test_out_in_a_folder_that_cannot_be_written_is_one_line(tmp_path, monkeypatch):
    import tempfile

    from opslag.site import build_site

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    result = build_site(ROOT, tmp_path / "ro" / "site", criteria_with(tmp_path))
    assert not result.ok and "Permission denied" in result.error and "choose a folder" in result.error


def test_serve_on_a_busy_port_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = build_py("serve", "--port", str(port), "--out", str(tmp_path / "site"), timeout=60)
    one_line_error(proc)
    assert str(port) in proc.stderr and "--port" in proc.stderr


@pytest.mark.parametrize("args", [["serve", "--port", "99999"], ["serve", "--port", "x"], ["search", "--limit", "-1",
                                                                                              "a"],
                                  ["check", "--criteria", "/nonexistent/criteria"], ["check", "--format", "xml"],
                                  ["build", "--criteria", "x" * 5000], ["nosuchcommand"]])
def test_bad_options_are_one_line_and_exit_1(args):
    one_line_error(build_py(*args, timeout=60))

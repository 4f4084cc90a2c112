"""One catalogue of the site's languages and interface texts (templates/strings.yaml): every
language has every key, and no text a reader sees is defined anywhere else: not in Python, the
browser code, the theme override, the templates or MkDocs' configuration."""

import ast
import re

import pytest

from conftest import ROOT
from opslag.project import LANGUAGES, Project
from opslag.render.templates import load_strings
from opslag.source.yamlsource import load_file

CATALOGUE = load_strings(Project(ROOT))
# Words that may stand in code: technical names, not texts for a reader.
TECHNICAL = {"txt", "gpp", "group", "data", "type", "dato", "feed"}


def test_the_languages_are_the_catalogues():
    assert LANGUAGES == tuple(CATALOGUE["languages"]) and len(LANGUAGES) >= 2
    assert set(CATALOGUE) == {"languages", *LANGUAGES}, "the catalogue holds the languages and one section each"


def test_every_language_has_every_key():
    first, *others = LANGUAGES
    for lang in others:
        missing = CATALOGUE[first].keys() - CATALOGUE[lang].keys()
        extra = CATALOGUE[lang].keys() - CATALOGUE[first].keys()
        assert not missing and not extra, f"{lang}: missing {sorted(missing)}, not in {first}: {sorted(extra)}"
    for lang in LANGUAGES:
        empty = [k for k, v in CATALOGUE[lang].items() if not str(v).strip()]
        assert not empty, f"{lang}: empty texts {empty}"


def test_each_language_has_its_mkdocs_configuration_and_no_texts_in_it():
    project = Project(ROOT)
    for lang in LANGUAGES:
        config = load_file(project.mkdocs_config(lang)).data
        assert (config.get("theme") or {}).get("language", "da") == lang or lang == LANGUAGES[0]
    for path in ROOT.glob("mkdocs*.yml"):
        text = path.read_text(encoding="utf-8")
        for key in ("site_name:", "site_description:", "permalink_title:", "alternate:", "copyright:"):
            assert not re.search(rf"^\s*{key}", text, re.M), (
                f"{path.name}: {key} is a text; it belongs in the catalogue"
            )


def _words(text: str) -> list:
    return [w for w in re.findall(r"[A-Za-zÆØÅæøå]{3,}", text) if w not in TECHNICAL]


def _markup_text(text: str) -> str:
    """What a Jinja template or the theme override shows by itself: outside comments, tags and expressions."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
    text = re.sub(r"\{ *#[^}]*\}", "", text)  # heading anchors: { #id }
    return re.sub(r"<[^>]*>", "", text)


@pytest.mark.parametrize(
    "path", sorted([*ROOT.glob("templates/*.j2"), *ROOT.glob("overrides/*.html")]), ids=lambda p: p.name
)
def test_templates_and_the_theme_override_hold_no_text_of_their_own(path):
    assert _words(_markup_text(path.read_text(encoding="utf-8"))) == []


def test_the_markup_check_sees_a_text(tmp_path):
    assert _words(_markup_text("<p>{{ s.home }} Læs mere</p>")) == ["Læs", "mere"]


JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'')


def js_texts(source: str) -> list:
    """String literals in JavaScript that read as words for a person (two or more words); not
    CSS class lists, the "use strict" directive, or messages for developers (errors, console)."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"(?m)(?<![:\"'\\])//.*$", "", source)
    source = re.sub(r"(new Error|console\.\w+)\([^;]*", "", source)
    out = []
    for m in JS_STRING.finditer(source):
        s = m.group(1) or m.group(2) or ""
        words = s.split()
        if s.startswith((".", "#")) or "[" in s:  # a CSS selector
            continue
        if s == "use strict" or all(re.fullmatch(r"[a-z0-9_-]+", w) and ("-" in w or w == "md") for w in words):
            continue
        if re.search(r"[A-Za-zÆØÅæøå]{2,} [A-Za-zÆØÅæøå]{2,}", s):
            out.append(s)
    return out


@pytest.mark.parametrize("path", sorted(ROOT.glob("web/js/*.js")), ids=lambda p: p.name)
def test_browser_code_holds_no_text_of_its_own(path):
    assert js_texts(path.read_text(encoding="utf-8")) == []


def test_the_browser_check_sees_a_text():
    assert js_texts('el.textContent = "Ingen resultater fundet";') == ["Ingen resultater fundet"]
    assert js_texts('var q = "a b"; /* "en kommentar" */ el.className = "gpp-a gpp-b";  // "Mit udbud"') == []


# Python modules whose texts are for editors and maintainers at the command line (the rule
# registry is their catalogue), not for a reader of the site or a document.
EDITOR_FACING = {"source/registry.py", "cli/main.py", "cli/site.py", "cli/editor.py", "editor/review.py"}


@pytest.mark.parametrize(
    "path",
    sorted(
        p for p in (ROOT / "opslag").rglob("*.py") if p.relative_to(ROOT / "opslag").as_posix() not in EDITOR_FACING
    ),
    ids=lambda p: p.relative_to(ROOT / "opslag").as_posix(),
)
def test_python_holds_no_per_language_texts(path):
    """A dict keyed by the languages with text values is a catalogue of its own."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            texts = [v for v in node.values if isinstance(v, (ast.Constant, ast.Dict))]
            assert not (keys >= set(LANGUAGES) and texts), (
                f"{path.name}:{node.lineno}: texts per language belong in the catalogue"
            )


def test_the_language_menu_points_at_each_languages_root_below_the_sites_path(corpus):
    """Built for https://example.org/gpp/, the menu's links are /gpp/ and /gpp/en/ (they were / and
    /en/, which left the site), named as the catalogue names the languages."""
    from opslag.site.pages import PageWriter

    project = Project(ROOT, site_url="https://example.org/gpp/")
    menu = PageWriter(corpus, LANGUAGES[0], project).theme("/gpp/")["alternate"]
    assert [(m["link"], m["lang"], m["name"]) for m in menu] == [
        ("/gpp/" if lang == LANGUAGES[0] else f"/gpp/{lang}/", lang, CATALOGUE[lang]["language_name"])
        for lang in LANGUAGES
    ]

"""The one rule registry (opslag/source/registry.py): each code emitted from one module, every message
in Danish and English with the same fields, and the guide's table generated from it."""

import re
import string

import pytest

from conftest import ROOT
from opslag.editor.codes_table import codes_markdown
from opslag.source.registry import BY_CODE, RULES, owner

SOURCES = {
    p.stem: p.read_text(encoding="utf-8")
    for p in (ROOT / "opslag").rglob("*.py")
    if p.stem not in ("registry", "diagnostics", "codes_table")
}
CODE = re.compile(r'"([YSRWD][0-9]{3})"')


def test_each_code_is_emitted_from_its_one_module():
    where = {}
    for module, text in SOURCES.items():
        for code in CODE.findall(text):
            where.setdefault(code, set()).add(module)
    for code, modules in sorted(where.items()):
        assert code in BY_CODE, f"{code} is emitted in {modules} but not in the registry"
        assert modules == {owner(code)}, f"{code} is emitted in {sorted(modules)}; its one place is {owner(code)}"
    assert set(where) == set(BY_CODE), f"codes nothing emits: {set(BY_CODE) - set(where)}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_message_has_both_languages_with_the_same_fields(rule):
    assert rule.meaning.da and rule.meaning.en and rule.meaning.da != rule.meaning.en
    for variant, text in rule.messages.items():
        fields = [{name for _, name, _, _ in string.Formatter().parse(t) if name} for t in (text.da, text.en)]
        assert fields[0] == fields[1], (rule.code, variant, fields)
        own_words = re.sub(r"\{\w+\}", "", text.da).strip(" .")
        assert text.da != text.en or not own_words, (rule.code, variant)  # all words come from the fields


def test_codes_are_unique_and_the_guide_lists_them_in_danish():
    assert len(RULES) == len(BY_CODE)
    table = codes_markdown()
    for rule in RULES:
        assert f"| {rule.code} |" in table and rule.meaning.da.split(" (")[0][:30] in table
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert table in guide, "run: python build.py codes"


def test_patterns_are_written_once():
    """The id, prefix and date patterns live in opslag/source/schema.py; the others use them."""
    for module, text in SOURCES.items():
        if module == "schema":
            continue
        assert "[A-Z]{2,5}" not in text and "{4}-[0-9]{2}-" not in text, module
        assert "get_close_matches" not in text, f"{module}: use registry.suggestion ('did you mean')"
    for js in (ROOT / "web" / "js").glob("*.js"):
        assert "{2,5}" not in js.read_text(encoding="utf-8"), f"{js.name}: the id pattern comes from the build"

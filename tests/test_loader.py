"""The strict YAML loader on its own: typing rules, positions, and no exception for any input."""

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from opslag.source.yamlsource import load_text, resolve_plain


def test_yaml_11_surprises_stay_text():
    for text in ["no", "on", "off", "yes", "0755", "1:20", "2025-01-01", "True", "NULL", "0x1F", "1_000"]:
        assert resolve_plain(text) == text


def test_core_scalars():
    assert resolve_plain("true") is True and resolve_plain("false") is False
    assert resolve_plain("") is None and resolve_plain("~") is None and resolve_plain("null") is None
    assert resolve_plain("12") == 12 and resolve_plain("-3") == -3
    assert resolve_plain("1.10") == 1.1 and resolve_plain("1e3") == 1000.0


def test_positions_are_one_based_and_exact():
    src = load_text("x.yaml", b"a: 1\nb:\n  - c: x\n")
    assert src.keys[("a",)] == (1, 1)
    assert src.values[("b", 0, "c")] == (3, 8)
    assert src.keys[("b", 0, "c")] == (3, 5)


def test_bom_and_crlf_are_accepted():
    src = load_text("x.yaml", "\ufeffa: æøå\r\nb: 2\r\n".encode())
    assert src.data == {"a": "æøå", "b": 2} and not src.diagnostics


def test_quoted_values_are_always_text():
    src = load_text("x.yaml", b"a: 'no'\nb: \"1.10\"\nc: |\n  1\n")
    assert src.data == {"a": "no", "b": "1.10", "c": "1\n"}


def test_duplicate_keys_in_nested_mappings():
    src = load_text("x.yaml", b"a:\n  b: 1\n  b: 2\n")
    assert [(d.code, d.line, d.column) for d in src.diagnostics] == [("Y003", 3, 3)]
    assert src.data == {"a": {"b": 1}}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_data_or_diagnostics_never_an_exception(text):
    src = load_text("x.yaml", text.encode("utf-8", "surrogatepass"))
    assert src.fatal or isinstance(src.data, dict)
    if src.fatal:
        assert src.diagnostics


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_never_raise(raw):
    src = load_text("x.yaml", raw)
    assert src.fatal or isinstance(src.data, dict)


YAMLISH = st.recursive(
    st.sampled_from(
        [
            "a",
            "no",
            "1.10",
            "- x",
            "k: v",
            "&a",
            "*a",
            "!t",
            "<<",
            "'",
            '"',
            "[",
            "{",
            ":",
            "#",
            "\t",
            "\n",
            "  ",
            "---",
            "? ",
            "2025-02-30",
            "0755",
        ]
    ),
    lambda inner: st.lists(inner, max_size=6).map("".join),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_yaml_like_fragments_never_raise(text):
    src = load_text("x.yaml", text.encode())
    assert src.fatal or isinstance(src.data, dict)


def test_text_blocks_paragraphs_soft_wraps_and_lists():
    from opslag.render.textformat import to_html
    from opslag.source.textblocks import blocks, to_plain

    assert blocks("Krav:\n- a\n- b\nefter\nmere\n\nny") == [
        ("p", ["Krav:"]),
        ("ul", ["a", "b"]),
        ("p", ["efter mere"]),
        ("p", ["ny"]),
    ]
    # an indented line after an item continues that item; an unindented one ends the list
    assert blocks("- lang\n  fortsat\n- b\nefter") == [("ul", ["lang fortsat", "b"]), ("p", ["efter"])]
    assert to_plain("linje\nfortsat\n\n- x") == "linje fortsat\n\n- x"
    assert str(to_html("a <b> & c")) == "<p>a &lt;b&gt; &amp; c</p>"


def _lean_or_none(text: str):
    from opslag.source.yamlsource import _lean_data, _Unusual

    try:
        return _lean_data(text)
    except (_Unusual, yaml.YAMLError):
        return None


def _positions_pass(text: str):
    from opslag.source.yamlsource import Source, _Builder

    src = Source("x.yaml")
    _Builder(src).run(text)
    return src


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_the_lean_pass_reads_what_the_positions_pass_reads(text):
    """Where the lean pass (no positions) gives data, the position-keeping pass gives the same data
    and finds nothing to report; where it gives up, load_text falls back to the other pass."""
    lean = _lean_or_none(text)
    if lean is not None:
        full = _positions_pass(text)
        assert full.data == lean and not full.diagnostics and not full.fatal


def test_the_lean_pass_reads_every_shipped_file_and_gives_up_at_what_must_be_reported():
    for path in sorted((ROOT / "criteria").glob("*.yaml")) + sorted((ROOT / "vocab").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _lean_or_none(text) == _positions_pass(text).data, path.name
    for text in [
        "a: &x 1\nb: *x\n",
        "a: 1\na: 2\n",
        "a: !!str 1\n",
        "<<: {a: 1}\n",
        "1: a\n",
        "a: 1\n---\nb: 2\n",
        "- a\n",
    ]:
        assert _lean_or_none(text) is None, text
        assert load_text("x.yaml", text.encode()).diagnostics, text


def test_positions_are_read_only_when_asked_and_then_exact():
    src = load_text("x.yaml", b"a: 1\nb:\n  - c: x # note\n")
    assert src._text is not None  # nothing asked yet: nothing read
    assert src.comments[("b", 0, "c")] == ((3, 10), "# note")
    assert src.values[("b", 0, "c")] == (3, 8) and src._text is None
    clean = load_text("x.yaml", b"# a comment on its own line\na: 1\nb: 'C#'\n")
    assert clean.comments == {} and clean._text is not None  # known without reading positions


def test_a_key_named_in_every_criterion_is_held_once():
    """#21: the same few dozen keys in every criterion of a 20,000-criterion build, each its own
    text otherwise (a tenth of the checked data)."""
    src = load_text("x.yaml", b"criteria:\n- requirement: a\n  verification: b\n- requirement: c\n  verification: d\n")
    first, second = src.data["criteria"]
    assert list(first) == list(second) == ["requirement", "verification"]
    assert all(a is b for a, b in zip(first, second, strict=True))

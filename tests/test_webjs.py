"""The browser code's logic, run in V8 without a browser (tests/webjs.py), on the shipped data:
share links, the stored selection and placeholders filled into tender text (the search query
is tested in tests/test_search.py, the documents in tests/test_documents.py, the same way)."""

import json

import pytest
from webjs import Page

from conftest import ROOT
from opslag import exports
from opslag.exports import builder_data
from opslag.project import Project
from opslag.render.templates import Renderer


@pytest.fixture(scope="module")
def page():
    return Page("selection.js", "tender.js", "search.js")


# -- share links: udbud/?k=IT-01,RENS-02:1 ---------------------------------------------------
@pytest.mark.parametrize(
    "text, items, bad",
    [
        ("IT-01,RENS-02:1", [("IT-01", None), ("RENS-02", 1)], []),
        (" it-01 , rens-02:1 ,, ", [("IT-01", None), ("RENS-02", 1)], []),  # typed or mailed by hand
        ("IT-01,IT-01:2", [("IT-01", None)], []),  # an id once: the first wins
        ("IT-01,<script>,A:B,X:99999", [("IT-01", None)], ["<script>", "A:B", "X:99999"]),
        ("", [], []),
    ],
)
def test_a_share_link_is_read_into_items_and_the_bad_parts_named(page, text, items, bad):
    got = page.call("gpp.selection.parse", text)
    assert [(i["id"], i["version"]) for i in got["items"]] == items
    assert got["bad"] == bad


def test_a_selection_written_as_a_link_reads_back_the_same(page):
    items = [{"id": "IT-01", "version": None}, {"id": "RENS-02", "version": 3}, {"id": "FOED-10", "version": None}]
    link = page.call("gpp.selection.format", items)
    assert link == "IT-01,RENS-02:3,FOED-10"
    assert page.call("gpp.selection.parse", link) == {"items": items, "bad": []}


@pytest.mark.parametrize("stored", ["{not json", '{"items": "IT-01"}', '{"items": [{"id": "<b>", "version": 1}]}'])
def test_a_stored_selection_that_cannot_be_read_is_reset_and_said_so(stored):
    page = Page("selection.js")
    page.call("function (v) { localStorage.setItem('gpp.selection.v1', v); }", stored)
    assert page.eval("return gpp.selection.items();") == []
    assert page.eval("return gpp.selectionWasReset === true;")
    assert page.eval("return localStorage.getItem('gpp.selection.v1');") is None


def test_a_stored_selection_is_read_and_kept():
    page = Page("selection.js")
    stored = {"items": [{"id": "IT-01", "version": 2}], "name": "Skoler", "values": {"IT-01.requirement.0": "5"}}
    page.call("function (v) { localStorage.setItem('gpp.selection.v1', v); }", json.dumps(stored))
    assert page.eval("return [gpp.selection.items(), gpp.selection.name(), gpp.selection.values()];") == [
        stored["items"],
        "Skoler",
        stored["values"],
    ]
    assert page.eval("return !gpp.selectionWasReset;")


# -- placeholders filled into the tender text ------------------------------------------------
@pytest.fixture(scope="module", params=["da", "en"])
def udbud_data(request, corpus):
    ctx = exports.Context(
        corpus, Renderer(corpus, request.param, Project(ROOT)), 0, "https://example.org/", ROOT / "web"
    )
    return json.loads(builder_data.files(ctx)[builder_data.PATH])


def placeholders_of(data):
    """(criterion id, field, n, placeholder) for every placeholder in the data, in text order."""
    for cid, c in sorted(data["criteria"].items()):
        for field in ("requirement", "verification", "follow_up"):
            n = 0
            for block in c[field] or []:
                for line in block["items"]:
                    for seg in line:
                        if isinstance(seg, dict):
                            yield cid, field, n, seg
                            n += 1


def test_a_typed_value_is_written_into_the_text_with_its_unit_once(page, udbud_data):
    with_unit = [p for p in placeholders_of(udbud_data) if p[3]["unit"] and not p[3]["options"]]
    assert with_unit, "the shipped criteria have placeholders with a unit"
    for cid, field, n, seg in with_unit[:40]:
        key = f"{cid}.{field}.{n}"
        model = page.call(
            "function (data, id, values) { return gpp.tender.model(data, [{id: id, version: null}], 'T', values); }",
            udbud_data,
            cid,
            {key: "7"},
        )
        [entry] = [e for g in model["groups"] for e in g["entries"]]
        text = " ".join(page.call("gpp.tender.lineText", line) for block in entry[field] for line in block["items"])
        assert f"7 {seg['unit']}" in text, (cid, text)
        assert seg["display"] not in text


def test_an_unfilled_placeholder_stays_visibly_marked(page, udbud_data):
    cid, field, _, seg = next(placeholders_of(udbud_data))
    model = page.call(
        "function (data, id) { return gpp.tender.model(data, [{id: id, version: null}], '', {}); }", udbud_data, cid
    )
    [entry] = [e for g in model["groups"] for e in g["entries"]]
    text = " ".join(page.call("gpp.tender.lineText", line) for block in entry[field] for line in block["items"])
    assert seg["display"] in text and seg["display"].startswith("[")
    assert model["title"] == udbud_data["strings"]["sel_doc_untitled"]


def test_pasted_characters_word_cannot_hold_become_spaces(page):
    # written as JavaScript escapes: a lone surrogate cannot cross from Python as text
    assert page.eval(r"return gpp.cleanText('a\u000bb\u0000c\ud800d\ufffe');") == "a b c d "
    assert page.call("gpp.cleanText", "æøå 😀") == "æøå 😀"

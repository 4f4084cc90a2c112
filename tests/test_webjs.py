"""The browser code's logic, run in V8 without a browser (tests/webjs.py), on the shipped data:
share links (ids, and the name and values in #v=), the stored selection and the saved copies
("Mine udbud", their file), and placeholders filled into tender text (the search query is tested
in tests/test_search.py, the documents in tests/test_documents.py, the same way)."""

import base64
import json
import zlib

import pytest
from webjs import Page

from conftest import ROOT
from opslag import exports
from opslag.exports import builder_data
from opslag.project import Project
from opslag.render.templates import Renderer


@pytest.fixture(scope="module")
def page():
    return Page("selection.js", "tender.js", "share.js", "search.js")


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


def test_a_tender_with_a_name_and_no_criteria_yet_is_not_empty():
    """A shared link asks before it takes the place of a tender the procurer has named (builder.js
    asks only when isEmpty() is false), and a named tender is saved as a copy like any other."""
    page = Page("selection.js")
    blank = {"items": [], "name": "", "values": {}}
    named = {"items": [], "name": "Skoler 2027", "values": {}}
    assert page.call("function (t) { return gpp.selection.isEmpty(t); }", blank) is True
    assert page.call("function (t) { return gpp.selection.isEmpty(t); }", named) is False


# -- the name and values in the link: #v= (web/js/share.js) ------------------------------------
# V8 has no CompressionStream: a stand-in codec that stores the bytes as they are (and keeps the
# inflating limit as the browser's does); real deflate is measured with zlib below and run by
# Chromium in tests/test_udbud.py.
STORED = """gpp.share.codec = {
  deflate: function (b) { return Promise.resolve(b); },
  inflate: function (b, limit) {
    if (b.length > limit) { var e = new Error("large"); e.share = "large"; return Promise.reject(e); }
    return Promise.resolve(b);
  }
};"""


@pytest.fixture(scope="module")
def share():
    page = Page("selection.js", "tender.js", "share.js")
    page.ctx.eval(STORED)
    return page


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def deflated(data: bytes) -> bytes:
    """Raw deflate at zlib's default level, as the browser's CompressionStream("deflate-raw") writes it."""
    z = zlib.compressobj(6, zlib.DEFLATED, -15)
    return z.compress(data) + z.flush()


ITEMS = [{"id": "IT-01", "version": None}, {"id": "RENS-02", "version": 3}]


def decode(share, text, items=ITEMS):
    return share.wait("gpp.share.decode", text, items)


@pytest.mark.parametrize("n", range(0, 12))
def test_base64url_is_the_standard_one_without_padding(share, n):
    data = bytes((i * 73 + n * 19) % 256 for i in range(n))
    assert share.call("function (a) { return gpp.share.toBase64url(new Uint8Array(a)); }", list(data)) == b64(data)
    assert share.call("function (t) { return Array.from(gpp.share.fromBase64url(t)); }", b64(data)) == list(data)


@pytest.mark.parametrize("text", ["a", "ab=c", "ab+c", "ab/c", "AB", "abcde", "ab c", "ab%41"])
def test_base64url_that_is_not_exactly_that_is_refused(share, text):
    assert share.call("function (t) { return gpp.share.fromBase64url(t); }", text) is None


def test_a_link_carries_the_name_and_values_back_cleaned_and_trimmed(share):
    tender = {
        "items": ITEMS,
        "name": "  Skolemad og rengøring 2027 😀 ",
        "values": {
            "IT-01.requirement.0": " 5 ",
            "RENS-02.verification.1": "Svanemærket, æøå",
            "RENS-02.follow_up.0": "",  # empty: dropped
            "FOED-03.requirement.0": "not in the link's criteria",  # dropped
        },
    }
    out = share.wait("gpp.share.encode", tender)
    assert set(out) == {"value"} and out["value"]
    back = decode(share, out["value"])
    assert back == {
        "name": "Skolemad og rengøring 2027 😀",
        "values": {"IT-01.requirement.0": "5", "RENS-02.verification.1": "Svanemærket, æøå"},
    }
    # what the link holds is the JSON {name, values} in UTF-8, the values by criterion and field
    raw = base64.urlsafe_b64decode(out["value"] + "=" * (-len(out["value"]) % 4))
    assert json.loads(raw.decode("utf-8")) == {
        "name": back["name"],
        "values": {"IT-01": {"r": {"0": "5"}}, "RENS-02": {"v": {"1": "Svanemærket, æøå"}}},
    }


def test_no_name_and_no_values_make_no_fragment(share):
    assert share.wait("gpp.share.encode", {"items": ITEMS, "name": " ", "values": {"IT-01.requirement.0": " "}}) == {
        "value": ""
    }


def test_values_from_a_link_are_cleaned_like_typed_values(share):
    # a lone surrogate and controls Word cannot hold, written as JSON escapes
    raw = json.dumps({"name": "Udbud\u000b2027\u0001", "values": {"IT-01": {"r": {"0": "12\ud800m\u001b"}}}})
    assert decode(share, b64(raw.encode("ascii"))) == {
        "name": "Udbud 2027",
        "values": {"IT-01.requirement.0": "12 m"},
    }


def _link(obj) -> str:
    return b64(json.dumps(obj, ensure_ascii=False).encode("utf-8"))


@pytest.mark.parametrize(
    "text, error",
    [
        ("%%%", "broken"),  # not base64url
        ("", "broken"),
        ("a", "broken"),
        (b64(b"\xff\xfe{}"), "broken"),  # not UTF-8
        (b64(b'{"name": "x", "values": {}'), "broken"),  # not JSON (cut short)
        (_link([]), "broken"),
        (_link(None), "broken"),
        (_link({"name": 1, "values": {}}), "broken"),
        (_link({"name": "x", "values": []}), "broken"),
        (_link({"name": "x", "values": {"IT-01": {"r": {"0": 5}}}}), "broken"),
        (_link({"name": "x", "values": {"IT-01": {"r": {"0": None}}}}), "broken"),
        (_link({"name": "x", "values": {"IT-01": {"r": ["5"]}}}), "broken"),
        (_link({"name": "x", "values": {"IT-01": "5"}}), "broken"),
        (_link({"name": "x", "values": {}, "script": "alert(1)"}), "broken"),  # an unknown key
        (_link({"name": "x"}), "broken"),  # a missing key
        (_link({"name": "x", "values": {"__proto__": {"r": {"0": "x"}}}}), "broken"),
        (_link({"name": "x", "values": {"IT-01": {"price": {"0": "5"}}}}), "broken"),
        (_link({"name": "x", "values": {"IT-01": {"r": {"01": "5"}}}}), "broken"),
        (_link({"name": "x", "values": {"IT-01": {"r": {"1000": "5"}}}}), "broken"),
        (_link({"name": "x", "values": {"<b>": {"r": {"0": "5"}}}}), "broken"),
        (_link({"name": "x", "values": {"IT-01.requirement.0": "5"}}), "broken"),  # the stored form is not the link's
        (_link({"name": "x" * 301, "values": {}}), "large"),
        (_link({"name": "x", "values": {"IT-01": {"r": {"0": "9" * 2001}}}}), "large"),
        (
            _link({"name": "x", "values": {f"IT-{i:02}": {"r": {str(n): "1" for n in range(100)}} for i in range(31)}}),
            "large",
        ),
        ("A" * 64001, "large"),  # more than a link may be
    ],
)
def test_a_tampered_link_is_refused_whole(share, text, error):
    assert decode(share, text) == {"error": error}


def test_a_link_that_inflates_past_the_limit_is_refused(share):
    limit = share.eval("return gpp.share.LIMITS.inflated;")
    big = json.dumps({"name": "x", "values": {"IT-01": {"r": {"0": " " * limit}}}}).encode()
    assert decode(share, b64(big)) == {"error": "large"}


def test_what_the_page_writes_it_can_read_and_what_it_cannot_read_it_does_not_write(share):
    too_long = {"items": ITEMS, "name": "x", "values": {"IT-01.requirement.0": "9" * 2001}}
    assert share.wait("gpp.share.encode", too_long) == {"error": "large"}
    longest = {"items": ITEMS, "name": "n" * 200, "values": {"IT-01.requirement.0": "9" * 1000}}
    out = share.wait("gpp.share.encode", longest)
    assert decode(share, out["value"])["values"] == {"IT-01.requirement.0": "9" * 1000}


def test_without_compression_in_the_browser_the_link_says_so_and_carries_only_the_ids():
    page = Page("selection.js", "tender.js", "share.js")  # V8: no CompressionStream, so no codec
    assert page.eval("return gpp.share.codec;") is None
    assert page.wait("gpp.share.encode", {"items": ITEMS, "name": "x", "values": {}}) == {"error": "unsupported"}
    assert page.wait("gpp.share.encode", {"items": ITEMS, "name": "", "values": {}}) == {"value": ""}
    assert page.wait("gpp.share.decode", _link({"name": "x", "values": {}}), ITEMS) == {"error": "unsupported"}


MAIL_LIMIT = 2000  # characters; README (Mit udbud) says why
ADDRESS = "https://groenne-krav.example-kommune.dk/det-groenne-opslagsvaerk/en/udbud/"  # 74 characters


def thirty_filled(data, verbose=False):
    """The 30 current criteria with the most placeholders, every placeholder filled: a choice
    with its first option, a number with its suggestion or 25, free text with a typed phrase
    (verbose: 'Værdi for <label>', longer than most)."""
    per = {}
    for cid, field, n, seg in placeholders_of(data):
        if not data["criteria"][cid]["retired"]:
            per.setdefault(cid, []).append((f"{cid}.{field}.{n}", seg))
    ids = sorted(per, key=lambda c: (-len(per[c]), c))[:30]
    values = {}
    for cid in ids:
        for key, seg in per[cid]:
            if seg["options"]:
                values[key] = seg["options"][0]
            elif verbose:
                values[key] = "Værdi for " + seg["label"]
            elif seg["unit"]:
                values[key] = seg["default"] or "25"
            else:
                values[key] = seg["default"] or "Jf. bilag 3, afsnit 2"
    items = [{"id": c, "version": data["criteria"][c]["version"]} for c in ids]
    return {"items": items, "name": "Skolemad og rengøring, Københavns Kommune 2027", "values": values}


@pytest.mark.parametrize("verbose", [False, True], ids=["typical", "verbose"])
def test_a_link_for_30_filled_criteria_stays_short_enough_for_mail(share, udbud_data, verbose):
    tender = thirty_filled(udbud_data, verbose)
    assert len(tender["values"]) >= 90  # the shipped criteria: about 100 placeholders in the 30
    k = share.call("gpp.selection.format", tender["items"])
    packed = bytes(share.call("function (t) { return Array.from(gpp.share.pack(t)); }", tender))
    link = f"{ADDRESS}?k={k}#v={b64(deflated(packed))}"
    print(
        f"\n30 criteria, {len(tender['values'])} values ({'verbose' if verbose else 'typical'}): "
        f"JSON {len(packed)} bytes, link {len(link)} characters (#v= {len(b64(deflated(packed)))})"
    )
    assert len(link) <= MAIL_LIMIT, len(link)
    # and it reads back (the stand-in codec: the same JSON)
    stored = share.wait("gpp.share.encode", tender)["value"]
    assert decode(share, stored, tender["items"]) == {"name": tender["name"], "values": tender["values"]}


# -- "Mine udbud": saved copies in the browser and their file ----------------------------------
def fresh():
    return Page("selection.js", "tender.js", "share.js")


A = {"items": [{"id": "IT-01", "version": None}], "name": "Skoler", "values": {"IT-01.requirement.0": "5"}}
B = {"items": [{"id": "RENS-02", "version": 1}], "name": "Rengøring", "values": {}}


def test_saved_copies_open_swap_and_delete():
    page = fresh()
    page.call("gpp.selection.replace", A)
    assert page.call("gpp.selection.saveCopy", B) == "saved"
    assert page.call("gpp.selection.saveCopy", B) == "same"  # an equal copy is not saved twice
    assert page.call("gpp.selection.saveCopy", {"items": [], "name": " ", "values": {}}) == "empty"
    [copy] = page.eval("return gpp.selection.saved();")
    assert copy["name"] == "Rengøring" and copy["id"] and copy["saved"]
    # opening a copy: it becomes the current one, the current one is saved as a copy
    assert page.call("gpp.selection.openSaved", copy["id"]) is True
    assert page.eval("return gpp.selection.snapshot();") == B
    assert [c["name"] for c in page.eval("return gpp.selection.saved();")] == ["Skoler"]
    # stored under their keys: the current one where it always was
    assert json.loads(page.eval("return localStorage.getItem('gpp.selection.v1');")) == B
    assert len(json.loads(page.eval("return localStorage.getItem('gpp.tenders.v1');"))) == 1
    other = page.eval("return gpp.selection.saved()[0].id;")
    assert page.call("gpp.selection.removeSaved", other) is True
    assert page.eval("return gpp.selection.saved();") == []
    # a new tender: the current one is kept as a copy
    assert page.eval("return gpp.selection.startNew();") is True
    assert page.eval("return gpp.selection.snapshot();") == {"items": [], "name": "", "values": {}}
    assert [c["name"] for c in page.eval("return gpp.selection.saved();")] == ["Rengøring"]


def test_same_means_the_same_criteria_name_and_filled_values():
    page = fresh()
    same = "gpp.selection.same"
    assert page.call(same, A, {**A, "items": list(reversed(A["items"])), "name": " Skoler "})
    assert page.call(same, A, {**A, "values": {**A["values"], "IT-01.verification.0": " "}})  # empty = unfilled
    assert not page.call(same, A, {**A, "name": "Andet"})
    assert not page.call(same, A, {**A, "values": {"IT-01.requirement.0": "6"}})
    assert not page.call(same, A, {**A, "items": [{"id": "IT-01", "version": 2}]})
    assert page.call("gpp.selection.sameItems", A, {**A, "values": {}})


def test_a_saved_list_that_cannot_be_read_is_set_aside_not_lost():
    page = fresh()
    page.call("function (v) { localStorage.setItem('gpp.tenders.v1', v); }", '[{"items": 1}]')
    assert page.eval("return gpp.selection.saved();") == []
    assert page.eval("return gpp.savedWasReset === true;")
    assert page.eval("return localStorage.getItem('gpp.tenders.v1.unreadable');") == '[{"items": 1}]'


def test_storage_that_refuses_leaves_everything_as_it_was():
    page = fresh()
    page.call("gpp.selection.replace", A)
    page.ctx.eval("localStorage.setItem = function () { throw new Error('QuotaExceededError'); };")
    assert page.call("gpp.selection.saveCopy", B) == "failed"
    assert page.call("gpp.selection.saveCopies", [B]) is None
    assert page.eval("return gpp.selection.saved();") == []


def test_the_file_holds_every_tender_and_reads_back(share):
    file = share.call("gpp.share.fileOf", [A, B], "2027-01-02T03:04:05.000Z")
    assert file["format"] == "det-groenne-opslagsvaerk/mine-udbud" and file["version"] == 1
    assert share.call("gpp.share.readFile", json.dumps(file)) == {"tenders": [A, B]}


def _file(**change):
    file = {"format": "det-groenne-opslagsvaerk/mine-udbud", "version": 1, "exported": "x", "tenders": [A, B]}
    file.update(change)
    return json.dumps(file)


@pytest.mark.parametrize(
    "text, error",
    [
        ("{not json", "broken"),
        ("[]", "broken"),
        (_file(format="something-else"), "broken"),
        (_file(version=2), "broken"),
        (_file(extra=1), "broken"),
        (_file(tenders={}), "broken"),
        (_file(tenders=[{**A, "script": 1}]), "broken"),
        (_file(tenders=[{"name": "x", "values": {}}]), "broken"),
        (_file(tenders=[{**A, "items": [{"id": "<b>", "version": None}]}]), "broken"),
        (_file(tenders=[{**A, "items": [{"id": "IT-01", "version": "1"}]}]), "broken"),
        (_file(tenders=[{**A, "items": [{"id": "IT-01", "version": 0}]}]), "broken"),
        (_file(tenders=[{**A, "items": A["items"] * 2}]), "broken"),  # an id twice
        (_file(tenders=[{**A, "values": {"IT-01.requirement.0": 5}}]), "broken"),
        (_file(tenders=[A] * 201), "large"),
        (_file(tenders=[{**A, "name": "x" * 301}]), "large"),
        (" " * (2 * 1024 * 1024 + 1), "large"),
    ],
)
def test_a_bad_or_tampered_file_is_refused_whole(share, text, error):
    assert share.call("gpp.share.readFile", text) == {"error": error}


# -- placeholders filled into the tender text ------------------------------------------------
@pytest.fixture(scope="module", params=["da", "en"])
def udbud_data(request, corpus):
    ctx = exports.Context(
        corpus, Renderer(corpus, request.param, Project(ROOT)), 0, "https://example.org/", ROOT / "web"
    )
    return json.loads(json.dumps(builder_data.data(ctx)))  # the data whole, as loadData assembles it


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


# -- what a field takes: checked where it is typed ----------------------------------------------
@pytest.mark.parametrize(
    "kind, value, problem",
    [
        ("number", "3", ""),
        ("number", "2,5", ""),
        ("number", " 1.000 ", ""),
        ("number", "abc", "sel_field_number"),
        ("number", "3 år", "sel_field_number"),
        ("percent", "60", ""),
        ("percent", "100", ""),
        ("percent", "0,5", ""),
        ("percent", "101", "sel_field_percent"),
        ("percent", "-1", "sel_field_percent"),
        ("percent", "abc", "sel_field_percent"),
        ("text", "abc 3", ""),
        ("number", "", ""),
    ],
)
def test_a_typed_value_is_checked_against_its_placeholders_kind(page, kind, value, problem):
    ph = {"label": "x", "unit": "", "default": "", "options": [], "kind": kind}
    assert page.call("gpp.tender.checkValue", ph, value) == problem


def test_a_choice_takes_only_its_options(page):
    ph = {"label": "niveau", "unit": "", "default": "", "options": ["Sølv", "Guld"], "kind": "choice"}
    assert page.call("gpp.tender.checkValue", ph, "Guld") == ""
    assert page.call("gpp.tender.checkValue", ph, "Platin") == "sel_field_choice"


def test_every_placeholder_in_the_data_has_a_kind_the_page_knows(udbud_data):
    kinds = {seg["kind"] for _, _, _, seg in placeholders_of(udbud_data)}
    assert kinds <= {"choice", "percent", "number", "text"} and {"percent", "number", "choice"} <= kinds
    assert all(seg["kind"] == "percent" for _, _, _, seg in placeholders_of(udbud_data) if seg["unit"] == "%")


def test_a_version_that_never_existed_and_a_prototype_name_are_unknown(page, udbud_data):
    """IT-01:999 is named as unknown, not shown as the current version (the address would keep
    claiming :999); 'toString' is no criterion, whatever the data object inherits."""
    cid, c = next(iter(sorted(udbud_data["criteria"].items())))
    items = [
        {"id": cid, "version": c["version"] + 1},
        {"id": "toString", "version": None},
        {"id": cid, "version": c["version"]},
    ]
    got = page.call("function (data, items) { return gpp.tender.resolve(data, items); }", udbud_data, items)
    assert [u["id"] for u in got["unknown"]] == [cid, "toString"]
    assert [e["item"]["version"] for e in got["entries"]] == [c["version"]]
    if c["version"] > 1:  # an earlier version is real: shown with its notice
        older = page.call(
            "function (data, items) { return gpp.tender.resolve(data, items); }",
            udbud_data,
            [{"id": cid, "version": c["version"] - 1}],
        )
        assert older["entries"][0]["outdated"] is True


# -- Mit udbud's data in parts (#20): the head, then the categories the selection needs ------------
# A fetch for V8 that answers from the exporter's files and notes every address asked for; an
# address in FAIL answers 500 (a part that cannot be loaded).
FETCH = """
var FETCHED = [], FAIL = [];
globalThis.fetch = function (url) {
  FETCHED.push(url);
  var ok = Object.hasOwn(FILES, url) && FAIL.indexOf(url) < 0;
  return Promise.resolve({ ok: ok, status: ok ? 200 : Object.hasOwn(FILES, url) ? 500 : 404,
                           json: function () { return Promise.resolve(JSON.parse(FILES[url])); } });
};
"""


@pytest.fixture(scope="module")
def udbud_files(corpus):
    ctx = exports.Context(corpus, Renderer(corpus, "da", Project(ROOT)), 0, "https://example.org/", ROOT / "web")
    return dict(builder_data.files(ctx)), json.loads(json.dumps(builder_data.data(ctx)))


def parted(files):
    """A fresh page (tender.js's cache is per page) whose fetch serves the files under /."""
    out = Page("selection.js", "tender.js")
    out.ctx.eval(f"var FILES = {json.dumps({'/' + k: v for k, v in files.items()}, ensure_ascii=False)};" + FETCH)
    return out


def test_the_head_and_the_parts_are_the_data_whole(udbud_files):
    files, whole = udbud_files
    head = json.loads(files[builder_data.PATH])
    assert "criteria" not in head and set(head["parts"]) == set(whole["categories"])
    parts = {k: json.loads(v) for k, v in files.items() if k.startswith("downloads/udbud/")}
    assert len(parts) == len(head["parts"])
    for cat, cites in head["parts"].items():  # the map names each part's criteria, at their versions
        own = parts[f"downloads/udbud/{cat}.json"]["criteria"]
        assert cites.split(",") == [f"{i}:{c['version']}" for i, c in own.items()]
    page = parted(files)
    ids = list(whole["criteria"])
    got = page.wait("function (ids) { return gpp.tender.loadData('/downloads/udbud.json', ids); }", ids)
    del got["index"]
    assert got == whole  # loadData with every id puts back exactly what builder_data.data holds


def test_a_selection_loads_the_head_and_only_its_categories(udbud_files):
    files, whole = udbud_files
    by_cat = {}
    for cid, c in whole["criteria"].items():
        by_cat.setdefault(c["category"], []).append(cid)
    (a, a_ids), (b, b_ids) = sorted(by_cat.items())[:2]
    page = parted(files)
    items = [{"id": a_ids[0], "version": None}, {"id": b_ids[-1], "version": None}, {"id": a_ids[-1], "version": None}]
    data = page.wait("function (items) { return gpp.tender.loadData('/downloads/udbud.json', items); }", items)
    assert page.eval("return FETCHED") == [
        "/downloads/udbud.json",
        f"/downloads/udbud/{a}.json",
        f"/downloads/udbud/{b}.json",
    ]
    assert set(data["criteria"]) == set(a_ids) | set(b_ids)
    # asked again, with one of them: nothing more is fetched
    page.wait("function (ids) { return gpp.tender.loadData('/downloads/udbud.json', ids); }", [a_ids[0]])
    assert len(page.eval("return FETCHED")) == 3


def test_unknown_ids_are_named_from_the_head_alone_and_a_known_one_is_pending_not_unknown(udbud_files):
    files, whole = udbud_files
    cid, c = next(iter(sorted(whole["criteria"].items())))
    page = parted(files)
    got = page.wait(
        "function (items) { return gpp.tender.loadData('/downloads/udbud.json', []).then(function (data) {"
        " return gpp.tender.resolve(data, items); }); }",
        [
            {"id": cid, "version": c["version"] + 1},  # a version that never existed
            {"id": "toString", "version": None},
            {"id": "NOPE-99", "version": None},
            {"id": cid, "version": c["version"]},
        ],
    )
    assert page.eval("return FETCHED") == ["/downloads/udbud.json"]  # no part needed to say so
    assert [u["id"] for u in got["unknown"]] == [cid, "toString", "NOPE-99"]
    assert [p["id"] for p in got["pending"]] == [cid] and got["entries"] == []


def test_a_part_that_fails_to_load_is_an_error_and_is_tried_again(udbud_files):
    files, whole = udbud_files
    cid, c = next(iter(sorted(whole["criteria"].items())))
    other = next(i for i, o in sorted(whole["criteria"].items()) if o["category"] != c["category"])
    page = parted(files)
    part = f"/downloads/udbud/{c['category']}.json"
    page.ctx.eval(f"FAIL.push({json.dumps(part)})")
    with pytest.raises(ValueError, match="500"):
        page.wait("function (ids) { return gpp.tender.loadData('/downloads/udbud.json', ids); }", [cid, other])
    # the part that did load is kept (the page shows it, and names the rest)
    assert page.eval("return FETCHED.length") == 3
    kept = page.wait("function () { return gpp.tender.loadData('/downloads/udbud.json', []); }")
    assert other in kept["criteria"] and cid not in kept["criteria"]
    page.ctx.eval("FAIL.length = 0")
    data = page.wait("function (ids) { return gpp.tender.loadData('/downloads/udbud.json', ids); }", [cid])
    assert cid in data["criteria"] and page.eval("return FETCHED").count(part) == 2


def test_the_model_names_a_criterion_not_loaded_as_pending(udbud_files):
    """The model counts what it shows; a criterion whose part is not loaded is in `resolved.pending`,
    which the page's exports refuse (builder.js exportNow; the browser test of a failing part)."""
    files, whole = udbud_files
    cid = next(iter(sorted(whole["criteria"])))
    page = parted(files)
    got = page.wait(
        "function (ids) { return gpp.tender.loadData('/downloads/udbud.json', []).then(function (data) {"
        " var m = gpp.tender.model(data, [{id: ids[0], version: null}], '', {});"
        " return [m.count, m.resolved.pending.length]; }); }",
        [cid],
    )
    assert got == [0, 1]


def test_a_part_that_lacks_a_criterion_its_head_names_is_an_error_not_a_loop(udbud_files):
    """A head and a part from two builds (one of them cached): the criterion stays pending and the
    load says so, rather than loading the same part again and again."""
    files, whole = udbud_files
    cid, c = next(iter(sorted(whole["criteria"].items())))
    part = f"downloads/udbud/{c['category']}.json"
    stale = json.loads(files[part])
    del stale["criteria"][cid]
    page = parted({**files, part: json.dumps(stale)})
    with pytest.raises(ValueError, match=c["category"]):
        page.wait("function (ids) { return gpp.tender.loadData('/downloads/udbud.json', ids); }", [cid])

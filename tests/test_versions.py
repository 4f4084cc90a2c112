"""Earlier versions (issue 22, items 3 and 5): their texts kept in the history, the one word diff
(web/js/diff.js, run in V8 here and by the build), a pinned old version in Mit udbud's model and
exports, the compare page's plan of columns and rows, and the static page of an earlier version.
Fast: no site is built (the built pages and the browser are in test_versions_site.py)."""

import json
import re

import pytest
from webjs import Page

from conftest import ROOT
from opslag import exports, urls
from opslag.exports import builder_data
from opslag.project import Project
from opslag.render.templates import Renderer
from opslag.site import versions
from opslag.site.pages import PageWriter


@pytest.fixture(scope="module")
def js():
    return Page("selection.js", "tender.js", "diff.js", "compare.js", "export-txt.js")


@pytest.fixture(scope="module", params=["da", "en"])
def data(request, corpus):
    ctx = exports.Context(
        corpus, Renderer(corpus, request.param, Project(ROOT)), 0, "https://example.org/", ROOT / "web"
    )
    return json.loads(json.dumps(builder_data.data(ctx)))  # the data whole, as loadData assembles it


# -- the shipped data ----------------------------------------------------------------------------
def test_every_earlier_version_of_the_shipped_criteria_keeps_its_texts(corpus):
    revised = [c for c in corpus.criteria.values() if c.version > 1]
    assert len(revised) > 200
    for c in revised:
        assert [v.version for v in c.earlier] == list(range(1, c.version)), c.id
        for v in c.earlier:
            assert v.requirement.da and v.verification.da, c.id
    assert sum(len(c.earlier) for c in corpus.criteria.values()) == 301


def test_an_earlier_text_is_the_text_that_version_had(corpus):
    """IT-03:1 priced CO2 with an old-style blank, which version 2 made a typed placeholder: the
    text recovered from the history says so, in both languages."""
    c = corpus.criteria["IT-03"]
    [v1] = c.earlier
    assert "CO2-pris på [beløb] kr. pr. ton" in v1.requirement.da
    assert "[[" not in v1.requirement.da and "[[CO2-pris" in c.requirement.da
    assert v1.requirement.en and v1.requirement.en != c.requirement.en
    assert v1.date == c.history[0][1]


# -- the word diff (web/js/diff.js) ----------------------------------------------------------------
def test_the_diff_marks_deleted_and_inserted_words(js):
    ops = js.call("gpp.diff.words", "Mindst 3 år garanti.", "Mindst 5 års garanti på dele.")
    assert ops == [["=", "Mindst "], ["-", "3 år"], ["+", "5 års"], ["=", " garanti"], ["+", " på dele"], ["=", "."]]
    assert "".join(t for op, t in ops if op != "+") == "Mindst 3 år garanti."
    assert "".join(t for op, t in ops if op != "-") == "Mindst 5 års garanti på dele."


@pytest.mark.parametrize(
    "before, after",
    [
        ("", "Ny tekst."),
        ("Gammel tekst.", ""),
        ("Uændret, også § 46 og æøå.", "Uændret, også § 46 og æøå."),
        ("a b c d e f", "f e d c b a"),
        ("<script>alert(1)</script>", "<b>x</b>"),
        ("Første afsnit.\n\n- punkt ét\n- punkt to", "Første afsnit.\n\n- punkt ét\n- punkt tre\n\nNyt afsnit."),
    ],
)
def test_the_diff_gives_back_both_texts_exactly(js, before, after):
    ops = js.call("gpp.diff.words", before, after)
    assert "".join(t for op, t in ops if op != "+") == before
    assert "".join(t for op, t in ops if op != "-") == after
    assert all(op in ("=", "-", "+") for op, _ in ops)


def test_a_huge_text_is_shown_whole_not_hung_on(js):
    limit = js.eval("return gpp.diff.LIMIT;")
    n = int(limit**0.5) + 10
    before, after = " ".join(f"a{i}" for i in range(n)), " ".join(f"b{i}" for i in range(n))
    ops = js.call("gpp.diff.words", before, after)
    assert [op for op, _ in ops] == ["-", "+"]


def test_paragraphs_split_where_the_text_breaks(js):
    ops = js.call("gpp.diff.words", "Et.\n\nTo.", "Et.\n\nTo og tre.\n\n- fire")
    paras = js.call("gpp.diff.paragraphs", ops)
    assert len(paras) == 3 and paras[0] == [["=", "Et."]]
    assert ["+", " og tre"] in paras[1] and paras[2] == [["+", "- fire"]]


# -- Mit udbud: a pinned earlier version ---------------------------------------------------------------
def _export_text(js, data, items):
    return js.call(
        "function (data, items) { return gpp.tender.exporters.txt.build(gpp.tender.model(data, items, 'T', {}, false, '')); }",
        data,
        items,
    )


def _req_text(js, c, field="requirement"):
    return js.call("gpp.diff.fieldText", c[field])


def test_a_pinned_earlier_version_is_shown_and_exported_with_its_own_text(js, data):
    current = data["criteria"]["IT-03"]
    got = js.call(
        "function (data, items) { return gpp.tender.resolve(data, items); }", data, [{"id": "IT-03", "version": 1}]
    )
    [entry] = got["entries"]
    old = entry["c"]
    assert entry["outdated"] is True and old["cite"] == "IT-03:1" and old["current"]["cite"] == "IT-03:2"
    assert old["url"] == "kriterier/it-03/1/"
    old_text, new_text = _req_text(js, old), _req_text(js, current)
    assert old_text != new_text and ("[beløb]" in old_text or "[amount]" in old_text)

    text = _export_text(js, data, [{"id": "IT-03", "version": 1}])
    s = data["strings"]
    assert f"IT-03:1 ({s['sel_doc_old_version']} IT-03:2)" in text  # it says it is not the current one
    first_line = old_text.split("\n")[0]
    assert first_line in text and new_text.split("\n")[0] not in text
    # the current version exports the current text, with no such note
    now = _export_text(js, data, [{"id": "IT-03", "version": None}])
    assert new_text.split("\n")[0] in now and s["sel_doc_old_version"] not in now


def test_a_text_the_old_version_shares_with_the_current_one_is_not_repeated_in_the_data(data):
    earlier = [(cid, v, e) for cid, c in data["criteria"].items() for v, e in c.get("earlier", {}).items()]
    assert len(earlier) == 301
    assert any("verification" not in e for _, _, e in earlier)  # left out: reads as it does now
    assert all("requirement" in e or "verification" in e or "follow_up" in e for _, _, e in earlier)


def test_a_version_without_texts_in_the_data_falls_back_to_the_current_text_and_says_so(js, data):
    c = json.loads(json.dumps(data["criteria"]["IT-03"]))
    c.pop("earlier")
    one = {**data, "criteria": {"IT-03": c}}
    got = js.call(
        "function (data, items) { return gpp.tender.resolve(data, items); }", one, [{"id": "IT-03", "version": 1}]
    )
    [entry] = got["entries"]
    assert entry["outdated"] is True and entry["c"]["cite"] == "IT-03:2" and "current" not in entry["c"]


# -- the compare page's plan (web/js/compare.js) -----------------------------------------------------
def _plan(js, data, query):
    return js.call("gpp.compare.plan", data, query)


def test_compare_aligns_the_fields_of_an_earlier_and_the_current_version(js, data):
    p = _plan(js, data, "IT-03:1,IT-03")
    assert [col["c"]["cite"] for col in p["columns"]] == ["IT-03:1", "IT-03:2"]
    assert [row["field"] for row in p["rows"]] == ["requirement", "verification", "follow_up"][: len(p["rows"])]
    req = p["rows"][0]
    assert req["label"] == data["strings"]["requirement"]
    assert req["cells"][0]["diff"] is False and req["cells"][1]["diff"] is True
    ops = [op for para in req["cells"][1]["paragraphs"] for op, _ in para]
    assert "-" in ops and "+" in ops
    assert p["unknown"] == [] and p["dropped"] == []


def test_compare_takes_at_most_three_and_names_what_it_cannot_show(js, data):
    ids = sorted(data["criteria"])[:10]
    p = _plan(js, data, ",".join(ids))
    assert [col["c"]["id"] for col in p["columns"]] == ids[:3] and p["dropped"] == ids[3:]
    p = _plan(js, data, "<script>alert(1)</script>,IT-99,IT-01:999,toString,IT-03:1")
    assert [col["c"]["cite"] for col in p["columns"]] == ["IT-03:1"]
    assert "IT-99" in p["unknown"] and "IT-01:999" in p["unknown"] and "TOSTRING" in p["unknown"]
    assert any("script" in u for u in p["unknown"])
    for query in ["", ",,,", "x" * 100000, None]:
        p = _plan(js, data, query)
        assert p["columns"] == [] and p["rows"] == []


def test_compare_shows_a_criterion_and_two_others_side_by_side(js, data):
    p = _plan(js, data, "IT-03,IT-03:1,IT-01")
    assert [col["c"]["cite"] for col in p["columns"]] == [
        "IT-03:2",
        "IT-03:1",
        "IT-01:" + str(data["criteria"]["IT-01"]["version"]),
    ]
    assert all(len(row["cells"]) == 3 for row in p["rows"])


def test_a_categorys_diffs_in_one_call_are_each_versions_own(corpus):
    """The version pages get their diffs a category at a time (#21): each page must get its own."""
    differ = versions.Differ(ROOT / "web", "da")
    earlier = [(old, c) for cat in corpus.categories for c in cat.criteria for old in c.earlier]
    assert len(earlier) >= 3
    together = differ.each(earlier)
    assert together == [differ.fields(old, c) for old, c in earlier]
    assert len({json.dumps(d, sort_keys=True) for d in together}) > 1  # not one diff given to all


# -- the static page of an earlier version ---------------------------------------------------------------
@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_page_of_an_earlier_version_shows_its_text_and_the_words_that_changed(corpus, lang):
    writer = PageWriter(corpus, lang, Project(ROOT))
    c = corpus.criteria["IT-03"]
    [old] = c.earlier
    differ = versions.Differ(ROOT / "web", lang)
    diff = differ.fields(old, c)
    path, md, _ = writer._page(
        versions.page_path(c, 1),
        "page_version.md.j2",
        c=c,
        old=old,
        old_cite="IT-03:1",
        fields=("requirement", "verification", "follow_up"),
        diff=diff,
    )
    assert path == "kriterier/it-03/1.md" and urls.version(c, 1) == "kriterier/it-03/1/"
    s = writer.r.strings
    assert md.startswith("# IT-03:1 ")
    assert s["ver_notice"] in md and 'href="../../../kategorier/it-udstyr/#it-03">IT-03:2</a>' in md
    assert 'href="../../../sammenlign/?k=IT-03:1,IT-03"' in md
    assert diff["requirement"]["changed"] is True
    assert re.search(r"<del><span class=\"gpp-sr-only\">\[" + re.escape(s["diff_deleted"]), md)
    assert re.search(r"<ins><span class=\"gpp-sr-only\">\[" + re.escape(s["diff_inserted"]), md)
    shown = writer.r.block(old.requirement)
    assert str(shown) in md  # the old text itself, as the card shows a text


def test_the_diff_on_a_page_is_escaped(corpus):
    writer = PageWriter(corpus, "da", Project(ROOT))
    d = {"changed": True, "paragraphs": [[["=", "<script>x</script>"], ["+", "<img src=x onerror=alert(1)>"]]]}
    html = writer.r.render("diff.html.j2", d=d)
    assert "<script>" not in html and "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_pinned_earlier_version_goes_into_the_word_file_with_its_own_text(js, data):
    import io

    import docx

    from opslag.webengine import SCRIPTS, Engine

    engine = Engine(ROOT / "web", data, 0, scripts=SCRIPTS)
    model = "gpp.tender.model(DATA, [{id: 'IT-03', version: 1}], 'T', {}, false, '')"
    packed = engine.wait(
        f"function () {{ return docx.Packer.pack(gpp.tender.exporters.docx.build({model}), 'binarystring'); }}"
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(packed.encode("latin-1"))).paragraphs)
    s, c = data["strings"], data["criteria"]["IT-03"]
    assert f"IT-03:1 ({s['sel_doc_old_version']} IT-03:2)" in text
    old = _req_text(js, c["earlier"]["1"]).split("\n")
    new = _req_text(js, c).split("\n")
    assert old[0] in text and old[-1] in text
    assert new[-1] not in text  # the current text's last paragraph (the scoring formula) is not there


def test_the_compliance_sheet_names_an_earlier_version_as_such(js, data):
    cite = js.call(
        "function (data) { var m = gpp.tender.model(data, [{id: 'IT-03', version: 1}], 'T', {}, false, '');"
        " return gpp.tender.citeText(m, m.groups[0].entries[0]); }",
        data,
    )
    assert cite == f"IT-03:1 ({data['strings']['sel_doc_old_version']} IT-03:2)"


def test_open_data_carries_every_earlier_version_with_its_texts(corpus):
    from opslag.exports import opendata

    c = corpus.criteria["IT-03"]
    out = opendata.criterion_dict(c)
    assert list(out["earlier"]) == ["1"]
    one = out["earlier"]["1"]
    assert one["requirement"] == {"da": c.earlier[0].requirement.da, "en": c.earlier[0].requirement.en}
    assert one["url"] == "kriterier/it-03/1/" and one["date"] == c.history[0][1]
    assert opendata.criterion_dict(next(x for x in corpus.criteria.values() if x.version == 1))["earlier"] == {}


def _version_page(corpus, lang: str, epoch: int | None, cite: str) -> str:
    writer = PageWriter(corpus, lang, Project(ROOT), epoch)
    c = corpus.criteria[cite.split(":")[0]]
    wanted = versions.page_path(c, int(cite.split(":")[1]))
    return next(md for path, md, _ in versions.pages(writer, ROOT / "web") if path == wanted)


def test_an_earlier_versions_page_says_until_when_it_is_accepted_and_then_that_it_no_longer_is(corpus):
    """The grace period (vocab/statuses.yaml, opslag/model/lifecycle.py) on the earlier version's own
    page: within it, the last day and the version to use in new tenders; after it, that it ended."""
    from opslag.model import lifecycle

    c = corpus.criteria["IT-03"]
    grace = lifecycle.ended_versions(c, corpus)[1]
    day = 86400
    within = lifecycle.source_date_epoch(corpus, Project(ROOT))  # the data's own date
    after = within + 2 * 366 * day
    assert lifecycle.today_of(within) <= grace.until < lifecycle.today_of(after)
    s = Renderer(corpus, "da", Project(ROOT)).strings
    open_notice = _version_page(corpus, "da", within, "IT-03:1")
    assert f"{s['grace_accepted_until']} <time>{grace.until}</time>" in open_notice
    assert f"{s['grace_use']} <strong>{c.cite}</strong> {s['grace_in_new']}" in open_notice
    ended_notice = _version_page(corpus, "da", after, "IT-03:1")
    assert f"{s['grace_ended']} <time>{grace.until}</time>" in ended_notice
    assert s["grace_accepted_until"] not in ended_notice

"""`build.py diff`: the review of a change against the main branch, in a real git repository."""

import html
import os
import re
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from opslag.editor.review import markdown, review_folder
from opslag.source.diagnostics import CODES
from opslag.source.mdescape import WORD_JOINER

GOOD = (FIXTURES / "good" / "rengoering-eksempel.yaml").read_text(encoding="utf-8")
REQ_DA = "Rengøringsmidlerne skal opfylde kriterierne for Svanemærket eller EU-Blomsten eller et tilsvarende mærke."
V2 = "      - version: 2\n        date: 2026-11-01\n        change: {da: EU-Blomsten tilføjet., en: EU Ecolabel added.}\n"
EKS01_HEAD = "  - id: EKS-01\n    version: 2\n"


def v3(date="2026-11-20"):
    return V2 + f"      - version: 3\n        date: {date}\n        change: {{da: Skærpet., en: Tightened.}}\n"


def git(repo, *args):
    subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_AUTHOR_DATE": "2026-11-01T00:00:00", "GIT_COMMITTER_DATE": "2026-11-01T00:00:00"},
    )


@pytest.fixture
def repo(tmp_path):
    """A repository whose main holds criteria/eksempel.yaml and criteria/andet.yaml; HEAD is a branch."""
    repo = tmp_path / "repo"
    (repo / "criteria").mkdir(parents=True)
    (repo / "criteria" / "eksempel.yaml").write_text(GOOD, encoding="utf-8")
    (repo / "criteria" / "andet.yaml").write_text(GOOD.replace("EKS", "AND"), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    git(repo, "switch", "-q", "-c", "forslag")
    return repo


def edit(repo, *pairs, name="eksempel.yaml"):
    path = repo / "criteria" / name
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


# Each case: edits to the good fixture on the branch -> the one code the review must report.
CASES = {
    "D401-requirement-without-version": [(REQ_DA, REQ_DA + " Også koncentrater.")],
    "D401-english-verification-without-version": [
        ("en: Licence number or equivalent documentation.", "en: Licence number or other documentation.")
    ],
    "D402-version-lowered": [(EKS01_HEAD, "  - id: EKS-01\n    version: 1\n"), (V2, "")],
    "D402-version-skipped": [
        (EKS01_HEAD, "  - id: EKS-01\n    version: 4\n"),
        (V2, v3() + "      - version: 4\n        date: 2026-11-21\n        change: {da: Igen., en: Again.}\n"),
    ],
    "D405-id-reused": [
        ("replaced_by: EKS-01\n    valid_from: 2024-01-01", "replaced_by: EKS-01\n    valid_from: 2026-11-20"),
        ("        date: 2024-01-01\n", "        date: 2026-11-20\n"),
    ],
    "D406-history-date-backwards": [
        (EKS01_HEAD, "  - id: EKS-01\n    version: 3\n"),
        (REQ_DA, REQ_DA + " Skærpet."),
        (V2, v3("2026-10-01")),
    ],
}


# EKS-01:2's texts as the base has them, kept in history when version 3 comes (history[1].text)
V2_TEXT = (
    "        text:\n          requirement:\n            da: |\n              "
    + REQ_DA
    + "\n\n              - Gælder alle produkter på [[produktlistens navn]].\n            en: |\n"
    "              The detergents shall meet the criteria of the Nordic Swan Ecolabel or the EU Ecolabel or an "
    "equivalent label.\n\n              - Applies to all products on [[name of the product list]].\n"
    "          verification:\n            da: Licensnummer eller tilsvarende dokumentation.\n"
    "            en: Licence number or equivalent documentation.\n"
    "          follow_up:\n            da: Stikprøver en gang om året.\n            en: Spot checks once a year.\n"
)
V3_PROPER = [
    (EKS01_HEAD, "  - id: EKS-01\n    version: 3\n"),
    (REQ_DA + "\n", REQ_DA.replace("tilsvarende mærke", "tilsvarende mærke, også for koncentrater") + "\n"),
    (V2, V2 + V2_TEXT + v3()[len(V2) :]),
]
CASES["D407-earlier-text-not-as-it-was"] = [
    *V3_PROPER[:2],  # the text copied after it was changed: version 2 did not say "koncentrater"
    (V2, V2 + V2_TEXT.replace("tilsvarende mærke.", "tilsvarende mærke, også for koncentrater.") + v3()[len(V2) :]),
]
CASES["D407-earlier-text-rewritten"] = [
    ("            da: Licensnummer for mærket eller tilsvarende dokumentation.", "            da: Licensnummer."),
]


def test_a_new_version_that_keeps_the_text_it_replaces_is_clean(repo):
    edit(repo, *V3_PROPER)
    review = review_folder(repo / "criteria")
    assert review.diagnostics == [], [d.format() for d in review.diagnostics]


def _delete_eks02(repo):
    path = repo / "criteria" / "eksempel.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: EKS-02\n")
    end = text.index("  - id: EKS-03\n")
    path.write_text(text[:start] + text[end:].replace("related: [EKS-01]", ""), encoding="utf-8")


CASES["D403-criterion-deleted"] = _delete_eks02
CASES["D404-category-deleted"] = lambda repo: (repo / "criteria" / "andet.yaml").unlink()


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_version_rule_reports_exactly_its_code(repo, case):
    code = case.split("-")[0]
    if callable(CASES[case]):
        CASES[case](repo)
    else:
        edit(repo, *CASES[case])
    review = review_folder(repo / "criteria")
    assert [d.code for d in review.diagnostics] == [code], [d.format() for d in review.diagnostics]
    diag = review.diagnostics[0]
    assert diag.file.startswith("criteria/") and diag.line >= 1


def test_every_diff_code_has_a_case():
    covered = {c.split("-")[0] for c in CASES}
    assert covered == {c for c in CODES if c.startswith("D")}


def test_a_proper_new_version_is_clean_and_shown_word_by_word(repo):
    edit(
        repo,
        (EKS01_HEAD, "  - id: EKS-01\n    version: 3\n"),
        (REQ_DA, REQ_DA.replace("tilsvarende mærke", "tilsvarende mærke, også for koncentrater")),
        (V2, v3()),
    )
    review = review_folder(repo / "criteria")
    assert review.diagnostics == []
    [change] = review.changes
    assert (change.id, change.kind, change.old_version, change.new_version, change.material) == (
        "EKS-01",
        "changed",
        2,
        3,
        True,
    )
    text = markdown(review)
    assert "#### EKS-01:2 → EKS-01:3 Miljømærket rengøringsmiddel" in text
    assert "~~mærke.~~" in text.replace("\\", "") and "**mærke, også for koncentrater.**" in text.replace("\\", "")


def test_corrections_and_layout_need_no_version(repo):
    edit(
        repo,
        ("Mærkerne begrænser stoffer", "Mærkerne begrænser de stoffer"),  # rationale: a correction
        (
            "      da: |\n        " + REQ_DA,
            "      da: |\n        " + REQ_DA.replace("for Svanemærket", "for\n        Svanemærket"),
        ),
    )
    review = review_folder(repo / "criteria")
    assert review.diagnostics == []
    [change] = review.changes
    assert [p for p, _, _ in change.fields] == [("rationale", "da")] and not change.material


def test_retiring_added_criteria_and_a_new_translation(repo):
    edit(repo, ("      en: Licence number or equivalent documentation.\n", ""), name="andet.yaml")
    base_text = (repo / "criteria" / "andet.yaml").read_text(encoding="utf-8")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "andet uden engelsk")
    git(repo, "branch", "-f", "main")
    edit(
        repo,
        ("    status: gældende\n", "    status: udgået\n    replaced_by: EKS-02\n"),
        ("en: Product data sheet.", "en: Product data sheet (updated)."),
    )
    (repo / "criteria" / "andet.yaml").write_text(
        base_text.replace(
            "      da: Licensnummer eller tilsvarende dokumentation.\n",
            "      da: Licensnummer eller tilsvarende dokumentation.\n      en: Licence number.\n",
        ),
        encoding="utf-8",
    )
    (repo / "criteria" / "ny.yaml").write_text(GOOD.replace("EKS", "NY"), encoding="utf-8")
    review = review_folder(repo / "criteria")
    assert [d.code for d in review.diagnostics] == ["D401"]  # EKS-02's English verification, not AND-01's new one
    kinds = {(c.id, c.kind) for c in review.changes}
    assert {("EKS-01", "retired"), ("NY-01", "added"), ("NY-03", "added"), ("AND-01", "changed")} <= kinds
    assert ("ny", "added", []) in review.categories
    text = markdown(review)
    assert "### Udgået (1)" in text and "### Tilføjet (3)" in text and "D401" in text


def run(repo, *args, env=None):
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "diff", *args, "--criteria", str(repo / "criteria")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_command_markdown_github_and_job_summary(repo, tmp_path):
    edit(repo, (REQ_DA, REQ_DA + " Også koncentrater."))
    summary = tmp_path / "summary.md"
    proc = run(repo, "--summary", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stdout.startswith("## Ændringer i kriterierne") and "D401" in proc.stdout
    assert summary.read_text(encoding="utf-8") == proc.stdout
    proc = run(repo, "--format", "github", "--lang", "en")
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("::error file=criteria/eksempel.yaml,line=")
    assert "title=D401::EKS-01: the requirement text" in proc.stdout
    assert "::notice title=EKS-01::Changed: EKS-01:2 Miljømærket rengøringsmiddel" in proc.stdout


def test_shallow_clone_without_main_says_what_it_needs(repo, tmp_path):
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "x")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "forslag", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    proc = run(clone)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "giv BASE" in proc.stderr and "L(" not in proc.stderr
    head = subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    proc = run(clone, head)  # an explicit BASE that is present works without any history
    assert proc.returncode == 0 and "Ingen ændringer" in proc.stdout, proc.stderr


def test_check_blames_a_clash_on_the_file_the_branch_adds(repo):
    """A new file (not on main) that repeats a prefix and ids: `check` points at the new file, not
    at the one already on main, even though the new file's name sorts first."""
    (repo / "criteria" / "aaa-ny.yaml").write_text(GOOD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--lang", "en", "--criteria", str(repo / "criteria")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    blamed = {line.split(":")[0].rsplit("/", 1)[-1] for line in proc.stderr.splitlines() if " R20" in line}
    assert blamed == {"aaa-ny.yaml"}, proc.stderr
    assert "R206" in proc.stderr and proc.stderr.count(" R202 ") == 3


# -- the review's Markdown (the job summary of a pull request) ---------------------------------
# What a pull request could put into ids, versions, titles, file names, keys and texts, hoping
# GitHub shows a link, an image, HTML, a heading or a table in the job summary.
PAYLOADS = [
    "[Godkendt](https://evil.example/)",
    "![x](https://evil.example/t.png)",
    "<img src=x onerror=alert(1)>",
    "# heading",
    "Titel | lukker | rækken |",
    "`kode` ``` ~~streg~~ $x^2$",
    "se www.evil.example eller skriv til ops@evil.example",
    "\n\n## Overskrift\n| a | b |\n|---|---|\n",
    "**fed** _skrå_ \\ &amp; <!-- c --> [^1] - [ ] 1. x",
]


def gfm_html(text: str) -> str:
    """The Markdown as GitHub renders it (its cmark-gfm with every GitHub extension), raw HTML let
    through so that any the review wrote would show."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


def assert_only_our_markup(text: str, headings: int):
    """Only the elements the review writes itself, the number of headings it wrote, and every
    payload shown as its text."""
    rendered = gfm_html(text)
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", rendered))
    assert tags <= {"h2", "h3", "h4", "p", "ul", "li", "strong", "del", "em", "code"}, (tags, rendered)
    assert len(re.findall(r"<h[1-6]", rendered)) == headings, rendered
    assert "<code>" not in rendered.replace("<code>build.py check</code>", ""), rendered
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).replace(WORD_JOINER, "").split())
    for payload in PAYLOADS:
        assert " ".join(payload.split()) in shown, (payload, shown)


def test_nothing_from_the_data_becomes_markdown_in_the_review():
    from opslag.editor.review import CriterionChange, Review
    from opslag.source.diagnostics import Diagnostic

    one, two = PAYLOADS[0], PAYLOADS[1]
    review = Review("0123456789abcdef", " ".join(PAYLOADS))
    review.unreadable = PAYLOADS
    review.diagnostics = [Diagnostic.of(p, (3, 1), "D403", id=p) for p in PAYLOADS]
    review.categories = [(p, "changed", [((p, "da"), p, p + " ny"), ((p,), [p], [p, one])]) for p in PAYLOADS]
    review.categories += [(one, "added", []), (two, "deleted", [])]
    for kind in ("added", "deleted", "retired"):
        review.changes += [CriterionChange(p, p, kind, p, p, p + "2") for p in PAYLOADS]
    history = [(("history", 1, "version"), None, one), (("history", 1, "date"), None, two)]
    history += [(("history", 1, "change", "da"), None, p) for p in PAYLOADS]
    review.changes += [
        CriterionChange(p, p, "changed", p, 1, p, [((p,), p, one), ((p,), None, two), ((p,), 3, p)] + history, True)
        for p in PAYLOADS
    ]
    for lang in ("da", "en"):
        text = markdown(review, lang)
        # the report's heading, errors, each category, the four kinds and each changed or retired criterion
        assert_only_our_markup(text, 1 + 1 + len(review.categories) + 4 + 2 * len(PAYLOADS))


def test_a_hostile_pull_request_gets_a_plain_review(repo):
    """The whole way: file names, ids, versions, titles and texts from a branch, through git."""
    import json

    q = lambda text: json.dumps(text, ensure_ascii=False)
    hostile = GOOD.replace("EKS", "NY")
    hostile = hostile.replace("  - id: NY-02\n", f"  - id: {q(PAYLOADS[0])}\n", 1)
    hostile = hostile.replace("Miljømærket rengøringsmiddel", PAYLOADS[2].replace("<", "\\u003c"), 1)
    (repo / "criteria" / "a`b|c[Godkendt](javascript:alert(1))<img>.yaml").write_text(hostile, encoding="utf-8")
    edit(
        repo,
        ("  - id: EKS-01\n    version: 2\n", f"  - id: EKS-01\n    version: {q(PAYLOADS[3])}\n"),
        ("title: {da: Miljømærket rengøringsmiddel,", f"title: {{da: {q(' '.join(PAYLOADS))},"),
        ("Mærkerne begrænser stoffer", " ".join(PAYLOADS[4:7]).replace("\\", "\\\\").replace('"', "") + " Mærkerne"),
    )
    review = review_folder(repo / "criteria")
    assert {c.kind for c in review.changes} == {"added", "changed"}
    rendered = gfm_html(markdown(review))
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", rendered))
    assert tags <= {"h2", "h3", "h4", "p", "ul", "li", "strong", "del", "em"}, (tags, rendered)
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace(WORD_JOINER, "")
    for text in ("a`b|c[Godkendt](javascript:alert(1))<img>", PAYLOADS[0], PAYLOADS[2], PAYLOADS[3], PAYLOADS[6]):
        assert text in shown, (text, shown)


def test_the_escaper_leaves_github_nothing_to_read_as_markdown():
    """Any line of text, alone or after the review's own '- ' or '#### ': GitHub shows exactly the
    text (the word joiner after an '@' aside), and no element of its own."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from opslag.source.mdescape import md_escape

    pieces = st.sampled_from(PAYLOADS + list("\\`*_{}[]()#+-.!|~$:/@<>&=^\"' \t") + ["1.", "1)", "www", "https", "x"])

    @settings(max_examples=500, deadline=None)
    @given(st.lists(pieces | st.text(max_size=4), max_size=10))
    def check(parts):
        text = " ".join("".join(parts).split())
        for before, prefix in (("", ""), ("- x ", "x "), ("#### x ", "x ")):
            rendered = gfm_html(before + md_escape(text, gfm=True))
            assert set(re.findall(r"<([a-z][a-z0-9]*)", rendered)) <= {"p", "ul", "li", "h4"}, (text, rendered)
            shown = html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace(WORD_JOINER, "")
            want = prefix + text.replace(WORD_JOINER, "").replace("\x00", "\ufffd")
            assert " ".join(shown.split()) == " ".join(want.split()), (text, rendered)

    check()


# -- one extension: a category file is '<id>.yaml' for every tool -------------------------------
def test_a_yml_file_is_reported_as_check_reports_it_never_left_out_in_silence(repo):
    (repo / "criteria" / "ny.yml").write_text(GOOD.replace("EKS", "NY"), encoding="utf-8")
    (repo / "criteria" / "andet.yaml").rename(repo / "criteria" / "andet.YAML")
    review = review_folder(repo / "criteria")
    found = sorted((d.code, d.file) for d in review.diagnostics)
    assert found == [("D404", "criteria/andet.yaml"), ("R226", "criteria/andet.YAML"), ("R226", "criteria/ny.yml")]
    assert "ny" not in {c for c, _, _ in review.categories}  # not read: not an added category
    assert "omdøb den til 'ny.yaml'" in markdown(review)
    proc = run(repo)
    assert proc.returncode == 1 and "criteria/ny.yml:1:1: R226 " in proc.stderr


def test_check_and_diff_agree_on_what_main_holds(repo):
    """A .yml on main is no category at the merge base either (the blame for a clash, R202/R206)."""
    from opslag.editor.review import base_category_ids

    (repo / "criteria" / "gammel.yml").write_text(GOOD.replace("EKS", "GAM"), encoding="utf-8")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "yml")
    git(repo, "branch", "-f", "main")
    assert base_category_ids(repo / "criteria") == {"eksempel", "andet"}

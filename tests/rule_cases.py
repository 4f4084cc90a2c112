"""Every rule as a small edit to the one good fixture, and the one diagnostic it must give.

A case names the code, the message variant (opslag/source/registry.py) and the edits (old text, new
text, applied once each, in order) to tests/fixtures/good/rengoering-eksempel.yaml. The expected
line is where `at` stands in the edited file (so a case does not break when the good fixture
grows). Byte-level YAML cases (encoding, tabs, syntax) stay as files in tests/fixtures/bad/;
cases that need several files or the vocabularies say so with `files` or `vocab`.
"""

from dataclasses import dataclass, field

from conftest import FIXTURES

GOOD_TEXT = (FIXTURES / "good" / "rengoering-eksempel.yaml").read_text(encoding="utf-8")


EKS01_V2_DATE = "        date: 2026-11-01\n        change: {da: EU-Blomsten"
EKS01_V2_ENTRY = "        date: 2026-11-01\n        change: {da: EU-Blomsten tilføjet., en: EU Ecolabel added.}\n"
ERRATUM = (  # an errata list after EKS-01's history (a correction that changes no meaning)
    "    errata:\n      - date: %s\n"
    "        change: {da: Stavefejl i vejledningen rettet., en: Spelling corrected in the guidance.}\n"
)


@dataclass(frozen=True)
class Case:
    name: str
    code: str
    variant: str
    edits: tuple = ()
    at: str = ""  # expected line: the first line holding this text after the edits ("" = line 1)
    file: str = "fixture.yaml"  # the name the edited fixture gets in the criteria folder
    files: dict = field(default_factory=dict)  # more files: name -> edits of the good fixture
    vocab: dict = field(default_factory=dict)  # vocab file name -> edits of the project's file
    coverage: bool = False  # the register-wide warnings (W310-W313)
    at_file: str = ""  # the file the diagnostic is in (default: `file`)

    def text(self) -> str:
        return apply(GOOD_TEXT, self.edits)


def apply(text: str, edits) -> str:
    for old, new in edits:
        assert old in text, f"edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str) -> int:
    if not needle:
        return 1
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


EKS02 = "  - id: EKS-02\n"
EKS03_STATUS = "    status: udgået\n    replaced_by: EKS-01\n"
CURRENT = "    status: gældende\n"
TITLE_DA = "  da: Eksempel på rengøringsmidler\n"
SUMMARY_DA = "  da: En lille, men komplet kategori til test.\n"
REQ_DA = "        Rengøringsmidlerne skal opfylde kriterierne for Svanemærket eller EU-Blomsten eller et tilsvarende mærke.\n"
EKS02_REQ = 'Der gives point for produkter, der doseres 1:20 eller mere koncentreret. Svaret "no" er tekst.'
EKS01_HISTORY_2 = "      - version: 2\n        date: 2026-11-01\n"
# EKS-01's earlier version 1 keeps its texts (history[0].text: R227)
EKS1_TEXT = (
    "        text:\n          requirement:\n            da: |\n"
    "              Rengøringsmidlerne skal opfylde kriterierne for Svanemærket eller et tilsvarende mærke.\n\n"
    "              - Gælder produkterne på [[produktlistens navn]].\n            en: |\n"
    "              The detergents shall meet the criteria of the Nordic Swan Ecolabel or an equivalent label.\n\n"
    "              - Applies to the products on [[name of the product list]].\n"
    "          verification:\n            da: Licensnummer for mærket eller tilsvarende dokumentation.\n"
    "            en: Licence number of the label or equivalent documentation.\n"
)
LIST_DA = "- Gælder alle produkter på [[produktlistens navn]]."
LIST_EN = "- Applies to all products on [[name of the product list]]."


def in_list(da: str, en: str) -> tuple:
    """Edits that put a placeholder into EKS-01's list item, Danish and English (the same shapes)."""
    return ((LIST_DA, LIST_DA.replace("Gælder", da)), (LIST_EN, LIST_EN.replace("Applies", en)))


GPP_GROUPS = "eu_gpp_groups: [indvendig-rengoering]\n"
GROUP = "  - id: indvendig-rengoering\n"  # in vocab/eu_gpp_groups.yaml
NOT_COVERED = "    not_covered:\n      reason: %s\n      note: {da: Begrundelse., en: Reason.}\n"

CASES = [
    # -- the data model (S) ---------------------------------------------------------------------
    Case("unknown-field", "S101", "", (("updated: 2026-11-01\n", "updated: 2026-11-01\ncolour: green\n"),), "colour:"),
    Case("missing-field", "S102", "", (("updated: 2026-11-01\n", ""),), "prefix:"),
    Case("number-as-text", "S103", "", (("  en: Example cleaning products\n", "  en: 1.10\n"),), "  en: 1.10"),
    Case("unknown-level", "S104", "", (("    level: basis\n", "    level: basic\n"),), "level: basic"),
    Case("bad-cpv", "S105", "", (('"39830000-9"', '"3983000-9"'),), "cpv:"),
    Case("eu-gpp-ref", "S105", "", (("{ref: TS1,", '{ref: "krav 4",'),), "eu_gpp:"),
    Case("year-out-of-range", "S106", "", (("assessed: 2026", "assessed: 1990"),), "label_market:"),
    Case("huge-number", "S106", "", (("assessed: 2026", "assessed: " + "2" * 400),), "label_market:"),
    Case(
        "http-url",
        "S107",
        "",
        (("url: https://www.svanemaerket.dk/", "url: http://www.svanemaerket.dk/"),),
        "url: http://www.svanemaerket.dk/",
    ),
    # -- rules (R) ------------------------------------------------------------------------------
    Case("impossible-date", "R201", "calendar", (("updated: 2026-11-01", "updated: 2026-02-30"),), "updated:"),
    Case("year-outside-the-build", "R201", "years", (("updated: 2026-11-01", "updated: 2126-11-01"),), "updated:"),
    Case(
        "duplicate-id",
        "R202",
        "criterion",
        (("  - id: EKS-03\n", "  - id: EKS-02\n"), ("        date: 2024-01-01\n", "        date: 2026-11-20\n")),
        "  - id: EKS-02\n    version: 1\n    type: kontraktvilkår",
    ),
    # the newer criterion is blamed even when it comes first: EKS-03's history is older than EKS-01's
    Case(
        "duplicate-id-newer-blamed",
        "R202",
        "criterion",
        (("  - id: EKS-03\n", "  - id: EKS-01\n"), ("replaced_by: EKS-01", "replaced_by: EKS-02")),
        "  - id: EKS-01\n",
    ),
    Case(
        "duplicate-vocab-id",
        "R202",
        "vocab",
        vocab={"levels.yaml": (("  - id: spydspids\n", "  - id: basis\n"),)},
        at="  - id: basis\n    rank: 3",
        at_file="levels.yaml",
    ),
    Case("wrong-prefix", "R203", "", ((EKS02, "  - id: ABC-02\n"),), "ABC-02"),
    Case(
        "unknown-label",
        "R204",
        "",
        (("labels: [svanemaerket, eu-blomsten]\ntco", "labels: [svanemarket, eu-blomsten]\ntco"),),
        "labels: [svanemarket",
    ),
    # eForms codes (vocab/eforms.yaml): a criterion's BT-774 codes, a category's clean-vehicle contract types
    Case(
        "unknown-impact-code",
        "R204",
        "",
        (("environmental_impact: [water-mar, pollu-prev]", "environmental_impact: [water-mar, pollution]"),),
        "environmental_impact: [water-mar, pollution]",
    ),
    Case(
        "unknown-cvd-contract-type",
        "R204",
        "",
        (("updated: 2026-11-01\n", "updated: 2026-11-01\nclean_vehicles: {contract_types: [vehicle-purchase]}\n"),),
        "clean_vehicles:",
    ),
    Case(
        "duplicate-eforms-code",
        "R202",
        "vocab",
        vocab={"eforms.yaml": (("      - id: m2\n", "      - id: m1\n"),)},
        at="      - id: m1\n        label: {da: M2",
        at_file="eforms.yaml",
    ),
    Case(
        "unknown-gpp-group",
        "R204",
        "",
        ((GPP_GROUPS, "eu_gpp_groups: [indvendig-rengoring]\n"),),
        "eu_gpp_groups:",
    ),
    Case(
        "history-behind",
        "R205",
        "behind",
        ((EKS02 + "    version: 1\n", EKS02 + "    version: 2\n"),),
        "    history:\n      - version: 1\n        date: 2026-11-01\n        change: {da: Første udgave., en: First edition.}\n  - id: EKS-03",
    ),
    Case(
        "history-order",
        "R205",
        "order",
        (
            (EKS01_HISTORY_2, "      - version: 1\n        date: 2026-11-01\n"),
            ("    version: 2\n    type: mindstekrav", "    version: 1\n    type: mindstekrav"),
        ),
        "    history:\n      - version: 1\n        date: 2025-01-01",
    ),
    Case(
        "duplicate-prefix",
        "R206",
        "",
        (
            ("EKS-0", "EKS-1"),
            ("EKS-0", "EKS-1"),
            ("EKS-0", "EKS-1"),
            ("EKS-0", "EKS-1"),
            ("EKS-0", "EKS-1"),
            ("EKS-0", "EKS-1"),
        ),
        file="b-second.yaml",
        files={"a-first.yaml": ()},
        at="prefix:",
    ),
    Case(
        "draft-without-note",
        "R207",
        "",
        (("    note:\n      da: Tærsklen skal bekræftes.\n      en: The threshold must be confirmed.\n", ""),),
        "    status: udkast",
    ),
    Case("bad-file-name", "R208", "", file="Rengøring_2.yaml"),
    Case("script-in-text", "R209", "", ((EKS02_REQ, "<script>alert(1)</script> " + EKS02_REQ),), "<script>"),
    Case("replaced-by-unknown", "R210", "unknown", (("replaced_by: EKS-01", "replaced_by: EKS-09"),), "replaced_by:"),
    Case(
        "related-itself", "R210", "related_self", ((CURRENT, CURRENT + "    related: [EKS-01]\n"),), "related: [EKS-01]"
    ),
    Case("related-unknown", "R210", "unknown", (("related: [EKS-01]", "related: [EKS-10]"),), "related: [EKS-10]"),
    Case(
        "replaced-by-itself", "R210", "replaced_self", (("replaced_by: EKS-01", "replaced_by: EKS-03"),), "replaced_by:"
    ),
    Case(
        "placeholder-in-title",
        "R211",
        "outside",
        (("{da: Miljømærket rengøringsmiddel,", '{da: "Miljømærket [[produkt]]",'),),
        "[[produkt]]",
    ),
    Case(
        "unclosed-placeholder",
        "R211",
        "unclosed",
        (("kriterierne for Svanemærket", "kriterierne i [[antal år, for Svanemærket"),),
        "[[antal år, for",
    ),
    Case(
        "placeholder-languages",
        "R212",
        "",
        (("[[name of the product list]]", "[[list; options: A | B]]"),),
        "      en: |\n        The detergents shall",
    ),
    Case(
        "attr-list-in-title",
        "R213",
        "",
        ((TITLE_DA, '  da: "Eksempel {: onclick=\\"alert(1)\\" autofocus }"\n'),),
        "Eksempel {",
    ),
    Case("control-character", "R214", "", ((TITLE_DA, '  da: "Eksempel\\vpå rengøringsmidler"\n'),), "Eksempel\\v"),
    Case(
        "line-break-in-title",
        "R215",
        "title",
        ((TITLE_DA, '  da: "Eksempel\\n\\n## Indsat overskrift"\n'),),
        "## Indsat",
    ),
    Case("line-break-in-ref", "R215", "field", (("{ref: TS1,", '{ref: "TS1\\n",'),), "eu_gpp:"),
    Case("blank-text", "R216", "", ((SUMMARY_DA, '  da: "   "\n'),), '  da: "   "'),
    Case(
        "javascript-link",
        "R217",
        "",
        ((SUMMARY_DA, '  da: "En lille kategori. [Læs mere](javascript:alert(1))"\n'),),
        "Læs mere",
    ),
    Case("reserved-name", "R218", "file", file="index.yaml"),
    Case(
        "reserved-vocab-id",
        "R218",
        "vocab",
        vocab={"ecolabels.yaml": (("  - id: fsc\n", "  - id: soeg\n"),)},
        at="  - id: soeg",
        at_file="ecolabels.yaml",
    ),
    Case("duplicate-category-file", "R219", "", file="eksempel.yml", files={"eksempel.yaml": ()}),
    Case("yml-extension", "R226", "", file="fixture.yml"),  # alone: not read (no R220), renamed it would be
    Case("eu-gpp-kind", "R221", "", (("{ref: TS1,", "{ref: AC1,"),), "eu_gpp:"),
    # -- the wording of tender text (opslag/source/wording.py) -----------------------------------
    Case(
        "standard-without-equivalent",
        "R222",
        "standard",
        ((EKS02_REQ, 'Der gives point for produkter, der er testet efter EN ISO 14001:2015. Svaret "no" er tekst.'),),
        "EN ISO 14001:2015",
    ),
    Case(
        "label-without-equivalent",
        "R222",
        "label",
        ((" eller et tilsvarende mærke.\n", ".\n"),),
        "Rengøringsmidlerne skal opfylde",
    ),
    Case(
        "advice-in-requirement",
        "R223",
        "",
        ((EKS02_REQ, 'Det anbefales at give point for koncentrerede produkter. Svaret "no" er tekst.'),),
        "Det anbefales",
    ),
    Case(
        "unit-repeated",
        "R224",
        "",
        in_list("Gælder i [[aftaleperiode; enhed: år]] år", "Applies for [[contract period; unit: years]]"),
        "[[aftaleperiode",
    ),
    Case(
        "unit-after-placeholder",
        "R225",
        "after",
        in_list("Gælder i [[antal år]] år", "Applies for [[number of years; unit: years]]"),
        "[[antal år]]",
    ),
    Case(
        "unit-only-in-label",
        "R225",
        "label",
        in_list("Gælder senest [[antal uger]] efter kontraktstart", "Applies from [[number of weeks; unit: weeks]]"),
        "[[antal uger]]",
    ),
    Case(
        "share-without-unit",
        "R225",
        "needs_unit",
        in_list("Gælder [[andel af sortimentet]] af", "Applies to [[share of the range; unit: %]] of"),
        "[[andel af sortimentet]]",
    ),
    Case(
        "unfinished-scaffold",
        "R250",
        "",
        (("    type: tildelingskriterium", "    type: TODO  # mindstekrav | tildelingskriterium"),),
        "type: TODO",
    ),
    Case(
        "replaced-by-on-current", "R251", "", ((CURRENT, CURRENT + "    replaced_by: EKS-02\n"),), "replaced_by: EKS-02"
    ),
    Case(
        "history-date-backwards",
        "R252",
        "",
        (
            (
                "        date: 2026-11-01\n        change: {da: EU-Blomsten",
                "        date: 2024-12-01\n        change: {da: EU-Blomsten",
            ),
        ),
        "date: 2024-12-01",
    ),
    Case(
        "history-reader-note-missing",
        "R255",
        "da",
        ((EKS01_V2_DATE, "        date: 2026-12-08\n        change: {da: EU-Blomsten"),),
        "      - version: 2\n        date: 2026-12-08",
    ),
    Case(
        "history-reader-note-without-english",
        "R255",
        "en",
        (
            (
                EKS01_V2_DATE + " tilføjet., en: EU Ecolabel added.}\n",
                "        date: 2026-12-08\n        change: {da: EU-Blomsten tilføjet., en: EU Ecolabel added.}\n"
                "        note: {da: Nu accepteres også EU-Blomsten som dokumentation.}\n",
            ),
        ),
        "        note: {da: Nu accepteres",
    ),
    Case(
        "errata-before-first-version",
        "R256",
        "first",
        ((EKS01_V2_DATE + " tilføjet., en: EU Ecolabel added.}\n", EKS01_V2_ENTRY + ERRATUM % "2024-06-01"),),
        "      - date: 2024-06-01",
    ),
    Case(
        "errata-order",
        "R256",
        "order",
        (
            (
                EKS01_V2_DATE + " tilføjet., en: EU Ecolabel added.}\n",
                EKS01_V2_ENTRY + ERRATUM % "2026-11-20" + (ERRATUM % "2026-11-10").split("\n", 1)[1],
            ),
        ),
        "      - date: 2026-11-10",
    ),
    Case(
        "earlier-text-missing",
        "R227",
        "missing",
        ((EKS1_TEXT, ""),),
        "      - version: 1\n        date: 2025-01-01",
    ),
    Case(
        "earlier-text-on-current",
        "R227",
        "current",
        (
            (
                EKS01_HISTORY_2 + "        change: {da: EU-Blomsten tilføjet., en: EU Ecolabel added.}\n",
                EKS01_HISTORY_2 + "        change: {da: EU-Blomsten tilføjet., en: EU Ecolabel added.}\n" + EKS1_TEXT,
            ),
        ),
        EKS1_TEXT + "  - id: EKS-02",  # the copy on version 2, the last history entry
    ),
    Case(
        "earlier-text-placeholder",
        "R211",
        "unopened",
        (("Svanemærket eller et tilsvarende mærke.\n", "Svanemærket eller et tilsvarende mærke.]]\n"),),
        "              Rengøringsmidlerne skal opfylde kriterierne for Svanemærket eller et tilsvarende mærke.]]",
    ),
    Case(
        "earlier-text-placeholder-languages",
        "R212",
        "",
        (
            (
                "on [[name of the product list]].\n          verification:",
                "on the product list.\n          verification:",
            ),
        ),
        "            en: |\n              The detergents shall meet the criteria of the Nordic Swan Ecolabel or an",
    ),
    Case("trailing-space", "R253", "", ((REQ_DA, REQ_DA.rstrip("\n") + "  \n"),), "mærke.  "),
    Case(
        "comment-cuts-text",
        "R254",
        "",
        (
            (
                "da: Licensnummer eller tilsvarende dokumentation.",
                "da: Licensnummer, fx Svanemærket #123, eller tilsvarende dokumentation.",
            ),
        ),
        "Svanemærket #123",
    ),
    Case("missing-english", "W301", "", (("  en: Example cleaning products\n", ""),), "title:"),
    Case(
        "unused-label",
        "W310",
        "",
        coverage=True,
        at="- id: eu-blomsten",
        at_file="ecolabels.yaml",
        edits=(
            (
                "labels: [svanemaerket, eu-blomsten]\n    environmental_impact",
                "labels: [svanemaerket]\n    environmental_impact",
            ),
        ),
    ),
    Case(
        "goal-without-category",
        "W311",
        "",
        coverage=True,
        at="- id: pogi-rengoering",
        at_file="pogi_goals.yaml",
        edits=(("pogi_goals: [pogi-rengoering]\n", ""),),
    ),
    Case(
        "gpp-group-without-category",
        "W312",
        "",
        coverage=True,
        at="- id: indvendig-rengoering",
        at_file="eu_gpp_groups.yaml",
        edits=((GPP_GROUPS, ""),),
    ),
    Case(
        "reason-for-a-covered-group",
        "W313",
        "covered",
        coverage=True,
        at="- id: indvendig-rengoering",
        at_file="eu_gpp_groups.yaml",
        vocab={"eu_gpp_groups.yaml": ((GROUP, GROUP + NOT_COVERED % "ikke-skrevet-endnu"),)},
    ),
    Case(
        "reason-without-its-category",
        "W313",
        "needs_category",
        coverage=True,
        at="- id: indvendig-rengoering",
        at_file="eu_gpp_groups.yaml",
        edits=((GPP_GROUPS, ""),),
        vocab={"eu_gpp_groups.yaml": ((GROUP, GROUP + NOT_COVERED % "anden-kategori"),)},
    ),
    Case(
        "reason-names-no-category",
        "W313",
        "unknown_category",
        coverage=True,
        at="- id: indvendig-rengoering",
        at_file="eu_gpp_groups.yaml",
        edits=((GPP_GROUPS, ""),),
        vocab={
            "eu_gpp_groups.yaml": ((GROUP, GROUP + NOT_COVERED % "anden-kategori" + "      category: rengoering\n"),)
        },
    ),
    Case(
        "unknown-reason",
        "R204",
        "",
        at="reason: udenfor",
        at_file="eu_gpp_groups.yaml",
        vocab={"eu_gpp_groups.yaml": ((GROUP, GROUP + NOT_COVERED % "udenfor"),)},
    ),
]

# Variants no case produces, and why (every other variant of every code has a case or test).
UNREACHED = {
    ("S104", "other"): "the fallback for a JSON Schema keyword the messages do not know yet; the schema uses none",
    ("Y014", "unreadable"): "a file root cannot read (the tests run as root); tests/test_hardening.py covers the rest",
    ("R220", "unreadable"): "a folder root cannot read (the tests run as root)",
}

# Loader messages small enough to write inline: (bytes of a file, [(code, variant, line)])
LOADER_CASES = [
    (b"title: a\x07b\n", [("Y001", "character", 1)]),
    (b"a: &x 1\nb: *x\n", [("Y004", "anchor", 1), ("Y004", "alias", 2)]),
    (b"? [a, b]\n: 1\n", [("Y007", "collection", 1)]),
    (b"just text\n", [("Y010", "scalar", 1)]),
    (b"- a\n- b\n", [("Y010", "list", 1)]),
]

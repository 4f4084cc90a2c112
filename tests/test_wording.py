"""The wording rules (opslag/source/wording.py) in detail: what counts as a standard, a label, a
sentence, advice and a repeated or missing unit, and what is left alone. tests/rule_cases.py has
one case per message; these are the edges."""

import pytest
from rule_cases import GOOD_TEXT, apply

from conftest import ROOT
from opslag.project import Project
from opslag.source import wording
from opslag.source.checker import check_project
from opslag.source.vocab import load_vocabulary

VOCAB, _ = load_vocabulary(ROOT / "vocab")
LABELS = wording.label_names(VOCAB)


@pytest.mark.parametrize(
    "text, reference",
    [
        ("efter EN 16516 i", "EN 16516"),
        ("efter EN ISO 14001:2015 i", "EN ISO 14001:2015"),
        ("efter DS/EN 12464-1 i", "DS/EN 12464-1"),
        ("efter ISO 14024 i", "ISO 14024"),
        ("efter ISO/IEC 17025 i", "ISO/IEC 17025"),
        ("efter CEN/TS 16637-2 i", "CEN/TS 16637-2"),
        ("efter CEN/TR 17005 i", "CEN/TR 17005"),
        ("efter EN 15804+A2 i", "EN 15804+A2"),
        ("efter IEC 62301 i", "IEC 62301"),
        ("efter DS 206 i", "DS 206"),
        ("efter EN ISO\n        12947-2 i", "EN ISO\n        12947-2"),  # wrapped by the editor
    ],
)
def test_standards_are_recognised(text, reference):
    assert [m[0] for m in wording.STANDARD.finditer(text)] == [reference]


@pytest.mark.parametrize(
    "text",
    ["forordning (EU) 2017/1369", "Euro 6", "DE-UZ 177", "en 5 års garanti", "EN-mærket", "CO2e", "ISO-certificeret"],
)
def test_other_numbers_are_no_standards(text):
    assert not wording.STANDARD.search(text)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Produkterne skal opfylde EN 71-3 eller tilsvarende.", "da"),
        ("Produkterne skal opfylde EN 71-3, EN 71-9 og EN 71-10 eller tilsvarende.", "da"),
        ("Beregnet efter ISO 14067 eller en tilsvarende metode.", "da"),
        ("Products shall meet EN 71-3 or equivalent.", "en"),
        ("Svanemærket eller EU-Blomsten eller et tilsvarende mærke.", "da"),
        ("The Nordic Swan Ecolabel, the EU Ecolabel or an equivalent label.", "en"),
        ("FSC- eller PEFC-certificeret, certificeret efter en tilsvarende ordning eller genanvendt.", "da"),
        # the same label again later in the sentence: its equivalent is already accepted
        ("Har Indeklimamærket eller et tilsvarende mærke og opfylder Indeklimamærkets krav.", "da"),
        # a placeholder's label is an instruction to the buyer, not tender text
        ("Niveau [[Cradle to Cradle-niveau; valg: Sølv | Guld]] i et mærke efter eget valg.", "da"),
        # EU's energy label is a legal classification (statutory: true in vocab/ecolabels.yaml)
        ("Energiklasse D eller bedre på EU's energimærke.", "da"),
        # TCO is also total cost of ownership (ambiguous_aliases in vocab/ecolabels.yaml)
        ("Beregnet med Miljøstyrelsens TCO-værktøj.", "da"),
        # names are proper nouns: 'blomsten' and 'fair trade' are ordinary words
        ("Planter skal vandes, når blomsten er sprunget ud, og handles på fair trade-vilkår.", "da"),
    ],
)
def test_equivalence_given_or_not_needed(text, lang):
    assert wording.missing_equivalence(text, lang, LABELS) == {}


@pytest.mark.parametrize(
    "text, lang, kind, names",
    [
        ("Produkterne skal opfylde EN 71-3.", "da", "standard", ["EN 71-3"]),
        ("Products shall meet EN 71-3.", "en", "standard", ["EN 71-3"]),
        # 'or equivalent' in the Danish text does not count, and the other sentence's does not either
        ("Products shall meet EN 71-3 eller tilsvarende.", "en", "standard", ["EN 71-3"]),
        ("Testet efter EN 16516 eller tilsvarende. Målt efter ISO 16000-9.", "da", "standard", ["ISO 16000-9"]),
        # before the name is not after it
        ("Tilsvarende metoder accepteres ikke; kun EN 17472.", "da", "standard", ["EN 17472"]),
        ("Markér varer med Svanemærket, Blauer Engel og FSC.", "da", "label", ["Svanemærket", "Blauer Engel", "FSC"]),
        ("Efter Svanemærkets kriterier.", "da", "label", ["Svanemærkets"]),
        ("Kontrol af Det\n        Økologiske Spisemærke.", "da", "label", ["Det Økologiske Spisemærke"]),
        ("Certified to TCO Certified.", "en", "label", ["TCO Certified"]),
        # an option is tender text once chosen
        ("Testet efter [[metode; valg: EN 717-1 | ISO 16000-9]].", "da", "standard", ["EN 717-1", "ISO 16000-9"]),
    ],
)
def test_equivalence_missing(text, lang, kind, names):
    found = wording.missing_equivalence(text, lang, LABELS)
    assert list(found) == [kind] and found[kind][1] == names


def test_sentences_end_at_full_stops_paragraphs_and_list_items_not_at_abbreviations():
    text = "Krav jf. EN 71 og fx. Svanemærket. Næste sætning [[valg; valg: a. B | c]] her.\n\n- punkt et\n- punkt to"
    parts = [text[s:e].strip() for s, e in wording.sentences(text)]
    assert parts == [
        "Krav jf. EN 71 og fx. Svanemærket.",
        "Næste sætning [[valg; valg: a. B | c]] her.",
        "- punkt et",
        "- punkt to",
    ]


@pytest.mark.parametrize(
    "text, lang, phrase",
    [
        ("Ved udbud af buskørsel skal leverandøren ...", "da", "Ved udbud af"),
        ("Leverandøren skal levere. Det anbefales at kræve mere.", "da", "Det anbefales"),
        ("Krav:\n\n- Ordregiveren bør vælge niveau.", "da", "Ordregiveren bør"),
        ("overvej at kræve mere.", "da", "overvej"),
        ("When tendering for buses, the supplier shall ...", "en", "When tendering"),
        ("The supplier shall deliver. Consider a higher level.", "en", "Consider"),
        ("The contracting authority should choose the level.", "en", "The contracting authority should"),
    ],
)
def test_advice_opening_a_sentence(text, lang, phrase):
    offset, found = wording.advice(text, lang)
    assert found == phrase and text[offset:].startswith(phrase)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Leverandøren skal levere det, som det anbefales i vejledningen.", "da"),  # not at the start
        ("Overvejelser om miljø indgår i planen.", "da"),  # a longer word
        ("Considerations of the environment are part of the plan.", "en"),
        ("Consider the options.", "da"),  # English words in the Danish text are not Danish advice
    ],
)
def test_no_advice(text, lang):
    assert wording.advice(text, lang) is None


@pytest.mark.parametrize(
    "text, lang, code, variant, fields",
    [
        ("i [[levetid; enhed: år]] år", "da", "R224", "", {"word": "år"}),
        ("hver [[interval; enhed: uger]] uge", "da", "R224", "", {"word": "uge"}),
        ("[[andel; enhed: %]] procent", "da", "R224", "", {"word": "procent"}),
        ("en pris på [[CO2-pris; enhed: kr. pr. ton]] kr. pr. ton", "da", "R224", "", {"word": "kr. pr. ton"}),
        ("at most [[age; unit: years]]\n        years old", "en", "R224", "", {"word": "years"}),
        ("within [[deadline; unit: working days]] working days", "en", "R224", "", {"word": "working days"}),
        ("de seneste [[antal år]] års", "da", "R225", "after", {"word": "års", "unit": "år"}),
        ("within [[number of months]] months", "en", "R225", "after", {"word": "months", "unit": "months"}),
        ("i [[garantiperiode; forslag: 5]] år", "da", "R225", "after", {"word": "år", "unit": "år"}),
        ("senest [[frist i uger]] efter", "da", "R225", "label", {"unit": "uger"}),
        ("no later than [[number of weeks]] after", "en", "R225", "label", {"unit": "weeks"}),
        ("senest [[frist]] efter", "da", "R225", "needs_unit", {"word": "frist"}),
        ("at least [[share of recycled fibre]] recycled", "en", "R225", "needs_unit", {"word": "share"}),
    ],
)
def test_unit_problems(text, lang, code, variant, fields):
    [(offset, found_code, found_variant, found_fields)] = wording.unit_problems(text, lang)
    assert (found_code, found_variant) == (code, variant) and text[offset:].startswith("[[")
    assert fields.items() <= found_fields.items()


@pytest.mark.parametrize(
    "text, lang",
    [
        ("i [[levetid; enhed: år]] efter levering", "da"),
        ("kontrollerer [[antal varenumre]] varenumre", "da"),  # a count of things: the noun is no unit
        ("en PUE på højst [[højeste PUE; forslag: 1,5]], målt", "da"),  # a number without a unit of measure
        ("får [[maksimumpoint]] point", "da"),  # not a number by its label: points are left to the editor
        ("[[niveau; valg: 1 | 2 | 3]] år", "da"),  # a choice has no unit
        ("mindst [[andel genanvendt; enhed: vægtprocent]] genanvendt plast", "da"),
        ("at least [[recycled share; unit: % by weight]] recycled metal", "en"),
        ("over [[use period; unit: years]] and [[mileage; unit: km per year]].", "en"),
    ],
)
def test_units_given_once(text, lang):
    assert wording.unit_problems(text, lang) == []


def run(tmp_path, edits, vocab_edits=()):
    """check_project on the good fixture with `edits`, and vocab/ecolabels.yaml with `vocab_edits`."""
    import shutil

    root = tmp_path / "project"
    shutil.copytree(ROOT / "vocab", root / "vocab")
    labels = root / "vocab" / "ecolabels.yaml"
    labels.write_text(apply(labels.read_text(encoding="utf-8"), vocab_edits), encoding="utf-8")
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "fixture.yaml").write_text(apply(GOOD_TEXT, edits), encoding="utf-8")
    return [(d.code, d.variant) for d in check_project(Project(root, criteria=criteria)).diagnostics]


VERIFICATION = "da: Licensnummer eller tilsvarende dokumentation."
NEW_SENTENCE = " eller et tilsvarende mærke.\n"  # the end of EKS-01's Danish requirement


def test_verification_may_name_a_standard_without_equivalent(tmp_path):
    """verification says what the bidder hands in ('testrapport efter EN 71-3'): no specification."""
    assert run(tmp_path, ((VERIFICATION, "da: Testrapport efter EN 71-3 fra et akkrediteret laboratorium."),)) == []


def test_a_retired_criterion_is_left_alone(tmp_path):
    """Its text is history: old tenders cite it as it stands."""
    assert run(tmp_path, (("requirement: {da: Erstattet af EKS-01.", "requirement: {da: Skal opfylde EN 71-3."),)) == []


def test_the_energy_label_is_left_out_by_the_vocabulary_not_by_code(tmp_path):
    edits = ((NEW_SENTENCE, NEW_SENTENCE[:-1] + " De skal have energiklasse A på EU's energimærke.\n"),)
    assert run(tmp_path / "flagged", edits) == []
    unflagged = (("    kind: energy\n    statutory: true\n", "    kind: energy\n"),)
    assert run(tmp_path / "unflagged", edits, unflagged) == [("R222", "label")]


def test_an_ambiguous_alias_is_left_out_by_the_vocabulary(tmp_path):
    edits = ((NEW_SENTENCE, NEW_SENTENCE[:-1] + " Prisen beregnes med TCO-værktøjet.\n"),)
    assert run(tmp_path / "flagged", edits) == []
    unflagged = (('    ambiguous_aliases: ["TCO"]\n', ""),)
    assert run(tmp_path / "unflagged", edits, unflagged) == [("R222", "label")]


def test_units_are_read_in_follow_up_too(tmp_path):
    edits = (("da: Stikprøver en gang om året.", "da: Stikprøver i de første [[antal år]] år."),)
    edits += (("en: Spot checks once a year.", 'en: "Spot checks in the first [[period; unit: years]]."'),)
    assert run(tmp_path, edits) == [("R225", "after")]


def test_every_sentence_start_word_list_is_data_in_both_languages():
    for table in (wording.ADVICE, wording.UNIT_FORMS, wording.NUMBER_WORDS, wording.EQUIVALENT, wording.NEEDS_UNIT):
        assert set(table) == {"da", "en"}


EDGES = [
    "EN 71",
    "xEN 71",
    "/EN 71",
    "DS/EN 71",
    "_ISO 9001",
    "éISO 9001",
    "-ISO 9001",
    "Svanemærket",
    "xSvanemærket",
    "Svanemærkets",
    "EU-Blomsten",
    "ØEU-Blomsten",
    "CEN/TS 1",
    "EN ISO 14001:2015",
    "DS 206",
    "1EN 2",
    "a",
]


def test_the_searches_for_standards_and_labels_find_what_the_definitions_find():
    """R222 reads every requirement with patterns the regex engine can skip through (no look-behind
    in front, checked apart by textrules.unpreceded); they find exactly what STANDARD and
    Labels.pattern find, in the shipped requirements and in any mix of edges."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from opslag.source.textrules import unpreceded
    from opslag.source.yamlsource import load_file

    def same(text):
        for definition, fast, before in (
            (wording.STANDARD, wording._STANDARD_FROM_BODY, wording._after_word_or_slash),
            (LABELS.pattern, LABELS.names, wording._after_word),
        ):
            expected = [(m.span(), m[0]) for m in definition.finditer(text)]
            assert [(m.span(), m[0]) for m in unpreceded(fast, text, before)] == expected, text

    for path in sorted((ROOT / "criteria").glob("*.yaml")):
        for crit in load_file(path).data["criteria"]:
            for text in (crit.get("requirement") or {}).values():
                same(text)

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from([*EDGES, " ", "\n", "/", "_", "x"]), max_size=8))
    def check(parts):
        same("".join(parts))

    check()

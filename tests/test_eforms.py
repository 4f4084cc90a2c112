"""eForms (vocab/eforms.yaml): the notice's green fields and their code lists as TED has them in
one named SDK release, every shipped criterion's environmental impact as BT-774 codes, the vehicle
categories under the Clean Vehicles Directive, and all of it in the data Mit udbud works from."""

import pytest

from conftest import ROOT
from opslag import exports
from opslag.exports import builder_data
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.render.templates import Renderer
from opslag.source.checker import check_project
from opslag.source.schema import CVD_CONTRACT_FIELD, IMPACT_FIELD, VEHICLE_FIELD

# The codes as eForms SDK 1.15.1 has them (codelists/*.gc); a change here is a change of SDK release.
SDK_CODES = {
    "BT-805": {"eu", "national", "other", "none"},
    "BT-774": {"biodiv-eco", "circ-econ", "clim-adapt", "clim-mitig", "other", "pollu-prev", "water-mar"},
    "BT-717": {"true", "false"},
    "BT-735": {"veh-acq", "pass-tran-serv", "oth-serv-contr"},
    "BT-723": {"m1", "m1-m2-n1", "m2", "m3", "n1", "n2", "n2-n3", "n3"},
}
VEHICLE_CATEGORIES = {"koeretoejer", "tunge-koeretoejer", "transportydelser"}


@pytest.fixture(scope="module")
def checked():
    result = check_project(Project(ROOT))
    assert result.ok
    return result


@pytest.fixture(scope="module")
def corpus(checked):
    return build_corpus(checked.categories, checked.vocab)


def test_the_vocabulary_names_its_sdk_release_and_the_file_of_every_code_list(checked):
    vocab = checked.vocab
    sdk = vocab.extra["eforms"]["sdk"]
    assert sdk["version"] == "1.15.1" and sdk["url"].endswith("/tree/" + sdk["version"])
    assert {field: set(vocab.codes(field)) for field in vocab.ids("eforms")} == SDK_CODES
    for field in vocab.ids("eforms"):
        entry = vocab.get("eforms", field)
        assert entry["field"].startswith(field + "-")
        assert entry["codelist"]["url"].startswith(
            f"https://github.com/OP-TED/eForms-SDK/blob/{sdk['version']}/codelists/"
        )
        assert entry["codelist"]["url"].endswith(entry["codelist"]["id"] + ".gc")
        assert all(code["label"]["da"] and code["label"]["en"] for code in entry["codes"])
    assert {IMPACT_FIELD, CVD_CONTRACT_FIELD, VEHICLE_FIELD} <= set(vocab.ids("eforms"))


def test_every_shipped_criterion_has_an_environmental_impact(corpus):
    without = [c.id for c in corpus.criteria.values() if not c.environmental_impact]
    assert without == [], "give each criterion its eForms BT-774 codes (environmental_impact)"


def test_the_vehicle_categories_are_under_the_clean_vehicles_directive(corpus):
    assert {cat.id for cat in corpus.categories if cat.clean_vehicles} == VEHICLE_CATEGORIES


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_data_of_mit_udbud_carries_the_eforms_fields_and_facts(corpus, lang):
    ctx = exports.Context(corpus, Renderer(corpus, lang, Project(ROOT)), 0, "https://example.org/", ROOT / "web")
    data = builder_data.data(ctx)
    fields = {f["id"]: f for f in data["eforms"]["fields"]}
    assert data["eforms"]["sdk"] == "1.15.1"
    assert {f: {c["id"] for c in fields[f]["codes"]} for f in fields} == SDK_CODES
    impact = fields[IMPACT_FIELD]
    assert (
        impact["label"]
        == {"da": "Tilgang til reduktion af miljøpåvirkninger", "en": "Approach to reducing environmental impacts"}[
            lang
        ]
    )
    assert {c["id"]: c["label"] for c in impact["codes"]}["circ-econ"] == {
        "da": "Omstilling til en cirkulær økonomi",
        "en": "The transition to a circular economy",
    }[lang]
    assert fields["BT-805"]["repeatable"] and fields["BT-723"]["notice"] == "result"
    for cid, c in data["criteria"].items():
        assert c["environmental_impact"] == list(corpus.criteria[cid].environmental_impact)
        assert set(c["environmental_impact"]) <= SDK_CODES[IMPACT_FIELD]
        gpp = corpus.criteria[cid].eu_gpp
        assert c["eu_gpp"] == (gpp["ref"] if gpp else None)
    assert any(c["eu_gpp"] for c in data["criteria"].values())
    cats = data["categories"]
    assert set(cats) == {cat.id for cat in corpus.categories}
    assert {k for k, v in cats.items() if v["clean_vehicles"]} == VEHICLE_CATEGORIES
    assert cats["tunge-koeretoejer"]["clean_vehicles"]["contract_types"] == [
        "veh-acq",
        "pass-tran-serv",
        "oth-serv-contr",
    ]
    assert cats["transportydelser"]["clean_vehicles"]["note"]  # only mail and parcel transport is covered
    assert cats["rengoeringsmidler"]["national"] and not cats["el"]["national"]  # a current POGI goal, or none
    assert {"sel_eforms_title", "sel_eforms_intro", "sel_eforms_result", "sel_eforms_source"} <= set(data["strings"])

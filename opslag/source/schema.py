"""The data model as JSON Schema (draft-07): the one definition of what a file may hold.

The build validates with exactly these schemas, and `schema/category.schema.json`
(for editors, via yaml-language-server) is written from `category_schema()`;
a test keeps the published file equal to what this module generates.
"""

from __future__ import annotations

import json

DRAFT = "http://json-schema.org/draft-07/schema#"

CATEGORY_ID = r"^[a-z0-9][a-z0-9-]{0,59}$"  # also a file name: bounded
# The one definition of a criterion id (prefix, hyphen, number) and a CPV code. The search's
# lenient query forms ('it3', 'IT-003', a CPV code without its check digit) are built from the
# same parts, and the browser gets them from the search index the build writes (search.js).
_PREFIX_LETTERS, _NUMBER_DIGITS = "{2,5}", "{2,3}"
PREFIX = rf"^[A-Z]{_PREFIX_LETTERS}$"
CRITERION_ID = rf"^[A-Z]{_PREFIX_LETTERS}-[0-9]{_NUMBER_DIGITS}$"
CPV = r"^[0-9]{8}(-[0-9])?$"
QUERY_ID = rf"^([a-z]{_PREFIX_LETTERS})-?0*([0-9]{{1,3}})(?::[0-9]{{1,3}})?$"  # it3, IT-03, it-03:2
QUERY_CPV = r"^([0-9]{8})(?:-?[0-9])?$"
EU_GPP_KINDS = ("SC", "TS", "AC", "CPC")  # selection, technical specification, award, contract performance
EU_GPP_REF = rf"^({'|'.join(EU_GPP_KINDS)})[0-9]+(\.[0-9]+)*$"  # TS1, AC2, CPC1.2
QUERY_GPP = rf"^({'|'.join(k.lower() for k in EU_GPP_KINDS)})([0-9]{{1,3}}(?:\.[0-9]{{1,3}})?)$"  # ts21, cpc1.2
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
HTTPS_URL = r"^https://[^\s<>\"]+$"
# ids of vocabulary entries (types, levels, statuses): they become CSS classes, data attributes and
# page names, so letters, digits and hyphens only, and short enough for any file system.
VOCAB_ID = r"^[a-zæøå0-9][a-zæøå0-9-]{0,59}$"
MAX_INT = 1_000_000  # no whole number in the data is larger; bounds absurd input (schema maximum)
# eForms (vocab/eforms.yaml): a notice field's business term, and the fields whose code lists the
# data model uses: a criterion's environmental_impact holds codes of BT-774, a category's
# clean_vehicles codes of BT-735 (contract types) and BT-723 (vehicle categories).
EFORMS_TERM = r"^BT-[0-9]{2,4}$"
EFORMS_FIELD = r"^BT-[0-9]{2,4}-[A-Za-z]+$"
EFORMS_CODE = r"^[a-z0-9][a-z0-9-]{0,59}$"
IMPACT_FIELD, CVD_CONTRACT_FIELD, VEHICLE_FIELD = "BT-774", "BT-735", "BT-723"

# Fields whose text is one line (headings, table cells, tabs): opslag/source/textrules.py.
SINGLE_LINE_KEYS = frozenset({"title", "name", "label", "issuer"})
# Fields that hold codes, ids, dates or addresses rather than text for readers.
NON_TEXT_KEYS = frozenset(
    {
        "id",
        "prefix",
        "url",
        "cpv",
        "date",
        "valid_from",
        "updated",
        "type",
        "level",
        "status",
        "labels",
        "pogi_goals",
        "eu_gpp_groups",
        "reason",
        "replaced_by",
        "ref",
        "kind",
        "eu_gpp",
        "category",
        "related",
        "environmental_impact",
        "contract_types",
        "vehicle_categories",
        "field",
        "notice",
        "suggests",
        "decision",
    }
)


def _string(description: str, **extra) -> dict:
    return {"type": "string", "minLength": 1, "description": description, **extra}


def _list(items: dict, description: str, min_items: int = 0) -> dict:
    out = {"type": "array", "items": items, "description": description}
    if min_items:
        out["minItems"] = min_items
    return out


def _object(properties: dict, required: list, description: str = "") -> dict:
    out = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    if description:
        out["description"] = description
    return out


DEFINITIONS = {
    "text": _object(
        {
            "da": _string("Dansk tekst (påkrævet)."),
            "en": _string("English text (optional; when missing the English site marks it untranslated)."),
        },
        ["da"],
        "Tekst på dansk og engelsk.",
    ),
    "url": _string("En adresse, der begynder med https://.", pattern=HTTPS_URL),
    "date": _string("En dato som ÅÅÅÅ-MM-DD.", pattern=DATE, format="date"),
    "link": _object(
        {"title": _string("Kildens titel."), "url": {"$ref": "#/definitions/url"}},
        ["title", "url"],
        "Et link med titel og https-adresse.",
    ),
}
TEXT = {"$ref": "#/definitions/text"}
DATE_REF = {"$ref": "#/definitions/date"}
LINK_LIST = _list({"$ref": "#/definitions/link"}, "Kilder: title og url.", min_items=1)


def _enum(values, description: str) -> dict:
    return {"enum": list(values), "description": description}


def _codes(vocab, field: str, description: str, min_items: int = 1) -> dict:
    """A list of codes from the code list of one eForms field (vocab/eforms.yaml)."""
    out = _list(_enum(vocab.codes(field), f"En kode fra eForms-feltet {field}."), description, min_items)
    out["uniqueItems"] = True
    return out


def category_schema(vocab) -> dict:
    """The schema of one category file; `vocab` supplies the allowed ids."""
    label = _enum(vocab.ids("labels"), "Id for et miljømærke fra vocab/ecolabels.yaml.")
    criterion = _object(
        {
            "id": _string("Stabilt id: præfiks og nummer, fx IT-03. Genbruges aldrig.", pattern=CRITERION_ID),
            "version": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_INT,
                "description": "Øges, når kravteksten ændres.",
            },
            "type": _enum(vocab.ids("types"), "Kravtype."),
            "level": _enum(vocab.ids("levels"), "Ambitionsniveau."),
            "status": _enum(vocab.ids("statuses"), "Status."),
            "replaced_by": _string("Id på det kriterium, der afløser et udgået.", pattern=CRITERION_ID),
            "valid_from": DATE_REF,
            "title": TEXT,
            "requirement": TEXT,
            "verification": TEXT,
            "follow_up": TEXT,
            "guidance": {
                **TEXT,
                "description": "Vejledning til ordregiveren (hvornår kravet bruges, hvordan det "
                "tilpasses, undtagelser). Kommer aldrig med i udbudsteksten eller tjeklisten til tilbudsgivere.",
            },
            "related": {
                "type": "array",
                "items": _string("Id på et relateret kriterium.", pattern=CRITERION_ID),
                "uniqueItems": True,
                "description": "Relaterede kriterier (i stedet for at skrive id'er i kravteksten).",
            },
            "labels": _list(label, "Miljømærker, der accepteres som dokumentation."),
            "environmental_impact": _codes(
                vocab,
                IMPACT_FIELD,
                "Kriteriets miljøhensyn som koder fra eForms' liste environmental-impact "
                "(vocab/eforms.yaml, BT-774), fx clim-mitig eller circ-econ; bruges i udbudsbekendtgørelsen.",
            ),
            "rationale": TEXT,
            "eu_gpp": _object(
                {
                    "ref": _string(
                        "Kriteriets nummer i EU's GPP-kriterier: SC, TS, AC eller CPC og et nummer, "
                        "fx TS1, AC2 eller CPC1.2.",
                        pattern=EU_GPP_REF,
                    ),
                    "title": _string("Navnet på EU's kriteriesæt."),
                    "url": {"$ref": "#/definitions/url"},
                    "subgroup": _string(
                        "Undergruppen i EU's kriteriesæt, når sættet har flere "
                        "(fx 'Computere' i sættet for computere, skærme, tablets og smartphones)."
                    ),
                    "ambition": _enum(
                        ["core", "comprehensive", "both"],
                        "EU-niveauet kriteriet svarer til: core (kerne), comprehensive (omfattende) "
                        "eller both, når EU har det samme kriterium på begge niveauer.",
                    ),
                },
                ["ref", "url", "ambition"],
                "Henvisning til EU's GPP-kriterier.",
            ),
            "note": TEXT,
            "sources": LINK_LIST,
            "history": _list(
                _object(
                    {
                        "version": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_INT,
                            "description": "Versionsnummer.",
                        },
                        "date": DATE_REF,
                        "change": TEXT,
                        "note": {
                            **TEXT,
                            "description": "Til ordregivere: hvad ændringen betyder for et udbud, i almindeligt sprog "
                            "(ændringsloggen og feeds viser den; 'change' er redaktionens egen beskrivelse). Påkrævet "
                            "for nye versioner (2 og senere) dateret fra lifecycle.reader_notes_from i vocab/statuses.yaml (R255).",
                        },
                        "text": _object(
                            {"requirement": TEXT, "verification": TEXT, "follow_up": TEXT},
                            ["requirement", "verification"],
                            "Versionens tekster, som de lød, mens den var gældende (kun på en tidligere "
                            "version, ikke den aktuelle): siden viser dem under kriterier/<id>/<version>/ "
                            "og sammenligner dem med den gældende tekst.",
                        ),
                    },
                    ["version", "date", "change"],
                ),
                "Én post pr. version, ældste først.",
                min_items=1,
            ),
            "errata": _list(
                _object(
                    {"date": DATE_REF, "change": TEXT},
                    ["date", "change"],
                ),
                "Rettelser, der ikke ændrer betydningen (ingen ny version, se CONTRIBUTING.md): dato og hvad der er "
                "rettet, ældste først. Vises på siden med rettelser og i feeds.",
                min_items=1,
            ),
        },
        [
            "id",
            "version",
            "type",
            "level",
            "status",
            "valid_from",
            "title",
            "requirement",
            "verification",
            "follow_up",
            "rationale",
            "sources",
            "history",
        ],
        "Et kriterium.",
    )
    return {
        "$schema": DRAFT,
        "title": "Kategorifil i Det Grønne Opslagsværk",
        "definitions": DEFINITIONS,
        **_object(
            {
                "prefix": _string("Præfiks for kriteriernes id, fx IT.", pattern=PREFIX),
                "title": TEXT,
                "summary": TEXT,
                "scope": TEXT,
                "cpv": _list(_string("CPV-kode: NNNNNNNN-N eller 8 cifre.", pattern=CPV), "CPV-koder.", 1),
                "pogi_goals": _list(_enum(vocab.ids("goals"), "Id for et POGI-indkøbsmål."), "POGI-mål."),
                "eu_gpp_groups": _list(
                    _enum(vocab.ids("gpp_groups"), "Id for en produktgruppe i vocab/eu_gpp_groups.yaml."),
                    "EU's GPP-produktgrupper, som kategorien dækker (helt eller delvis).",
                ),
                "label_market": _object(
                    {
                        "category": _enum(vocab.ids("market_categories"), "1 mange, 2 nogle, 3 få, 4 ingen."),
                        "assessed": {
                            "type": "integer",
                            "minimum": 2000,
                            "maximum": 2100,
                            "description": "Året for vurderingen.",
                        },
                    },
                    ["category", "assessed"],
                    "Miljømærke-markedskategori.",
                ),
                "labels": _list(label, "Relevante miljømærker."),
                "clean_vehicles": _object(
                    {
                        "contract_types": _codes(
                            vocab,
                            CVD_CONTRACT_FIELD,
                            "Kontrakttyper under direktivet om rene køretøjer, som kategoriens udbud kan være "
                            "(eForms BT-735, vocab/eforms.yaml), fx veh-acq.",
                        ),
                        "vehicle_categories": _codes(
                            vocab,
                            VEHICLE_FIELD,
                            "Køretøjskategorier efter direktivet (eForms BT-723, vocab/eforms.yaml), fx m1 eller n2-n3.",
                            min_items=0,
                        ),
                        "note": TEXT,
                    },
                    ["contract_types"],
                    "Kategoriens udbud er omfattet af direktivet om rene køretøjer (eForms BT-717 ja): "
                    "hvilke kontrakttyper og køretøjskategorier; note, når kun nogle af udbuddene er omfattet.",
                ),
                "search_terms": _object(
                    {
                        lang: _list(_string("Et ord eller udtryk."), f"Hverdagsord ({lang}).", 1)
                        for lang in ("da", "en")
                    },
                    ["da"],
                    "Hverdagsord for det, der købes under kategorien (produkter, ydelser, materialer), så søgningen "
                    "finder kategorien, også når kriterierne ikke bruger ordet.",
                ),
                "tco_tools": _list({"$ref": "#/definitions/link"}, "Miljøstyrelsens TCO-værktøjer."),
                "sources": LINK_LIST,
                "updated": DATE_REF,
                "criteria": _list(criterion, "Kategoriens kriterier.", min_items=1),
            },
            ["prefix", "title", "summary", "scope", "cpv", "label_market", "sources", "updated", "criteria"],
        ),
    }


EDITION_ID = r"^[a-z][a-z0-9-]{0,39}$"  # an edition's name: its file editions/<id>.yaml and --edition <id>


def edition_schema(vocab) -> dict:
    """The schema of an organisation's overlay, editions/<id>.yaml (opslag/source/editions.py): who
    the organisation is, which shared criteria are mandatory for its buyers (and by which decision)
    or recommended, its POGI commitments and own goals. Its own criteria are category files in
    editions/<id>/, checked with category_schema like every other."""
    decision = _object(
        {
            "id": _string(
                "Kort navn på beslutningen, som mandatory henviser til, fx klimaplan-2025.", pattern=VOCAB_ID
            ),
            "body": TEXT,
            "title": TEXT,
            "date": DATE_REF,
            "url": {"$ref": "#/definitions/url"},
        },
        ["id", "body", "title", "date", "url"],
        "En beslutning, der gør kriterier obligatoriske: hvem, hvad, hvornår og et link.",
    )
    mandatory = _object(
        {
            "id": _string("Id på et fælles kriterium, fx IT-01.", pattern=CRITERION_ID),
            "decision": _string("Id på beslutningen under decisions.", pattern=VOCAB_ID),
        },
        ["id", "decision"],
        "Et kriterium, organisationens indkøbere skal bruge, og beslutningen bag.",
    )
    return {
        "$schema": DRAFT,
        "title": "Udgave for en organisation i Det Grønne Opslagsværk",
        "definitions": DEFINITIONS,
        **_object(
            {
                "name": TEXT,
                "identity": TEXT,
                "example": TEXT,
                "contact": TEXT,
                "decisions": _list(decision, "Beslutningerne bag de obligatoriske kriterier."),
                "mandatory": _list(mandatory, "Fælles kriterier, der er obligatoriske for organisationens indkøbere."),
                "recommended": _list(
                    _string("Id på et fælles kriterium, fx RENS-02.", pattern=CRITERION_ID),
                    "Fælles kriterier, organisationen anbefaler.",
                ),
                "pogi_goals": _list(_enum(vocab.ids("goals"), "Id for et POGI-indkøbsmål."), "POGI-forpligtelser."),
                "goals": _list(TEXT, "Organisationens egne mål, fx 60 % økologi."),
                "sources": LINK_LIST,
            },
            ["name", "identity", "contact", "decisions", "mandatory", "sources"],
        ),
    }


def _vocab_entry(properties: dict, required: list, id_schema: dict) -> dict:
    return _object({"id": id_schema, **properties}, ["id", *required])


def _not_covered(ids) -> dict:
    """Why no category covers a POGI goal or an EU GPP group: the scope page shows it."""
    return _object(
        {
            "reason": _enum(ids("coverage_reasons"), "Id for en begrundelse i vocab/coverage_reasons.yaml."),
            "category": _string(
                "Den kategori, der dækker emnet i stedet (påkrævet for begrundelser med names_category).",
                pattern=CATEGORY_ID,
            ),
            "note": TEXT,
        },
        ["reason", "note"],
        "Ingen kategori dækker opslaget: begrundelsen, der vises på siden om opslagsværkets dækning.",
    )


def vocab_entry_schemas(vocab=None) -> dict:
    """The schema of one entry of each vocabulary. Entries that refer to another vocabulary
    (an EU GPP group's status, a reason why nothing covers an entry) take the allowed ids from
    `vocab`, loaded in the order of VOCAB_FILES (opslag/source/vocab.py); without it, none."""
    ids = vocab.ids if vocab is not None else (lambda key: [])
    return {
        # file key: (schema of one entry)
        "types": _vocab_entry(
            {"eu_gpp": _enum(list(EU_GPP_KINDS), "EU GPP-kode."), "label": TEXT, "description": TEXT},
            ["eu_gpp", "label", "description"],
            _string("Id.", pattern=VOCAB_ID),
        ),
        "levels": _vocab_entry(
            {
                "rank": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 100,
                    "description": "Orden; et niveau omfatter alle niveauer med lavere rang (kumulative niveauer).",
                },
                "label": TEXT,
                "description": TEXT,
            },
            ["rank", "label", "description"],
            _string("Id.", pattern=VOCAB_ID),
        ),
        "statuses": _vocab_entry(
            {
                "label": TEXT,
                "description": TEXT,
                "retired": {
                    "type": "boolean",
                    "description": "Udgået: tilbydes ikke til nye udbud; kun et udgået kriterium kan have replaced_by.",
                },
                "needs_note": {
                    "type": "boolean",
                    "description": "Kriterier med denne status skal have en note om, hvad der mangler.",
                },
            },
            ["label", "description"],
            _string("Id.", pattern=VOCAB_ID),
        ),
        "market_categories": _vocab_entry(
            {
                "label": TEXT,
                "description": TEXT,
                "suggests": _enum(
                    ids("types"),
                    "Den kravtype, et mærke i denne markedskategori bør bruges som (Mit udbuds råd til indkøberen); "
                    "udeladt: stil konkrete krav i stedet for at henvise til mærket.",
                ),
            },
            ["label", "description"],
            {"type": "integer", "minimum": 1, "maximum": 4},
        ),
        "labels": _vocab_entry(
            {
                "name": TEXT,
                "aliases": _list(
                    _string("Et andet navn."),
                    "Andre navne, mærket kendes under (fx Svanen, Nordic Swan); søgningen finder mærket under dem.",
                    1,
                ),
                "ambiguous_aliases": _list(
                    _string("Et af mærkets aliases."),
                    "Aliases, der også betyder noget andet i kravtekster (fx TCO: totalomkostninger); R222 leder ikke "
                    "efter dem. Søgningen bruger dem stadig.",
                    1,
                ),
                "issuer": TEXT,
                "url": {"$ref": "#/definitions/url"},
                "kind": _enum(
                    ["type1", "organic", "sustainability", "energy", "building", "product-safety", "industry"],
                    "Slags mærke.",
                ),
                "statutory": {
                    "type": "boolean",
                    "description": "Lovpligtig EU-mærkning, der klassificerer produktet (fx energimærket): ikke et mærke "
                    "efter udbudslovens § 46, så en kravtekst, der nævner det, skal ikke sige 'eller tilsvarende' (R222).",
                },
                "certifies": TEXT,
                "source": {"$ref": "#/definitions/link"},
            },
            ["name", "issuer", "url", "kind", "certifies", "source"],
            _string("Id.", pattern=CATEGORY_ID),
        ),
        "synonyms": _vocab_entry(
            {
                "words": _list(
                    _string("Et ord, som brugere skriver.", pattern=r"^\S+$"),
                    "Ord (uden mellemrum), der skal søges som id'et.",
                    1,
                ),
                "note": _string("Hvorfor (valgfri)."),
            },
            ["words"],
            _string("Ordet eller ordene, som kriterierne bruger, fx 'computer' eller 'vej belysning'."),
        ),
        "goals": _vocab_entry(
            {
                "number": {"type": "integer", "minimum": 1, "maximum": MAX_INT},
                "title": TEXT,
                "status": _enum(["gældende", "udgået"], "Status."),
                "url": {"$ref": "#/definitions/url"},
                "summary": TEXT,
                "note": TEXT,
                "not_covered": _not_covered(ids),
            },
            ["title", "status", "url", "summary"],
            _string("Id.", pattern=CATEGORY_ID),
        ),
        "gpp_statuses": _vocab_entry(
            {"label": TEXT, "description": TEXT}, ["label", "description"], _string("Id.", pattern=VOCAB_ID)
        ),
        "coverage_reasons": _vocab_entry(
            {
                "label": TEXT,
                "description": TEXT,
                "names_category": {
                    "type": "boolean",
                    "description": "Begrundelsen nævner den kategori, der dækker emnet i stedet (not_covered.category).",
                },
            },
            ["label", "description"],
            _string("Id.", pattern=VOCAB_ID),
        ),
        "eforms": _vocab_entry(
            {
                "field": _string("Feltets id i eForms SDK, fx BT-805-Lot.", pattern=EFORMS_FIELD),
                "name": _string("Feltets navn i eForms SDK (engelsk), fx Green Procurement Criteria."),
                "label": TEXT,
                "notice": _enum(
                    ["contract", "result"],
                    "Hvor feltet står: contract (udbudsbekendtgørelsen) eller result (bekendtgørelse om indgåede kontrakter).",
                ),
                "repeatable": {"type": "boolean", "description": "Feltet kan gentages (flere koder pr. delkontrakt)."},
                "codelist": _object(
                    {
                        "id": _string("Kodelistens id i eForms, fx gpp-criteria.", pattern=EFORMS_CODE),
                        "version": _string("Kodelistens version i SDK-udgaven."),
                        "url": {"$ref": "#/definitions/url"},
                    },
                    ["id", "version", "url"],
                    "Kodelisten: id, version og adressen på filen i SDK-udgaven.",
                ),
                "url": {"$ref": "#/definitions/url"},
                "description": TEXT,
                "codes": _list(
                    _vocab_entry(
                        {"label": TEXT},
                        ["label"],
                        _string("Koden, som TED skriver den, fx clim-mitig.", pattern=EFORMS_CODE),
                    ),
                    "Kodelistens koder med TED's danske og engelske etiketter.",
                    1,
                ),
            },
            ["field", "name", "label", "notice", "repeatable", "codelist", "url", "description", "codes"],
            _string("Forretningsbegrebet (business term), fx BT-805.", pattern=EFORMS_TERM),
        ),
        "gpp_groups": _vocab_entry(
            {
                "name": TEXT,
                "document": _string("Titlen på Kommissionens kriteriedokument, som Kommissionen skriver den."),
                "year": {"type": "integer", "minimum": 2000, "maximum": 2100, "description": "Kriteriesættets år."},
                "status": _enum(ids("gpp_statuses"), "Status hos Kommissionen (vocab/gpp_statuses.yaml)."),
                "url": {"$ref": "#/definitions/url"},
                "note": TEXT,
                "not_covered": _not_covered(ids),
            },
            ["name", "document", "status", "url"],
            _string("Id.", pattern=CATEGORY_ID),
        ),
    }


# Fields a vocabulary file holds beside its list (file key -> {field: schema}), all required.
VOCAB_FILE_FIELDS = {
    "statuses": {
        "lifecycle": _object(
            {
                "grace_months": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 60,
                    "description": "Overgangsperiode: så mange måneder efter en ny version (eller efter at kriteriet "
                    "er udgået) accepteres den forrige version stadig i udbud.",
                },
                "reader_notes_from": {
                    **DATE_REF,
                    "description": "Poster i history om en ny version (2 og senere) dateret denne dag eller senere "
                    "skal have en note til ordregivere (R255); ældre poster er fra før reglen.",
                },
            },
            ["grace_months", "reader_notes_from"],
            "Versionernes livsløb: overgangsperioden og fra hvornår history skal have noter til ordregivere.",
        )
    },
    "eforms": {
        "sdk": _object(
            {
                "version": _string("eForms SDK-udgaven, koderne og etiketterne er taget fra, fx 1.15.1."),
                "url": {"$ref": "#/definitions/url"},
                "docs": {"$ref": "#/definitions/url"},
            },
            ["version", "url", "docs"],
            "eForms SDK: udgave, adresse og dokumentation.",
        )
    },
}


def vocab_schema(key: str, vocab=None) -> dict:
    extra = VOCAB_FILE_FIELDS.get(key, {})
    return {
        "$schema": DRAFT,
        "definitions": DEFINITIONS,
        **_object({**extra, key: _list(vocab_entry_schemas(vocab)[key], "Opslag.", 1)}, [*extra, key]),
    }


def dumps(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

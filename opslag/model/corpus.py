"""The checked data as objects the renderers share: categories, criteria, vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field

VOCAB_NAME_FIELD = {"labels": "name", "goals": "title", "gpp_groups": "name"}  # the others call it "label"


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Danish and (maybe) English."""

    da: str
    en: str | None = None

    @classmethod
    def of(cls, value) -> Text | None:
        if value is None:
            return None
        return cls(value["da"].strip(), value["en"].strip() if value.get("en") else None)

    def get(self, lang: str) -> str:
        """The text in `lang`, or the Danish text when untranslated (callers mark that: see `translated`)."""
        return (self.en or self.da) if lang == "en" else self.da

    def translated(self, lang: str) -> bool:
        return lang == "da" or self.en is not None


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Version:
    """An earlier version of a criterion: its texts as they read while it was current (the history
    entry's `text`), published at urls.version and compared with the current text."""

    version: int
    date: str
    change: Text
    requirement: Text
    verification: Text
    follow_up: Text | None


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    version: int
    type: str
    level: str
    status: str
    valid_from: str
    title: Text
    requirement: Text
    verification: Text
    rationale: Text
    follow_up: Text | None
    guidance: Text | None  # advice to the procurer; never part of the tender text
    related: tuple  # ids of related criteria
    labels: tuple
    environmental_impact: tuple  # eForms BT-774 codes (vocab/eforms.yaml)
    eu_gpp: dict | None
    note: Text | None
    replaced_by: str | None
    sources: tuple
    history: tuple  # of (version, date, Text)
    category: str
    reader_notes: tuple = ()  # of (version, Text): what a history entry means for a tender, for procurers
    errata: tuple = ()  # of (date, Text): corrections that change no meaning (no new version)

    def reader_note(self, version: int) -> Text | None:
        return next((text for v, text in self.reader_notes if v == version), None)

    earlier: tuple = ()  # of Version: the earlier versions whose texts the history keeps, oldest first

    @property
    def cite(self) -> str:
        return f"{self.id}:{self.version}"

    @property
    def anchor(self) -> str:
        return self.id.lower()

    @property
    def last_changed(self) -> str:
        """The newest date in the history or the errata: when the criterion last changed."""
        return max([self.history[-1][1], *(date for date, _ in self.errata)])


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    prefix: str
    title: Text
    summary: Text
    scope: Text
    cpv: tuple
    pogi_goals: tuple
    eu_gpp_groups: tuple  # the EU GPP criteria sets the category covers (vocab/eu_gpp_groups.yaml)
    label_market: dict
    labels: tuple
    clean_vehicles: dict | None  # under the Clean Vehicles Directive: eForms BT-735/BT-723 codes, note
    search_terms: dict  # {"da": [...], "en": [...]}: everyday words for what is bought
    tco_tools: tuple
    sources: tuple
    updated: str
    criteria: tuple


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision that made criteria mandatory for an organisation's buyers."""

    id: str
    body: Text
    title: Text
    date: str
    url: str


@dataclass(frozen=True, slots=True)
class Edition:
    """An organisation's edition (editions/<id>.yaml): what is mandatory or recommended for its
    buyers, its commitments and its own categories (`own`, ids; their criteria are in the corpus)."""

    id: str
    name: Text
    identity: Text
    example: Text | None
    contact: Text
    decisions: dict  # id -> Decision
    mandatory: dict  # criterion id -> Decision
    recommended: tuple
    pogi_goals: tuple
    goals: tuple  # of Text
    sources: tuple
    own: tuple  # the edition's own category ids


def build_edition(data: dict | None) -> Edition | None:
    if not data:
        return None
    decisions = {
        d["id"]: Decision(d["id"], Text.of(d["body"]), Text.of(d["title"]), d["date"], d["url"])
        for d in data["decisions"]
    }
    return Edition(
        id=data["id"],
        name=Text.of(data["name"]),
        identity=Text.of(data["identity"]),
        example=Text.of(data.get("example")),
        contact=Text.of(data["contact"]),
        decisions=decisions,
        mandatory={m["id"]: decisions[m["decision"]] for m in data["mandatory"]},
        recommended=tuple(data.get("recommended", [])),
        pogi_goals=tuple(data.get("pogi_goals", [])),
        goals=tuple(Text.of(g) for g in data.get("goals", [])),
        sources=_links(data["sources"]),
        own=tuple(data["own"]),
    )


@dataclass
class Corpus:
    categories: list
    vocab: object  # opslag.source.vocab.Vocabulary
    criteria: dict = field(default_factory=dict)  # id -> Criterion
    edition: Edition | None = None  # the organisation's edition built; None: the national library

    def __post_init__(self):
        self.criteria = {c.id: c for cat in self.categories for c in cat.criteria}
        self._by_id = {cat.id: cat for cat in self.categories}  # category() runs per criterion in the exports
        self._derived: dict = {}

    def derived(self, name: str, make):
        """make()'s value, made once for this corpus (which does not change once made): a view of
        the whole corpus that several pages and files read. Shared: never change it."""
        if name not in self._derived:
            self._derived[name] = make()
        return self._derived[name]

    def category(self, cat_id: str) -> Category:
        return self._by_id[cat_id]

    def criteria_with_label(self, label: str) -> list:
        return [c for c in self.criteria.values() if label in c.labels]

    def categories_with_goal(self, goal: str) -> list:
        return [cat for cat in self.categories if goal in cat.pogi_goals]

    def categories_with_gpp_group(self, group: str) -> list:
        return [cat for cat in self.categories if group in cat.eu_gpp_groups]

    def criteria_of_type(self, type_: str) -> list:
        return [c for c in self.criteria.values() if c.type == type_]

    def vocab_name(self, key: str, id_) -> Text:
        """What a vocabulary entry is called: an ecolabel's name, a goal's title, else its label."""
        return Text.of(self.vocab.get(key, id_)[VOCAB_NAME_FIELD.get(key, "label")])


def _links(items) -> tuple:
    return tuple(Link(i["title"].strip(), i["url"]) for i in items or [])


def _clean_vehicles(value) -> dict | None:
    if value is None:
        return None
    return {
        "contract_types": tuple(value["contract_types"]),
        "vehicle_categories": tuple(value.get("vehicle_categories", [])),
        "note": Text.of(value.get("note")),
    }


def _earlier(history) -> tuple:
    return tuple(
        Version(
            h["version"],
            h["date"],
            Text.of(h["change"]),
            Text.of(h["text"]["requirement"]),
            Text.of(h["text"]["verification"]),
            Text.of(h["text"].get("follow_up")),
        )
        for h in history
        if "text" in h
    )


def build_corpus(categories: dict, vocab, edition: dict | None = None) -> Corpus:
    """From checked category data (id -> dict) to a Corpus. Input order is by id. `edition`: the
    checked overlay of an organisation's edition (CheckResult.edition), or None."""
    return Corpus(
        [build_category(cat_id, data) for cat_id, data in sorted(categories.items())],
        vocab,
        edition=build_edition(edition),
    )


def build_category(cat_id: str, data: dict) -> Category:
    """One category's checked data as a Category: each is made on its own, so a reader of many can
    let each category's data go once it is made (opslag/site/checked_file.py, #21)."""
    criteria = tuple(
        Criterion(
            id=c["id"],
            version=c["version"],
            type=c["type"],
            level=c["level"],
            status=c["status"],
            valid_from=c["valid_from"],
            title=Text.of(c["title"]),
            requirement=Text.of(c["requirement"]),
            verification=Text.of(c["verification"]),
            rationale=Text.of(c["rationale"]),
            follow_up=Text.of(c.get("follow_up")),
            guidance=Text.of(c.get("guidance")),
            related=tuple(c.get("related", [])),
            labels=tuple(c.get("labels", [])),
            environmental_impact=tuple(c.get("environmental_impact", [])),
            eu_gpp=c.get("eu_gpp"),
            note=Text.of(c.get("note")),
            replaced_by=c.get("replaced_by"),
            sources=_links(c["sources"]),
            history=tuple((h["version"], h["date"], Text.of(h["change"])) for h in c["history"]),
            category=cat_id,
            reader_notes=tuple((h["version"], Text.of(h["note"])) for h in c["history"] if h.get("note")),
            errata=tuple((e["date"], Text.of(e["change"])) for e in c.get("errata", [])),
            earlier=_earlier(c["history"]),
        )
        for c in data["criteria"]
    )
    return Category(
        id=cat_id,
        prefix=data["prefix"],
        title=Text.of(data["title"]),
        summary=Text.of(data["summary"]),
        scope=Text.of(data["scope"]),
        cpv=tuple(data["cpv"]),
        pogi_goals=tuple(data.get("pogi_goals", [])),
        eu_gpp_groups=tuple(data.get("eu_gpp_groups", [])),
        label_market=data["label_market"],
        labels=tuple(data.get("labels", [])),
        clean_vehicles=_clean_vehicles(data.get("clean_vehicles")),
        search_terms={lang: tuple(words) for lang, words in sorted(data.get("search_terms", {}).items())},
        tco_tools=_links(data.get("tco_tools")),
        sources=_links(data["sources"]),
        updated=data["updated"],
        criteria=criteria,
    )

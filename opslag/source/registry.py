"""The one registry of rules: every code the checker and the review diff can report.

For each code: its severity, a short name, what it means (Danish and English) and every message
it can give, each in Danish and English with named fields. The modules that find problems only
name a code, a message key and the fields (`Source.report(position, code, path, key, **fields)`);
the words live here. The table of codes in CONTRIBUTING.md (`build.py codes`), the `--lang`
option and the tests (every message of every rule must be produced by a test case, see
tests/rule_cases.py) all come from this table. `OWNER` says which module emits a code; a test
keeps each code inside its module, so no rule is written twice.

Codes: Y loading YAML, S the data model (JSON Schema), R rules across fields and files,
W warnings (errors under `check --strict`, as in CI), D the review of a change against git.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
LANGS = ("da", "en")


@dataclass(frozen=True)
class L:
    """A value that differs by language (a field of a message, e.g. a type's name)."""

    da: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.da


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    name: str
    meaning: L
    messages: dict  # key -> L (templates with {fields})


def _rule(code, severity, name, meaning_da, meaning_en, **messages) -> Rule:
    return Rule(
        code, severity, name, L(meaning_da, meaning_en), {key.lstrip("_"): L(*texts) for key, texts in messages.items()}
    )


DATAMODEL = "docs/da/datamodel.md"

RULES = [
    # -- Y: loading (opslag/source/yamlsource.py) -----------------------------------------------------
    _rule(
        "Y001",
        ERROR,
        "yaml-syntax",
        "Filen er ikke gyldig YAML (et kolon, et citationstegn eller en indrykning er forkert).",
        "The file is not valid YAML (a colon, quote or indentation is off).",
        syntax=(
            "{problem}; tjek indrykningen, og at tekst med ': ' eller '#' står i citationstegn.",
            "{problem}; check the indentation and that text containing ': ' or '#' is quoted.",
        ),
        character=("{problem}; fjern tegnet.", "{problem}; remove the character."),
    ),
    _rule(
        "Y002",
        ERROR,
        "tab-indent",
        "Et tabulatortegn bruges til indrykning; YAML tillader kun mellemrum.",
        "A tab character is used for indentation; YAML allows only spaces.",
        _=(
            "der er indrykket med tabulator; indryk kun med mellemrum.",
            "a tab is used for indentation; indent with spaces only.",
        ),
    ),
    _rule(
        "Y003",
        ERROR,
        "duplicate-key",
        "Den samme nøgle står to gange i ét kort; den sidste ville stille vinde.",
        "The same key appears twice in one mapping; the second would silently win.",
        _=(
            "nøglen '{key}' står to gange (første gang i linje {line}); behold den ene og slet den anden.",
            "duplicate key '{key}' (first at line {line}); keep one and delete the other.",
        ),
    ),
    _rule(
        "Y004",
        ERROR,
        "anchor-alias",
        "Ankre (&) og aliaser (*) er ikke tilladt; skriv værdien ud.",
        "Anchors (&) and aliases (*) are not allowed; write the value out.",
        alias=(
            "aliaset '*{name}' er ikke tilladt; skriv værdien ud.",
            "alias '*{name}' is not allowed; write the value out.",
        ),
        anchor=(
            "ankeret '&{name}' er ikke tilladt; skriv værdien ud.",
            "anchor '&{name}' is not allowed; write the value out.",
        ),
    ),
    _rule(
        "Y005",
        ERROR,
        "merge-key",
        "Flettenøgler (<<) er ikke tilladt; skriv felterne ud.",
        "Merge keys (<<) are not allowed; write the fields out.",
        _=(
            "flettenøglen '<<' er ikke tilladt; skriv felterne ud.",
            "merge key '<<' is not allowed; write the fields out.",
        ),
    ),
    _rule(
        "Y006",
        ERROR,
        "custom-tag",
        "Tags (!noget) er ikke tilladt; skriv almindelige værdier.",
        "Tags (!something) are not allowed; write plain values.",
        _=("tagget '{tag}' er ikke tilladt; fjern det.", "tag '{tag}' is not allowed; remove it."),
    ),
    _rule(
        "Y007",
        ERROR,
        "non-string-key",
        "En nøgle skal være et almindeligt ord, ikke et tal, true/false, null eller en samling.",
        "A key must be a plain word, not a number, boolean, null or collection.",
        collection=(
            "en nøgle skal være tekst, ikke en liste eller et kort.",
            "a key must be text, not a list or mapping.",
        ),
        scalar=(
            "nøglen {key} er ikke tekst; brug et feltnavn, eller sæt den i citationstegn.",
            "key {key} is not text; use a field name or quote it.",
        ),
    ),
    _rule(
        "Y008",
        ERROR,
        "multiple-documents",
        "En fil rummer præcis ét YAML-dokument; fjern det ekstra '---'.",
        "A file holds exactly one YAML document; remove the extra '---'.",
        _=(
            "et andet YAML-dokument begynder her; en fil rummer ét.",
            "a second YAML document starts here; a file holds one.",
        ),
    ),
    _rule(
        "Y009",
        ERROR,
        "empty-file",
        "Filen er tom.",
        "The file is empty.",
        _=(
            f"filen er tom; skriv kategoriens felter (se {DATAMODEL}).",
            f"the file is empty; write the category's fields (see {DATAMODEL}).",
        ),
    ),
    _rule(
        "Y010",
        ERROR,
        "not-a-mapping",
        "Filens øverste niveau skal være et kort med felter.",
        "The top level of the file must be a mapping of fields.",
        list=(
            "det øverste niveau er en liste; det skal være et kort med felter som 'title:'.",
            "the top level is a list; it must be a mapping of fields such as 'title:'.",
        ),
        scalar=(
            "det øverste niveau er en enkelt værdi; det skal være et kort med felter som 'title:'.",
            "the top level is a single value; it must be a mapping of fields such as 'title:'.",
        ),
    ),
    _rule(
        "Y011",
        ERROR,
        "encoding",
        "Filen er ikke gyldig UTF-8.",
        "The file is not valid UTF-8.",
        _=(
            "byten 0x{byte} er ikke gyldig UTF-8; gem filen som UTF-8.",
            "byte 0x{byte} is not valid UTF-8; save the file as UTF-8.",
        ),
    ),
    _rule(
        "Y012",
        ERROR,
        "too-large",
        "Filen er større end grænsen.",
        "The file is larger than the limit.",
        _=(
            "filen fylder {size} byte; grænsen er {limit}. Del kategorien op.",
            "file is {size} bytes; the limit is {limit}. Split the category.",
        ),
    ),
    _rule(
        "Y013",
        ERROR,
        "too-deep",
        "Filen har samlinger inden i hinanden dybere end grænsen.",
        "The file nests collections deeper than the limit.",
        _=(
            "mere end {depth} niveauer inden i hinanden; gør data fladere.",
            "nesting deeper than {depth} levels; flatten the data.",
        ),
    ),
    _rule(
        "Y014",
        ERROR,
        "not-a-file",
        "Ikke en almindelig fil i mappen: et link ud af den, en enhed, en pipe eller en mappe.",
        "Not a regular file inside the folder: a link out of it, a device, a pipe or a folder.",
        outside=(
            "er et link til {target}, uden for {folder}; kun filer i mappen læses. Kopiér filen ind i stedet for at linke til den.",
            "is a link to {target}, outside {folder}; only files inside the folder are read. Copy the file in instead of linking to it.",
        ),
        dangling=(
            "linket kan ikke følges ({reason}); erstat linket med selve filen.",
            "cannot be followed ({reason}); replace the link with the file itself.",
        ),
        unreadable=(
            "kan ikke læses ({reason}); tjek, at det er en fil, du må læse.",
            "cannot be read ({reason}); check that it is a file you may read.",
        ),
        not_regular=(
            "er {kind}, ikke en almindelig fil; kun almindelige YAML-filer læses.",
            "is {kind}, not a regular file; only plain YAML files are read.",
        ),
    ),
    # -- S: the data model (opslag/source/jsonschema_check.py) ----------------------------------------
    _rule(
        "S101",
        ERROR,
        "unknown-field",
        "Et felt, datamodellen ikke kender (ofte en stavefejl).",
        "A field that the data model does not know (often a misspelling).",
        _=(
            "ukendt felt '{key}'.{hint} Tilladt her: {allowed}.",
            "unknown field '{key}'.{hint} Allowed here: {allowed}.",
        ),
    ),
    _rule(
        "S102",
        ERROR,
        "missing-field",
        "Et påkrævet felt mangler.",
        "A mandatory field is missing.",
        _=(
            f"feltet '{{key}}' mangler; tilføj det (se {DATAMODEL}).",
            f"missing field '{{key}}'; add it (see {DATAMODEL}).",
        ),
    ),
    _rule(
        "S103",
        ERROR,
        "wrong-type",
        "En værdi har forkert type (fx et tal, hvor der skal stå tekst).",
        "A value has the wrong type (e.g. a number where text is expected).",
        _=("forventede {expected}, fik {got} {shown}.{hint}", "expected {expected}, got {got} {shown}.{hint}"),
    ),
    _rule(
        "S104",
        ERROR,
        "not-allowed-value",
        "En værdi er ikke en af de tilladte.",
        "A value is not one of the allowed values.",
        _=(
            "værdien er ikke tilladt: {shown}.{hint} Tilladt: {allowed}.",
            "value not allowed: {shown}.{hint} Allowed: {allowed}.",
        ),
        other=("{detail}", "{detail}"),
    ),
    _rule(
        "S105",
        ERROR,
        "bad-format",
        "En værdi har ikke det krævede format (id, CPV-kode, dato).",
        "A value does not have the required format (id, CPV code, date).",
        _=("'{value}' har forkert format. {description}", "'{value}' has the wrong format. {description}"),
    ),
    _rule(
        "S106",
        ERROR,
        "out-of-range",
        "Et tal eller en listes længde er uden for det tilladte.",
        "A number or list length is outside the allowed range.",
        _=("{limit_text} {limit}. {description}", "{limit_text} {limit}. {description}"),
    ),
    _rule(
        "S107",
        ERROR,
        "not-https",
        "En adresse skal begynde med https://.",
        "A URL must start with https://.",
        _=(
            "'{value}' er ikke en https://-adresse; brug linkets https://-form.",
            "'{value}' is not an https:// address; use the https:// form of the link.",
        ),
    ),
    # -- R: rules the schema cannot express ------------------------------------------------------
    _rule(
        "R201",
        ERROR,
        "impossible-date",
        "En dato, der ikke findes i kalenderen, eller et år uden for 1990-2099.",
        "A date that does not exist in the calendar, or a year outside 1990-2099.",
        calendar=(
            "'{value}' er ikke en dato i kalenderen; tjek dag og måned.",
            "'{value}' is not a date in the calendar; check day and month.",
        ),
        years=(
            "'{value}' er ikke mellem {first} og {last}; tjek året.",
            "'{value}' is not between {first} and {last}; check the year.",
        ),
    ),
    _rule(
        "R202",
        ERROR,
        "duplicate-id",
        "To kriterier (eller to opslag i et ordforråd) har samme id.",
        "Two criteria (or vocabulary entries) share an id.",
        criterion=(
            "id'et '{id}' er allerede brugt ({other}); id'er genbruges aldrig, tag det næste ledige nummer.",
            "id '{id}' is already used ({other}); ids are never reused, take the next free number.",
        ),
        vocab=(
            "id'et '{id}' er brugt to gange i {vocab_file}; giv hvert opslag sit eget id.",
            "id '{id}' is used twice in {vocab_file}; give each entry its own id.",
        ),
    ),
    _rule(
        "R203",
        ERROR,
        "id-prefix",
        "Et kriteriums id begynder ikke med kategoriens præfiks.",
        "A criterion id does not start with its category's prefix.",
        _=(
            "id'et '{id}' skal begynde med kategoriens præfiks '{prefix}-'.",
            "id '{id}' must start with this category's prefix '{prefix}-'.",
        ),
    ),
    _rule(
        "R204",
        ERROR,
        "unknown-reference",
        "En henvisning til et miljømærke, et POGI-mål, en EU GPP-gruppe, en begrundelse eller en eForms-kode, der ikke findes.",
        "A reference to a label, POGI goal, EU GPP group, reason or eForms code that does not exist.",
        _=(
            "ukendt henvisning: {shown}.{hint} Tilladt: {allowed}.",
            "unknown reference: {shown}.{hint} Allowed: {allowed}.",
        ),
    ),
    _rule(
        "R205",
        ERROR,
        "history-version",
        "Historikkens versioner stiger ikke, eller den sidste er ikke den aktuelle version.",
        "The history's versions do not increase, or the last one is not the current version.",
        behind=(
            "den sidste post i history er version {last}, men 'version' er {version}; tilføj en post for den nye version (nyeste sidst).",
            "the last history entry is version {last} but 'version' is {version}; add a history entry for the new version (newest last).",
        ),
        order=(
            "versionerne i history skal stige, ældste først (version {before} står før {after}).",
            "history versions must increase, oldest first (version {before} comes before {after}).",
        ),
    ),
    _rule(
        "R206",
        ERROR,
        "duplicate-prefix",
        "To kategorier bruger samme præfiks.",
        "Two categories use the same id prefix.",
        _=(
            "præfikset '{prefix}' bruges allerede af kategorien '{other}'; vælg et andet.",
            "prefix '{prefix}' is already used by category '{other}'; choose another.",
        ),
    ),
    _rule(
        "R207",
        ERROR,
        "draft-without-note",
        "Et kriterium, der er udkast, skal i 'note' sige, hvad der mangler.",
        "A draft (udkast) criterion must say in 'note' what is missing.",
        _=(
            "et udkast skal have en 'note:', der siger, hvad der skal bekræftes, før det kan bruges.",
            "a draft needs a 'note:' saying what must be confirmed before it can be used.",
        ),
    ),
    _rule(
        "R208",
        ERROR,
        "bad-file-name",
        "En kategorifils navn skal være små bogstaver, cifre og bindestreg.",
        "A category file name must be lower-case letters, digits and hyphens.",
        _=(
            "filnavnet '{name}' skal være små bogstaver a-z, cifre og bindestreg, højst 60 tegn, fx 'it-udstyr.yaml'.",
            "file name '{name}' must be lower-case letters a-z, digits and hyphens, at most 60 characters, e.g. 'it-udstyr.yaml'.",
        ),
    ),
    _rule(
        "R209",
        ERROR,
        "markup-in-text",
        "Tekstfelter er ren tekst; HTML-tags er ikke tilladt.",
        "Text fields are plain text; HTML tags are not allowed.",
        _=(
            "HTML er ikke tilladt i tekst; skriv ren tekst (den vises som tekst).",
            "HTML markup is not allowed in text; write plain text (it is shown as text).",
        ),
    ),
    _rule(
        "R210",
        ERROR,
        "unknown-criterion",
        "replaced_by eller related nævner et kriterium, der ikke findes, eller kriteriet selv.",
        "replaced_by or related names a criterion that does not exist, or itself.",
        unknown=("ukendt kriterium '{id}'.{hint}", "unknown criterion '{id}'.{hint}"),
        related_self=("et kriterium kan ikke være relateret til sig selv.", "a criterion cannot be related to itself."),
        replaced_self=(
            "et kriterium kan ikke være afløst af sig selv; skriv id'et på det kriterium, der afløser det.",
            "a criterion cannot be replaced by itself; write the id of the criterion that replaces it.",
        ),
    ),
    _rule(
        "R211",
        ERROR,
        "placeholder",
        "En pladsholder er forkert skrevet, ikke lukket, gammeldags ([X]) eller uden for udbudsteksterne.",
        "A placeholder is malformed, unclosed, old-style ([X]) or outside the tender texts.",
        outside=(
            "pladsholdere ([[…]]) hører kun til i requirement, verification og follow_up; skriv teksten ud her.",
            "placeholders ([[…]]) belong only in requirement, verification and follow_up; write the text out here.",
        ),
        no_label=(
            "'[[{body}]]' har ingen betegnelse; skriv, hvad ordregiveren udfylder, fx '[[antal år]]'.",
            "'[[{body}]]' has no label; write what the procurer fills in, e.g. '[[antal år]]'.",
        ),
        long_label=(
            "betegnelsen '{label}…' er længere end {max} tegn; hold den kort, og skriv forklaringen i teksten.",
            "the label '{label}…' is longer than {max} characters; keep it short and put the explanation in the text.",
        ),
        bad_key=(
            "'{part}' i '[[{body}]]' er ikke 'enhed: …', 'forslag: …' eller 'valg: a | b'; skriv en af dem efter et ';'.",
            "'{part}' in '[[{body}]]' is not 'enhed: …', 'forslag: …' or 'valg: a | b'; write one of those after a ';'.",
        ),
        twice=(
            "'{key}' står to gange i '[[{body}]]'; behold den ene.",
            "'{key}' is given twice in '[[{body}]]'; keep one.",
        ),
        empty=(
            "'{key}:' i '[[{body}]]' har ingen værdi; skriv en, eller fjern den.",
            "'{key}:' in '[[{body}]]' has no value; write one or remove it.",
        ),
        few_options=(
            "valget i '[[{body}]]' skal have to eller flere muligheder adskilt af '|', fx 'valg: Bronze | Sølv | Guld'.",
            "the choice in '[[{body}]]' needs two or more options separated by '|', e.g. 'valg: Bronze | Sølv | Guld'.",
        ),
        repeated_option=(
            "valget i '[[{body}]]' nævner en mulighed to gange.",
            "the choice in '[[{body}]]' lists an option twice.",
        ),
        unit_in_choice=(
            "'[[{body}]]' er et valg; en enhed hører til i mulighederne.",
            "'[[{body}]]' is a choice; a unit belongs in the options.",
        ),
        default_not_option=(
            "det foreslåede '{default}' i '[[{body}]]' er ikke en af mulighederne.",
            "the suggested value '{default}' in '[[{body}]]' is not one of the options.",
        ),
        unclosed=(
            "'[[' ved '{near}' er ikke lukket med ']]' på samme linje (eller rummer en anden parentes); gør pladsholderen færdig.",
            "'[[' near '{near}' is not closed with ']]' on the same line (or holds another bracket); finish the placeholder.",
        ),
        unopened=(
            "']]' ved '{near}' har intet '[[' foran sig på samme linje.",
            "']]' near '{near}' has no '[[' before it on the same line.",
        ),
        old_style=(
            "kantet parentes ved '{near}': skriv en pladsholder som '[[antal år]]', '[[andel; enhed: %; forslag: 60]]' eller "
            "'[[niveau; valg: A | B]]'; udbudstekst har ingen andre kantede parenteser (brug almindelige parenteser).",
            "square bracket near '{near}': write a placeholder as '[[antal år]]', '[[andel; enhed: %; forslag: 60]]' or "
            "'[[niveau; valg: A | B]]'; tender text has no other brackets (use parentheses).",
        ),
    ),
    _rule(
        "R212",
        ERROR,
        "placeholder-languages",
        "Den danske og den engelske tekst i et felt har forskellige pladsholdere.",
        "The Danish and English text of a field have different placeholders.",
        _=(
            "den engelske {field} har pladsholderne {en}, men den danske har {da}; brug de samme pladsholdere i samme rækkefølge "
            "(samme slags, muligheder og forslag).",
            "the English {field} has placeholders {en} but the Danish has {da}; use the same placeholders in the same order "
            "(same kind, options and suggestion).",
        ),
    ),
    _rule(
        "R213",
        ERROR,
        "braces-in-text",
        "Krøllede parenteser er ikke tilladt i tekst: Markdown læser '{: ... }' som HTML-attributter.",
        "Curly braces are not allowed in text: Markdown would read '{: ... }' as HTML attributes.",
        _=(
            "krøllede parenteser {{ }} er ikke tilladt i tekst: Markdown læser '{{: ... }}' som HTML-attributter. Brug almindelige parenteser ( ).",
            "curly braces {{ }} are not allowed in text: Markdown reads '{{: ... }}' as HTML attributes. Use parentheses ( ) instead.",
        ),
    ),
    _rule(
        "R214",
        ERROR,
        "control-character",
        "En tekst rummer et usynligt styre- eller retningstegn, som Word ikke kan gemme, eller som skjuler, hvad teksten siger.",
        "A text holds an invisible control or direction character that Word cannot store or that hides what the text says.",
        _=(
            "teksten rummer det usynlige tegn {character} ved tegn {at}; slet det (Word kan ikke gemme det, og det kan skjule, hvad teksten siger).",
            "the text holds the invisible character {character} at character {at}; delete it (Word cannot store it and it can hide what the text says).",
        ),
    ),
    _rule(
        "R215",
        ERROR,
        "line-break-in-title",
        "Titler, navne, betegnelser, id'er og adresser er én linje.",
        "Titles, names, labels, ids and addresses are one line.",
        field=("'{field}' er én linje; fjern linjeskiftet.", "'{field}' is one line; remove the line break."),
        title=(
            "en {field} er én linje; fjern linjeskiftet (brug '>' eller én lang linje, ikke '|', til en lang titel).",
            "a {field} is one line; remove the line break (use '>' or one long line, not '|', for a long title).",
        ),
    ),
    _rule(
        "R216",
        ERROR,
        "blank-text",
        "En tekst består kun af mellemrum.",
        "A text holds only spaces.",
        _=(
            "teksten er tom (kun mellemrum); skriv teksten, eller fjern feltet.",
            "the text is blank (only spaces); write the text or remove the field.",
        ),
    ),
    _rule(
        "R217",
        ERROR,
        "link-in-text",
        "Tekster rummer ingen links (Markdown-links, javascript:, http://); kilder står i 'sources' med https://-adresser.",
        "Texts hold no links (Markdown links, javascript:, http://); sources go in 'sources' with https:// addresses.",
        _=(
            "'{link}': tekster rummer ingen links; sæt kilden i 'sources' med en https://-adresse, og henvis til den med ord.",
            "'{link}': texts hold no links; put the source in 'sources' with an https:// address and refer to it in words.",
        ),
    ),
    _rule(
        "R218",
        ERROR,
        "reserved-name",
        "Et id for en kategori, et miljømærke, et POGI-mål eller en kravtype er et navn, sitet selv bruger til sine sider (index, soeg, downloads, opslag …).",
        "A category, ecolabel, POGI goal or type id is a name the site uses for its own pages (index, soeg, downloads, opslag ...).",
        file=(
            "'{name}' er et navn, sitet selv bruger (sine sider og downloads); giv filen et mere præcist navn, fx '{name}-produkter.yaml'.",
            "'{name}' is a name the site uses itself (its pages and downloads); rename the file to a more specific name, e.g. '{name}-produkter.yaml'.",
        ),
        vocab=(
            "id'et '{id}' er et navn, sitet selv bruger (det ville erstatte en af dets sider); vælg et mere præcist id.",
            "id '{id}' is a name the site uses itself (it would replace one of its pages); choose a more specific id.",
        ),
    ),
    _rule(
        "R219",
        ERROR,
        "duplicate-category-file",
        "To filer er samme kategori (x.yaml og x.yml).",
        "Two files name the same category (x.yaml and x.yml).",
        _=(
            "'{name}' og '{other}' er begge kategorien '{id}' (id'et er filnavnet, uanset endelsen); behold den ene fil.",
            "'{name}' and '{other}' are both category '{id}' (the id is the file name, whatever the extension); keep one file.",
        ),
    ),
    _rule(
        "R220",
        ERROR,
        "no-categories",
        "Mappen med kriterier har ingen kategorifiler eller kan ikke læses.",
        "The criteria folder holds no category files, or cannot be read.",
        unreadable=(
            "mappen kan ikke læses ({reason}); giv --criteria en mappe med kategorifiler, du må læse.",
            "cannot read the folder ({reason}); give --criteria a folder of category files you may read.",
        ),
        empty=(
            "ingen kategorifiler (*.yaml) i mappen; tilføj en, eller giv --criteria den mappe, der rummer dem.",
            "no category files (*.yaml) in this folder; add one, or give --criteria the folder that holds them.",
        ),
    ),
    _rule(
        "R221",
        ERROR,
        "eu-gpp-kind",
        "En EU GPP-henvisning af én slags (SC, TS, AC, CPC) på et kriterium af en anden type.",
        "An EU GPP reference of one kind (SC, TS, AC, CPC) on a criterion of another type.",
        _=(
            "EU GPP-henvisningen '{ref}' er af slagsen {kind} ('{kind_type}' her), men kriteriets type er '{type}' ({type_kind}); "
            "ret typen eller henvisningen.",
            "the EU GPP reference '{ref}' is of kind {kind} ('{kind_type}' here), but this criterion's type is '{type}' "
            "({type_kind}); correct the type or the reference.",
        ),
    ),
    # -- R222-R225: the wording of tender text (opslag/source/wording.py) ---------------------------
    _rule(
        "R222",
        ERROR,
        "equivalence-wording",
        "En kravtekst nævner en standard eller et miljømærke uden at sige i samme sætning, at tilsvarende accepteres "
        "(udbudsloven § 41, stk. 1, nr. 2, og § 46).",
        "A requirement names a standard or an ecolabel without saying in the same sentence that an equivalent is "
        "accepted (Danish Public Procurement Act s. 41(1)(2) and s. 46).",
        standard=(
            "kravteksten nævner standarden {names} uden at sige, at tilsvarende accepteres; skriv '{wording}' efter den "
            "i samme sætning (udbudsloven § 41, stk. 1, nr. 2). En ændret kravtekst er en ny version.",
            "the requirement names the standard {names} without saying that an equivalent is accepted; write '{wording}' "
            "after it in the same sentence (Danish Public Procurement Act s. 41(1)(2)). A changed requirement is a new "
            "version.",
        ),
        label=(
            "kravteksten nævner mærket {names} uden at sige, at tilsvarende mærker accepteres; skriv '{wording}' efter "
            "det i samme sætning (udbudsloven § 46). En ændret kravtekst er en ny version.",
            "the requirement names the label {names} without saying that equivalent labels are accepted; write "
            "'{wording}' after it in the same sentence (Danish Public Procurement Act s. 46). A changed requirement is "
            "a new version.",
        ),
    ),
    _rule(
        "R223",
        ERROR,
        "advice-in-requirement",
        "En sætning i kravteksten begynder med et råd til ordregiveren; råd hører til i 'guidance'.",
        "A sentence of the requirement opens with advice to the buyer; advice belongs in 'guidance'.",
        _=(
            "en sætning i kravteksten begynder med '{phrase}', et råd til ordregiveren, som ellers kommer med i udbuddet; "
            "flyt rådet til 'guidance', og lad kravteksten kun sige, hvad tilbudsgiveren skal opfylde (ny version).",
            "a sentence of the requirement opens with '{phrase}', advice to the buyer that would otherwise go into the "
            "tender; move the advice to 'guidance' and let the requirement say only what the bidder must meet (new "
            "version).",
        ),
    ),
    _rule(
        "R224",
        ERROR,
        "unit-repeated",
        "En enhed står to gange: i pladsholderen og igen i teksten efter den.",
        "A unit is given twice: in the placeholder and again in the text after it.",
        _=(
            "pladsholderen '{label}' har enheden '{unit}', og teksten gentager den ('{word}'), så udfyldt står der fx "
            "'8 {unit} {word}'. Slet '{word}' efter pladsholderen, og omformulér sætningen, hvis den så ikke læses "
            "rigtigt med tal og enhed.",
            "placeholder '{label}' has the unit '{unit}' and the text repeats it ('{word}'), so filled in it reads e.g. "
            "'8 {unit} {word}'. Delete '{word}' after the placeholder, and rephrase the sentence if it then does not "
            "read right with number and unit.",
        ),
    ),
    _rule(
        "R225",
        ERROR,
        "unit-missing",
        "En pladsholder til et tal har ingen enhed, men teksten eller etiketten giver en, eller den er en andel eller "
        "en frist.",
        "A placeholder for a number has no unit, though the text or its label gives one, or it is a share or a "
        "deadline.",
        after=(
            "pladsholderen '{label}' har ingen enhed, men teksten efter den siger '{word}'; skriv enheden i "
            "pladsholderen ('[[{label}; enhed: {unit}]]'), og slet '{word}' efter den, så enheden står ét sted.",
            "placeholder '{label}' has no unit, but the text after it says '{word}'; put the unit in the placeholder "
            "('[[{label}; unit: {unit}]]') and delete '{word}' after it, so the unit is given once.",
        ),
        label=(
            "pladsholderen '{label}' tæller i {unit}, men har ingen enhed, og teksten siger det ikke, så udfyldt står "
            "der kun et tal; skriv '[[{label}; enhed: {unit}]]' (eller et kortere navn med 'enhed: {unit}').",
            "placeholder '{label}' counts in {unit} but has no unit and the text does not say so, so filled in it is a "
            "bare number; write '[[{label}; unit: {unit}]]' (or a shorter label with 'unit: {unit}').",
        ),
        needs_unit=(
            "pladsholderen '{label}' er et tal ('{word}'), der intet betyder uden sin enhed; giv den en, fx 'enhed: %' "
            "eller 'enhed: vægtprocent' for en andel, 'enhed: arbejdsdage' for en frist.",
            "placeholder '{label}' is a number ('{word}') that means nothing without its unit; give it one, e.g. "
            "'unit: %' or 'unit: % by weight' for a share, 'unit: working days' for a deadline.",
        ),
    ),
    _rule(
        "R226",
        ERROR,
        "yaml-extension",
        "En kategorifil ender på .yml eller på .yaml med store bogstaver; kun .yaml læses (af check, build, diff, fmt og new).",
        "A category file ends in .yml, or in .yaml in capitals; only .yaml is read (by check, build, diff, fmt and new).",
        _=(
            "'{name}' læses ikke: en kategorifil ender på .yaml; omdøb den til '{id}.yaml'.",
            "'{name}' is not read: a category file ends in .yaml; rename it to '{id}.yaml'.",
        ),
    ),
    _rule(
        "R227",
        ERROR,
        "earlier-text",
        "En tidligere versions tekster mangler i history (text), eller den aktuelle versions post har en text.",
        "An earlier version's texts are missing from history (text), or the current version's entry has a text.",
        missing=(
            "version {version} er en tidligere version: skriv dens tekster i 'text' (requirement, verification, "
            "follow_up, som de lød), så siden kan vise dem og sammenligne dem med den gældende tekst.",
            "version {version} is an earlier version: write its texts in 'text' (requirement, verification, "
            "follow_up, as they read), so the site can show them and compare them with the current text.",
        ),
        current=(
            "version {version} er den aktuelle version: dens tekster står i kriteriets egne felter; fjern 'text' "
            "fra denne post (den hører til på de tidligere versioner).",
            "version {version} is the current version: its texts are the criterion's own fields; remove 'text' "
            "from this entry (it belongs on the earlier versions).",
        ),
    ),
    _rule(
        "R250",
        ERROR,
        "unfinished",
        "En skabelons TODO står der stadig (build.py new skriver dem); skriv den rigtige værdi.",
        "A scaffold's TODO is still there (build.py new writes them); write the real value.",
        _=(
            f"ikke færdig: feltet siger stadig TODO; skriv den rigtige værdi (se {DATAMODEL}).",
            f"unfinished: this field still says TODO; write the real value (see {DATAMODEL}).",
        ),
    ),
    _rule(
        "R251",
        ERROR,
        "replaced-but-current",
        "replaced_by står på et kriterium, der ikke er udgået.",
        "replaced_by is set on a criterion that is not retired.",
        _=(
            "replaced_by hører kun til på et udgået kriterium; sæt status: udgået, eller fjern replaced_by (status er '{status}').",
            "replaced_by belongs only on a retired criterion; set status: udgået or remove replaced_by (status is '{status}').",
        ),
    ),
    _rule(
        "R252",
        ERROR,
        "history-date-order",
        "En dato i history er før den foregående posts.",
        "A history date is earlier than the entry before it.",
        _=(
            "version {version} er dateret {date}, før den foregående post ({before}); datoerne i history går fremad.",
            "version {version} is dated {date}, before the entry before it ({before}); history dates go forward.",
        ),
    ),
    _rule(
        "R253",
        ERROR,
        "trailing-space",
        "Mellemrum sidst på en linje (usynligt, og det ændrer tekst i blokke); build.py fmt fjerner dem.",
        "Spaces at the end of a line (invisible, and they change text in blocks); build.py fmt removes them.",
        _=(
            "mellemrum sidst på linjen; slet dem, eller kør build.py fmt.",
            "spaces at the end of the line; delete them or run build.py fmt.",
        ),
    ),
    _rule(
        "R254",
        ERROR,
        "comment-cuts-text",
        "Tekst uden citationstegn, der indeholder ' #': resten af linjen bliver en kommentar og forsvinder.",
        "Unquoted text containing ' #': the rest of the line becomes a comment and is lost.",
        _=(
            "teksten stopper ved '{comment}': i YAML starter ' #' en kommentar, så resten af linjen forsvinder. Sæt hele teksten i "
            "citationstegn (\"…\") eller skriv den som blok med '|'.",
            "the text stops at '{comment}': in YAML ' #' starts a comment, so the rest of the line is lost. Put the whole text in "
            "quotes (\"…\") or write it as a block with '|'.",
        ),
    ),
    _rule(
        "R255",
        ERROR,
        "history-reader-note",
        "En ny version i history mangler en note til ordregivere (på dansk, og på engelsk, hvor kriteriet har engelsk).",
        "A new version in history lacks a note for procurers (in Danish, and in English where the criterion has English).",
        da=(
            "version {version} ({date}) mangler en note til ordregivere: tilføj 'note:' med 'da:' under posten og "
            "skriv i almindeligt sprog, hvad ændringen betyder for et udbud (poster fra {since} skal have en; "
            "'change' er redaktionens beskrivelse).",
            "version {version} ({date}) lacks a note for procurers: add 'note:' with 'da:' under the entry and say in "
            "plain language what the change means for a tender (entries from {since} need one; 'change' is the "
            "editors' description).",
        ),
        en=(
            "version {version} ({date}) har en note til ordregivere uden engelsk, men kriteriet har engelsk tekst: "
            "tilføj 'en:' i postens 'note'.",
            "version {version} ({date}) has a note for procurers without English, but the criterion has English "
            "text: add 'en:' to the entry's 'note'.",
        ),
    ),
    _rule(
        "R256",
        ERROR,
        "errata-date-order",
        "En rettelse (errata) er dateret før kriteriets første version eller før den foregående rettelse.",
        "An erratum is dated before the criterion's first version or before the erratum before it.",
        first=(
            "rettelsen er dateret {date}, før kriteriets første version ({first}); ret datoen.",
            "the erratum is dated {date}, before the criterion's first version ({first}); correct the date.",
        ),
        order=(
            "rettelsen er dateret {date}, før den foregående rettelse ({before}); skriv rettelserne ældste først.",
            "the erratum is dated {date}, before the erratum before it ({before}); list errata oldest first.",
        ),
    ),
    # -- R26x: an organisation's edition, editions/<id>.yaml (opslag/source/editions.py) -------------
    _rule(
        "R260",
        ERROR,
        "edition-unknown-criterion",
        "En udgave nævner et kriterium, der ikke findes blandt de fælles kriterier, eller et udgået.",
        "An edition names a criterion that is not among the shared criteria, or a retired one.",
        unknown=(
            "{id} er hverken et fælles kriterium i criteria/ eller et af udgavens egne.{suggestion} Skriv id'et på et "
            "kriterium, fx IT-01.",
            "{id} is neither a shared criterion in criteria/ nor one of the edition's own.{suggestion} Write the id of a "
            "criterion, e.g. IT-01.",
        ),
        retired=(
            "{id} er udgået og kan ikke være obligatorisk eller anbefalet; brug det kriterium, der afløser det, "
            "eller fjern linjen.",
            "{id} is retired and cannot be mandatory or recommended; use the criterion that replaces it, "
            "or remove the line.",
        ),
    ),
    _rule(
        "R261",
        ERROR,
        "edition-duplicate-criterion",
        "Et kriterium står to gange i en udgave.",
        "A criterion is listed twice in an edition.",
        twice=(
            "{id} står allerede i {field} (linje {line}); fjern den ene.",
            "{id} is already in {field} (line {line}); remove one of them.",
        ),
        both=(
            "{id} er både obligatorisk (linje {line}) og anbefalet; et kriterium er det ene eller det andet, "
            "så fjern det fra recommended.",
            "{id} is both mandatory (line {line}) and recommended; a criterion is one or the other, "
            "so remove it from recommended.",
        ),
    ),
    _rule(
        "R262",
        ERROR,
        "edition-decision",
        "En beslutning i en udgave er ukendt eller defineret to gange.",
        "A decision in an edition is unknown or defined twice.",
        unknown=(
            "beslutningen '{id}' findes ikke under decisions.{suggestion} Tilføj den under decisions, eller ret navnet.",
            "the decision '{id}' is not under decisions.{suggestion} Add it under decisions, or correct the name.",
        ),
        duplicate=(
            "beslutningen '{id}' er allerede defineret (linje {line}); giv hver beslutning sit eget id.",
            "the decision '{id}' is already defined (line {line}); give each decision its own id.",
        ),
    ),
    _rule(
        "R263",
        ERROR,
        "edition-name",
        "En udgaves fil eller egen kategori har et navn, der ikke kan bruges.",
        "An edition's file or own category has a name that cannot be used.",
        file=(
            "'{name}' er ikke et gyldigt navn på en udgave; brug små bogstaver a-z, tal og bindestreg, fx kobenhavn.yaml.",
            "'{name}' is not a valid edition name; use lower-case letters a-z, digits and hyphens, e.g. kobenhavn.yaml.",
        ),
        shared=(
            "den egne kategori '{id}' har samme navn som en fælles kategori i criteria/; giv filen et andet navn, "
            "fx {edition}-{id}.yaml.",
            "the own category '{id}' has the same name as a shared category in criteria/; give the file another "
            "name, e.g. {edition}-{id}.yaml.",
        ),
        overlay=(
            "der er ingen {edition}.yaml ved siden af mappen {edition}/; opret udgavens fil, eller flyt kategorierne.",
            "there is no {edition}.yaml beside the folder {edition}/; create the edition's file, or move the categories.",
        ),
    ),
    # -- W: warnings (errors under check --strict, which CI runs) --------------------------------
    _rule(
        "W301",
        WARNING,
        "missing-english",
        "En engelsk tekst mangler; den engelske side markerer den som ikke oversat.",
        "An English text is missing; the English site marks it as untranslated.",
        _=(
            "den engelske tekst mangler; tilføj en 'en:'-oversættelse.",
            "English text missing; add an 'en:' translation.",
        ),
    ),
    _rule(
        "W310",
        WARNING,
        "unused-label",
        "Et miljømærke i vocab/ecolabels.yaml, som intet kriterium accepterer.",
        "An ecolabel in vocab/ecolabels.yaml that no criterion accepts.",
        _=(
            "miljømærket '{id}' accepteres ikke af noget kriterium; tilføj det til et kriteriums labels, eller fjern det fra ordforrådet.",
            "ecolabel '{id}' is accepted by no criterion; add it to a criterion's labels or remove it from the vocabulary.",
        ),
    ),
    _rule(
        "W311",
        WARNING,
        "goal-without-category",
        "Et POGI-mål, som ingen kategori henviser til, og som ikke siger hvorfor (not_covered).",
        "A POGI goal that no category refers to and that does not say why (not_covered).",
        _=(
            "POGI-målet '{id}' står ikke i nogen kategoris pogi_goals; tilføj det til den kategori, det handler om, eller "
            "skriv i not_covered, hvorfor opslagsværket ikke dækker det.",
            "POGI goal '{id}' is in no category's pogi_goals; add it to the category it is about, or say in not_covered "
            "why the library does not cover it.",
        ),
    ),
    _rule(
        "W312",
        WARNING,
        "gpp-group-without-category",
        "En EU GPP-gruppe, som ingen kategori dækker, og som ikke siger hvorfor (not_covered).",
        "An EU GPP group that no category covers and that does not say why (not_covered).",
        _=(
            "EU GPP-gruppen '{id}' står ikke i nogen kategoris eu_gpp_groups; tilføj den til den kategori, der dækker "
            "den, eller skriv i not_covered, hvorfor opslagsværket ikke dækker den.",
            "EU GPP group '{id}' is in no category's eu_gpp_groups; add it to the category that covers it, or say in "
            "not_covered why the library does not cover it.",
        ),
    ),
    _rule(
        "W313",
        WARNING,
        "coverage-reason",
        "En begrundelse for manglende dækning (not_covered), der ikke passer til kategorierne.",
        "A reason for missing coverage (not_covered) that does not fit the categories.",
        covered=(
            "'{id}' har not_covered, men kategorien {categories} dækker det; slet not_covered, eller fjern henvisningen "
            "fra kategorien.",
            "'{id}' has not_covered, but category {categories} covers it; delete not_covered or remove the reference "
            "from the category.",
        ),
        needs_category=(
            "'{id}': begrundelsen '{reason}' nævner den kategori, der dækker emnet; skriv den i not_covered.category.",
            "'{id}': reason '{reason}' names the category that covers the subject; write it in not_covered.category.",
        ),
        unknown_category=(
            "'{id}': not_covered.category er '{category}', men der er ingen sådan kategori.{hint}",
            "'{id}': not_covered.category is '{category}', but there is no such category.{hint}",
        ),
    ),
    # -- D: the review of a change (opslag/editor/review.py) -------------------------------------------
    _rule(
        "D401",
        ERROR,
        "version-not-raised",
        "Krav- eller dokumentationsteksten er ændret uden ny version og post i history.",
        "Requirement or verification text changed without a new version and history entry.",
        _=(
            "{id}: kravteksten ({fields}) er ændret, men version er stadig {version}. Hæv version til {next} og tilføj en post i "
            "history, der siger, hvad der er ændret.",
            "{id}: the requirement text ({fields}) changed but version is still {version}. Raise version to {next} and add a "
            "history entry saying what changed.",
        ),
    ),
    _rule(
        "D402",
        ERROR,
        "version-jump",
        "En version er sænket eller har sprunget et nummer over; den stiger med præcis 1.",
        "A version was lowered or skipped a number; it rises by exactly 1.",
        _=(
            "{id}: version går fra {old} til {new}; en version hæves med præcis 1 og sænkes aldrig.",
            "{id}: version goes from {old} to {new}; a version rises by exactly 1 and is never lowered.",
        ),
    ),
    _rule(
        "D403",
        ERROR,
        "criterion-deleted",
        "Et kriterium er slettet; lad det udgå (status: udgået) i stedet.",
        "A criterion was deleted; retire it (status: udgået) instead.",
        _=(
            "{id} er slettet; et kriterium slettes aldrig: sæt status: udgået (og evt. replaced_by), så gamle henvisninger virker.",
            "{id} was deleted; criteria are never deleted: set status: udgået (and maybe replaced_by) so old references keep working.",
        ),
    ),
    _rule(
        "D404",
        ERROR,
        "category-deleted",
        "En kategorifil er slettet eller omdøbt; dens adresse ville holde op med at virke.",
        "A category file was deleted or renamed; its address would break.",
        _=(
            "kategorien '{cat}' er slettet eller omdøbt; dens adresse og kriterier forsvinder. Lad filen blive, og sæt "
            "kriterierne til status: udgået.",
            "category '{cat}' was deleted or renamed; its address and criteria disappear. Keep the file and retire its "
            "criteria (status: udgået).",
        ),
    ),
    _rule(
        "D405",
        ERROR,
        "id-reused",
        "Et id er genbrugt til et andet kriterium (dets tidligere historik er skrevet om).",
        "An id was reused for another criterion (its earlier history was rewritten).",
        _=(
            "{id}: historikken for version {versions} er ændret i forhold til {base}; et id genbruges aldrig, og historik "
            "skrives ikke om. Giv et nyt kriterium et nyt id.",
            "{id}: the history of version {versions} differs from {base}; an id is never reused and history is never "
            "rewritten. Give a new criterion a new id.",
        ),
    ),
    _rule(
        "D406",
        ERROR,
        "history-date-backwards",
        "En ny post i history er dateret før den post, den følger efter.",
        "A new history entry is dated before the entry it follows.",
        _=(
            "{id}: posten for version {version} i history har datoen {date}, før den foregående ({before}); datoer går fremad.",
            "{id}: the history entry for version {version} is dated {date}, before the one it follows ({before}); dates go forward.",
        ),
    ),
    _rule(
        "D407",
        ERROR,
        "earlier-text-changed",
        "En tidligere versions tekst i history er ikke den tekst, versionen havde, eller den er ændret bagefter.",
        "An earlier version's text in history is not the text that version had, or it was changed afterwards.",
        raised=(
            "{id}: 'text' i history for version {version} er ikke den tekst, {id}:{version} havde i {base} ({fields}); "
            "kopiér requirement, verification og follow_up, som de stod, før du rettede dem.",
            "{id}: the 'text' in history for version {version} is not the text {id}:{version} had in {base} ({fields}); "
            "copy requirement, verification and follow_up as they were before you changed them.",
        ),
        rewritten=(
            "{id}: teksten til den tidligere version {version} er ændret ({fields}); den står i udbud, der citerer "
            "{id}:{version}, og rettes ikke (en rettelse af den gældende tekst er en ny version).",
            "{id}: the text of the earlier version {version} was changed ({fields}); tenders that cite "
            "{id}:{version} hold it, so it is not edited (a change of the current text is a new version).",
        ),
    ),
]

BY_CODE = {rule.code: rule for rule in RULES}

# What R222 tells the editor to write, in the language of the text it is about (a Danish
# requirement needs Danish words, whatever the language of the message).
EQUIVALENCE_WORDING = {
    "standard": {"da": "eller tilsvarende", "en": "or equivalent"},
    "label": {"da": "eller et tilsvarende mærke", "en": "or an equivalent label"},
}

# The one module that emits each code family or code (tests/test_registry.py holds every module to it).
OWNER = {
    "Y": "yamlsource",
    "S": "jsonschema_check",
    "D": "review",
    "W301": "rules",
    "W310": "rules",
    "W311": "rules",
    "W312": "rules",
    "W313": "rules",
    "R204": "jsonschema_check",
    "R209": "textrules",
    "R213": "textrules",
    "R214": "textrules",
    "R215": "textrules",
    "R216": "textrules",
    "R217": "textrules",
    "R219": "checker",
    "R226": "checker",
    "R220": "checker",
    "R211": "placeholders",
    "R250": "todos",
    "R253": "yamlsource",
    "R254": "rules",
    "R260": "editions",
    "R261": "editions",
    "R262": "editions",
    "R263": "editions",
    "R227": "rules",
    "R222": "wording",
    "R223": "wording",
    "R224": "wording",
    "R225": "wording",
}


def owner(code: str) -> str:
    return OWNER.get(code) or OWNER.get(code[0]) or "rules"


def severity(code: str) -> str:
    return BY_CODE[code].severity


def render(code: str, key: str, fields: dict, lang: str) -> str:
    """One message in one language."""
    template = BY_CODE[code].messages[key].get(lang)
    return template.format(**{k: (v.get(lang) if isinstance(v, L) else v) for k, v in fields.items()}).rstrip()


def suggestion(word, choices, cutoff: float = 0.6):
    """' Mente du …?' for the closest choice, as a two-language field (the one "did you mean")."""
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=cutoff)
    return L(f" Mente du '{close[0]}'?", f" Did you mean '{close[0]}'?") if close else ""

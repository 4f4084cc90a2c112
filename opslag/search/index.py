"""Search: the index, computed at build time. The query is the site's own (web/js/search.js);
`build.py search` and the tests run that same file (opslag/search/query.py), so there is one
implementation of it.

Everything that needs language knowledge happens here, at build time, and ships as data in
search/<lang>.json: Snowball stems (NLTK) group the inflections of each corpus word under one key,
long Danish words are also indexed by their parts (opslag/search/decompound.py), æ/ø/å are folded, the
synonyms (vocab/synonyms.yaml, plus each ecolabel's name and aliases) are resolved to index keys,
and each (key, criterion) pair gets an integer score: field weight (title above labels, the
category's everyday words, the category and the body) x language (the site's own language above
the other) x a part factor (a whole word above a compound part) x idf. The browser then needs no
stemmer and no floating point: it looks words up, adds integers and sorts.

The query plan (search.js), per query word (cut to bounded sizes first, so a 400-letter word stays cheap):
  1. criterion ids (IT-03, it3, IT-03:1), CPV codes (with or without check digit, or a broader
     or narrower code of the same tree) and EU GPP references (TS19, CPC1.2) are codes;
  2. otherwise the word, folded (æ->ae, ø->oe, å->aa), is looked up as a corpus word, then with
     æ/ø/å typed as a/o/a, then with an inflection ending taken off, plus its synonyms;
  3. a word still unknown is split into known words (kontor|møbler), its head weighing most;
  4. a word that still finds nothing is matched to corpus words within edit distance 1 (5+
     letters) or 2 (8+), and as the start of a longer word, at half weight; failing that, as a
     known first word and a misspelt head (kontor|møbbler), and last by its longest known
     ending (elev|møbler) or beginning (træ|terrasse).
A criterion's score is the sum over the query words of its best match, times the number of query
words it matched; results are ordered by status (the order of vocab/statuses.yaml: current first),
then score, then the criteria's order on the site.
Why not lunr (as before) or Material's search: neither can do steps 2-4 the same in both languages
of code, and lunr's float scores and prefix expansion made the two halves hard to keep equal.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
import re
from array import array
from functools import lru_cache
from typing import NamedTuple

from nltk.stem.snowball import DanishStemmer, EnglishStemmer

from opslag import urls
from opslag.model import facets
from opslag.project import LANGUAGES
from opslag.search import decompound
from opslag.source import placeholders, textblocks
from opslag.source.schema import QUERY_CPV, QUERY_GPP, QUERY_ID

# Bounds on the work one query can cause (a 400-letter word took minutes when fuzzy matching grew
# with its length). Mirrored in search.js; the longest Danish compounds are well inside them.
MAX_QUERY_CHARS = 400
MAX_QUERY_TERMS = 12
MAX_TERM_LENGTH = 40
MAX_FUZZY2_LENGTH = 20  # longer words are matched within one edit, not two
MAX_PREFIX_EXPANSIONS = 30

# Snowball's Danish stop-word list (function words only) and a short English one.
DANISH_STOP_WORDS = """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil
blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig
anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været
thi jer sådan""".split()
ENGLISH_STOP_WORDS = """a an and are as at be but by for from has have if in into is its no not of on or
such that the their then there these they this to was were which will with""".split()  # not "it": IT

# Inflection endings tried, longest first, on a word the index does not know (folded spelling).
SUFFIXES = sorted(
    {
        "erne",
        "ernes",
        "ene",
        "enes",
        "ens",
        "ers",
        "ets",
        "ede",
        "ende",
        "er",
        "en",
        "et",
        "es",
        "e",
        "s",
        "ing",
        "ies",
    },
    key=lambda s: (-len(s), s),
)

# Field weights, and the weight of the site's own language and of the other one (in tenths).
FIELDS = {"title": 10, "labels": 6, "terms": 5, "category": 3, "body": 1, "sources": 1}
# The sources' titles are in neither site language (names of laws, standards, regulations: EN 15804,
# BR18, EUTR), so they count as the site's own language and are split with the Danish stemmer.
NEUTRAL = "*"
LANGUAGE_WEIGHT = {"own": 10, "other": 4}
PART_WEIGHT = {"word": 10, "head": 5, "modifier": 3}  # a compound's parts, indexed too
CODE_SCORE = {"id": 100_000, "gpp": 50_000, "cpv": 20_000, "cpv-tree": 10_000}  # above any word score
FACTOR = {"exact": 100, "synonym": 90, "modifier": 50, "fuzzy": 50}  # percent, per matched key

_ID = re.compile(QUERY_ID)  # opslag/source/schema.py; search.js gets the same patterns from the data ("patterns")
_CPV = re.compile(QUERY_CPV)
_GPP = re.compile(QUERY_GPP)
_WORD = re.compile(r"[^\W_]+")
# The index's integer arrays (word counts, scores, postings' gaps): every value is a non-negative
# count, index or score well below 2**32, so 4 bytes each, not 8 (#21: they grow with the corpus).
_INTS = "I"
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "é": "e", "è": "e"})
_STEMMERS = {"da": DanishStemmer(), "en": EnglishStemmer()}


def fold(word: str) -> str:
    """Lower case, æ/ø/å written ae/oe/aa: how every word is indexed and looked up."""
    return word.lower().translate(_FOLD)


def loose(word: str) -> str:
    """A folded word with æ/ø/å as typed on a keyboard without them (møbler -> mobler)."""
    return word.replace("ae", "a").replace("oe", "o").replace("aa", "a")


STOP_WORDS = sorted({fold(w) for w in DANISH_STOP_WORDS + ENGLISH_STOP_WORDS})


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The index key of a (lower-case, unfolded) word: its Snowball stem, folded. A Danish stem
    ending in -el/-er/-en after a consonant also meets its contracted plural (møbel/møbl,
    middel/midl): see _contracted."""
    return fold(_STEMMERS[lang].stem(word))


def _contracted(key: str) -> str | None:
    m = re.match(r"^(.*?)([^aeiouy])\2?e([lnr])$", key)
    return m.group(1) + m.group(2) + m.group(3) if m else None


def id_token(criterion_id: str) -> str:
    """'IT-03', 'it3', 'IT-03:1' -> 'it03': the one token a criterion id is indexed and searched as."""
    prefix, number = _ID.match(fold(criterion_id)).groups()
    return f"{prefix}{int(number):02d}"


def words(text: str) -> list:
    """Text as the words search sees (lower case, letters and digits)."""
    return _WORD.findall(text.lower())


def cpv_tree(code: str) -> list:
    """The broader CPV codes above an 8-digit code (39112000 -> 39110000, 39100000, 39000000)."""
    out = []
    for n in (5, 4, 3, 2):
        broader = code[:n] + "0" * (8 - n)
        if broader != code and broader not in out and code[n:] != "0" * (8 - n):
            out.append(broader)
    return out


# ---------------------------------------------------------------- building the index


class _Vocab:
    """Corpus words (folded) -> index keys, per the build; becomes the JSON tables."""

    def __init__(self):
        self.surface: dict[str, set] = {}

    def add(self, word: str, lang: str) -> str:
        key = stem(word, lang)
        self.surface.setdefault(fold(word), set()).add(key)
        return key


def _documents(corpus, cat) -> tuple:
    """The category's criteria as units: each ({id, codes, status}, its texts). A unit's texts are
    ((field, ((text language, text), ...)), ...), in a fixed order: what _Words counts, and in serve
    the key its counts are kept by."""
    codes = {}
    for cpv in cat.cpv:
        codes["#" + cpv[:8]] = max(codes.get("#" + cpv[:8], 0), CODE_SCORE["cpv"])
        for broader in cpv_tree(cpv[:8]):
            codes.setdefault("#" + broader, CODE_SCORE["cpv-tree"])
    out = []
    for c in cat.criteria:
        doc_codes = dict(codes)
        doc_codes["#" + id_token(c.id)] = CODE_SCORE["id"]
        if c.eu_gpp and c.eu_gpp.get("ref"):
            doc_codes["#" + fold(c.eu_gpp["ref"])] = CODE_SCORE["gpp"]
        fields = {}
        for lang in LANGUAGES:
            label_words = []
            for label in c.labels:
                entry = corpus.vocab.get("labels", label)
                label_words += [entry["name"].get(lang) or entry["name"]["da"], *entry.get("aliases", [])]
            texts = {
                "title": c.title.get(lang) if c.title.translated(lang) else "",
                "labels": " ".join(label_words),
                "terms": " ".join(cat.search_terms.get(lang, ())),
                "category": " ".join(
                    [
                        cat.title.get(lang) if cat.title.translated(lang) else "",
                        corpus.vocab_name("types", c.type).get(lang),
                        corpus.vocab_name("levels", c.level).get(lang),
                    ]
                ),
                "body": " ".join(
                    t.get(lang)
                    for t in (c.requirement, c.verification, c.rationale, c.follow_up, c.guidance)
                    if t is not None and t.translated(lang)
                ),
            }
            for name, text in texts.items():
                fields.setdefault(name, {})[lang] = text
        fields["sources"] = {NEUTRAL: " ".join(link.title for link in c.sources)}
        out.append(({"id": c.id, "codes": doc_codes, "status": c.status}, _texts(fields)))
    return tuple(out)


def _category_unit(cat) -> tuple:
    """What a category is about, as a unit: ({id}, its texts: its title, everyday words, summary and
    scope, and its sources' titles). Scored like the criteria into `cat_postings`: the query's category."""
    fields = {}
    for lang in LANGUAGES:
        fields.setdefault("title", {})[lang] = cat.title.get(lang) if cat.title.translated(lang) else ""
        fields.setdefault("terms", {})[lang] = " ".join(cat.search_terms.get(lang, ()))
        fields.setdefault("body", {})[lang] = " ".join(
            t.get(lang) for t in (cat.summary, cat.scope) if t is not None and t.translated(lang)
        )
    fields["sources"] = {NEUTRAL: " ".join(link.title for link in cat.sources)}
    return {"id": cat.id}, _texts(fields)


def _texts(fields: dict) -> tuple:
    return tuple((name, tuple(by_lang.items())) for name, by_lang in fields.items())


def _made(kind: str, cat_id: str, make):
    """A plain build's `kept`: a category's value made, not kept. Serve's is exports/reuse.py's
    category_value, handed in by the exporter: the search stage does not import the exports."""
    return make()


class _Words:
    """What the index needs to know of the corpus's words, the same for both languages' indexes:
    each text read once, each distinct word folded, stemmed and split into parts once (#21).

    `docs[i]` is the criterion's (field, text language, folded word) -> occurrences, `units[i]` the
    same of the category's own texts (_category_unit: scored into cat_postings), each as a flat
    array [triple, n, triple, n, ...] of indexes into `triples` (a dictionary of tuples per
    criterion was most of the build's memory at 20,000 criteria), `surface` the folded word ->
    its keys, `contributions` (folded word, text language) -> [(key, part weight)]. Everything
    here is linear in the corpus's size: a dictionary per distinct word, an array per text; the
    texts themselves are read a category at a time and not kept (in serve, `kept` keeps each
    category's, the same strings its counts are kept by, so an edit reads only its own category's)."""

    def __init__(self, corpus, kept=_made):
        from collections import Counter

        stop = set(STOP_WORDS)
        vocab = _Vocab()
        danish: set = set()
        remember = _REMEMBER
        # stemmer -> raw word -> its folded word, or None (a stop word, a lone letter): each word is
        # folded and given to the vocabulary once, the first time it is met with its stemmer
        met: dict = {stemmer: {} for stemmer in LANGUAGES}

        def meet(w: str, stemmer: str):
            f = fold(w)
            f = met[stemmer][w] = None if f in stop or len(w) < 2 and not w.isdigit() else f
            if f is not None:
                vocab.add(w, stemmer)
            return f

        shared = _shared if remember else _itself  # serve: one tuple for each, across texts
        triples_of: dict = {}  # (field, text language) -> folded word -> its triple, made once

        triple_index: dict = {}  # (field, text language, folded word) -> its index in self.triples
        self.triples: list = []
        memo = _COUNTED if remember else None  # serve: the last corpus's counts by their texts
        counted: dict = {}  # serve: this corpus's, kept for the next (_COUNTED)
        self.unit_keys: list = []  # serve: each unit's texts as count()'s key, in docs then units order
        met_again: set = set()  # serve: the (raw word, stemmer) pairs of the units counted before

        def count_unit(texts: tuple, danish_parts: bool) -> tuple:
            """(field, text language, folded word) -> occurrences, the (raw word, stemmer) pairs met
            (serve only, where a unit counted before meets its words again with them; empty in a
            plain build), and the folded Danish words that may be compound parts: a function of the
            unit's texts. In serve, kept for every text (_COUNTED): their tuples are shared ones
            (_SHARED), so what is kept per text is references, not a copy of its words (#21)."""
            counts: dict = {}
            pairs, parts = [], set()
            for name, by_lang in texts:
                for text_lang, text in by_lang:
                    stemmer = "da" if text_lang == NEUTRAL else text_lang  # sources' titles: the Danish stemmer
                    known = met[stemmer]
                    triples = triples_of.setdefault((name, text_lang), {})
                    compound_parts = danish_parts and text_lang == "da"
                    for w, n in Counter(words(text)).items():
                        f = known[w] if w in known else meet(w, stemmer)
                        if f is None:
                            continue
                        if remember:
                            pairs.append(shared((w, stemmer)))
                        if compound_parts:
                            parts.add(f)
                        triple = triples.get(f) or triples.setdefault(f, shared((name, text_lang, f)))
                        counts[triple] = counts.get(triple, 0) + n
            return counts, pairs, parts

        def count(texts: tuple, danish_parts: bool) -> array:
            if memo is None:
                counts, pairs, parts = count_unit(texts, danish_parts)
            else:
                key = (danish_parts, texts)  # the texts themselves as the key (the same strings, not a copy)
                self.unit_keys.append(key)
                made = memo.get(key) or counted.get(key)
                if made is None:
                    made = count_unit(texts, danish_parts)
                else:  # counted before: its words are met again, once the units are read (met_again)
                    met_again.update(made[1])
                counts, pairs, parts = counted[key] = made
            danish.update(parts)
            if not triple_index.keys() >= counts.keys():  # a triple not met before (a test in C)
                for triple in counts:  # numbered in the order they are first met
                    if triple not in triple_index:
                        triple_index[triple] = len(self.triples)
                        self.triples.append(triple)
            numbers = map(triple_index.__getitem__, counts)
            return array(_INTS, itertools.chain.from_iterable(zip(numbers, counts.values())))

        # the criteria's words, and the categories' (their words are keys too; only the criteria's
        # Danish words are compound parts, as before the categories were scored)
        # (serve: a category's units as the last build made them, when its inputs are the same: `kept`)
        self.docs_meta, self.docs = [], []
        for cat in corpus.categories:
            for meta, texts in kept("search_docs", cat.id, lambda cat=cat: _documents(corpus, cat)):
                self.docs.append(count(texts, True))
                self.docs_meta.append(meta)
        self.units_meta, self.units = [], []
        for cat in corpus.categories:
            meta, texts = kept("search_unit", cat.id, lambda cat=cat: _category_unit(cat))
            self.units.append(count(texts, False))
            self.units_meta.append(meta)
        for w, stemmer in sorted(met_again):  # sorted: the vocabulary is given its words in a fixed order
            if w not in met[stemmer]:
                meet(w, stemmer)
        if memo is not None:
            _COUNTED.clear()
            _COUNTED.update(counted)
        keys = {k for ks in vocab.surface.values() for k in ks}
        # a Danish stem that is the contracted form's long variant joins it (møbel -> møbl)
        for ks in vocab.surface.values():
            for k in list(ks):
                short = _contracted(k)
                if short and short in keys:
                    ks.add(short)
        self.surface = vocab.surface
        # compound parts of long Danish words
        part_words = {w for w in danish if len(w) >= decompound.MIN_PART and w not in stop}

        # a word's split depends on which of its pieces are part words: the last corpus's splits hold
        # for every word none of whose pieces became or stopped being one (serve's rebuild after an edit)
        known_parts, known_splits = _SPLITS or (frozenset(), {})
        moved = part_words ^ known_parts
        reuse = len(moved) <= MAX_MOVED_PARTS
        splits: dict = {}
        # does a word hold a moved part word (other than itself)? one pattern, not a loop per word
        in_moved = re.compile("|".join(map(re.escape, sorted(moved, key=len, reverse=True)))) if moved else None

        def holds_moved(word: str) -> bool:
            if in_moved is None:
                return False
            if word in moved:  # the pattern would find the word itself first
                return any(p != word and p in word for p in moved)
            return in_moved.search(word) is not None

        def parts_of(word: str):
            if len(word) < 2 * decompound.MIN_PART:
                return None
            if reuse and word in known_splits and not holds_moved(word):
                splits[word] = known_splits[word]
            else:
                splits[word] = decompound.split(word, lambda p: p != word and p in part_words)
            return splits[word]

        self.contributions: dict = {}
        for _name, text_lang, f in self.triples:
            if (f, text_lang) in self.contributions:
                continue
            out = [(k, PART_WEIGHT["word"]) for k in self.surface[f]]
            parts = parts_of(f) if text_lang == "da" else None
            for i, part in enumerate(parts or ()):
                role = "head" if i == len(parts) - 1 else "modifier"
                out += [(k, PART_WEIGHT[role]) for k in self.surface[part]]
            self.contributions[(f, text_lang)] = out
        _SPLITS[:] = [frozenset(part_words), splits] if _REMEMBER else []
        # serve: the words whose keys and weights are not those of the last corpus read (a word whose
        # split or stems moved); a unit's scores made last time hold if it has none of them (_SCORED)
        self.moved: set = set()
        if _REMEMBER:
            before = _CONTRIBUTIONS[0] if _CONTRIBUTIONS else {}
            self.moved = {
                word
                for word, out in self.contributions.items()
                if before.get(word) != out and sorted(before.get(word, ())) != sorted(out)
            }
            _CONTRIBUTIONS[:] = [self.contributions]


def remember_words(on: bool = True) -> None:
    """serve: keep each text's word counts, each word's compound split, each unit's scores and each
    key's postings for the next corpus read, so a rebuild after an edit counts, splits, scores and
    posts only what changed. A plain build keeps nothing
    (it would hold every text's counts to the end: #21's memory)."""
    global _REMEMBER
    _REMEMBER = on
    _WORDS_CACHE.clear()  # words read the other way lack (or hold) what a rebuild needs
    if not on:
        _COUNTED.clear()
        _SPLITS.clear()
        _CONTRIBUTIONS.clear()
        _SCORED.clear()
        _KEY_NUMBERS.clear()
        _KEY_LIST.clear()
        _KEYS_IN_USE.clear()
        _POSTED_JSON.clear()
        _POSTED.clear()
        _SHARED.clear()


# A unit's counts by its texts, from the last corpus read: serve's rebuild after an edit counts only
# the texts that changed (the counts are a function of the texts; they are shared, not changed).
_REMEMBER = False  # remember_words(): on in serve
_COUNTED: dict = {}
_SPLITS: list = []  # [the part words, {word: its split}] of the last corpus read
_CONTRIBUTIONS: list = []  # [each (folded word, text language)'s keys and weights] of the last corpus read
# lang -> {(unit's texts, labels): its scores before idf, [key number, score, ...]}: a unit's scores
# are a function of its texts and its words' contributions (only idf is global)
_SCORED: dict = {}
_KEY_NUMBERS: dict = {}  # serve: each key's number, the same in every build (it grows with the keys ever seen)
_KEY_LIST: list = []  # serve: the keys by their numbers
_KEYS_IN_USE: dict = {}  # serve: lang -> how many keys its last index had (when to number them anew)
_POSTED_JSON: dict = {}  # lang -> its last index's postings (their bytes) -> their JSON texts
_POSTED: dict = {}  # serve: (lang, "criteria" or "categories") -> the last index's _Posted
_SHARED: dict = {}  # serve: each (word, stemmer) and (field, language, word) tuple, once for every text


def _itself(value):
    return value


def _shared(value):
    return _SHARED.setdefault(value, value)


MAX_MOVED_PARTS = 64  # more part words changed than this (another corpus): every word is split anew
_WORDS_CACHE: list = []  # [(corpus, _Words)]: the last corpus's words, shared by its two languages
_SHARE_WORDS = [True]  # share_words(): off in a worker process that builds one language


def share_words(on: bool) -> None:
    """Whether the corpus's words are kept for the next language's index. A worker that builds one
    language turns it off: kept, they would stay to the end of its MkDocs run (#21: about 7 KB a
    criterion held for nothing)."""
    _SHARE_WORDS[0] = on
    if not on:
        _WORDS_CACHE.clear()


def _words_of(corpus, kept=_made) -> _Words:
    if not _SHARE_WORDS[0]:
        return _Words(corpus, kept)
    if not (_WORDS_CACHE and _WORDS_CACHE[0][0] is corpus):
        _WORDS_CACHE[:] = [(corpus, _Words(corpus, kept))]
    return _WORDS_CACHE[0][1]


def build_index(corpus, lang: str, web, kept=_made) -> dict:
    """The search data for the site in `lang`: keys, postings (the criteria's and the categories'),
    the word tables and the plan's constants. `web` is the browser code's folder: synonyms are
    resolved with search.js's lookup."""
    known = _words_of(corpus, kept)
    docs, units = known.docs_meta, known.units_meta
    # weights: field x language x part, summed per key with a saturating term frequency
    own = {
        lang: LANGUAGE_WEIGHT["own"],
        ("en" if lang == "da" else "da"): LANGUAGE_WEIGHT["other"],
        NEUTRAL: LANGUAGE_WEIGHT["own"],
    }
    label_weight = FIELDS["labels"] * own[lang]
    # key -> a number, so a unit's scores are an array of numbers (see _Words); in serve the same
    # number in every build, so the scores kept from the last build are used as they are
    if _REMEMBER and len(_KEY_LIST) > 2 * max(_KEYS_IN_USE.values(), default=0) + 10_000:
        # mostly keys of words no longer in the corpus (a session's half-typed words): numbered anew
        _KEY_NUMBERS.clear()
        _KEY_LIST.clear()
        _SCORED.clear()  # its scores are in the old numbers
        _POSTED.clear()
    key_ids, key_of = (_KEY_NUMBERS, _KEY_LIST) if _REMEMBER else ({}, [])

    # each triple's weight (its field's times its language's) and its keys with their part weights,
    # looked up once per triple, not per occurrence; a list of references each (#21)
    triple_weight = [FIELDS[name] * own[text_lang] for name, text_lang, _ in known.triples]
    triple_keys = [known.contributions[(f, text_lang)] for _, text_lang, f in known.triples]
    saturated = 2 * PART_WEIGHT["word"]

    def scored(per: array, labels=()) -> dict:
        by_weight: dict = {}  # weight -> key -> its term frequency (the weights are integers: any order sums the same)
        for t, n in zip(per[0::2], per[1::2]):
            weight = triple_weight[t]
            counts = by_weight.get(weight)
            if counts is None:
                counts = by_weight[weight] = {}
            for k, part_weight in triple_keys[t]:
                counts[k] = counts.get(k, 0) + part_weight * n
        for label in labels:  # the label itself, as one key (synonyms reach it)
            by_weight.setdefault(label_weight, {})["@" + label] = PART_WEIGHT["word"]
        scores: dict = {}
        for weight, counts in by_weight.items():
            for k, tf in counts.items():
                # saturating term frequency: a word said three times is not three times as relevant
                scores[k] = scores.get(k, 0) + weight * min(tf, saturated)
        return scores

    last_scored = _SCORED.get(lang, {})
    now_scored: dict = {}
    # serve: the triples (their word and language) whose word moved, found once, not per unit
    moved = (
        {t for t, (_, text_lang, f) in enumerate(known.triples) if (f, text_lang) in known.moved}
        if known.moved
        else set()
    )

    def number(key: str) -> int:
        """The key's number, given the next one the first time it is met."""
        if key not in key_ids:
            key_ids[key] = len(key_of)
            key_of.append(key)
        return key_ids[key]

    def numbered(scores: dict) -> array:
        return array(_INTS, itertools.chain.from_iterable(zip(map(number, scores), scores.values())))

    def raw(unit: int, per: array, labels=()) -> array:
        """The unit's scores before idf, as [key number, score, ...]; in serve those made last time
        when the unit's texts and labels are the same and none of its words moved (kept as they
        are: serve numbers the keys once for all its builds, _KEY_NUMBERS)."""
        if not _REMEMBER:
            return numbered(scored(per, labels))
        key = (known.unit_keys[unit], tuple(labels))
        made = last_scored.get(key) or now_scored.get(key)
        if made is not None and moved and not moved.isdisjoint(per[0::2]):
            made = None  # the same texts, but a word of theirs has other keys or weights now
        if made is None:
            made = numbered(scored(per, labels))
        now_scored[key] = made
        return made

    def posted(kind: str, raw_scores: list, codes=()) -> dict:
        """key -> its postings as the file has them, [gap to the previous unit, score, ...]: each
        unit's scores times idf (over these units: criteria, or categories), in integers, and a
        unit's codes (`codes[i]`: code -> score, after its words). In serve, the last build's
        postings of the same `kind` where no unit's scores for the key changed (_POSTED)."""
        last = _POSTED.pop((lang, kind), None) if _REMEMBER else None
        made = _posted_again(last, raw_scores, codes, number, key_of) if last else None
        if made is None:
            made = _posted(raw_scores, codes, number)
        if _REMEMBER:
            _POSTED[(lang, kind)] = _Posted(raw_scores, list(codes), made)
        return {key_of[k]: posting for k, posting in made.items()}

    doc_scores = [raw(i, per, corpus.criteria[doc["id"]].labels) for i, (doc, per) in enumerate(zip(docs, known.docs))]
    postings = posted("criteria", doc_scores, [doc["codes"] for doc in docs])
    del doc_scores
    cat_postings = posted("categories", [raw(len(docs) + j, per) for j, per in enumerate(known.units)])
    if _REMEMBER:
        _SCORED[lang] = now_scored
    for k in cat_postings:  # a word only a category's text has is a key too (its criteria have no postings)
        postings.setdefault(k, array(_INTS))
    if _REMEMBER:
        _KEYS_IN_USE[lang] = len(postings)
    # synonyms: each trigger word resolved to keys now, so the browser only looks them up
    key_list = sorted(postings)
    key_index = {k: i for i, k in enumerate(key_list)}
    word_list = sorted(known.surface)
    cat_of = {unit["id"]: i for i, unit in enumerate(units)}
    tables = {
        "words": word_list,
        "word_keys": [sorted(key_index[k] for k in known.surface[w] if k in key_index) for w in word_list],
    }
    data = {
        "keys": key_list,
        "postings": [postings.pop(k) for k in key_list],  # arrays: _dumps writes them as lists
        "docs": [d["id"] for d in docs],
        # the categories (in site order) and, per key, each category's score: which category the query is about
        "cats": [unit["id"] for unit in units],
        "cat_postings": [cat_postings.get(k, array(_INTS)) for k in key_list],
        "doc_cat": [cat_of[corpus.criteria[d["id"]].category] for d in docs],
        "tiers": [corpus.vocab.ids("statuses").index(d["status"]) for d in docs],
        "stop": STOP_WORDS,
        "suffixes": SUFFIXES,
        "factor": FACTOR,
        "patterns": {"id": QUERY_ID, "cpv": QUERY_CPV, "gpp": QUERY_GPP},
        "limits": {
            "chars": MAX_QUERY_CHARS,
            "terms": MAX_QUERY_TERMS,
            "length": MAX_TERM_LENGTH,
            "fuzzy2": MAX_FUZZY2_LENGTH,
            "prefix": MAX_PREFIX_EXPANSIONS,
            "part": decompound.MIN_PART,
        },
        **tables,
    }
    data["loose"] = _loose_table(data)
    data["synonyms"] = _synonym_table(corpus, data, web)
    return data


class _Posted(NamedTuple):
    """What one kind of units' postings were made from, and them (key number -> postings): serve's
    next build makes again only the keys a changed unit's scores or codes name (_posted_again)."""

    raw: list  # each unit's scores before idf, [key number, score, ...]
    codes: list  # each unit's codes, code -> score (criteria; none for the categories)
    postings: dict


def _posted(raw_scores: list, codes, number) -> dict:
    """Every key's postings, key number -> [gap, score, ...] (build_index's posted): the units that
    hold a key are gathered first, so its document frequency and idf are had once per key."""
    units_of: dict = {}  # key -> the units that hold it, in order (arrays: 4 bytes a number, #21)
    scores_of: dict = {}  # key -> their scores before idf
    for i, scores in enumerate(raw_scores):
        for k, s in zip(scores[0::2], scores[1::2]):
            units = units_of.get(k)
            if units is None:
                units_of[k], scores_of[k] = array(_INTS, (i,)), array(_INTS, (s,))
            else:
                units.append(i)
                scores_of[k].append(s)
    n = len(raw_scores)
    into: dict = {}
    for k, units in units_of.items():
        idf = math.log(1 + n / len(units))
        into[k] = _gapped(units, [max(1, round(s * idf / 10)) for s in scores_of.pop(k)])
    code_units: dict = {}  # code key -> ([units], [scores]): a code's score is its own, not times idf
    for i, unit_codes in enumerate(codes or ()):
        for code, s in unit_codes.items():
            units, scores = code_units.setdefault(number(code), ([], []))
            units.append(i)
            scores.append(s)
    for k, (units, scores) in code_units.items():
        if k in into:  # a word's key never begins with "#", as a code's does (_posted_again relies on it too)
            raise ValueError(f"the search key numbered {k} is both a code and a word")
        into[k] = _gapped(units, scores)
    return into


def _gapped(units: list, scores: list) -> array:
    """Units (in order) and their scores as the file's postings, [gap to the previous unit, score, ...]."""
    posting = array(_INTS, bytes(2 * len(units) * array(_INTS).itemsize))
    posting[0::2] = array(_INTS, map(operator.sub, units, itertools.chain((0,), units)))
    posting[1::2] = array(_INTS, scores)
    return posting


def _units(posting: array) -> set:
    """The units a key's postings (as the file has them: gaps) name."""
    return set(itertools.accumulate(posting[0::2]))


def _posted_again(last: _Posted, raw_scores: list, codes, number, key_of) -> dict | None:
    """_posted()'s result from the last build's, when the units are as many and most are the same
    (serve, after an edit to a text): a key's postings depend on its units' scores and document
    frequency, and on the number of units, so only the keys whose score or code changed in some
    unit are made again (#21: making every key's was half an edit's search index). None: made whole."""
    n = len(raw_scores)
    if len(last.raw) != n:
        return None  # a unit added or taken out: every idf and the units' numbers move
    codes = codes or [{}] * n
    last_codes = last.codes or [{}] * n
    changed = [
        i
        for i in range(n)
        if (raw_scores[i] is not last.raw[i] and raw_scores[i] != last.raw[i]) or codes[i] != last_codes[i]
    ]
    if len(changed) > n // 4:
        return None  # mostly new: the whole is quicker

    keys_of: dict = {}  # unit -> its key numbers, an array (4 bytes a key), taken when a key needs it

    def score(i: int, k: int):
        """The unit's score for key k before idf (None: it has no such key). A common word's key
        asks nearly every unit: a lookup in the unit's array, not a dictionary made per unit."""
        keys = keys_of.get(i)
        if keys is None:
            keys = keys_of[i] = raw_scores[i][0::2]
        try:
            return raw_scores[i][2 * keys.index(k) + 1]
        except ValueError:
            return None

    again: set = set()
    for i in changed:
        before = dict(zip(last.raw[i][0::2], last.raw[i][1::2]))
        now = dict(zip(raw_scores[i][0::2], raw_scores[i][1::2]))
        again.update(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
        again.update(
            number(c) for c in last_codes[i].keys() | codes[i].keys() if last_codes[i].get(c) != codes[i].get(c)
        )
    out = dict(last.postings)
    for k in again:
        units = _units(out[k]) if k in out else set()
        units.update(changed)
        code = key_of[k]
        by_unit = {i: s for i in units if (s := score(i, k)) is not None}  # its units' scores before idf
        idf = math.log(1 + n / len(by_unit)) if by_unit else 0
        entries = []  # (unit, score): a unit's word, then its code
        for i in sorted(units):
            if i in by_unit:
                entries.append((i, max(1, round(by_unit[i] * idf / 10))))
            if code in codes[i]:
                entries.append((i, codes[i][code]))
        if entries:
            out[k] = _gapped([i for i, _ in entries], [s for _, s in entries])
        else:
            out.pop(k, None)
    return out


def _loose_table(data) -> dict:
    """loose spelling -> key indexes, for words whose loose spelling differs."""
    out: dict = {}
    for w, ks in zip(data["words"], data["word_keys"]):
        if loose(w) != w:
            out.setdefault(loose(w), set()).update(ks)
    return {w: sorted(ks) for w, ks in sorted(out.items())}


def synonym_groups(corpus) -> list:
    """(trigger words, target) pairs: vocab/synonyms.yaml (target: the id's words) and every
    ecolabel's name and aliases, each typed as one word (svanen, euecolabel; target: the label)."""
    groups = []
    for entry in corpus.vocab.entries.get("synonyms", {}).values():
        groups.append((list(entry["words"]), words(entry["id"])))
    for label, entry in corpus.vocab.entries.get("labels", {}).items():
        names = [entry["name"]["da"], entry["name"].get("en") or ""] + list(entry.get("aliases", []))
        triggers = [re.sub(r"[\W_]+", "", n.split("(")[0]) for n in names if n.split("(")[0].strip()]
        groups.append((triggers, ["@" + label]))
    return groups


_NO_POSTINGS = {
    "postings": [],
    "cat_postings": [],
    "docs": [],
    "doc_cat": [],
    "tiers": [],
}  # a word's keys need only the word tables


def _synonym_table(corpus, data, web) -> dict:
    """Each synonym's trigger words -> the index keys of its target, looked up as the query looks
    a word up (search.js's lookup, run here: the one implementation)."""
    from opslag.search.query import Search

    out: dict = {}
    key_index = {k: i for i, k in enumerate(data["keys"])}
    groups = synonym_groups(corpus)
    unknown = sorted({w for _, targets in groups for w in targets if w not in key_index})
    found = dict(
        zip(
            unknown,
            Search(web, json.dumps({**data, "synonyms": {}, **_NO_POSTINGS})).call("keys", unknown) if unknown else [],
        )
    )
    for triggers, targets in groups:
        keys = set()
        for w in targets:
            keys.update([key_index[w]] if w in key_index else found[w])
        if not keys:
            continue
        for trigger in triggers:
            for form in {fold(trigger), loose(fold(trigger))}:
                out.setdefault(form, set()).update(keys)
    return {w: sorted(ks) for w, ks in sorted(out.items())}


# ---------------------------------------------------------------- the site's file


def suggestion_words(corpus, lang: str, kept=_made) -> list:
    """The words offered as "mente du …" when a query finds nothing: as written (lower case) in
    the criteria's and categories' titles and the categories' everyday words, in the site's language.
    `kept(kind, category id, make)`: make()'s value, or serve's from the last build (site_index)."""

    def of(cat) -> frozenset:
        texts = [cat.title.get(lang), *cat.search_terms.get(lang, ())]
        texts += [c.title.get(lang) for c in cat.criteria if c.title.translated(lang)]
        return frozenset(
            w for text in texts for w in words(text) if len(w) >= 4 and not w.isdigit() and fold(w) not in STOP_WORDS
        )

    return sorted(set().union(*(kept("suggest", cat.id, lambda cat=cat: of(cat)) for cat in corpus.categories)))


def _shown(corpus, c, lang: str) -> dict:
    """A result's display data: what the list of results shows of the criterion."""
    # placeholders as the procurer sees them unfilled ("[aldersgrænse (år); forslag: 6 år]"), never the syntax
    text = c.requirement.get(lang)
    snippet = placeholders.display(textblocks.to_plain(text), lang if c.requirement.translated(lang) else LANGUAGES[0])
    snippet = snippet.replace("\n", " ")
    return {
        "cite": c.cite,
        "title": c.title.get(lang),
        "category": c.category,
        "type": c.type,
        "level": c.level,
        "status": c.status,
        "labels": list(c.labels),
        "f": facets.values(corpus, c),  # what the filters filter by (web/js/filters.js)
        "url": urls.criterion(c),
        "snippet": snippet[:220] + ("…" if len(snippet) > 220 else ""),
    }


def site_index(corpus, lang: str, web, kept=_made) -> dict:
    """The index and the display data of each result (`shown`) and the filters' names: the whole
    of what the search page may load, as one dictionary (split for the site by site_files). `kept`:
    serve's record (exports/reuse.py's category_value), which keeps a category's display data and
    words from the last build when its inputs are the same; a plain build makes them."""
    data = build_index(corpus, lang, web, kept)
    shown = [
        d
        for cat in corpus.categories
        for d in kept("shown", cat.id, lambda cat=cat: tuple(_shown(corpus, c, lang) for c in cat.criteria))
    ]  # in the order of data["docs"] (_documents: the categories' criteria in turn)
    names = {
        "category": {cat.id: cat.title.get(lang) for cat in corpus.categories},
        "type": {t: corpus.vocab_name("types", t).get(lang) for t in corpus.vocab.ids("types")},
        "level": {t: corpus.vocab_name("levels", t).get(lang) for t in corpus.vocab.ids("levels")},
        "status": {t: corpus.vocab_name("statuses", t).get(lang) for t in corpus.vocab.ids("statuses")},
        "label": {t: corpus.vocab_name("labels", t).get(lang) for t in corpus.vocab.ids("labels")},
    }
    return {
        **data,
        "shown": shown,
        "names": names,
        "suggest": suggestion_words(corpus, lang, kept),
        "cat_urls": [urls.category(cat.id) for cat in corpus.categories],
    }


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_listed)


def _listed(value):
    """A postings array (build_index) as the JSON list it is."""
    if isinstance(value, array):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON")


def site_index_json(corpus, lang: str, web) -> str:
    """The whole index as one JSON text: what `build.py search` and the tests load into search.js."""
    return _dumps(site_index(corpus, lang, web)) + "\n"


# ---------------------------------------------------------------- the site's files (#20: load what a query needs)

SHARD_CHARS = 48_000  # a postings shard's size in characters, about (a shard holds whole keys)
CHUNK_DOCS = 32  # criteria per file of display data (the first page of results fetches a few)
ROW_DOCS = 2048  # criteria per file of rows (r<N>.json): each small enough to parse between two keys
FACETS = ("category", "type", "level", "status")  # one value per criterion; "label": a list


def site_files(corpus, lang: str, web, kept=_made) -> dict:
    """search/<lang>/…: the index split so that a query loads only what it needs."""
    data = site_index(corpus, lang, web, kept)
    return {f"search/{lang}/{name}": text for name, text in split_index(data, lang).items()}


def _posted_texts(postings: list, cat_postings: list, lang: str | None):
    """Each key's postings and category postings as JSON texts, made one key at a time (not every
    key's at once: #21's memory); in serve (remember_words) those of the language's last build are
    reused for the keys whose postings are the same bytes."""
    if not _REMEMBER or not all(isinstance(p, array) for p in (*postings[:1], *cat_postings[:1])):
        for p, c in zip(postings, cat_postings):
            yield _dumps(p), _dumps(c)
        return
    now, last = {}, _POSTED_JSON.pop(lang, {})  # the last let go as this one is made
    for p, c in zip(postings, cat_postings):
        key = (p.tobytes(), c.tobytes())
        texts = now.get(key) or last.get(key) or (_dumps(p), _dumps(c))
        now[key] = texts
        yield texts
    _POSTED_JSON[lang] = now  # only the language's last (a worker of one language keeps one)


def split_index(data: dict, lang: str | None = None) -> dict:
    """{file name: JSON text} of a site_index() dictionary:

    - index.json: everything the query plan and the filters need, loaded when the page opens: the
      word and key tables, the criteria's ids and status tiers, the categories ("cats", "cat_urls"),
      the "mente du" words, and per criterion its filter values as small integers ("facets":
      category, type, level, status, and a list of labels; the integers index "values"), so
      counting the filters over 10,000 hits reads arrays, not files. The filters' values of a
      criterion (shown[].f: facets.py's values()) and its category's place (doc_cat) are not
      written twice: search.js makes them from the facet arrays, with each level's rank
      ("ranks") and each category's POGI goals ("goals": indexes into values["goal"]);
    - p<N>.json: {"postings", "cat_postings"} of the keys from shards[N] up to shards[N+1] (sorted
      keys, so a shard is a run of first letters), cut at about SHARD_CHARS; fetched when a
      query's word needs them (the categories' scores of a key travel with its criteria's);
    - d<N>.json: cite, title, address and snippet of criteria N*chunk .. N*chunk+chunk-1, fetched
      for the results drawn;
    - r<N>.json: the rows' own data (cite, title, address; columns) of criteria N*rows ..
      N*rows+rows-1, loaded one by one in idle time after the first results: a later key then
      draws its list at once and only the snippets wait for the d<N>.json files (the same texts
      as theirs, sent twice so that neither the first key nor a later one waits for both).
    Together they hold exactly the one-file index (tests/test_search.py joins them back)."""

    def shard(lists) -> str:
        return (
            '{"cat_postings":['
            + ",".join(c for _, c in lists)
            + '],"postings":['
            + ",".join(p for p, _ in lists)
            + "]}\n"
        )

    shards, files, size, start, texts = [], {}, 0, 0, []
    for i, (p, c) in enumerate(_posted_texts(data["postings"], data["cat_postings"], lang)):
        if i == start or size + len(p) + len(c) <= SHARD_CHARS:
            size += len(p) + len(c) + 2
            texts.append((p, c))
            continue
        shards.append(start)
        files[f"p{len(shards) - 1}.json"] = shard(texts)
        start, size, texts = i, len(p) + len(c) + 2, [(p, c)]
    if texts:
        shards.append(start)
        files[f"p{len(shards) - 1}.json"] = shard(texts)
    shown, names = data["shown"], data["names"]
    values = {name: sorted(names[name]) for name in (*FACETS, "label")}
    values["goal"] = sorted({g for d in shown for g in d["f"]["goal"]})
    position = {name: {v: i for i, v in enumerate(vs)} for name, vs in values.items()}
    facets = {name: [position[name][d[name]] for d in shown] for name in FACETS}
    facets["label"] = [[position["label"][x] for x in d["labels"]] for d in shown]
    rank = {d["level"]: d["f"]["level"] for d in shown}
    goals = {d["category"]: [position["goal"][g] for g in d["f"]["goal"]] for d in shown}
    derived = {
        "ranks": [rank.get(v) for v in values["level"]],  # None: no criterion has the level
        "goals": [goals.get(v, []) for v in values["category"]],
    }
    for n in range(0, len(shown), CHUNK_DOCS):
        chunk = [{k: d[k] for k in ("cite", "title", "url", "snippet")} for d in shown[n : n + CHUNK_DOCS]]
        files[f"d{n // CHUNK_DOCS}.json"] = _dumps(chunk) + "\n"
    for n in range(0, len(shown), ROW_DOCS):
        rows = {k: [d[k] for d in shown[n : n + ROW_DOCS]] for k in ("cite", "title", "url")}
        files[f"r{n // ROW_DOCS}.json"] = _dumps(rows) + "\n"
    head = {k: v for k, v in data.items() if k not in ("postings", "cat_postings", "doc_cat", "shown")}
    head.update(
        {"shards": shards, "chunk": CHUNK_DOCS, "rows": ROW_DOCS, "facets": facets, "values": values, **derived}
    )
    files["index.json"] = _dumps(head) + "\n"
    return dict(sorted(files.items()))

"""Search: an index computed at build time and one small query algorithm, run the same way by
`build.py search` (here) and by the site (web/js/search.js, a line-by-line mirror).

Everything that needs language knowledge happens here, at build time, and ships as data in
search/<lang>.json: Snowball stems (NLTK) group the inflections of each corpus word under one key,
long Danish words are also indexed by their parts (opslag/search/decompound.py), æ/ø/å are folded, the
synonyms (vocab/synonyms.yaml, plus each ecolabel's name and aliases) are resolved to index keys,
and each (key, criterion) pair gets an integer score: field weight (title above labels, the
category's everyday words, the category and the body) x language (the site's own language above
the other) x a part factor (a whole word above a compound part) x idf. The browser then needs no
stemmer and no floating point: it looks words up, adds integers and sorts.

The query plan, per query word (cut to bounded sizes first, so a 400-letter word stays cheap):
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

import json
import math
import re
from functools import cache, lru_cache

from nltk.stem.snowball import DanishStemmer, EnglishStemmer

from opslag import urls
from opslag.project import LANGUAGES
from opslag.search import decompound
from opslag.source import textblocks
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
FIELDS = {"title": 10, "labels": 6, "terms": 5, "category": 3, "body": 1}
LANGUAGE_WEIGHT = {"own": 10, "other": 4}
PART_WEIGHT = {"word": 10, "head": 5, "modifier": 3}  # a compound's parts, indexed too
CODE_SCORE = {"id": 100_000, "gpp": 50_000, "cpv": 20_000, "cpv-tree": 10_000}  # above any word score
FACTOR = {"exact": 100, "synonym": 90, "modifier": 50, "fuzzy": 50}  # percent, per matched key

_ID = re.compile(QUERY_ID)  # opslag/source/schema.py; search.js gets the same patterns from the data ("patterns")
_CPV = re.compile(QUERY_CPV)
_GPP = re.compile(QUERY_GPP)
_WORD = re.compile(r"[^\W_]+")
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


def plan(query: str) -> list:
    """The query's terms: [(term, kind, parts)], kind 'code' (term: a list of code keys), 'joined'
    (a word written with hyphens or dots: term joined, parts apart) or 'word' (folded).
    Mirrored in search.js."""
    out = []
    for raw in fold(query[:MAX_QUERY_CHARS]).split():
        raw = raw.strip(".,;:!?()\"'")
        codes = []
        m = _ID.match(raw)
        if m:
            codes.append("#" + id_token(raw))
        m = _GPP.match(raw)
        if m:
            codes.append("#" + m.group(1) + m.group(2))
        m = _CPV.match(raw)
        if m:
            codes.append("#" + m.group(1))
            codes += ["#" + c for c in cpv_tree(m.group(1))]
        parts = _WORD.findall(raw)
        if codes:
            out.append((codes, "code", parts))
        elif len(parts) > 1:  # ø-mærket, pc-skærm: the joined word if the index knows it, else the parts
            out.append(("".join(parts), "joined", parts))
        else:
            out += [(w, "word", None) for w in parts]
    return [(t if kind == "code" else t[:MAX_TERM_LENGTH], kind, rest) for t, kind, rest in out[:MAX_QUERY_TERMS]]


# ---------------------------------------------------------------- building the index


class _Vocab:
    """Corpus words (folded) -> index keys, per the build; becomes the JSON tables."""

    def __init__(self):
        self.surface: dict[str, set] = {}

    def add(self, word: str, lang: str) -> str:
        key = stem(word, lang)
        self.surface.setdefault(fold(word), set()).add(key)
        return key


def _documents(corpus) -> list:
    """Per criterion: {field: {lang: text}} and its codes."""
    docs = []
    for cat in corpus.categories:
        codes = {}
        for cpv in cat.cpv:
            codes["#" + cpv[:8]] = max(codes.get("#" + cpv[:8], 0), CODE_SCORE["cpv"])
            for broader in cpv_tree(cpv[:8]):
                codes.setdefault("#" + broader, CODE_SCORE["cpv-tree"])
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
            docs.append({"id": c.id, "codes": doc_codes, "fields": fields, "status": c.status})
    return docs


def build_index(corpus, lang: str) -> dict:
    """The search data for the site in `lang`: keys, postings, the word tables and the plan's
    constants."""
    vocab = _Vocab()
    stop = set(STOP_WORDS)
    docs = _documents(corpus)
    # 1. every word of every field, keyed
    tokenised = []
    for doc in docs:
        per = []
        for name, by_lang in doc["fields"].items():
            for text_lang, text in by_lang.items():
                for w in words(text):
                    if fold(w) in stop or len(w) < 2 and not w.isdigit():
                        continue
                    per.append((name, text_lang, w, vocab.add(w, text_lang)))
        for label in corpus.criteria[doc["id"]].labels:  # the label itself, as one key (synonyms reach it)
            per.append(("labels", lang, "@" + label, "@" + label))
        tokenised.append(per)
    for cat in corpus.categories:  # everyday words of categories without criteria text on them yet
        for text_lang, terms in cat.search_terms.items():
            for w in words(" ".join(terms)):
                vocab.add(w, text_lang)
    keys = {k for ks in vocab.surface.values() for k in ks}
    # 2. a Danish stem that is the contracted form's long variant joins it (møbel -> møbl)
    for ks in vocab.surface.values():
        for k in list(ks):
            short = _contracted(k)
            if short and short in keys:
                ks.add(short)
    # 3. compound parts of long Danish words
    danish = {fold(w) for doc in tokenised for (_, text_lang, w, _) in doc if text_lang == "da"}
    part_words = {w for w in danish if len(w) >= decompound.MIN_PART and w not in stop}

    @cache
    def parts_of(word: str):
        if len(word) < 2 * decompound.MIN_PART:
            return None
        return decompound.split(word, lambda p: p != word and p in part_words)

    # 4. weights
    own = {lang: LANGUAGE_WEIGHT["own"], ("en" if lang == "da" else "da"): LANGUAGE_WEIGHT["other"]}
    raw_scores = []
    for per in tokenised:
        counts: dict = {}
        for name, text_lang, w, _key in per:
            weight = FIELDS[name] * own[text_lang]
            if w.startswith("@"):
                counts[(w, weight)] = PART_WEIGHT["word"]
                continue
            for k in vocab.surface[fold(w)]:
                counts[(k, weight)] = counts.get((k, weight), 0) + PART_WEIGHT["word"]
            parts = parts_of(fold(w)) if text_lang == "da" else None
            for i, part in enumerate(parts or ()):
                role = "head" if i == len(parts) - 1 else "modifier"
                for k in vocab.surface[part]:
                    counts[(k, weight)] = counts.get((k, weight), 0) + PART_WEIGHT[role]
        scores: dict = {}
        for (k, weight), tf in counts.items():
            # saturating term frequency: a word said three times is not three times as relevant
            scores[k] = scores.get(k, 0) + weight * min(tf, 2 * PART_WEIGHT["word"])
        raw_scores.append(scores)
    df: dict = {}
    for scores in raw_scores:
        for k in scores:
            df[k] = df.get(k, 0) + 1
    n = len(docs)
    postings: dict = {}
    for i, (doc, scores) in enumerate(zip(docs, raw_scores)):
        for k, s in scores.items():
            postings.setdefault(k, []).append((i, max(1, round(s * math.log(1 + n / df[k]) / 10))))
        for code, s in doc["codes"].items():
            postings.setdefault(code, []).append((i, s))
    # 5. synonyms: each trigger word resolved to keys now, so the browser only looks them up
    key_list = sorted(postings)
    key_index = {k: i for i, k in enumerate(key_list)}
    word_list = sorted(vocab.surface)
    tables = {
        "words": word_list,
        "word_keys": [sorted(key_index[k] for k in vocab.surface[w] if k in key_index) for w in word_list],
    }
    data = {
        "keys": key_list,
        "postings": [_gaps(sorted(postings[k])) for k in key_list],
        "docs": [d["id"] for d in docs],
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
    data["synonyms"] = _synonym_table(corpus, data)
    return data


def _gaps(pairs) -> list:
    """[(doc, score), ...] sorted by doc -> [gap, score, gap, score, ...], gap to the previous doc."""
    out, last = [], 0
    for doc, score in pairs:
        out += [doc - last, score]
        last = doc
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


def _synonym_table(corpus, data) -> dict:
    out: dict = {}
    key_index = {k: i for i, k in enumerate(data["keys"])}
    for triggers, targets in synonym_groups(corpus):
        keys = set()
        for w in targets:
            keys.update([key_index[w]] if w in key_index else _lookup(data, fold(w), synonyms=False))
        if not keys:
            continue
        for trigger in triggers:
            for form in {fold(trigger), loose(fold(trigger))}:
                out.setdefault(form, set()).update(keys)
    return {w: sorted(ks) for w, ks in sorted(out.items())}


# ---------------------------------------------------------------- the query algorithm (mirrored in search.js)


class _Tables:
    """Lookups over the shipped data, built once per index (the browser does the same on load)."""

    def __init__(self, data):
        self.word = {w: i for i, w in enumerate(data["words"])}
        self.key = {k: i for i, k in enumerate(data["keys"])}
        self.stop = set(data["stop"])


_tables_cache: dict = {}


def _t(data) -> _Tables:
    t = _tables_cache.get(id(data))
    if t is None or t[0] is not data:
        t = (data, _Tables(data))
        _tables_cache[id(data)] = t
    return t[1]


def _direct(data, w: str) -> list:
    t = _t(data)
    if w in t.word:
        return data["word_keys"][t.word[w]]
    if w in t.key:
        return [t.key[w]]
    return data["loose"].get(loose(w), [])


def _lookup(data, w: str, synonyms: bool = True) -> list:
    """Keys for a folded word: as written, loosely spelt, without an inflection ending; plus synonyms."""
    keys = _direct(data, w)
    if not keys:
        for suffix in data["suffixes"]:
            if w.endswith(suffix) and len(w) - len(suffix) >= data["limits"]["part"]:
                base = w[: len(w) - len(suffix)]
                keys = _direct(data, base)
                if not keys and len(base) > 3 and base[-1] == base[-2]:
                    keys = _direct(data, base[:-1])  # tabletten -> tablett -> tablet
                if keys:
                    break
    if synonyms:
        extra = data["synonyms"].get(w) or data["synonyms"].get(loose(w)) or []
        keys = sorted(set(keys) | set(extra)) if extra else keys
    return keys


def edit_distance(word: str) -> int:
    """How many edits a word may be from a corpus word, when it finds nothing as written."""
    return 2 if 8 <= len(word) <= MAX_FUZZY2_LENGTH else 1 if len(word) >= 5 else 0


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance (insert, delete, substitute, swap two neighbours), or limit+1 when above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        low = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            low = min(low, v)
        if low > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def _fuzzy(data, w: str, limit: int) -> set:
    """Keys of the corpus words nearest to w within `limit` edits."""
    found, best = set(), limit + 1
    if limit:
        for i, candidate in enumerate(data["words"]):
            d = distance(w, candidate, limit)
            if d < best:
                found, best = set(), d
            if d == best and d <= limit:
                found.update(data["word_keys"][i])
    return found


def _fallback(data, w: str) -> list:
    """Keys of corpus words one or two edits away (the nearest only), and of words starting with w."""
    found = _fuzzy(data, w, edit_distance(w))
    if len(w) >= 4:
        taken = 0
        for i, candidate in enumerate(data["words"]):
            if candidate.startswith(w) and candidate != w:
                found.update(data["word_keys"][i])
                taken += 1
                if taken >= data["limits"]["prefix"]:
                    break
    return sorted(found)


def expand(data, w: str) -> list:
    """A folded query word as slots: [[(key index, factor %), ...], ...]; a criterion scores the
    best of each slot, summed over the slots. [] when the word is a stop word or finds nothing."""
    if w in _t(data).stop:
        return []
    f = data["factor"]
    keys = _lookup(data, w)
    if keys:
        return [[(k, f["exact"]) for k in keys]]
    parts = decompound.split(w, lambda p: bool(_lookup(data, p))) if len(w) >= 2 * data["limits"]["part"] else None
    if parts:
        return [
            [(k, f["exact"] if i == len(parts) - 1 else f["modifier"]) for k in _lookup(data, p)]
            for i, p in enumerate(parts)
        ]
    keys = _fallback(data, w)
    if keys:
        return [[(k, f["fuzzy"]) for k in keys]]
    return _misspelt_compound(data, w) or _known_end_or_start(data, w)


def _misspelt_compound(data, w: str) -> list:
    """A known first word and a misspelt head (kontormøbbler): the shortest known start whose
    rest (after an optional linking letter) is within the typo distance of a corpus word."""
    f, part = data["factor"], data["limits"]["part"]
    for cut in range(part, len(w) - 4):
        first = _lookup(data, w[:cut])
        if not first:
            continue
        for link in ("", "s", "e"):
            if link and not w.startswith(link, cut):
                continue
            head = w[cut + len(link) :]
            keys = sorted(_fuzzy(data, head, edit_distance(head))) if len(head) >= 5 else []
            if keys:
                return [[(k, f["modifier"]) for k in first], [(k, f["fuzzy"]) for k in keys]]
    return []


def search(data, query: str, limit: int | None = 10) -> list:
    """[{'ref': criterion id, 'score': int}], best first (see the module's docstring)."""
    t = _t(data)
    terms = []
    for term, kind, rest in plan(query):
        if kind == "code":
            slot = [(t.key[c], 100) for c in term if c in t.key]
            if slot:
                terms.append([slot])
            else:
                terms += [expand(data, w) for w in rest]
        elif kind == "joined" and not _lookup(data, term):
            terms += [expand(data, w[:MAX_TERM_LENGTH]) for w in rest]
        else:
            terms.append(expand(data, term))
    totals: dict = {}
    matched: dict = {}
    for slots in terms:
        word_scores: dict = {}
        for slot in slots:
            best: dict = {}
            for k, factor in slot:
                p, doc = data["postings"][k], 0
                for j in range(0, len(p), 2):
                    doc += p[j]  # postings hold the gap to the previous criterion (smaller file)
                    s = p[j + 1] * factor
                    if s > best.get(doc, 0):
                        best[doc] = s
            for doc, s in best.items():
                word_scores[doc] = word_scores.get(doc, 0) + s
        for doc, s in word_scores.items():
            totals[doc] = totals.get(doc, 0) + s
            matched[doc] = matched.get(doc, 0) + 1
    ranked = sorted(totals, key=lambda doc: (data["tiers"][doc], -totals[doc] * matched[doc], doc))
    hits = [{"ref": data["docs"][doc], "score": totals[doc] * matched[doc]} for doc in ranked]
    return hits if limit is None else hits[:limit]


def _known_end_or_start(data, w: str) -> list:
    """The last resort for an unknown compound (elevmøbler, træterrasse): its longest known
    ending of 4+ letters (the head), else its longest known beginning (a modifier)."""
    f = data["factor"]
    for cut in range(1, len(w) - 3):
        keys = _lookup(data, w[cut:], synonyms=False)
        if keys:
            return [[(k, f["modifier"]) for k in keys]]
    for cut in range(len(w) - 1, data["limits"]["part"] - 1, -1):
        keys = _lookup(data, w[:cut], synonyms=False)
        if keys:
            return [[(k, f["modifier"]) for k in keys]]
    return []


# ---------------------------------------------------------------- the site's file


def site_index_json(corpus, lang: str) -> str:
    """The index and the display data of each result, for the site's search page."""
    data = build_index(corpus, lang)
    shown = []
    for ref in data["docs"]:
        c = corpus.criteria[ref]
        snippet = textblocks.to_plain(c.requirement.get(lang)).replace("\n", " ")
        shown.append(
            {
                "cite": c.cite,
                "title": c.title.get(lang),
                "category": c.category,
                "type": c.type,
                "level": c.level,
                "status": c.status,
                "labels": list(c.labels),
                "url": urls.criterion(c),
                "snippet": snippet[:220] + ("…" if len(snippet) > 220 else ""),
            }
        )
    names = {
        "category": {cat.id: cat.title.get(lang) for cat in corpus.categories},
        "type": {t: corpus.vocab_name("types", t).get(lang) for t in corpus.vocab.ids("types")},
        "level": {t: corpus.vocab_name("levels", t).get(lang) for t in corpus.vocab.ids("levels")},
        "status": {t: corpus.vocab_name("statuses", t).get(lang) for t in corpus.vocab.ids("statuses")},
        "label": {t: corpus.vocab_name("labels", t).get(lang) for t in corpus.vocab.ids("labels")},
    }
    return (
        json.dumps({**data, "shown": shown, "names": names}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        + "\n"
    )

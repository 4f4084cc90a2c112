"""Search: one lunr document per criterion, Danish Snowball stemming, and one query plan
that the site's JavaScript (assets/js/search.js) and the command line both follow.

Why our own index instead of Material's built-in search: Material appends '*' to every
term, and lunr skips the stemmer for wildcard terms, so a stemmed Danish index misses
full words. Here each word becomes three optional clauses: the stemmed word (strong),
the word as a prefix (for typing in progress) and the word within a small edit distance
(Danish stems that Snowball does not unify: møbel/møbler, middel/midler).
Criterion ids (IT-03, it3) and CPV codes (with or without check digit) are normalised to
one token each and matched exactly in a dedicated field.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

import lunr.languages  # noqa: F401  registers NLTK's Snowball stemmers as "stemmer-<lang>"
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.stemmer import stemmer as english_stemmer
from lunr.stop_word_filter import generate_stop_word_filter, stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

from . import textformat, urls

# Snowball's Danish stop-word list (function words only).
DANISH_STOP_WORDS = """og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har
om vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil
blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig
anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været
thi jer sådan""".split()

_danish_stop = generate_stop_word_filter(DANISH_STOP_WORDS, language="da")
_snowball_da = Pipeline.registered_functions["stemmer-da"]  # NLTK's Danish Snowball, via lunr


@lru_cache(maxsize=65536)
def _stem_da(word: str) -> str:
    return _snowball_da(Token(word)).string


def danish_stemmer(token, i=None, tokens=None):
    """The same Snowball stemmer, memoised: a corpus repeats its words many times."""
    return token.update(lambda word, metadata=None: _stem_da(word))


# Serialised indexes name their search pipeline; lunr.js knows the Danish stemmer as "stemmer-da".
danish_stemmer.label = "stemmer-da"
Pipeline.registered_functions["stemmer-da"] = danish_stemmer

FIELDS = (("code", 30), ("title", 10), ("labels", 6), ("category", 3), ("body", 1))

_ID = re.compile(r"^([a-zæøå]{2,5})-?0*([0-9]{1,3})$")
_CPV = re.compile(r"^([0-9]{8})(?:-[0-9])?$")
_WORD = re.compile(r"[^\W_]+")


def id_token(criterion_id: str) -> str:
    """'IT-03' -> 'it03': the one token a criterion id is indexed and searched as."""
    prefix, number = _ID.match(criterion_id.lower()).groups()
    return f"{prefix}{int(number):02d}"


def words(text: str) -> str:
    """Text as the words search sees: letters and digits only, the same split as the query plan."""
    return " ".join(_WORD.findall(text.lower()))


def _builder(lang: str) -> Builder:
    builder = Builder()
    if lang == "da":
        builder.pipeline.add(trimmer, _danish_stop, danish_stemmer)
        builder.search_pipeline.add(danish_stemmer)
    else:
        builder.pipeline.add(trimmer, stop_word_filter, english_stemmer)
        builder.search_pipeline.add(english_stemmer)
    builder.ref("id")
    for name, boost in FIELDS:
        builder.field(name, boost=boost)
    return builder


def documents(corpus, lang: str, r) -> list:
    """The fields of each criterion's search document; `r` is the language's Renderer."""
    docs = []
    for cat in corpus.categories:
        cpv = " ".join(code[:8] for code in cat.cpv)
        for c in cat.criteria:
            labels = []
            for label in c.labels:
                name = corpus.vocab.get("labels", label)["name"]
                labels += [name["da"], name.get("en") or ""]
            docs.append({
                "id": c.id,
                "code": f"{id_token(c.id)} {cpv}",
                "title": words(c.title.get(lang)),
                "labels": words(" ".join(labels)),
                "category": words(" ".join([cat.title.get(lang), r.vocab_label("types", c.type),
                                            r.vocab_label("levels", c.level)])),
                "body": words(" ".join(t.get(lang) for t in (c.requirement, c.verification, c.rationale,
                                                               c.follow_up) if t is not None)),
            })
    return docs


def build_index(corpus, lang: str, r) -> Index:
    builder = _builder(lang)
    for doc in documents(corpus, lang, r):
        builder.add(doc)
    return builder.build()


# Bounds on the work one query can cause (a 400-letter word took minutes: fuzzy matching grows
# with the word's length). Mirrored in assets/js/search.js; the longest Danish compounds are well inside them.
MAX_QUERY_CHARS = 400
MAX_QUERY_TERMS = 12
MAX_TERM_LENGTH = 40
MAX_FUZZY2_LENGTH = 20  # longer words are matched within one edit, not two


def plan(query: str) -> list:
    """The clauses for a query: [(term, kind)], kind in 'code' | 'word'. Mirrored in assets/js/search.js."""
    query = query[:MAX_QUERY_CHARS]
    out = []
    for raw in query.lower().split():
        raw = raw.strip(".,;:!?()\"'")
        if _ID.match(raw):
            out.append((id_token(raw), "code"))
        elif _CPV.match(raw):
            out.append((raw[:8], "code"))
        else:
            out += [(w, "word") for w in _WORD.findall(raw)]
    return [(term[:MAX_TERM_LENGTH], kind) for term, kind in out[:MAX_QUERY_TERMS]]


def edit_distance(word: str) -> int:
    return 2 if 10 <= len(word) <= MAX_FUZZY2_LENGTH else 1 if len(word) >= 5 else 0


def search(index: Index, query: str, limit: int = 10) -> list:
    clauses = plan(query)
    if not clauses:
        return []
    q = index.create_query()
    for term, kind in clauses:
        if kind == "code":
            q.term(term, fields=["code"], use_pipeline=False, boost=100)
            continue
        q.term(term, boost=10)
        q.term(term, use_pipeline=False, wildcard=Query.WILDCARD_TRAILING, boost=1)
        if edit_distance(term):
            q.term(term, use_pipeline=False, edit_distance=edit_distance(term), boost=1)
    return index.query(q)[:limit]


def site_index_json(corpus, lang: str, r) -> str:
    """The index and the display data of each result, for the site's search page."""
    index = build_index(corpus, lang, r)
    shown = {}
    for c in corpus.criteria.values():
        cat = corpus.category(c.category)
        snippet = textformat.to_plain(c.requirement.get(lang)).replace("\n", " ")
        shown[c.id] = {
            "cite": c.cite,
            "title": c.title.get(lang),
            "category": cat.title.get(lang),
            "meta": f"{r.vocab_label('types', c.type)} · {r.vocab_label('levels', c.level)} · "
                    f"{r.vocab_label('statuses', c.status)}",
            "url": urls.criterion(c),
            "snippet": snippet[:220] + ("…" if len(snippet) > 220 else ""),
        }
    return json.dumps({"index": index.serialize(), "docs": shown}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")) + "\n"

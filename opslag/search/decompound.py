"""Danish compound splitting over the search index's own vocabulary: 'kontormøbler' -> kontor|møbler,
'rengøringsaftale' -> rengøring|s|aftale.

Why our own ~30 lines instead of a library: the split must come out the same in Python (the build and
`build.py search`) and in the browser, for every word. We looked for a well-kept Danish
decompounder on PyPI and npm: the dictionary splitters found (compound-split, charsplit-fst,
jwordsplitter) are German or Dutch only, wikdict-compound needs a Wiktionary database fetched at run
time, and hyphenation (pyphen / hyphen, Liang's patterns) gives syllable breaks, not word
boundaries, from two different implementations. A dictionary splitter over the words the index
actually holds is small enough to write twice (here and in web/js/search.js), finds only
parts that can match something, and the tests hold both to the same answers.

The rule: cut the word into the fewest known parts of at least MIN_PART letters, with an optional
Danish linking letter (-s- or -e-) between parts; among equally few parts, prefer fewer linking
letters, then the longest first part. The last part is the head (what the thing is: a
kontormøbel is a møbel), which callers weigh above the others.
"""

from __future__ import annotations

MIN_PART = 3
LINKS = ("", "s", "e")  # tried in this order


def split(word: str, known) -> list | None:
    """The best split of `word` into 2+ parts for which known(part) is true, or None.
    Linking letters are dropped from the result."""
    n = len(word)
    best: dict[int, tuple | None] = {n: (0, 0, ())}  # start -> (parts, links, parts tuple) of word[start:]
    for start in range(n - 1, -1, -1):
        choice = None
        for end in range(n, start + MIN_PART - 1, -1):  # longest first part first
            part = word[start:end]
            if not known(part):
                continue
            for link in LINKS:
                if end < n and link and not word.startswith(link, end):
                    continue
                if end == n and link:
                    continue
                rest = best.get(end + len(link))
                if rest is None or (link and end + len(link) >= n):
                    continue
                cand = (rest[0] + 1, rest[1] + (1 if link else 0), (part,) + rest[2])
                if choice is None or (cand[0], cand[1]) < (choice[0], choice[1]):
                    choice = cand
        best[start] = choice
    result = best[0]
    return list(result[2]) if result and result[0] >= 2 else None

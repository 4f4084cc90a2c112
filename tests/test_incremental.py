"""serve's rebuild after an edit (opslag/site/incremental.py) makes only what the edit affects, and
the site it leaves is the site a full build of the same files makes, byte for byte, every file."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from opslag.project import Project
from opslag.site.build import build_site
from opslag.site.incremental import ServedSite
from opslag.source.checker import category_files

ROOT = Path(__file__).resolve().parent.parent


def _tree(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same_as_full_build(served: ServedSite, criteria: Path, reference: Path) -> None:
    shutil.rmtree(reference, ignore_errors=True)
    full = build_site(Project.from_env(ROOT, out=reference, criteria=criteria))
    assert full.ok, full.error
    rebuilt, built = _tree(served.project.out), _tree(reference)
    assert sorted(rebuilt.keys() - built.keys()) == [], "files the full build does not make"
    assert sorted(built.keys() - rebuilt.keys()) == [], "files the rebuild lacks"
    assert [path for path in sorted(built) if rebuilt[path] != built[path]] == []


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rebuilt(served: ServedSite, in_part: bool = True):
    result = served.rebuild()
    assert result.ok, result.error or [d.format() for d in result.check.errors]
    assert bool(result.timings.get("incremental")) == in_part, "full build or rebuild, not the one expected"
    return result


def _retire(path: Path, cid: str) -> None:
    text = path.read_text(encoding="utf-8")
    at = text.index(f"  - id: {cid}\n")
    path.write_text(text[:at] + text[at:].replace("status: gældende", "status: udgået", 1), encoding="utf-8")


@pytest.mark.site
def test_a_rebuild_after_edits_is_the_full_build_byte_for_byte(tmp_path):
    criteria = tmp_path / "criteria"
    shutil.copytree(ROOT / "criteria", criteria)
    served = ServedSite(Project.from_env(ROOT, out=tmp_path / "site", criteria=criteria))
    reference = tmp_path / "reference"
    try:
        assert served.build().ok
        # (a) a requirement's text, and the title of a criterion with two versions in the change log
        _edit(criteria / "it-udstyr.yaml", "Alle tilbudte computere", "Alle leverede computere")
        _edit(
            criteria / "it-udstyr.yaml", "da: Totalomkostninger med CO2-pris", "da: Totalomkostninger med en CO2-pris"
        )
        result = _rebuilt(served)
        assert "Alle leverede computere" in (tmp_path / "site" / "kategorier" / "it-udstyr" / "index.html").read_text()
        changes = (tmp_path / "site" / "downloads" / "aendringer").glob("*.json")
        assert sum(p.read_text().count("Totalomkostninger med en CO2-pris") for p in changes) == 2  # IT-03:1 and :2
        assert result.timings["files_da"] < 60  # the category's Word file alone is made again, not all of them
        _assert_same_as_full_build(served, criteria, reference)

        # (b) a new criterion: a copy of the category's last one under a new id
        el = criteria / "el.yaml"
        text = el.read_text(encoding="utf-8")
        last = text[text.rindex("  - id: EL-14") :]
        el.write_text(text + last.replace("EL-14", "EL-15"), encoding="utf-8")
        _rebuilt(served)
        assert (tmp_path / "site" / "downloads" / "kriterier" / "EL-15.txt").is_file()
        _assert_same_as_full_build(served, criteria, reference)

        # (c) a criterion retired: the first one gives every page's status filter the option "Udgået",
        # so the whole site is built again; the next one is a rebuild of what it touches
        _retire(criteria / "salgsautomater.yaml", "SALG-02")
        _rebuilt(served, in_part=False)
        _retire(criteria / "salgsautomater.yaml", "SALG-03")
        _rebuilt(served)
        assert "gpp-notice--retired" in (tmp_path / "site" / "kategorier" / "salgsautomater" / "index.html").read_text()
        _assert_same_as_full_build(served, criteria, reference)

        # (d) an editor's mistake (an id another file has: a rule across files) keeps the site; its fix rebuilds
        before = _tree(served.project.out)
        _edit(criteria / "el.yaml", "  - id: EL-15", "  - id: SALG-01")
        broken = served.rebuild()
        assert not broken.ok
        found = {(d.code, Path(d.file).name) for d in broken.check.errors}  # located, as check prints them
        assert {("R203", "el.yaml"), ("R202", "salgsautomater.yaml")} <= found, found
        assert _tree(served.project.out) == before
        _edit(criteria / "el.yaml", "  - id: SALG-01", "  - id: EL-15")
        _edit(criteria / "el.yaml", "  - id: EL-15", "  - id: EL-15")  # the same bytes again: nothing to do
        _rebuilt(served)
        assert _tree(served.project.out) == before
        _edit(criteria / "it-udstyr.yaml", "Alle leverede computere", "Alle tilbudte computere")
        _rebuilt(served)
        _assert_same_as_full_build(served, criteria, reference)
    finally:
        served.close()


@pytest.mark.site
def test_a_language_worker_killed_while_idle_costs_a_full_build_not_the_serve(tmp_path, monkeypatch):
    """serve's languages live in worker processes; one killed between edits (the kernel's choice
    when memory runs out: they are the largest processes) makes the next change a full build
    with new workers, not an error, and the edits after it are rebuilt in part again."""
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    shutil.copy(ROOT / "criteria" / "trae.yaml", criteria)
    monkeypatch.setenv("OPSLAG_JOBS", "2")
    served = ServedSite(Project.from_env(ROOT, out=tmp_path / "site", criteria=criteria))
    try:
        assert served.build().ok
        workers = [w for pool in served.languages.pools.values() for w in pool._processes.values()]
        assert len(workers) == 2
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].join(10)
        page = tmp_path / "site" / "kategorier" / "trae" / "index.html"
        said = "Tilbudsgiveren skal have et system"
        _edit(criteria / "trae.yaml", said, "Tilbudsgiveren skal have et første system")
        _rebuilt(served, in_part=False)  # new workers, the whole site
        assert "et første system" in page.read_text(encoding="utf-8")
        _edit(criteria / "trae.yaml", "et første system", "et andet system")
        _rebuilt(served)
        assert "et andet system" in page.read_text(encoding="utf-8")
        _edit(criteria / "trae.yaml", "et andet system", "et tredje system")
        _rebuilt(served)
        assert "et tredje system" in page.read_text(encoding="utf-8")
        # again, and now a change every page shares (the category's title: the filters' options), so
        # the full build itself meets the dead worker
        worker = next(iter(served.languages.pools["en"]._processes.values()))
        os.kill(worker.pid, signal.SIGKILL)
        worker.join(10)
        _edit(criteria / "trae.yaml", "da: Træ og træprodukter", "da: Træ og plader")
        _rebuilt(served, in_part=False)
        assert "Træ og plader" in page.read_text(encoding="utf-8")
    finally:
        served.close()


def test_only_a_change_to_the_category_files_already_there_is_rebuilt_in_part(tmp_path):
    criteria = tmp_path / "criteria"
    shutil.copytree(ROOT / "criteria", criteria)
    served = ServedSite(Project.from_env(ROOT, out=tmp_path / "site", criteria=criteria))
    served.files, served.complete = category_files(criteria)[0], True  # as after a build (no site needed)
    served.seen = served._snapshot()
    assert served.changed() == set()
    _edit(criteria / "el.yaml", "  - id: EL-14", "  - id: EL-14")  # saved again: a new time
    assert served.changed() == {criteria / "el.yaml"}
    (criteria / ".el.yaml.swp").write_text("an editor's swap file")
    assert served.changed() == {criteria / "el.yaml"}
    shutil.copy(criteria / "el.yaml", criteria / "el2.yaml")  # a file added
    assert served.changed() is None
    (criteria / "el2.yaml").unlink()
    served.seen = {**served.seen, ROOT / "vocab" / "levels.yaml": (0, 0, 0)}  # a vocabulary as it was then
    assert served.changed() is None
    served.seen = served._snapshot()
    served.complete = False  # the site on disk is not the record's (a build failed)
    assert served.changed() is None


def test_the_search_index_remade_from_kept_scores_is_the_index_made_anew(corpus):
    """serve keeps each criterion's scores before idf (search/index.py, remember_words): an edit that
    adds two words, which change the document frequency of their keys and give a word of another,
    unedited criterion a compound split it did not have, must give the index made from nothing."""
    import copy

    from opslag.model.corpus import build_corpus
    from opslag.search import index as search_index
    from opslag.source.checker import check_project

    check = check_project(Project(ROOT))
    known = search_index._words_of(corpus)
    stop = set(search_index.STOP_WORDS)

    def unsplit(word: str) -> bool:  # only the word's own keys: no parts
        weights = {w for _, w in known.contributions[(word, "da")]}
        return weights == {search_index.PART_WEIGHT["word"]}

    first = next(c for c in corpus.criteria.values() if c.requirement.translated("da"))
    own = {search_index.fold(w) for w in search_index.words(first.requirement.get("da"))}
    word = next(
        f
        for (f, lang) in sorted(known.contributions)
        if lang == "da"
        and f.isalpha()
        and len(f) >= 9
        and f not in own
        and unsplit(f)
        and all(
            search_index.fold(p) == p and p not in stop and (p, "da") not in known.contributions for p in (f[:4], f[4:])
        )
    )
    edited = copy.deepcopy(check.categories)
    cat = edited[first.category]
    crit = next(c for c in cat["criteria"] if c["id"] == first.id)
    crit["requirement"]["da"] = f"{word[:4]} {word[4:]} " + crit["requirement"]["da"]

    def index(categories) -> dict:
        made = build_corpus(categories, check.vocab)
        return {lang: search_index.site_files(made, lang, ROOT / "web") for lang in ("da", "en")}, made

    search_index.remember_words(True)
    try:
        index(check.categories)  # the site as served, before the edit
        remade, made = index(edited)
        moved = search_index._words_of(made).moved
    finally:
        search_index.remember_words(False)
    anew, _ = index(edited)
    assert (word, "da") in moved, "the edit was meant to give an unedited criterion's word a split"
    assert len(moved) < len(search_index._words_of(made).contributions) / 10, "most words' scores are kept"
    assert remade == anew


def test_a_served_index_makes_again_only_the_postings_an_edit_touches_and_equals_one_made_anew(monkeypatch):
    """serve keeps the last index's postings and makes again only the keys whose score or code
    changed in some criterion or category (search/index.py, _posted_again). A session of edits: a
    word taken out of one criterion and one put into another, a category's title changed (its own
    text), another's CPV codes alone (its criteria's codes, their texts the same); then a criterion
    added (every idf moves: made whole); then all put back. Each index equals the one made anew."""
    import copy

    from opslag.model.corpus import build_corpus
    from opslag.search import index as search_index
    from opslag.source.checker import check_project

    check = check_project(Project(ROOT))
    first, second, third = list(check.categories)[:3]
    edited = copy.deepcopy(check.categories)
    a, b = edited[first]["criteria"][0], edited[first]["criteria"][1]
    a["requirement"]["da"] = a["requirement"]["da"].split(" ", 1)[1]  # its first word taken out
    b["requirement"]["da"] = "Cirkulært " + b["requirement"]["da"]
    edited[second]["title"]["da"] += " og tilbehør"
    assert edited[third]["cpv"] != ["30213100-6"]
    edited[third]["cpv"] = ["30213100-6"]  # its criteria's codes change, and nothing else of theirs
    grown = copy.deepcopy(edited)
    added = copy.deepcopy(grown[first]["criteria"][-1])
    added["id"] = added["id"].split("-")[0] + "-99"
    grown[first]["criteria"].append(added)

    def index(categories) -> dict:
        made = build_corpus(categories, check.vocab)
        return {lang: search_index.site_files(made, lang, ROOT / "web") for lang in ("da", "en")}

    again = []
    real = search_index._posted_again
    monkeypatch.setattr(search_index, "_posted_again", lambda *a: again.append(real(*a)) or again[-1])
    session = [check.categories, edited, grown, check.categories]
    search_index.remember_words(True)
    try:
        served = [index(categories) for categories in session]
    finally:
        search_index.remember_words(False)
    # each build: the criteria's and the categories' postings, in Danish, then in English
    made_again = [[made is not None for made in again[i : i + 4]] for i in range(0, len(again), 4)]
    assert made_again == [[True] * 4, [False, True] * 2, [False, True] * 2]  # criteria added, then taken out
    for categories, index_served in zip(session, served):
        assert index_served == index(categories)


def test_serve_makes_again_only_the_categories_whose_checked_data_is_new(tmp_path):
    """An edit re-reads one file (the check's cache keeps the others' data, the same objects): only
    that category's objects and digest are made again, in serve's process (ServedSite.corpus)."""
    from opslag.source.checker import check_project

    served = ServedSite(Project.from_env(ROOT, out=tmp_path / "site"))
    try:
        check = check_project(served.project, cache=served.check_cache)
        first, digests = served.corpus(check)
        again = check_project(served.project, cache=served.check_cache)  # nothing changed on disk
        edited = first.categories[0].id
        again.categories[edited] = {**again.categories[edited]}  # as if its file were read anew
        second, digests_again = served.corpus(again)
        assert second.categories[0] is not first.categories[0] and second.categories[0] == first.categories[0]
        assert all(a is b for a, b in zip(first.categories[1:], second.categories[1:], strict=True))
        assert digests_again == digests  # the digest is of the data, not of the object
    finally:
        served.close()


def test_serve_numbers_the_index_keys_anew_when_most_are_no_longer_used(corpus):
    """serve numbers the search keys once for all its builds (kept scores are used as they are); the
    words an editor typed and took back would stay numbered for the whole session, so when most
    numbered keys are no longer in use they are numbered anew, and the index is the same."""
    from opslag.search import index as search_index

    anew = search_index.site_files(corpus, "da", ROOT / "web")
    search_index.remember_words(True)
    try:
        search_index.site_files(corpus, "da", ROOT / "web")
        used = len(search_index._KEY_LIST)
        for n in range(2 * used + 10_001):  # as if a session had typed and deleted that many words
            search_index._KEY_NUMBERS[f"gone{n}"] = len(search_index._KEY_LIST)
            search_index._KEY_LIST.append(f"gone{n}")
        again = search_index.site_files(corpus, "da", ROOT / "web")
        assert len(search_index._KEY_LIST) == used
    finally:
        search_index.remember_words(False)
    assert again == anew


def test_the_postings_refuse_a_key_that_is_both_a_code_and_a_word():
    """A code's postings are its own scores and a word's are times idf; _posted_again merges a
    unit's two for one key, _posted could not: codes begin with "#", which no word has, and a key
    that broke this would make serve's index differ from the build's, so it is refused."""
    from array import array

    from opslag.search import index as search_index

    numbers = {"#45000000": 0}
    with pytest.raises(ValueError, match="both a code and a word"):
        search_index._posted([array("I", [0, 30])], [{"#45000000": 20_000}], numbers.__getitem__)
    made = search_index._posted([array("I", [1, 30])], [{"#45000000": 20_000}], numbers.__getitem__)
    # one unit: the word's idf is ln(1 + 1/1), so 30 becomes 30 x 0.693 / 10, about 2; the code keeps its score
    assert made == {1: array("I", [0, 2]), 0: array("I", [0, 20_000])}


@pytest.mark.site
def test_an_edit_makes_again_only_its_categorys_parts_of_the_files_across_categories(tmp_path, monkeypatch):
    """Mit udbud's per-category files, the CSV's rows, the search's texts, display data and
    suggestion words, and the category cards of an untouched category are the last build's (the
    same objects); the edited category's are made again; and a language's build and update run
    with what existed on entry out of the garbage collector's walks (heap.py)."""
    import gc

    from opslag.site import build as sitebuild
    from opslag.site import incremental

    monkeypatch.setenv("OPSLAG_JOBS", "1")  # the languages in this process: their records can be read
    frozen = []
    for module, name in ((sitebuild, "_build_language"), (incremental.LanguageSite, "_update")):
        inner = getattr(module, name)

        def counting(*args, inner=inner):
            frozen.append(gc.get_freeze_count())
            return inner(*args)

        monkeypatch.setattr(module, name, counting)
    criteria = tmp_path / "criteria"
    shutil.copytree(ROOT / "criteria", criteria)
    served = ServedSite(Project.from_env(ROOT, out=tmp_path / "site", criteria=criteria))
    try:
        assert served.build().ok
        memo = served.languages.local["da"].memo
        before, prints = {**memo.values, **memo.made}, dict(memo.fingerprints)
        kinds = {kind for kind, _ in before}
        wanted = {"udbud_file", "csv", "shown", "suggest", "search_docs", "search_unit", "cards"}
        assert wanted <= kinds, wanted - kinds
        _edit(criteria / "it-udstyr.yaml", "Alle tilbudte computere", "Alle leverede computere")
        _rebuilt(served)
        after = {**memo.values, **memo.made}
        touched = {cat for cat, fingerprint in memo.fingerprints.items() if prints[cat] != fingerprint}
        assert "it-udstyr" in touched and len(touched) < len(prints) // 2, touched  # it, and those pointing to it
        for kind in wanted:
            kept = {cat for (k, cat), value in before.items() if k == kind and after[(k, cat)] is value}
            every = {cat for k, cat in before if k == kind}
            assert kept == every - touched, kind
        assert len(frozen) == 4 and min(frozen) > 10_000, frozen  # two languages built, two updated
    finally:
        served.close()

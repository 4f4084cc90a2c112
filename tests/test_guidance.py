"""Guidance is for the procurer: on the card, never in the tender text; related criteria are links."""

import pytest

from conftest import FIXTURES, ROOT, stage
from opslag.model.corpus import build_corpus
from opslag.project import Project
from opslag.site.pages import PageWriter
from opslag.source.checker import check_project


@pytest.fixture(scope="module", params=["da", "en"])
def written(request, tmp_path_factory):
    folder = stage(FIXTURES / "good" / "rengoering-eksempel.yaml", tmp_path_factory.mktemp("g") / "criteria")
    check = check_project(Project(ROOT, criteria=folder))
    assert check.ok, [d.format() for d in check.diagnostics]
    writer = PageWriter(build_corpus(check.categories, check.vocab), request.param, Project(ROOT))
    return request.param, writer.pages(), writer.downloads(0, "https://example.org/")


GUIDANCE = {"da": "Brug kriteriet, når lageret kan rumme dunke", "en": "Use the criterion when storage can hold"}


def test_guidance_is_on_the_card_set_apart(written):
    lang, pages, _ = written
    page = pages["kategorier/fixture.md"]
    assert GUIDANCE[lang] in page
    aside = page[page.index('<aside class="gpp-card__guidance"') :]
    assert GUIDANCE[lang] in aside[: aside.index("</aside>")]


def test_guidance_is_in_no_tender_text(written):
    lang, _, downloads = written
    for name in ("downloads/kriterier/EKS-02.txt", "downloads/kriterier/EKS-02.md", "downloads/fixture.txt"):
        assert GUIDANCE[lang] not in downloads[name], name
    import io

    from docx import Document

    doc = Document(io.BytesIO(downloads["downloads/fixture.docx"]))
    assert not any(GUIDANCE[lang] in p.text for p in doc.paragraphs)


def test_related_criteria_are_links_to_their_cards(written):
    _, pages, _ = written
    page = pages["kategorier/fixture.md"]
    related = page[page.index('class="gpp-card__related"') :]
    assert related.split("</div>")[0].count('href="../../kategorier/fixture/#eks-01"') == 1

"""A learner's first hour, on the flagship and on a site fresh from ``eduplat new``.

Phone layout (nothing wider than a 390 px screen), answers kept out of search, and pages
that lead on (the index highlighted in the nav, previous/next, related quizzes and
sessions). One built site per kind, shared by the module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eduplat.cli import cli
from eduplat.quizzes.load import load_quiz
from tests.conftest import REPO, serve_folder

pytestmark = [pytest.mark.browser, pytest.mark.kernel]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def flagship(flagship_site) -> Iterator[tuple[str, Path]]:
    server, url = serve_folder(flagship_site)
    yield url, flagship_site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("starter") / "course"
    result = CliRunner().invoke(cli, ["new", str(root)])
    assert result.exit_code == 0, result.output
    (root / "site").mkdir()
    server, url = serve_folder(root / "site")
    from eduplat import site as site_api

    # site_url = the test server: Material's instant loading follows sitemap links only.
    site_api.build(root / "mkdocs.yml", strict=True, site_url=url)
    yield url, root / "site"
    server.shutdown()
    server.server_close()


def pages_of(site: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(site)).replace(".", "", 1) + "/" if p.parent != site else ""
        for p in site.rglob("index.html")
        if "assets" not in p.parts and "search" not in p.parts
    )


WIDEST = """() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > limit + 1 && el.offsetParent !== null)
    .slice(0, 3)
    .map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right));
}"""


@pytest.mark.parametrize("which", ["flagship", "starter"])
def test_no_page_scrolls_horizontally_on_a_phone(which, request, browser):
    base, site = request.getfixturevalue(which)
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    wide = {}
    paths = pages_of(site)
    assert len(paths) > (20 if which == "flagship" else 5)
    for path in paths:
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = (width, page.evaluate(WIDEST))
    context.close()
    assert wide == {}


def test_matching_question_fits_a_phone(flagship, browser):
    base, _ = flagship
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + "quizzes/hashing-quick-check/")
    selects = page.locator(".eduplat-question--matching select")
    assert selects.count() > 0
    for index in range(selects.count()):
        box = selects.nth(index).bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    context.close()


def _word_only_in(texts: list[str], corpus: str) -> str:
    for text in texts:
        for word in re.findall(r"[A-Za-z]{9,}", text):
            if corpus.count(word.lower()) == 1:
                return word
    raise AssertionError("no word that only this text uses")


def test_search_does_not_find_quiz_explanations(flagship, page):
    base, _ = flagship
    sources = [
        *(REPO / "docs").rglob("*.md"),
        *(REPO / "eduplat").rglob("*.py"),  # the generated reference pages
        *(REPO / "tutorials").glob("*.py"),
        *(REPO / "quizzes").iterdir(),
        REPO / "webinars.yml",
        REPO / "CHANGELOG.md",
    ]
    corpus = "\n".join(p.read_text(encoding="utf-8").lower() for p in sources if p.is_file())
    quiz = load_quiz(REPO / "quizzes" / "security-awareness.yml")
    hidden = _word_only_in([q.explanation for q in quiz.questions], corpus)
    shown = _word_only_in([q.prompt for q in quiz.questions], corpus)

    page.goto(base + "quizzes/security-awareness/")
    assert hidden in page.content(), "the word is on the quiz page"
    page.keyboard.press("s")
    page.keyboard.type(shown)  # the prompt stays searchable
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert quiz.title in page.locator(".md-search-result").inner_text()

    page.locator(".md-search__input").fill("")
    page.keyboard.type(hidden)  # Material searches on key presses
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="No matching documents").wait_for(timeout=10_000)
    assert page.locator(".md-search-result__item").count() == 0


@pytest.mark.parametrize("arrive", ["by link", "directly"])
def test_tutorial_page_leads_on(flagship, page, arrive):
    base, _ = flagship
    if arrive == "by link":  # the flagship uses navigation.instant
        page.goto(base + "tutorials/")
        page.wait_for_load_state("networkidle")
        page.get_by_role("link", name="Merkle trees and inclusion proofs").first.click()
        page.wait_for_url("**/tutorials/merkle-tree/")
    else:
        page.goto(base + "tutorials/merkle-tree/")
    related = page.locator(".eduplat-related")
    assert related.get_by_role("link", name="Blockchain basics").is_visible()
    sessions = related.locator(".eduplat-related__group", has_text="Webinars")
    assert sessions.get_by_role("link").count() >= 1
    footer = page.locator(".md-footer__inner")
    assert footer.locator(".md-footer__link--prev").is_visible()
    assert footer.locator(".md-footer__link--next").is_visible()
    active = page.locator(".md-nav--primary .md-nav__item--active > a.md-nav__link")
    assert "Tutorials" in active.all_inner_texts()[-1]

    related.get_by_role("link", name="Blockchain basics").click()
    page.wait_for_url("**/quizzes/blockchain-basics/")
    active = page.locator(".md-nav--primary .md-nav__item--active > a.md-nav__link")
    assert "Quizzes" in active.all_inner_texts()[-1]
    assert page.locator(".md-footer__link--next").is_visible()


def test_starter_nav_is_flat(starter, page):
    base, _ = starter
    page.goto(base)
    nav = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item")
    labels = [text.strip() for text in nav.all_inner_texts()]
    assert labels == ["Home", "Tutorials", "Quizzes", "Webinars"]
    # No section (a nested item) whose only page has the section's name.
    nested = page.locator(".md-nav--primary .md-nav__item--nested")
    assert nested.count() == 0
    page.get_by_role("link", name="Tutorials").first.click()
    page.wait_for_url("**/tutorials/")
    page.locator(".eduplat-tutorial-cards a").first.click()
    page.wait_for_url("**/tutorials/*/")
    active = page.locator(".md-nav--primary .md-nav__item--active > a.md-nav__link")
    assert active.all_inner_texts()[-1].strip() == "Tutorials"

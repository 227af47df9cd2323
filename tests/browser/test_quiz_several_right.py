"""A single-choice question with several fully right options (Moodle's several '=' answers)."""

from __future__ import annotations

import pytest

from eduplat import site as site_api
from tests.conftest import serve_folder

pytestmark = pytest.mark.browser

MKDOCS = """\
site_name: Seasons
theme:
  name: material
  font: false
plugins:
  - eduplat
"""

SEASONS_GIFT = """\
::Seasons::Name a season\\: {
   =spring#Yes, spring.
   =summer#Yes, summer.
   ~easter#A feast, not a season.
}
"""


@pytest.fixture(scope="module")
def seasons_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("seasons")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "quizzes").mkdir()
    (root / "quizzes" / "seasons.gift").write_text(SEASONS_GIFT, encoding="utf-8")
    site_api.build(root / "mkdocs.yml", strict=True)
    server, url = serve_folder(root / "site")
    yield url + "quizzes/seasons/"
    server.shutdown()
    server.server_close()


def state(item) -> list[str]:
    classes = item.get_attribute("class").split()
    return [c for c in classes if c in {"eduplat-question--right", "eduplat-question--wrong"}]


@pytest.mark.parametrize("choice", ["spring", "summer"])
def test_any_right_option_earns_the_point(seasons_url, page, choice):
    page.goto(seasons_url)
    item = page.locator(".eduplat-question").first
    assert item.locator("input[type=radio]").count() == 3  # the reader picks one
    item.get_by_label(choice).check()
    page.get_by_role("button", name="Check all answers").click()
    assert state(item) == ["eduplat-question--right"]
    assert f"Yes, {choice}." in item.inner_text()
    assert "(100%)" in page.locator(".eduplat-quiz__result").inner_text()


def test_a_wrong_option_earns_nothing(seasons_url, page):
    page.goto(seasons_url)
    item = page.locator(".eduplat-question").first
    item.get_by_label("easter").check()
    page.get_by_role("button", name="Check all answers").click()
    assert state(item) == ["eduplat-question--wrong"]
    assert "(0%)" in page.locator(".eduplat-quiz__result").inner_text()

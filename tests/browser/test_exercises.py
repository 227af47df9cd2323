"""Exercises in Chromium: `after-attempt` hides the solution until "I give up", which a
reload remembers; with and without instant navigation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eduplat import site as site_api
from tests.support.browser import follow, served_in_both_modes

pytestmark = pytest.mark.browser

MKDOCS = """\
site_name: Exercise test
theme:
  name: material
  font: false
{features}
nav:
  - Home: index.md
plugins:
  - search
  - eduplat:
      tutorials:
        execute: false
"""

TUTORIAL = """\
# %% [markdown]
# # Squares
#
# Write `square(x)`.

# %% tags=["exercise"]
def square(x):
    return 0  # your code here

# %% tags=["solution"]
def square(x):
    return x * x  # the-worked-answer

# %% tags=["check"]
assert square(3) == 9, "square(3) should be 9"
"""


def build_site(root: Path, instant: bool, site_url: str) -> None:
    features = "  features: [navigation.instant]" if instant else ""
    (root / "mkdocs.yml").write_text(MKDOCS.format(features=features))
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n\n[Squares](tutorials/squares.md)\n")
    (root / "tutorials").mkdir()
    (root / "tutorials" / "squares.py").write_text(TUTORIAL)
    site_api.build(Path(root / "mkdocs.yml"), strict=True, site_url=site_url)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[dict[str, str]]:
    yield from served_in_both_modes(tmp_path_factory, build_site)


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_solution_only_after_giving_up_and_after_reload(sites, page, mode):
    page.goto(sites[mode])
    same = follow(page, page.get_by_role("link", name="Squares"), "**/tutorials/squares/")
    assert same is (mode == "instant")
    give_up = page.get_by_role("button", name="I give up: show the solution")
    give_up.wait_for()
    solution = page.locator(".eduplat-solution__details")
    assert not solution.is_visible()
    assert not page.get_by_text("Show solution").is_visible()
    assert not page.get_by_text("square(3) should be 9").count()  # checks never shown
    give_up.click()
    assert solution.is_visible()
    assert not give_up.is_visible()
    page.get_by_text("Show solution").click()
    assert page.get_by_text("the-worked-answer").is_visible()
    page.reload()
    assert page.locator(".eduplat-solution__details").is_visible()
    assert not page.get_by_role("button", name="I give up: show the solution").is_visible()

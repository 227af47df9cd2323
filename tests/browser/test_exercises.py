"""Exercises in Chromium: `after-attempt` hides the solution until "I give up", which a
reload remembers; with and without instant navigation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eduplat import site as site_api
from tests.conftest import serve_folder

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


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[dict[str, str]]:
    servers, urls = [], {}
    for mode in ("instant", "plain"):
        root = tmp_path_factory.mktemp(mode)
        (root / "site").mkdir()
        server, url = serve_folder(root / "site")
        servers.append(server)
        features = "  features: [navigation.instant]" if mode == "instant" else ""
        (root / "mkdocs.yml").write_text(MKDOCS.format(features=features))
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# Home\n\n[Squares](tutorials/squares.md)\n")
        (root / "tutorials").mkdir()
        (root / "tutorials" / "squares.py").write_text(TUTORIAL)
        site_api.build(Path(root / "mkdocs.yml"), strict=True, site_url=url)
        urls[mode] = url
    yield urls
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_solution_only_after_giving_up_and_after_reload(sites, page, mode):
    page.goto(sites[mode])
    page.wait_for_load_state("networkidle")  # instant loading starts once it has the sitemap
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="Squares").click()
    page.wait_for_url("**/tutorials/squares/")
    give_up = page.get_by_role("button", name="I give up: show the solution")
    give_up.wait_for()
    assert page.evaluate("window.__sameDocument === true") is (mode == "instant")
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

"""Path progress survives switching versions of a versioned site (same origin, keys
without the version), and a webinar step links to the one schedule at the root."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.versions import commit, serve_versions, versioned_site

pytestmark = pytest.mark.browser

PATH = """\
id: start
title: Getting started
audience: users
steps:
  - page: guide.md
  - webinar: intro
  - page: index.md
"""


def make_repo(root: Path, url: str) -> Path:
    """Tags v1.0 and v2.0 of a site with a path through both versions' guide."""
    files = {
        "paths/start.yml": PATH,
        "docs/index.md": "# Home v1\n",
        "docs/guide.md": "# Guide v1\n",
    }
    repo = versioned_site(root, url, files)
    commit(repo, "v1", tag="v1.0")
    (repo / "docs" / "guide.md").write_text("# Guide v2\n\nRewritten.\n")
    commit(repo, "v2", tag="v2.0")
    return repo


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    yield from serve_versions(tmp_path_factory, "paths-versions", make_repo)


def test_progress_survives_a_version_switch(base_url, page):
    page.goto(base_url + "1.0/guide/?path=start")
    page.locator('.eduplat-pathbar__mark[aria-pressed="true"]').wait_for()  # read to the end
    page.goto(base_url + "2.0/paths/start/")
    page.locator(".eduplat-path__count").filter(has_text="1 of 3 done").wait_for()
    first = page.locator(".eduplat-path-step").first
    assert "eduplat-path-step--done" in first.get_attribute("class")
    webinar = page.locator('.eduplat-path-step[data-kind="webinar"] a')
    assert webinar.get_attribute("href").startswith(base_url + "webinars/intro/")

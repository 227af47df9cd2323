"""Path progress survives switching versions of a versioned site (same origin, keys
without the version), and a webinar step links to the one schedule at the root."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eduplat.cli import cli
from tests.conftest import serve_folder
from tests.integration.test_versions import MKDOCS, SCHEDULE, git

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
    repo = root / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "paths").mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "CI")
    (repo / "mkdocs.yml").write_text(MKDOCS.format(url=url))
    (repo / ".gitignore").write_text("site/\n.eduplat-cache/\n")
    (repo / "webinars.yml").write_text(SCHEDULE)
    (repo / "paths" / "start.yml").write_text(PATH)
    (repo / "docs" / "index.md").write_text("# Home v1\n")
    (repo / "docs" / "guide.md").write_text("# Guide v1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1")
    git(repo, "tag", "v1.0")
    (repo / "docs" / "guide.md").write_text("# Guide v2\n\nRewritten.\n")
    git(repo, "commit", "-qam", "v2")
    git(repo, "tag", "v2.0")
    return repo


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("paths-versions")
    out = root / "out"
    out.mkdir()
    server, url = serve_folder(out)
    repo = make_repo(root, url)
    cwd = os.getcwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(cli, ["build-versions", "--out", str(out)])
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(cwd)
    yield url
    server.shutdown()
    server.server_close()


def test_progress_survives_a_version_switch(base_url, page):
    page.goto(base_url + "1.0/guide/?path=start")
    page.locator('.eduplat-pathbar__mark[aria-pressed="true"]').wait_for()  # read to the end
    page.goto(base_url + "2.0/paths/start/")
    page.locator(".eduplat-path__count").filter(has_text="1 of 3 done").wait_for()
    first = page.locator(".eduplat-path-step").first
    assert "eduplat-path-step--done" in first.get_attribute("class")
    webinar = page.locator('.eduplat-path-step[data-kind="webinar"] a')
    assert webinar.get_attribute("href").startswith(base_url + "webinars/intro/")

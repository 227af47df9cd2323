"""Versioned sites in scratch git repositories, for the integration and browser tests."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eduplat.cli import cli
from tests.conftest import serve_folder

__all__ = [
    "MKDOCS",
    "SCHEDULE",
    "commit",
    "git",
    "git_init",
    "make_repo",
    "serve_versions",
    "versioned_site",
]

MKDOCS = """\
site_name: Versioned
site_url: {url}
theme:
  name: material
  font: false
nav:
  - Home: index.md
  - Guide: guide.md
  - Webinars: webinars/index.md
plugins:
  - search
  - eduplat
"""

SCHEDULE = """\
timezone: UTC
sessions:
  - {id: intro, title: Intro, start: 2030-01-01 10:00, duration: 30, tutorials: []}
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def git_init(repo: Path) -> None:
    """``git init`` on ``main`` with a committer of its own."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "CI")


def commit(repo: Path, message: str, tag: str | None = None) -> None:
    """Commit everything in ``repo`` (and tag it)."""
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    if tag is not None:
        git(repo, "tag", tag)


def versioned_site(root: Path, url: str, files: dict[str, str]) -> Path:
    """``root/repo``: a git repository with the site of MKDOCS and SCHEDULE plus ``files``."""
    repo = root / "repo"
    (repo / "docs").mkdir(parents=True)
    git_init(repo)
    (repo / "mkdocs.yml").write_text(MKDOCS.format(url=url))
    (repo / ".gitignore").write_text("site/\n.eduplat-cache/\n")
    (repo / "webinars.yml").write_text(SCHEDULE)
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    return repo


def make_repo(root: Path, url: str = "https://learn.example.org/course/") -> Path:
    """A site with tags v1.0 and v2.0 and one more commit on main."""
    repo = versioned_site(
        root, url, {"docs/index.md": "# Home v1\n", "docs/guide.md": "# Guide v1\n"}
    )
    commit(repo, "v1", tag="v1.0")
    (repo / "docs" / "index.md").write_text("# Home v2\n")
    (repo / "docs" / "new.md").write_text("# Only in v2\n")
    commit(repo, "v2", tag="v2.0")
    (repo / "docs" / "index.md").write_text("# Home main\n")
    commit(repo, "main")
    return repo


def serve_versions(
    factory: pytest.TempPathFactory, name: str, make: Callable[[Path, str], Path]
) -> Iterator[str]:
    """Serve ``build-versions`` of the repository ``make(root, url)`` writes; yields the URL.

    For a module-scoped fixture: ``yield from serve_versions(tmp_path_factory, ...)``.
    """
    root = factory.mktemp(name)
    out = root / "out"
    out.mkdir()
    server, url = serve_folder(out)
    try:
        repo = make(root, url)
        cwd = os.getcwd()
        os.chdir(repo)
        try:
            result = CliRunner().invoke(cli, ["build-versions", "--out", str(out)])
            assert result.exit_code == 0, result.output
        finally:
            os.chdir(cwd)
        yield url
    finally:
        server.shutdown()
        server.server_close()

"""Versioned sites in scratch git repositories: build-versions and deploy (mike)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from eduplat import site
from eduplat.cli import cli
from eduplat.site import BuildOverrides
from tests.conftest import tree_digest
from tests.support.versions import git, make_repo


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def repo(tmp_path, chdir) -> Path:
    repo = make_repo(tmp_path)
    chdir(repo)
    return repo


def build_versions(out: Path, *extra: str):
    return run("build-versions", "--out", str(out), *extra)


# -- build-versions ------------------------------------------------------------------------


def material_config(page: Path) -> dict:
    html = page.read_text()
    return json.loads(
        html.split('<script id="__config" type="application/json">', 1)[1].split("</script>")[0]
    )


def test_build_versions_layout(repo, tmp_path):
    out = tmp_path / "out"
    result = build_versions(out)
    assert result.exit_code == 0, result.output
    versions = json.loads((out / "versions.json").read_text())
    assert versions == [
        {"version": "main", "title": "main", "aliases": []},
        {"version": "2.0", "title": "v2.0", "aliases": ["latest"]},
        {"version": "1.0", "title": "v1.0", "aliases": []},
    ]
    assert "Home v1" in (out / "1.0" / "index.html").read_text()
    assert "Home main" in (out / "main" / "index.html").read_text()
    assert 'url=latest/"' in (out / "index.html").read_text()
    latest_guide = (out / "latest" / "guide" / "index.html").read_text()
    assert 'url=../../2.0/guide/"' in latest_guide, "an alias redirects, path kept"
    assert not any(p.is_symlink() for p in out.rglob("*"))
    assert "Page not found" in (out / "404.html").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    assert "https://learn.example.org/course/1.0/sitemap.xml" in sitemap
    assert "https://learn.example.org/course/main/sitemap.xml" in sitemap
    # Webinars: once, at the root; versions link there.
    assert (out / "webinars" / "index.html").is_file()
    assert (out / "webinars" / "webinars.ics").is_file()
    assert not (out / "1.0" / "webinars").exists()
    guide = (out / "1.0" / "guide" / "index.html").read_text()
    assert 'href="https://learn.example.org/course/webinars/"' in guide
    assert '<link rel="canonical" href="https://learn.example.org/course/latest/guide/">' in guide
    assert "eduplat-outdated-link" in guide
    config = material_config(out / "1.0" / "guide" / "index.html")
    assert config["version"] == {"provider": "mike", "default": "latest", "alias": True}


def test_overrides_hold_for_one_build_only(make_site, tmp_path, monkeypatch):
    """MkDocs keeps one plugin per process: the next plain build must not be versioned."""
    monkeypatch.delenv("EDUPLAT_CACHE_DIR", raising=False)
    config_file = make_site(
        {"tutorials/cached.py": CACHED_TUTORIAL}, plugin_options="tutorials: {execute: false}"
    )
    cache = tmp_path / "shared-cache"
    overrides = BuildOverrides("1.0", "stable", cache_dir=cache)
    site.build(config_file, overrides=overrides, site_dir=str(tmp_path / "v1"))
    versioned = material_config(tmp_path / "v1" / "index.html")
    assert versioned["version"] == {"provider": "mike", "default": "stable", "alias": True}
    assert (cache / "sources").is_dir(), "the build used the given cache folder"
    site.build(config_file, site_dir=str(tmp_path / "plain"))
    assert material_config(tmp_path / "plain" / "index.html")["version"] is None
    assert (tmp_path / ".eduplat-cache" / "sources").is_dir(), "and its own cache folder"


def test_aliases_as_copies(repo, tmp_path):
    out = tmp_path / "out"
    assert build_versions(out, "--aliases", "copy").exit_code == 0
    assert (out / "latest" / "index.html").read_bytes() == (out / "2.0" / "index.html").read_bytes()


def test_rebuild_only_what_changed_and_never_touch_other_versions(repo, tmp_path):
    out = tmp_path / "out"
    assert build_versions(out).exit_code == 0
    before = {v: tree_digest(out / v) for v in ("1.0", "2.0", "latest")}
    (repo / "docs" / "guide.md").write_text("# Guide, edited on main\n")
    git(repo, "commit", "-qam", "edit on main")
    result = build_versions(out)
    assert result.exit_code == 0, result.output
    assert "Built main; unchanged: 1.0, 2.0" in result.output
    assert {v: tree_digest(out / v) for v in ("1.0", "2.0", "latest")} == before
    assert "edited on main" in (out / "main" / "guide" / "index.html").read_text()


def test_versions_json_entries_from_elsewhere_are_kept(repo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "versions.json").write_text(
        json.dumps([{"version": "0.9", "title": "Legacy", "aliases": [], "properties": {"x": 1}}])
    )
    assert build_versions(out).exit_code == 0
    entries = {v["version"]: v for v in json.loads((out / "versions.json").read_text())}
    assert entries["0.9"] == {
        "version": "0.9",
        "title": "Legacy",
        "aliases": [],
        "properties": {"x": 1},
    }
    assert {"1.0", "2.0", "main"} <= set(entries)


def test_a_failing_ref_leaves_the_output_as_it_was(repo, tmp_path):
    out = tmp_path / "out"
    assert build_versions(out).exit_code == 0
    before = tree_digest(out)
    git(repo, "checkout", "-q", "-b", "broken")
    (repo / "mkdocs.yml").write_text((repo / "mkdocs.yml").read_text() + "theme: [\n")
    git(repo, "commit", "-qam", "broken config")
    git(repo, "checkout", "-q", "main")
    result = build_versions(out, "--refs", "v*", "--refs", "main", "--refs", "broken")
    assert result.exit_code == 1
    assert "mkdocs.yml" in result.output
    assert "YAML syntax error" in result.output
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if "eduplat-" in p.name] == []


def test_no_matching_ref(repo, tmp_path):
    result = build_versions(tmp_path / "out", "--refs", "release-*")
    assert result.exit_code == 1
    assert "no tag or branch matches release-*" in result.output


# -- deploy (mike) -------------------------------------------------------------------------


def branch_versions(repo: Path, branch: str = "gh-pages") -> dict[str, list[str]]:
    data = json.loads(git(repo, "show", f"{branch}:versions.json"))
    return {v["version"]: v["aliases"] for v in data}


def branch_tree(repo: Path, prefix: str, branch: str = "gh-pages") -> dict[str, str]:
    lines = git(repo, "ls-tree", "-r", branch, "--", prefix).splitlines()
    return {line.split("\t")[1]: line.split()[2] for line in lines}


def deploy(repo: Path, ref: str, *args: str):
    git(repo, "checkout", "-q", ref)
    return run("deploy", *args)


def test_deploy_versions_with_mike(repo):
    assert deploy(repo, "v1.0", "1.0").exit_code == 0
    result = deploy(repo, "v2.0", "2.0", "latest", "--title", "Release 2.0")
    assert result.exit_code == 0, result.output
    before = branch_tree(repo, "1.0")
    assert before, "version 1.0 is on the branch"
    assert deploy(repo, "main", "main").exit_code == 0
    assert branch_versions(repo) == {"main": [], "2.0": ["latest"], "1.0": []}
    assert branch_tree(repo, "1.0") == before, "deploying main did not touch 1.0"
    assert "Home v2" in git(repo, "show", "gh-pages:2.0/index.html")
    latest = git(repo, "show", "gh-pages:latest/index.html")
    assert "2.0/" in latest, "aliases are redirects, not symlinks"
    listing = run("versions", "list")
    assert listing.exit_code == 0
    assert "v2.0" not in listing.output
    assert '2.0 "Release 2.0" [latest]' in listing.output
    assert run("versions", "set-default", "latest").exit_code == 0
    assert "latest/" in git(repo, "show", "gh-pages:index.html")
    assert run("versions", "delete", "main").exit_code == 0
    assert set(branch_versions(repo)) == {"2.0", "1.0"}
    assert branch_tree(repo, "1.0") == before


def test_deploy_rejects_an_alias_named_like_a_version(repo):
    assert deploy(repo, "v1.0", "1.0").exit_code == 0
    result = deploy(repo, "v2.0", "2.0", "1.0")
    assert result.exit_code == 1
    assert "alias '1.0' is already a version" in result.output


def test_push_race_is_retried_and_loses_nothing(tmp_path, chdir):
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    first = make_repo(tmp_path / "first")
    git(first, "remote", "add", "origin", str(origin))
    git(first, "push", "-q", "origin", "main", "--tags")
    second = tmp_path / "second"
    subprocess.run(["git", "clone", "-q", str(origin), str(second)], check=True)
    git(second, "config", "user.email", "b@example.org")
    git(second, "config", "user.name", "B")

    chdir(second)
    git(second, "checkout", "-q", "v2.0")
    assert run("deploy", "2.0", "latest").exit_code == 0  # committed locally, not pushed

    chdir(first)
    result = deploy(first, "v1.0", "1.0", "--push")
    assert result.exit_code == 0, result.output  # meanwhile someone else deployed

    chdir(second)
    result = run("deploy", "2.0", "latest", "--push")
    assert result.exit_code == 0, result.output
    assert branch_versions(origin, "gh-pages") == {"2.0": ["latest"], "1.0": []}


# -- the configured cache folder -----------------------------------------------------------

CACHED_TUTORIAL = "# %% [markdown]\n# # Cached\n\n# %%\nprint('hi')\n"


def use_own_cache_dir(repo: Path) -> None:
    """Commit, on main, a tutorial and `cache_dir: .my-cache` (not executed: no kernel)."""
    config = (
        (repo / "mkdocs.yml")
        .read_text()
        .replace(
            "  - eduplat\n",
            "  - eduplat:\n      cache_dir: .my-cache\n      tutorials: {execute: false}\n",
        )
    )
    (repo / "mkdocs.yml").write_text(config)
    (repo / "tutorials").mkdir()
    (repo / "tutorials" / "cached.py").write_text(CACHED_TUTORIAL)
    (repo / ".gitignore").write_text("site/\n.my-cache/\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "own cache folder")


def test_build_versions_uses_the_configured_cache_dir(repo, tmp_path, monkeypatch):
    monkeypatch.delenv("EDUPLAT_CACHE_DIR", raising=False)
    use_own_cache_dir(repo)
    result = build_versions(tmp_path / "out", "--refs", "main")
    assert result.exit_code == 0, result.output
    assert (repo / ".my-cache" / "sources").is_dir()
    assert not (repo / ".eduplat-cache").exists()


def test_deploy_uses_the_configured_cache_dir(repo, monkeypatch):
    monkeypatch.delenv("EDUPLAT_CACHE_DIR", raising=False)
    use_own_cache_dir(repo)
    result = deploy(repo, "main", "main")
    assert result.exit_code == 0, result.output
    assert (repo / ".my-cache" / "sources").is_dir()
    assert not (repo / ".eduplat-cache").exists()

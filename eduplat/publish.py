"""Versioned publishing: ``eduplat deploy`` (mike) and ``eduplat build-versions`` (any host).

Both build each version with eduplat's atomic build, share one tutorial execution cache
(so old versions rebuild fast), write mike's ``versions.json``, and never touch the files
of a version they are not building.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eduplat.errors import EduplatError, display_path
from eduplat.features import eduplat_plugin
from eduplat.site import BuildOverrides, swap_in
from eduplat.textio import read_text
from eduplat.versions.layout import make_alias, redirect_page, root_404, sitemap_index
from eduplat.versions.model import VersionError, add_version, load_versions

__all__ = ["BuildReport", "build_versions", "deploy"]

log = logging.getLogger("mkdocs.plugins.eduplat.publish")

MARKER = ".eduplat-version.json"


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - git with arguments eduplat chose
        ["git", *args],  # noqa: S607 - the user's git, from PATH
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise EduplatError(
            f"git {' '.join(args)} failed: {result.stderr.strip()}",
            hint="run eduplat in a git checkout of the site",
        )
    return result.stdout


@dataclass(frozen=True)
class Ref:
    """A git ref to build, and the version name it becomes."""

    name: str
    commit: str
    version: str
    is_tag: bool


_VERSION_TAG = re.compile(r"^v(?=\d)")


def _version_key(version: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-]", version))


def find_refs(repo: Path, patterns: Sequence[str]) -> list[Ref]:
    """Tags and branches whose short name matches any pattern (``v*``, ``main``)."""
    output = _git(
        repo,
        "for-each-ref",
        "--format=%(refname)\t%(objectname)\t%(*objectname)",
        "refs/tags",
        "refs/heads",
    )
    refs = []
    for line in output.splitlines():
        full, commit, peeled = line.split("\t")
        is_tag = full.startswith("refs/tags/")
        name = full.split("/", 2)[2]
        if not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        version = _VERSION_TAG.sub("", name) if is_tag else name.replace("/", "-")
        refs.append(Ref(name, peeled or commit, version, is_tag))
    if not refs:
        raise EduplatError(
            f"no tag or branch matches {', '.join(patterns)}",
            hint="check the patterns, e.g. --refs 'v*' --refs main",
        )
    return sorted(refs, key=lambda r: (not r.is_tag, _version_key(r.version)))


@dataclass
class BuildReport:
    """What ``build_versions`` did."""

    built: list[str]
    reused: list[str]
    default: str


def _shared_cache(config: Any) -> Path:
    """One tutorial cache for every version built: the site's own (its ``cache_dir``, or
    ``EDUPLAT_CACHE_DIR``), passed to each version's build."""
    from eduplat import site

    return site.cache_folder(config)


def _site_url(config: Any, config_file: Path) -> str:
    """The address of the versioned site's root, or "" (with one warning) when unset."""
    if not config.site_url:
        log.warning(
            f"{display_path(config_file)} has no 'site_url': the versions are built with "
            "relative links, without canonical links and without the sitemap index, and the "
            "root 404 page assumes the site is at the root of its host — set site_url to the "
            "site's address (e.g. https://learn.example.org/) to get them"
        )
        return ""
    return str(config.site_url).rstrip("/") + "/"


def build_versions(
    config_file: Path,
    out: Path,
    patterns: Sequence[str],
    *,
    default_alias: str = "latest",
    alias_kind: str = "redirect",
) -> BuildReport:
    """Build git refs into ``out/<version>/`` with versions.json, redirects, 404, sitemaps.

    The newest tag gets the alias ``default_alias``; the root redirects there. A ref whose
    commit was already built is reused as is. Everything is assembled in a new folder next
    to ``out`` and swapped in at the end: a failure leaves ``out`` as it was.
    """
    from eduplat import site

    config_file = config_file.resolve()
    repo = Path(_git(config_file.parent, "rev-parse", "--show-toplevel").strip())
    config_rel = config_file.relative_to(repo)
    config = site.load_config(config_file)
    base_url = _site_url(config, config_file)
    cache = _shared_cache(config)
    refs = find_refs(repo, patterns)
    tags = [r for r in refs if r.is_tag]
    newest = max(tags, key=lambda r: _version_key(r.version)) if tags else refs[-1]

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.eduplat-", dir=out.parent))
    report = BuildReport(built=[], reused=[], default=default_alias)
    try:
        if out.exists():
            shutil.copytree(out, work, symlinks=True, dirs_exist_ok=True)
        versions = load_versions(_read(work / "versions.json"))
        for ref in refs:
            marker = work / ref.version / MARKER
            if _read_json(marker).get("commit") == ref.commit:
                report.reused.append(ref.version)
            else:
                _build_ref(repo, ref, config_rel, work, base_url, default_alias, cache)
                report.built.append(ref.version)
            aliases = [default_alias] if ref is newest else []
            add_version(versions, ref.version, ref.name, aliases)
        (work / "versions.json").write_text(versions.dumps(), encoding="utf-8")
        for info in versions:
            for alias in info.aliases:
                if (work / str(info.version)).is_dir():
                    make_alias(work, str(info.version), alias, alias_kind)
        (work / "index.html").write_text(redirect_page(f"{default_alias}/"), encoding="utf-8")
        root_path = "/" + base_url.split("://", 1)[-1].split("/", 1)[-1] if base_url else "/"
        (work / "404.html").write_text(root_404(default_alias, root_path), encoding="utf-8")
        built_versions = [str(i.version) for i in versions if (work / str(i.version)).is_dir()]
        if base_url:  # a sitemap index needs absolute addresses
            (work / "sitemap.xml").write_bytes(sitemap_index(base_url, built_versions))
        _build_webinars(config_file, work, base_url, default_alias, cache)
        (work / ".nojekyll").touch()
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    swap_in(work, out)
    return report


def _build_ref(
    repo: Path,
    ref: Ref,
    config_rel: Path,
    work: Path,
    base_url: str,
    default_alias: str,
    cache: Path,
) -> None:
    from eduplat import site

    checkout = Path(tempfile.mkdtemp(prefix="eduplat-ref-"))
    checkout.rmdir()
    _git(repo, "worktree", "add", "--detach", str(checkout), ref.commit)
    try:
        target = work / ref.version
        site.build(
            checkout / config_rel,
            overrides=BuildOverrides(ref.version, default_alias, cache_dir=cache),
            site_dir=str(target),
            site_url=f"{base_url}{ref.version}/" if base_url else None,  # None: unset
        )
        (target / MARKER).write_text(
            json.dumps({"ref": ref.name, "commit": ref.commit}) + "\n", encoding="utf-8"
        )
    finally:
        _git(repo, "worktree", "remove", "--force", str(checkout))


def _build_webinars(
    config_file: Path, work: Path, base_url: str, default_alias: str, cache: Path
) -> None:
    """The webinar schedule is not versioned: one copy at the root, from this checkout."""
    from eduplat import site

    config = site.load_config(config_file)
    plugin = eduplat_plugin(config)
    if plugin is None:
        return
    from eduplat.webinars.paths import discover_schedule_files

    base = config_file.parent
    if not discover_schedule_files(base, plugin.config.webinars.source):
        return
    url = plugin.config.webinars.url.strip("/")
    staging = Path(tempfile.mkdtemp(prefix="eduplat-webinars-"))
    try:
        site.build(
            config_file,
            overrides=BuildOverrides(None, default_alias, webinars_only=True, cache_dir=cache),
            site_dir=str(staging / "site"),
            site_url=base_url or None,
        )
        # Only the schedule and what its pages load; the root keeps its own index,
        # 404 and sitemap index.
        for name in (url, "assets", "search"):
            source = staging / "site" / name
            if source.exists():
                shutil.rmtree(work / name, ignore_errors=True)
                shutil.copytree(source, work / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _read(path: Path) -> str | None:
    try:
        return read_text(path)
    except FileNotFoundError:
        return None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def deploy(
    config_file: Path | None,
    version: str,
    aliases: Sequence[str],
    *,
    title: str | None = None,
    branch: str = "gh-pages",
    remote: str = "origin",
    push: bool = False,
    default_alias: str | None = None,
    alias_kind: str = "redirect",
    attempts: int = 3,
) -> None:
    """Build this checkout as ``version`` and commit it to ``branch`` with mike.

    With ``push``, a push rejected because the branch moved (another deploy) is retried:
    the local branch is reset to the remote one and the same build committed on top, so
    the other deploy's work is kept. After ``attempts`` the error says what to do.
    """
    from mike import commands, git_utils

    from eduplat import site

    config_path = site.find_config(config_file).resolve()
    version_check = load_versions(None)
    add_version(version_check, version, title, aliases)  # names are usable
    default = default_alias or (aliases[0] if aliases else version)
    cache = _shared_cache(site.load_config(config_path))
    built = Path(tempfile.mkdtemp(prefix="eduplat-deploy-"))
    try:
        config = site.build(
            config_path,
            overrides=BuildOverrides(version, default, cache_dir=cache),
            site_dir=str(built / "site"),
        )
        config.site_dir = str(built / "site")
        alias_type = commands.AliasType[alias_kind]
        for attempt in range(1, attempts + 1):
            if push:
                _fetch(remote, branch)
                try:
                    git_utils.update_from_upstream(remote, branch)
                except (git_utils.GitBranchDiverged, git_utils.GitRevUnrelated):
                    # The remote moved (another deploy): start from it, so its work is kept,
                    # and commit this version on top. Unpushed local deploys are replaced.
                    log.warning(
                        f"{branch} differs from {remote}/{branch}: deploying on top of "
                        f"{remote}/{branch} (unpushed local commits on {branch} are dropped)"
                    )
                    git_utils.update_ref(branch, git_utils.get_latest_commit(f"{remote}/{branch}"))
            versions = load_versions(_branch_file(branch, "versions.json"))
            add_version(versions, version, title, aliases)
            with commands.deploy(
                config,
                version,
                title,
                list(aliases),
                update_aliases=True,
                alias_type=alias_type,
                branch=branch,
            ):
                pass
            if not push:
                return
            try:
                git_utils.push_branch(remote, branch)
                return
            except git_utils.GitError as exc:
                if attempt == attempts:
                    raise EduplatError(
                        f"push to {remote}/{branch} was rejected {attempts} times "
                        f"(the branch keeps moving: other deploys?): {exc}",
                        hint=f"your version is committed on the local '{branch}'; "
                        "run the same command again to retry on top of the remote",
                    ) from exc
    finally:
        shutil.rmtree(built, ignore_errors=True)


def _fetch(remote: str, branch: str) -> None:
    refspec = f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}"
    result = subprocess.run(  # noqa: S603 - git with arguments eduplat chose
        ["git", "fetch", "--quiet", remote, refspec],  # noqa: S607 - the user's git
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 and "couldn't find remote ref" not in result.stderr:
        raise EduplatError(f"cannot fetch {remote}/{branch}: {result.stderr.strip()}")


def _branch_file(branch: str, name: str) -> str | None:
    from mike import git_utils

    try:
        return str(git_utils.read_file(branch, name, universal_newlines=True))
    except git_utils.GitError:
        return None


__all__ += ["VersionError"]

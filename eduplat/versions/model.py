"""``versions.json`` in mike's exact shape, with eduplat's safety rules on top.

The list itself is mike's ``Versions`` (so Material's version selector and mike read what
eduplat writes, and the other way round); eduplat adds the checks its users asked for:
a version may not be named like an alias, an alias may not be given twice, and entries
eduplat did not write are always kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mike.versions import VersionInfo, Versions

from eduplat.errors import EduplatError

__all__ = ["VersionError", "add_version", "load_versions", "version_folder_name"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class VersionError(EduplatError):
    """A version or alias that would make the site ambiguous or broken."""


def load_versions(text: str | None) -> Versions:
    """Parse ``versions.json`` (None or empty: no versions yet)."""
    if not text or not text.strip():
        return Versions()
    try:
        return Versions.loads(text)
    except (ValueError, KeyError, TypeError) as exc:
        raise VersionError(
            f"versions.json is not valid: {exc}",
            hint="fix or remove the file; it is a JSON list of {version, title, aliases}",
        ) from exc


def version_folder_name(name: str) -> str:
    """Check that ``name`` is usable as a folder and in a URL; return it."""
    if not _NAME.match(name) or name in {".", ".."}:
        raise VersionError(
            f"'{name}' cannot be a version or alias name",
            hint="use letters, digits, '.', '-' and '_' (e.g. 1.0, v2.1, latest)",
        )
    return name


def add_version(
    versions: Versions, version: str, title: str | None, aliases: Sequence[str]
) -> VersionInfo:
    """Add or update ``version``; aliases move to it from other versions.

    Raises:
        VersionError: A name is unusable, an alias is repeated, an alias is named like a
            version, or the version is named like another version's alias.
    """
    version_folder_name(version)
    seen: set[str] = set()
    for alias in aliases:
        version_folder_name(alias)
        if alias in seen:
            raise VersionError(f"alias '{alias}' is given twice", hint="list each alias once")
        seen.add(alias)
        if alias == version:
            raise VersionError(
                f"alias '{alias}' is the version's own name", hint="drop it from the aliases"
            )
    for info in versions:
        name = str(info.version)
        if name in seen:
            raise VersionError(
                f"alias '{name}' is already a version",
                hint=f"choose another alias, or delete version '{name}' first",
            )
        if version in info.aliases and name != version:
            raise VersionError(
                f"version '{version}' is already an alias of version '{name}'",
                hint="choose another version name, or remove the alias first",
            )
    try:
        added: VersionInfo = versions.add(version, title, list(aliases), update_aliases=True)
    except ValueError as exc:  # mike's own checks, same message style
        raise VersionError(str(exc)) from exc
    return added

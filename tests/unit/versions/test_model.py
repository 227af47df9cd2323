"""versions.json as a pure model: names, aliases and entries another tool wrote."""

from __future__ import annotations

import json
import re

import pytest

from eduplat.versions.model import VersionError, add_version, load_versions


def test_version_named_like_an_alias_is_an_error():
    versions = load_versions(None)
    add_version(versions, "2.0", None, ["latest"])
    with pytest.raises(
        VersionError, match=re.escape("version 'latest' is already an alias of version '2.0'")
    ):
        add_version(versions, "latest", None, [])
    with pytest.raises(VersionError, match=re.escape("alias '2.0' is already a version")):
        add_version(versions, "3.0", None, ["2.0"])
    with pytest.raises(VersionError, match="alias 'stable' is given twice"):
        add_version(versions, "3.0", None, ["stable", "stable"])
    with pytest.raises(VersionError, match="cannot be a version or alias name"):
        add_version(versions, "../x", None, [])


def test_aliases_move_and_foreign_entries_stay():
    versions = load_versions(
        json.dumps([{"version": "0.9", "title": "Legacy docs", "aliases": ["old"]}])
    )
    add_version(versions, "1.0", None, ["latest"])
    add_version(versions, "2.0", None, ["latest"])
    data = {v["version"]: v["aliases"] for v in json.loads(versions.dumps())}
    assert data == {"2.0": ["latest"], "1.0": [], "0.9": ["old"]}

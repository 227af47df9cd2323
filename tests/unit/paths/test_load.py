"""Path files: structure errors with file:line, and resolving steps against the site."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from eduplat.errors import SourceError
from eduplat.paths.load import discover_paths, load_path, load_paths
from eduplat.paths.model import Catalog, Target, quiz_minutes, reading_minutes, resolve

GOOD = """\
id: building
title: Building on the chain
audience: developers
description: From hashes to audits.
language: en
steps:
  - tutorial: hash-chain
  - quiz: hashing
  - page: guide/keys.md
    optional: true
  - webinar: audit-workshop
  - url: https://bitcoin.org/bitcoin.pdf
    title: The white paper
"""

CATALOG = Catalog(
    pages={"guide/keys.md": Target("Keys", 4)},
    tutorials={"hash-chain": Target("A hash chain", 30), "merkle-tree": Target("Merkle", 25)},
    quizzes={"hashing": Target("Hashing", 6)},
    webinars={"audit-workshop": Target("Audit workshop", 90)},
)


def write(tmp_path: Path, text: str, name: str = "building.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(path: Path) -> SourceError:
    with pytest.raises(SourceError) as info:
        load_path(path)
    return info.value


def test_a_path_loads_with_its_steps_in_order(tmp_path):
    path = load_path(write(tmp_path, GOOD))
    assert path.id == "building"
    assert path.audience == "developers"
    assert [s.key for s in path.steps] == [
        "tutorial:hash-chain",
        "quiz:hashing",
        "page:guide/keys.md",
        "webinar:audit-workshop",
        "url:https://bitcoin.org/bitcoin.pdf",
    ]
    assert path.steps[2].optional
    assert not path.steps[0].optional
    assert path.steps[1].line == 8
    resolved = resolve(path, CATALOG)
    assert [s.title for s in resolved.steps][:2] == ["A hash chain", "Hashing"]
    assert resolved.minutes == 30 + 6 + 90  # the optional page does not count


def test_unknown_key_names_its_line_and_the_close_key(tmp_path):
    error = error_of(write(tmp_path, GOOD.replace("audience:", "audiance:")))
    assert error.line == 3
    assert "unknown key 'audiance'" in str(error)
    assert "did you mean 'audience'?" in str(error)
    assert re.search(r"building\.yml:3: ", str(error))


def test_unknown_step_key_and_step_without_kind(tmp_path):
    error = error_of(write(tmp_path, GOOD.replace("    optional: true", "    optinal: true")))
    assert error.line == 10
    assert "did you mean 'optional'?" in str(error)
    error = error_of(write(tmp_path, GOOD.replace("  - tutorial: hash-chain", "  - hash-chain")))
    assert error.line == 7
    assert "does not say what kind of step" in str(error)


def test_empty_path_is_an_error(tmp_path):
    text = GOOD.split("steps:")[0] + "steps: []\n"
    error = error_of(write(tmp_path, text))
    assert "has no steps" in str(error)
    assert error.line == 6
    error = error_of(write(tmp_path, GOOD.split("steps:")[0]))
    assert "has no steps" in str(error)


def test_duplicate_step_names_both_lines(tmp_path):
    text = GOOD + "  - tutorial: hash-chain\n"
    error = error_of(write(tmp_path, text))
    assert error.line == 14
    assert "repeats tutorial 'hash-chain' (first at line 7)" in str(error)


def test_external_step_needs_a_title_and_a_real_url(tmp_path):
    error = error_of(write(tmp_path, GOOD.replace("    title: The white paper\n", "")))
    assert "needs a 'title'" in str(error)
    assert error.line == 12
    error = error_of(write(tmp_path, GOOD.replace("https://bitcoin.org", "ftp://bitcoin.org")))
    assert error.line == 12
    assert str(error).endswith(
        "step 5: 'url' is not a web address: 'ftp://bitcoin.org/bitcoin.pdf' "
        "— write a full URL starting with https://"
    )


def test_missing_target_says_did_you_mean_at_the_step_line(tmp_path):
    path = load_path(write(tmp_path, GOOD.replace("hash-chain", "hash-chian")))
    with pytest.raises(SourceError) as info:
        resolve(path, CATALOG)
    message = str(info.value)
    assert info.value.line == 7
    assert "tutorial 'hash-chian' does not exist" in message
    assert "did you mean 'hash-chain'?" in message
    path = load_path(write(tmp_path, GOOD.replace("guide/keys.md", "guide/key.md")))
    with pytest.raises(SourceError, match=r"page 'guide/key.md' does not exist.*guide/keys.md"):
        resolve(path, CATALOG)


def test_duplicate_ids_across_files_and_discovery(tmp_path):
    folder = tmp_path / "paths"
    folder.mkdir()
    write(folder, GOOD, "a.yml")
    write(folder, GOOD, "b.yml")
    write(folder, "ignored", "_draft.yml")
    assert [p.name for p in discover_paths(folder)] == ["a.yml", "b.yml"]
    with pytest.raises(SourceError, match="duplicate path id 'building'"):
        load_paths(discover_paths(folder))
    assert discover_paths(tmp_path / "missing") == []


def test_id_defaults_to_the_file_name(tmp_path):
    path = load_path(write(tmp_path, GOOD.replace("id: building\n", ""), "my-path.yml"))
    assert path.id == "my-path"
    error = error_of(write(tmp_path, GOOD.replace("id: building\n", ""), "My Path.yml"))
    assert error.line == 1
    assert str(error).endswith(
        "My Path.yml:1: path: id 'My Path' is not a valid id "
        "— use lowercase letters, digits, '-' and '_' (it becomes the page URL)"
    )


def test_durations():
    assert quiz_minutes(6, 1.5) == 9
    assert quiz_minutes(0, 1.5) == 1
    assert reading_minutes("word " * 400) == 2
    assert reading_minutes("字" * 600) == 2

"""Bad inputs and options that must do what they say (issue 11), through the CLI.

Each test runs ``eduplat build`` or ``eduplat check`` as a user would and asserts the
exact message, the exit code 1 and that no traceback is printed.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from eduplat.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_user_error(result, message: str) -> None:
    """Exit 1, the message, and no traceback."""
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output


# -- enabled: false ------------------------------------------------------------------------

FAILING_TUTORIAL = "# %% [markdown]\n# # Never run\n\n# %%\n1 / 0\n"
QUIZ = """\
id: basics
questions:
  - type: true_false
    prompt: Sky is blue.
    answer: true
"""
SCHEDULE = """\
sessions:
  - {id: intro, title: Intro, start: 2030-01-01 10:00, duration: 30, timezone: UTC}
"""


def test_enabled_false_turns_every_hook_off(make_site, chdir):
    config_file = make_site(
        {
            "docs/page.md": "# Page\n\n<!-- eduplat:quiz basics -->\n",
            "tutorials/never.py": FAILING_TUTORIAL,
            "quizzes/basics.yml": QUIZ,
            "webinars.yml": SCHEDULE,
        },
        plugin_options="enabled: false\n",
    )
    root = config_file.parent
    chdir(root)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert (site / "page" / "index.html").is_file()
    for generated in ("tutorials", "quizzes", "webinars", "assets/eduplat"):
        assert not (site / generated).exists(), generated
    assert not (root / ".eduplat-cache").exists(), "the tutorial was not executed"
    page = (site / "page" / "index.html").read_text(encoding="utf-8")
    assert "<!-- eduplat:quiz basics -->" in page
    assert "eduplat" not in page.replace("<!-- eduplat:quiz basics -->", "")


def test_check_says_eduplat_is_turned_off(make_site, chdir):
    config_file = make_site(plugin_options="enabled: false\n")
    chdir(config_file.parent)
    assert_user_error(
        run("check"),
        "mkdocs.yml:9: the eduplat plugin is turned off ('enabled: false'): nothing to check",
    )


# -- encodings -----------------------------------------------------------------------------

LATIN1 = "é".encode("latin-1")  # 0xE9: what a Windows editor writes for 'é'
NOTEBOOK = (
    b'{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "metadata": {},\n'
    b'   "source": ["# Caf' + LATIN1 + b'"]\n  }\n ],\n "metadata": {},\n'
    b' "nbformat": 4,\n "nbformat_minor": 5\n}\n'
)
GOOD_SCHEDULE = SCHEDULE.encode()
# (file, its bytes, the line of the bad byte, which commands read it)
NOT_UTF8 = {
    "tutorial-py": ("tutorials/cafe.py", b"# %% [markdown]\n# # Caf" + LATIN1 + b"\n", 2),
    "tutorial-md": ("tutorials/cafe.md", b"# Cafe\n\nA caf" + LATIN1 + b" tutorial.\n", 3),
    "tutorial-ipynb": ("tutorials/cafe.ipynb", NOTEBOOK, 6),
    "quiz-yml": ("quizzes/cafe.yml", b"id: cafe\ntitle: Caf" + LATIN1 + b"\nquestions: []\n", 2),
    "quiz-gift": ("quizzes/cafe.gift", b"// a quiz\nCaf" + LATIN1 + b"?{T}\n", 2),
    "webinars-yml": ("webinars.yml", GOOD_SCHEDULE.replace(b"Intro", b"Caf" + LATIN1), 2),
    "webinars-folder": (
        "webinars/cafe.yml",
        b"timezone: UTC\n" + GOOD_SCHEDULE.replace(b"Intro", b"Caf" + LATIN1),
        3,
    ),
}


def write_bytes(root, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("kind", NOT_UTF8)
def test_a_source_that_is_not_utf8_is_named_with_line_and_byte(make_site, chdir, kind, command):
    rel, data, line = NOT_UTF8[kind]
    root = make_site().parent
    write_bytes(root, rel, data)
    chdir(root)
    assert_user_error(
        run(command), f"{rel}: not UTF-8 at line {line} (byte 0xE9) — save it as UTF-8"
    )
    assert not (root / "site").exists()


def test_webinar_history_that_is_not_utf8(make_site, chdir):
    root = make_site({"webinars.yml": SCHEDULE}).parent
    write_bytes(root, "webinars.history.json", b'{\n  "sessions": {"caf\xe9": {}}\n}\n')
    chdir(root)
    assert_user_error(
        run("build"),
        "webinars.history.json: not UTF-8 at line 2 (byte 0xE9) — save it as UTF-8",
    )


@pytest.mark.parametrize("command", ["build", "check"])
def test_mkdocs_yml_that_is_not_utf8(make_site, chdir, command):
    config_file = make_site()
    config_file.write_bytes(config_file.read_bytes().replace(b"Test site", b"Caf" + LATIN1))
    chdir(config_file.parent)
    assert_user_error(
        run(command), "mkdocs.yml: not UTF-8 at line 1 (byte 0xE9) — save it as UTF-8"
    )


def test_a_dependency_that_is_only_hashed_need_not_be_text(make_site, chdir):
    tutorial = "# ---\n# dependencies: [data.bin]\n# ---\n\n# %% [markdown]\n# # Bytes\n"
    root = make_site(
        {"tutorials/bytes.py": tutorial}, plugin_options="tutorials: {execute: false}\n"
    ).parent
    write_bytes(root, "tutorials/data.bin", b"\xe9\xff\x00binary")
    chdir(root)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    assert (root / "site" / "tutorials" / "bytes" / "index.html").is_file()

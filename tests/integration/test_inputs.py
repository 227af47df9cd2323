"""Bad inputs and options that must do what they say (issue 11), through the CLI.

Each test runs ``eduplat build`` or ``eduplat check`` as a user would and asserts the
exact message, the exit code 1 and that no traceback is printed.
"""

from __future__ import annotations

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

"""`eduplat quiz key` and `quiz export` on a site's quiz (one shared command shape)."""

from __future__ import annotations

from click.testing import CliRunner

from eduplat.cli import cli

QUIZ = """\
id: mini
title: Mini quiz
questions:
  - id: tf
    type: true_false
    prompt: Hashes are one-way.
    answer: true
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_key_prints_the_answers_and_refuses_to_write_into_docs(make_site, chdir):
    config_file = make_site({"quizzes/mini.yml": QUIZ})
    chdir(config_file.parent)
    result = run("quiz", "key", "mini", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "Hashes are one-way." in result.output
    refused = run("quiz", "key", "mini", "-o", "docs/key.html")
    assert refused.exit_code == 1
    assert "inside docs/, so the answer key would be published" in refused.output
    assert "-o keys/mini.html" in refused.output
    assert not (config_file.parent / "docs" / "key.html").exists()


def test_export_needs_a_format_and_writes_gift(make_site, chdir, tmp_path):
    config_file = make_site({"quizzes/mini.yml": QUIZ})
    chdir(config_file.parent)
    assert run("quiz", "export", "mini").exit_code == 2  # --format is required
    result = run("quiz", "export", "mini", "--format", "gift", "-o", "mini.gift")
    assert result.exit_code == 0, result.output
    assert "Hashes are one-way." in (config_file.parent / "mini.gift").read_text()
    unknown = run("quiz", "export", "nope", "--format", "gift")
    assert unknown.exit_code == 1
    assert "Traceback" not in unknown.output

from __future__ import annotations

from pathlib import Path

from eduplat.errors import EduplatError, ExecutionError, SourceError, did_you_mean


def test_source_error_formats_path_line_message_hint(tmp_path, chdir):
    chdir(tmp_path)
    error = SourceError(tmp_path / "quizzes" / "a.yml", "empty prompt", line=7, hint="write one")
    assert str(error) == "quizzes/a.yml:7: empty prompt — write one"


def test_source_error_without_line_or_hint():
    error = SourceError(Path("/elsewhere/mkdocs.yml"), "config file not found")
    assert str(error) == "/elsewhere/mkdocs.yml: config file not found"


def test_source_error_with_column(tmp_path, chdir):
    chdir(tmp_path)
    error = SourceError(tmp_path / "mkdocs.yml", "bad", line=3, column=5)
    assert error.location == "mkdocs.yml:3:5"


def test_execution_error_names_cell_source_line_excerpt_and_log(tmp_path, chdir):
    chdir(tmp_path)
    error = ExecutionError(
        tmp_path / "tutorials" / "merkle.py",
        "ZeroDivisionError: division by zero",
        cell=7,
        line=42,
        excerpt="total = 1\nratio = total / 0",
        log_path=tmp_path / ".eduplat-cache" / "logs" / "merkle.log",
    )
    text = str(error)
    assert text.splitlines()[0] == (
        "tutorials/merkle.py: cell 7 (source line 42): ZeroDivisionError: division by zero"
    )
    assert "    ratio = total / 0" in text
    assert text.endswith("full log: .eduplat-cache/logs/merkle.log")


def test_plain_error_has_hint():
    assert str(EduplatError("it broke", hint="do this")) == "it broke — do this"


def test_did_you_mean_finds_close_match_and_nothing_for_far_words():
    assert did_you_mean("tutorial", ["tutorials", "quizzes"]) == "did you mean 'tutorials'?"
    assert did_you_mean("zzz", ["tutorials", "quizzes"]) is None

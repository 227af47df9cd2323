from __future__ import annotations

import io
import logging

from rich.console import Console

from eduplat.progress import LogReporter, RichReporter, make_reporter


def test_log_reporter_prints_ran_and_failed_with_times_and_a_summary(caplog):
    reporter = LogReporter(logging.getLogger("test.progress"))
    with caplog.at_level(logging.INFO, logger="test.progress"):
        reporter.start(total=3, to_run=2)
        reporter.done("cached-one", "warm", 0.0)
        reporter.done("merkle", "ran", 1.25)
        reporter.done("broken", "failed", 0.5)
        reporter.finish()
    lines = caplog.messages
    assert lines[0] == "Tutorials: executing 2 of 3"
    assert "Tutorial merkle: ran in 1.2 s" in lines
    assert "Tutorial broken: failed in 0.5 s" in lines
    assert lines[-1].startswith("Tutorials: 1 ran, 1 cached, 1 failed")


def test_log_reporter_is_quiet_when_everything_is_cached(caplog):
    reporter = LogReporter(logging.getLogger("test.progress"))
    with caplog.at_level(logging.INFO, logger="test.progress"):
        reporter.start(total=2, to_run=0)
        reporter.done("a", "warm", 0.0)
        reporter.done("b", "cached", 0.0)
        reporter.finish()
    assert caplog.messages == []


def test_rich_reporter_shows_counts(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(
        "rich.console.Console", lambda **kw: Console(file=stream, force_terminal=True, width=100)
    )
    reporter = RichReporter(logging.getLogger("test.progress"))
    reporter.start(total=2, to_run=1)
    reporter.done("cached-one", "warm", 0.0)
    reporter.done("merkle", "ran", 1.0)
    reporter.finish()
    text = stream.getvalue()
    assert "merkle" in text
    assert "ran 1 · cached 1 · failed 0" in text


def test_plain_log_lines_when_not_a_terminal():
    assert type(make_reporter(logging.getLogger("x"))) is LogReporter

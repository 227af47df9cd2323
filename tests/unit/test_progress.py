from __future__ import annotations

import io
import logging
import re

from rich.console import Console

from eduplat.progress import LogReporter, RichReporter, make_reporter

LOGGER = logging.getLogger("test.progress")


def report(reporter: LogReporter, total: int, to_run: int, *done: tuple[str, str, float]):
    """What a build tells its reporter: the start, each tutorial done, the end."""
    reporter.start(total=total, to_run=to_run)
    for name, status, seconds in done:
        reporter.done(name, status, seconds)
    reporter.finish()


def test_log_reporter_prints_ran_and_failed_with_times_and_a_summary(caplog):
    with caplog.at_level(logging.INFO, logger=LOGGER.name):
        done = [("cached-one", "warm", 0.0), ("merkle", "ran", 1.25), ("broken", "failed", 0.5)]
        report(LogReporter(LOGGER), 3, 2, *done)
    lines = caplog.messages
    assert lines[0] == "Tutorials: executing 2 of 3"
    assert "Tutorial merkle: ran in 1.2 s" in lines
    assert "Tutorial broken: failed in 0.5 s" in lines
    assert re.fullmatch(r"Tutorials: 1 ran, 1 cached, 1 failed \(\d+\.\d s\)", lines[-1])


def test_log_reporter_is_quiet_when_everything_is_cached(caplog):
    with caplog.at_level(logging.INFO, logger=LOGGER.name):
        report(LogReporter(LOGGER), 2, 0, ("a", "warm", 0.0), ("b", "cached", 0.0))
    assert caplog.messages == []


def test_rich_reporter_shows_counts(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(
        "rich.console.Console", lambda **kw: Console(file=stream, force_terminal=True, width=100)
    )
    report(RichReporter(LOGGER), 2, 1, ("cached-one", "warm", 0.0), ("merkle", "ran", 1.0))
    text = stream.getvalue()
    assert "merkle" in text
    assert "ran 1 · cached 1 · failed 0" in text


def test_plain_log_lines_when_not_a_terminal():
    assert type(make_reporter(logging.getLogger("x"))) is LogReporter

"""Progress of tutorial execution: a rich progress bar on a terminal, log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any

__all__ = ["LogReporter", "RichReporter", "make_reporter"]


class LogReporter:
    """One log line per executed tutorial and a summary (CI logs, pipes)."""

    def __init__(self, logger: Any) -> None:
        self.log = logger
        self.counts = {"ran": 0, "cached": 0, "failed": 0}
        self.started = 0.0

    def start(self, total: int, to_run: int) -> None:
        self.started = time.monotonic()
        self.counts = {"ran": 0, "cached": 0, "failed": 0}
        if to_run:
            self.log.info(f"Tutorials: executing {to_run} of {total}")

    def running(self, tutorial_id: str) -> None:
        self.log.debug(f"Executing tutorial {tutorial_id}")

    def done(self, tutorial_id: str, status: str, seconds: float) -> None:
        key = "cached" if status in {"warm", "cached", "not-executed"} else status
        self.counts[key] = self.counts.get(key, 0) + 1
        if status in {"ran", "failed"}:
            self.log.info(f"Tutorial {tutorial_id}: {status} in {seconds:.1f} s")

    def finish(self) -> None:
        if self.counts["ran"] or self.counts["failed"]:
            self.log.info(
                "Tutorials: {ran} ran, {cached} cached, {failed} failed ({s:.1f} s)".format(
                    s=time.monotonic() - self.started, **self.counts
                )
            )


class RichReporter(LogReporter):
    """A live progress bar with ran / cached / failed counts and per-tutorial times."""

    def __init__(self, logger: Any) -> None:
        super().__init__(logger)
        self.progress: Any = None
        self.task: Any = None

    def start(self, total: int, to_run: int) -> None:
        super().start(total, to_run)
        if not to_run:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]Tutorials"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.task = self.progress.add_task("tutorials", total=total, counts="")
        self.progress.start()

    def done(self, tutorial_id: str, status: str, seconds: float) -> None:
        key = "cached" if status in {"warm", "cached", "not-executed"} else status
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.progress is None:
            return
        if status in {"ran", "failed"}:
            style = "red" if status == "failed" else "green"
            self.progress.console.print(
                f"  [{style}]{status}[/] {tutorial_id} [dim]{seconds:.1f} s[/]"
            )
        counts = "ran {ran} · cached {cached} · failed {failed}".format(**self.counts)
        self.progress.update(self.task, advance=1, counts=counts)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def make_reporter(logger: Any) -> LogReporter:
    """A progress bar when stderr is a terminal, log lines otherwise."""
    return RichReporter(logger) if sys.stderr.isatty() else LogReporter(logger)

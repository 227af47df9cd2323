"""One hierarchy of errors for everything a user can get wrong.

Domain code raises these; the CLI prints them as ``path:line: message — hint`` and exits 1,
and the MkDocs plugin re-raises them as ``PluginError`` so plain ``mkdocs build`` shows the
same text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "ConfigError",
    "EduplatError",
    "EngineError",
    "ExecutionError",
    "SourceError",
    "did_you_mean",
]


class EduplatError(Exception):
    """Base class for every error eduplat reports to a user.

    Args:
        message: What is wrong, in one sentence.
        hint: How to fix it.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message


class EngineError(EduplatError):
    """The site generator eduplat hands a site to is missing or failed (its output shown)."""


class SourceError(EduplatError):
    """A problem in a file the user wrote, with the place to look.

    Args:
        path: The file, shown relative to the working directory when possible.
        message: What is wrong.
        line: 1-based line number, when known.
        column: 1-based column, when known.
        hint: How to fix it.
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = Path(path)
        self.line = line
        self.column = column

    @property
    def location(self) -> str:
        """``path``, ``path:line`` or ``path:line:column``."""
        where = display_path(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        return f"{self.location}: {super().__str__()}"


class ConfigError(SourceError):
    """A problem in ``mkdocs.yml`` (YAML syntax, unknown or invalid options)."""


class ExecutionError(SourceError):
    """A tutorial cell failed: it raised, timed out, or its kernel died.

    Args:
        path: The tutorial source file.
        message: What went wrong, e.g. ``ZeroDivisionError: division by zero``.
        cell: 1-based index of the code cell, counted as the reader sees them.
        line: Line in the source file where the cell starts.
        excerpt: The failing lines of the cell.
        log_path: Where the full log (traceback, outputs) was written.
        hint: How to fix it.
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        cell: int | None = None,
        line: int | None = None,
        excerpt: str | None = None,
        log_path: str | Path | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(path, message, line=line, hint=hint)
        self.cell = cell
        self.excerpt = excerpt
        self.log_path = Path(log_path) if log_path else None

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.cell is not None:
            where += f": cell {self.cell}"
            if self.line is not None:
                where += f" (source line {self.line})"
        elif self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {EduplatError.__str__(self)}"
        if self.excerpt:
            text += "\n" + "\n".join(f"    {line}" for line in self.excerpt.splitlines())
        if self.log_path:
            text += f"\n  full log: {display_path(self.log_path)}"
        return text


def display_path(path: Path) -> str:
    """Show ``path`` relative to the working directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return ``"did you mean 'x'?"`` for the closest choice, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None

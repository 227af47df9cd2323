"""What a tutorial is: its metadata, its source file, and the record of its execution.

Plain dataclasses, so the warm path (everything cached) builds them from JSON without
validating again; fresh metadata is validated once in [source][eduplat.tutorials.source],
with the same [Fields][eduplat.yamlutil.Fields] reader as quizzes, webinars and paths.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "EXEC_TAGS",
    "LEVELS",
    "RENDER_TAGS",
    "ExecutionRecord",
    "OutputLimits",
    "Prerequisite",
    "TutorialMeta",
    "TutorialSource",
    "format_size",
    "parse_size",
    "utf8_head",
    "utf8_size",
]

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")

#: Tags that change what the kernel runs, so they are part of the execution cache key.
EXEC_TAGS = frozenset({"raises-exception", "skip-execution"})
#: Tags that only change how a cell is shown (Jupyter Book's names).
RENDER_TAGS = frozenset(
    {
        "remove-cell",
        "remove-input",
        "remove-output",
        "hide-input",
        "hide-output",
        "exercise",
        "solution",
        "check",
    }
)

SOURCE_SUFFIXES = (".py", ".md", ".ipynb")


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_UNIT = {"": 1, "b": 1, "k": 1000, "m": 1000**2, "g": 1000**3}


def parse_size(value: object) -> int:
    """Bytes from ``2 MB``, ``500 kB``, ``1 MiB`` or a plain number of bytes.

    Raises:
        ValueError: Anything else (the message says what a size looks like).
    """
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        unit = (match.group(2) or "").lower()
        base = 1024 if "i" in unit else 1000
        scale = _UNIT[unit[:1]] if base == 1000 else base ** " kmg".index(unit[0])
        size = int(float(match.group(1)) * scale)
        if size > 0:
            return size
    raise ValueError(
        f"expected a size such as '2 MB', '500 kB' or a number of bytes, got {value!r}"
    )


def utf8_size(value: Any) -> int:
    """Bytes of a string (or list of strings) in UTF-8; other JSON values as JSON."""
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sum(utf8_size(v) for v in value)
    import json

    return len(json.dumps(value, ensure_ascii=False))


def utf8_head(text: str, size: int) -> str:
    """The first ``size`` bytes of ``text`` in UTF-8, never splitting a character."""
    return text.encode("utf-8", "surrogatepass")[: max(0, size)].decode("utf-8", "ignore")


def format_size(size: int) -> str:
    """``2.5 MB``, ``800 kB``, ``12 B``: for messages and notes on pages."""
    for unit, scale in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


@dataclass(frozen=True)
class OutputLimits:
    """How much output a tutorial keeps, in bytes: per cell and for the whole tutorial.

    Past a limit, the rest of a cell's output is discarded while the cell runs, and the
    notebook says how much was cut.
    """

    cell: int = 2_000_000
    tutorial: int = 5_000_000

    @classmethod
    def parse(cls, value: object) -> OutputLimits:
        """From a size (bounds a cell and the tutorial alike) or ``{cell: .., tutorial: ..}``.

        Raises:
            ValueError: Not a size, or a mapping with other keys.
        """
        if isinstance(value, OutputLimits):
            return value
        if isinstance(value, dict):
            unknown = set(value) - {"cell", "tutorial"}
            if unknown:
                raise ValueError(
                    f"unknown key '{sorted(unknown)[0]}': give 'cell' and/or 'tutorial' sizes"
                )
            default = cls()
            return cls(
                cell=parse_size(value["cell"]) if "cell" in value else default.cell,
                tutorial=parse_size(value["tutorial"]) if "tutorial" in value else default.tutorial,
            )
        size = parse_size(value)
        return cls(cell=size, tutorial=size)

    def describe(self) -> str:
        """``cell 2 MB, tutorial 5 MB``."""
        return f"cell {format_size(self.cell)}, tutorial {format_size(self.tutorial)}"


@dataclass(frozen=True)
class Prerequisite:
    """Something to read first: another tutorial (by id), a manual page, or a URL."""

    target: str
    title: str | None = None


@dataclass(frozen=True)
class TutorialMeta:
    """Per-tutorial metadata from the front matter or the notebook's ``eduplat`` metadata.

    Attributes:
        title: Page title; defaults to the first ``# heading``.
        description: One sentence for the index card and search engines.
        level: ``beginner``, ``intermediate`` or ``advanced``.
        duration: Minutes a reader needs.
        prerequisites: Tutorial ids, manual pages (``guide/x.md``) or URLs to read first.
        tags: Free-form topics, shown on the card.
        order: Position in the index (lower first; then by title).
        kernel: Jupyter kernel name; ``None`` uses the notebook's kernelspec, else the
            site default.
        timeout: Seconds each cell may run; ``None`` uses the site default.
        max_output: Output kept per cell and per tutorial; ``None`` uses the site default.
        dependencies: Files or globs (relative to the tutorial) whose content the outputs
            depend on: editing one re-executes the tutorial.
        execute: ``False`` renders the tutorial without running it.
        solutions: How exercise solutions are shown (``reveal``, ``after-attempt``,
            ``appendix``, ``omit``); ``None`` uses the site default.
        publish_solutions: Also offer ``<name>-solutions.ipynb``; ``None`` uses the site
            default.
        run_in_page: ``pyodide`` lets readers run the cells in the page; ``False`` turns
            it off for this tutorial; ``None`` uses the site default.
    """

    title: str = ""
    description: str = ""
    level: Level | None = None
    duration: int | None = None
    prerequisites: tuple[Prerequisite, ...] = ()
    tags: tuple[str, ...] = ()
    order: int | None = None
    kernel: str | None = None
    timeout: int | None = None
    dependencies: tuple[str, ...] = ()
    execute: bool = True
    max_output: OutputLimits | None = None
    solutions: Literal["reveal", "after-attempt", "appendix", "omit"] | None = None
    publish_solutions: bool | None = None
    run_in_page: Literal["pyodide", False] | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; ``from_json`` reads it back."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TutorialMeta:
        """Rebuild from ``to_json`` output (validated when it was stored)."""
        values = dict(data)
        values["prerequisites"] = tuple(Prerequisite(**p) for p in values["prerequisites"])
        values["tags"] = tuple(values["tags"])
        values["dependencies"] = tuple(values["dependencies"])
        limits = values.get("max_output")
        values["max_output"] = OutputLimits(**limits) if limits else None
        return cls(**values)


@dataclass(frozen=True)
class TutorialSource:
    """A tutorial file found in the tutorials folder.

    Attributes:
        path: Absolute path of the source file.
        rel: Path relative to the tutorials folder, with forward slashes.
        id: Stable id: ``rel`` without its suffix (``advanced/merkle``).
    """

    path: Path
    rel: str

    @property
    def id(self) -> str:
        """The tutorial's id, also its page path below the tutorials URL."""
        return self.rel.rsplit(".", 1)[0]

    @property
    def suffix(self) -> str:
        """``.py``, ``.md`` or ``.ipynb``."""
        return self.path.suffix


@dataclass(frozen=True)
class ExecutionRecord:
    """How and when a tutorial's outputs were produced."""

    executed: bool
    kernel: str = ""
    language: str = "python"
    language_version: str = ""
    date: str = ""
    seconds: float = 0.0
    errors_allowed: tuple[int, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExecutionRecord:
        """Rebuild from [to_json][eduplat.tutorials.model.ExecutionRecord.to_json] output."""
        values = dict(data)
        values["errors_allowed"] = tuple(values.get("errors_allowed", ()))
        return cls(**values)

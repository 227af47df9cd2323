"""What a tutorial is: its metadata, its source file, and the record of its execution.

Plain dataclasses, so the warm path (everything cached) builds them from JSON without
importing a validation library; fresh metadata is validated once with pydantic in
[source][eduplat.tutorials.source].
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "EXEC_TAGS",
    "LEVELS",
    "RENDER_TAGS",
    "ExecutionRecord",
    "Prerequisite",
    "TutorialMeta",
    "TutorialSource",
]

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")

#: Tags that change what the kernel runs, so they are part of the execution cache key.
EXEC_TAGS = frozenset({"raises-exception", "skip-execution"})
#: Tags that only change how a cell is shown (Jupyter Book's names).
RENDER_TAGS = frozenset(
    {"remove-cell", "remove-input", "remove-output", "hide-input", "hide-output"}
)

SOURCE_SUFFIXES = (".py", ".md", ".ipynb")


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
        kernel: Jupyter kernel name; ``None`` uses the site default.
        timeout: Seconds each cell may run; ``None`` uses the site default.
        dependencies: Files or globs (relative to the tutorial) whose content the outputs
            depend on: editing one re-executes the tutorial.
        execute: ``False`` renders the tutorial without running it.
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

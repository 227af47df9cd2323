"""What a learning path is: an ordered list of steps through the site's material.

Plain frozen dataclasses; [load][eduplat.paths.load] validates while building them and
[resolve][eduplat.paths.model.resolve] checks every step against what the site has.
Knows nothing of MkDocs or HTML.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from eduplat.errors import SourceError, did_you_mean

__all__ = [
    "AUDIENCES",
    "STEP_KINDS",
    "Catalog",
    "LearningPath",
    "ResolvedPath",
    "ResolvedStep",
    "Step",
    "Target",
    "paths_with",
    "quiz_minutes",
    "reading_minutes",
    "resolve",
]

StepKind = Literal["page", "tutorial", "quiz", "webinar", "url"]
#: The key that names a step's kind in YAML, in the order they are documented.
STEP_KINDS: tuple[StepKind, ...] = ("page", "tutorial", "quiz", "webinar", "url")
#: Audiences with a translated label; any other text is shown as written.
AUDIENCES = ("users", "developers", "operators")


@dataclass(frozen=True)
class Step:
    """One step of a path.

    Attributes:
        kind: ``page`` (a manual page, ``guide/x.md``), ``tutorial``, ``quiz`` or
            ``webinar`` (an id), or ``url`` (an external page, which needs a ``title``).
        target: The page path, id or URL.
        title: Shown instead of the target's own title (required for ``url``).
        optional: The step does not count towards finishing the path.
        line: Line of the step in the path file.
    """

    kind: StepKind
    target: str
    title: str = ""
    optional: bool = False
    line: int = 0

    @property
    def key(self) -> str:
        """Version-independent id of the step, used to store the reader's progress."""
        return f"{self.kind}:{self.target}"


@dataclass(frozen=True)
class LearningPath:
    """A course: who it is for and its steps in order.

    Attributes:
        id: Slug; the page is ``paths/<id>/`` and progress is stored under it.
        title: The path's title.
        audience: ``users``, ``developers``, ``operators`` or free text.
        description: Markdown, shown on the card and the path page.
        language: BCP 47 code of the material, e.g. ``zh`` (empty: the site's).
        steps: The steps in order.
        path: Source file.
        line: Line of the path in the source file.
    """

    id: str
    title: str
    audience: str
    steps: tuple[Step, ...]
    description: str = ""
    language: str = ""
    path: Path = field(default=Path(), compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Target:
    """Something of the site a step can point to: its title and how long it takes."""

    title: str
    minutes: int | None = None


@dataclass(frozen=True)
class Catalog:
    """What the site has, by step kind: manual pages by path relative to ``docs/``,
    tutorials, quizzes and webinar sessions by id."""

    pages: Mapping[str, Target]
    tutorials: Mapping[str, Target]
    quizzes: Mapping[str, Target]
    webinars: Mapping[str, Target]

    def of(self, kind: StepKind) -> Mapping[str, Target]:
        """The targets of one kind (empty for ``url``)."""
        known: dict[str, Mapping[str, Target]] = {
            "page": self.pages,
            "tutorial": self.tutorials,
            "quiz": self.quizzes,
            "webinar": self.webinars,
        }
        return known.get(kind, {})


@dataclass(frozen=True)
class ResolvedStep:
    """A step with the title and duration of what it points to."""

    step: Step
    title: str
    minutes: int | None
    number: int

    @property
    def kind(self) -> StepKind:
        """The step's kind."""
        return self.step.kind


@dataclass(frozen=True)
class ResolvedPath:
    """A path whose steps all exist on the site."""

    path: LearningPath
    steps: tuple[ResolvedStep, ...]

    @property
    def minutes(self) -> int:
        """Total minutes of the required steps whose duration is known."""
        return sum(step.minutes or 0 for step in self.steps if not step.step.optional)

    def step_for(self, kind: StepKind, target: str) -> ResolvedStep | None:
        """The step pointing to ``target``, if the path has one."""
        return next(
            (s for s in self.steps if s.step.kind == kind and s.step.target == target), None
        )


_HINTS = {
    "page": "give a page path relative to docs/, e.g. guide/index.md",
    "tutorial": "use the tutorial's id (its file name without the suffix)",
    "quiz": "use the quiz's id",
    "webinar": "use the session's (or series') id from the webinar schedule",
}


def resolve(path: LearningPath, catalog: Catalog) -> ResolvedPath:
    """Check every step of ``path`` against the site and attach titles and durations.

    Raises:
        SourceError: A step points to nothing (with a did-you-mean).
    """
    resolved = []
    for number, step in enumerate(path.steps, start=1):
        if step.kind == "url":
            resolved.append(ResolvedStep(step, step.title, None, number))
            continue
        known = catalog.of(step.kind)
        target = known.get(step.target)
        if target is None:
            suggestion = did_you_mean(step.target, known)
            if suggestion is None and step.kind != "page":
                listed = ", ".join(sorted(known)[:12]) or "none"
                suggestion = f"{_HINTS[step.kind]}; {step.kind} ids: {listed}"
            raise SourceError(
                path.path,
                f"path '{path.id}': step {number}: {step.kind} '{step.target}' does not exist",
                line=step.line,
                hint=suggestion or _HINTS[step.kind],
            )
        resolved.append(ResolvedStep(step, step.title or target.title, target.minutes, number))
    return ResolvedPath(path, tuple(resolved))


def quiz_minutes(questions: int, per_question: float) -> int:
    """Estimated minutes for a quiz: its size times the per-question estimate."""
    return max(1, math.ceil(questions * per_question))


def reading_minutes(text: str, words_per_minute: int = 200) -> int:
    """Estimated reading time of a manual page (CJK characters count as half a word)."""
    words = len(text.split())
    cjk = sum(1 for char in text if "\u3400" <= char <= "\u9fff")
    return max(1, math.ceil((words + cjk / 2) / words_per_minute))


def paths_with(
    paths: Sequence[ResolvedPath], kind: StepKind, target: str
) -> list[tuple[ResolvedPath, ResolvedStep]]:
    """Every path that has a step pointing to ``target``, with that step."""
    found = []
    for resolved in paths:
        step = resolved.step_for(kind, target)
        if step is not None:
            found.append((resolved, step))
    return found

"""The quiz model: what a quiz is, independent of where it came from (YAML or GIFT).

Plain frozen dataclasses; the loaders validate while building them, so a ``Quiz`` in hand
is always gradable. Text fields are Markdown unless the question says ``format: html`` or
``format: plain``; rendering sanitizes them either way.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "GRADED_TYPES",
    "QUESTION_TYPES",
    "Accepted",
    "NumericAnswer",
    "Option",
    "Pair",
    "Question",
    "Quiz",
]

QuestionType = Literal[
    "single",
    "multiple",
    "true_false",
    "short",
    "numeric",
    "matching",
    "ordering",
    "essay",
    "description",
]
QUESTION_TYPES: tuple[QuestionType, ...] = (
    "single",
    "multiple",
    "true_false",
    "short",
    "numeric",
    "matching",
    "ordering",
    "essay",
    "description",
)
#: Essay and description questions are kept (GIFT has them) but not auto-graded.
GRADED_TYPES: frozenset[str] = frozenset(QUESTION_TYPES) - {"essay", "description"}
TextFormat = Literal["markdown", "html", "plain"]


@dataclass(frozen=True)
class Option:
    """A choice of a single- or multiple-choice question.

    Attributes:
        text: What the reader picks.
        correct: Whether it is (one of) the right answer(s).
        weight: Percent of the question's points it earns when picked, -100 to 100. By
            default the correct option of a single-choice question earns 100; in a
            multiple-choice question the correct options share +100 and each wrong one
            costs as much as a correct one earns, so ticking everything scores nothing.
        feedback: Shown when the reader picks it.
    """

    text: str
    correct: bool = False
    weight: float | None = None
    feedback: str = ""


@dataclass(frozen=True)
class Accepted:
    """An accepted answer of a short-answer question.

    Attributes:
        text: The answer, or a regular expression when ``regex`` is true.
        regex: Match ``text`` as a regular expression (the whole answer must match).
        case_sensitive: Compare letter case too.
        weight: Percent of the points it earns (default 100).
        feedback: Shown when the reader's answer matches it.
    """

    text: str
    regex: bool = False
    case_sensitive: bool = False
    weight: float | None = None
    feedback: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted number: ``value`` ± ``tolerance``, or the range ``min``..``max``.

    Attributes:
        value: The expected number.
        tolerance: How far from ``value`` an answer may be.
        min: Lower end of an accepted range (with ``max``, instead of ``value``).
        max: Upper end of an accepted range.
        weight: Percent of the points it earns (default 100).
        feedback: Shown when the reader's answer falls in it.
    """

    value: float | None = None
    tolerance: float = 0.0
    min: float | None = None
    max: float | None = None
    weight: float | None = None
    feedback: str = ""

    @property
    def low(self) -> float:
        """Smallest accepted number."""
        if self.min is not None:
            return self.min
        assert self.value is not None
        return self.value - self.tolerance

    @property
    def high(self) -> float:
        """Largest accepted number."""
        if self.max is not None:
            return self.max
        assert self.value is not None
        return self.value + self.tolerance


@dataclass(frozen=True)
class Pair:
    """A matching pair; an empty ``left`` is a distractor on the right-hand side."""

    left: str
    right: str


@dataclass(frozen=True)
class Question:
    """One question.

    Only the fields of its ``type`` are used: ``options`` (single, multiple), ``answer``
    (true_false), ``accepted`` (short), ``numeric``, ``pairs`` (matching), ``items`` in
    the right order (ordering).

    Attributes:
        id: Stable id within the quiz (``q1``... when not given).
        type: The question type.
        prompt: The question.
        format: How the text fields are written: ``markdown`` (default), ``html``, ``plain``.
        title: A short name (GIFT's ``::title::``), shown to trainers.
        options: Choices.
        answer: The right answer of a true/false question.
        accepted: Accepted answers of a short-answer question.
        numeric: Accepted numbers.
        pairs: Matching pairs.
        items: Ordering items, in the right order.
        correct_feedback: Shown when the reader's answer is right.
        incorrect_feedback: Shown when it is wrong.
        explanation: Shown after checking, right or wrong.
        points: What the question is worth.
        teaches: The tutorial or manual page (``tutorials/x.md``, ``guide/y.md#z``) that
            teaches this; checked at build and linked from the explanation.
        tags: Free-form tags (GIFT/Moodle tags).
        line: Line of the question in its source file (not part of equality).
    """

    id: str
    type: QuestionType
    prompt: str
    format: TextFormat = "markdown"
    title: str = ""
    options: tuple[Option, ...] = ()
    answer: bool | None = None
    accepted: tuple[Accepted, ...] = ()
    numeric: tuple[NumericAnswer, ...] = ()
    pairs: tuple[Pair, ...] = ()
    items: tuple[str, ...] = ()
    correct_feedback: str = ""
    incorrect_feedback: str = ""
    explanation: str = ""
    points: float = 1.0
    teaches: str = ""
    tags: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)

    @property
    def graded(self) -> bool:
        """Whether the question is scored automatically."""
        return self.type in GRADED_TYPES

    def option_credit(self, option: Option) -> float:
        """Percent of the points an option earns when picked."""
        if option.weight is not None:
            return option.weight
        if self.type == "multiple":
            share = 100.0 / max(1, sum(o.correct for o in self.options))
            return share if option.correct else -share
        return 100.0 if option.correct else 0.0


@dataclass(frozen=True)
class Quiz:
    """A quiz.

    Attributes:
        id: Stable id: the page URL (``quizzes/<id>/``) and the key of saved progress.
        title: Shown as the page title.
        description: Markdown shown above the questions.
        pass_mark: Percent of the points needed to pass.
        shuffle_questions: Show questions in a random order.
        shuffle_options: Show options (and ordering items) in a random order.
        questions: The questions.
        path: Source file.
        category: GIFT/Moodle category, if any.
        audience: Who the quiz is for, shown on its card in the quizzes index.
        order: Position in the quizzes index (lower first; then by title).
    """

    id: str
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    pass_mark: float = 70.0
    shuffle_questions: bool = False
    shuffle_options: bool = False
    path: Path = field(default=Path(), compare=False)
    category: str = ""
    audience: str = ""
    order: int | None = None

    @property
    def content_hash(self) -> str:
        """Short hash of the questions: saved progress resets when they change."""
        data = [_without_line(asdict(q)) for q in self.questions]
        payload = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(payload).hexdigest()[:16]

    @property
    def total_points(self) -> float:
        """Points of the auto-graded questions."""
        return sum(q.points for q in self.questions if q.graded)


def _without_line(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "line"}

"""The records of a GIFT file: plain frozen dataclasses that know nothing of eduplat's quiz
model, and the error for a file that cannot be read."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

from eduplat.errors import SourceError

__all__ = [
    "BLANK",
    "GiftAnswer",
    "GiftCategory",
    "GiftItem",
    "GiftMatch",
    "GiftNumeric",
    "GiftQuestion",
    "GiftSyntaxError",
    "GiftText",
    "QuestionKind",
    "TextFormat",
]

#: The characters GIFT gives a meaning; a literal one is written with a backslash.
SPECIALS = ":#={}~"
#: PHP's trim() set: Moodle keeps other Unicode spaces (a no-break space is text).
WHITESPACE = " \t\n\r\0\x0b"
#: What starts a category line.
CATEGORY = "$CATEGORY:"

TextFormat = Literal["moodle", "html", "markdown", "plain"]
QuestionKind = Literal[
    "multiple_choice", "true_false", "short", "numeric", "matching", "essay", "description"
]

BLANK = "_____"
"""What Moodle puts in place of the answer block of a missing-word question."""

# No space is written between a missing-word blank and these.
CLOSING_PUNCTUATION = ",.;:!?)"


class _Credited:
    """An answer that earns a share of the mark (a choice, an accepted text or number)."""

    correct: bool
    weight: float | None

    @property
    def credit(self) -> float:
        """Percent of the mark this answer earns: the weight, else 100 for ``=``, 0 for ``~``."""
        if self.weight is not None:
            return self.weight
        return 100.0 if self.correct else 0.0


@dataclass(frozen=True)
class GiftText:
    """A piece of text and the format it is written in.

    Attributes:
        text: The text, escapes resolved, ends trimmed.
        format: ``moodle`` (Moodle's auto-format), ``html``, ``markdown`` or ``plain``.
    """

    text: str
    format: TextFormat = "moodle"


@dataclass(frozen=True)
class GiftAnswer(_Credited):
    """One answer of a multiple-choice or short-answer question.

    Attributes:
        text: What the student picks or types.
        correct: Written with ``=`` (``~`` otherwise).
        weight: The ``%weight%`` written after the marker, in percent, if any.
        feedback: Shown when the student gives this answer.
    """

    text: GiftText
    correct: bool
    weight: float | None = None
    feedback: GiftText | None = None


@dataclass(frozen=True)
class GiftMatch:
    """One pair of a matching question.

    Attributes:
        question: The left side; empty for an extra, distracting answer.
        answer: The right side, always plain text.
    """

    question: GiftText
    answer: str


@dataclass(frozen=True)
class GiftNumeric(_Credited):
    """One accepted answer of a numeric question.

    Written ``value``, ``value:tolerance`` or ``low..high``. ``low..high`` is stored as Moodle
    stores it (the midpoint and half the width) and keeps ``bounds`` so it is written back
    the same way. ``value`` is ``None`` for the catch-all: ``~#feedback`` (any other answer,
    no credit) or ``=*``.

    Attributes:
        value: The expected number; ``None`` accepts any answer.
        tolerance: How far from ``value`` an answer may be and still count.
        bounds: ``(low, high)`` when written as a range.
        correct: ``False`` only for the ``~`` catch-all.
        weight: The ``%weight%`` written after ``=``, in percent, if any.
        feedback: Shown when the student's answer matches this one.
    """

    value: float | None
    tolerance: float = 0.0
    bounds: tuple[float, float] | None = None
    correct: bool = True
    weight: float | None = None
    feedback: GiftText | None = None

    @property
    def minimum(self) -> float:
        """Smallest accepted number (``-inf`` for the catch-all)."""
        if self.bounds is not None:
            return self.bounds[0]
        return -math.inf if self.value is None else self.value - self.tolerance

    @property
    def maximum(self) -> float:
        """Largest accepted number (``inf`` for the catch-all)."""
        if self.bounds is not None:
            return self.bounds[1]
        return math.inf if self.value is None else self.value + self.tolerance


@dataclass(frozen=True)
class GiftCategory:
    """A ``$CATEGORY: path`` line: the questions after it go into that category.

    Attributes:
        path: E.g. ``$course$/top/Unit 1``, as written.
        line: 1-based line in the source; not part of equality.
    """

    path: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class GiftQuestion:
    """One GIFT question.

    Only the fields of its kind are filled: ``answers`` for ``multiple_choice`` and
    ``short``, ``truth`` and the two feedbacks for ``true_false``, ``numeric`` for
    ``numeric``, ``matches`` for ``matching``; ``essay`` and ``description`` have text only.

    Attributes:
        kind: The question type, decided as Moodle decides it.
        text: The question text; for a missing-word question, the part before the blank.
        title: The ``::title::``, if any.
        text_after: The text after the answer block of a missing-word question.
        answers: Choices (multiple choice) or accepted answers (short).
        matches: The pairs of a matching question.
        numeric: The accepted answers of a numeric question.
        truth: The right answer of a true/false question.
        true_feedback: Shown when the student answers "true".
        false_feedback: Shown when the student answers "false".
        general_feedback: The ``####`` feedback, shown to everyone.
        id: Moodle's ID number, from ``// [id:...]``.
        tags: From ``// [tag:...]``.
        line: 1-based line where the question starts; not part of equality.
    """

    kind: QuestionKind
    text: GiftText
    title: str | None = None
    text_after: GiftText | None = None
    answers: tuple[GiftAnswer, ...] = ()
    matches: tuple[GiftMatch, ...] = ()
    numeric: tuple[GiftNumeric, ...] = ()
    truth: bool | None = None
    true_feedback: GiftText | None = None
    false_feedback: GiftText | None = None
    general_feedback: GiftText | None = None
    id: str | None = None
    tags: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)

    @property
    def is_missing_word(self) -> bool:
        """Whether text follows the answer block, so the block is a blank in the sentence."""
        return self.text_after is not None

    @property
    def is_multiple_response(self) -> bool:
        """Whether students may tick several choices (Moodle's ``single = 0``).

        Moodle decides it by the absence of ``=``: choices are then weighted with
        ``~%n%``, e.g. ``{~%50%Grant ~%50%Grant's wife ~%-100%No one}``.
        """
        return self.kind == "multiple_choice" and not any(a.correct for a in self.answers)

    @property
    def right_feedback(self) -> GiftText | None:
        """True/false: the feedback for the right answer (second ``#``)."""
        return self.true_feedback if self.truth else self.false_feedback

    @property
    def wrong_feedback(self) -> GiftText | None:
        """True/false: the feedback for the wrong answer (first ``#``)."""
        return self.false_feedback if self.truth else self.true_feedback

    def text_with_blank(self, blank: str = BLANK) -> str:
        """The question text with ``blank`` where a missing-word answer block was."""
        if self.text_after is None:
            return self.text.text
        before = f"{self.text.text} {blank}".lstrip()
        after = self.text_after.text
        return f"{before}{'' if after[:1] in CLOSING_PUNCTUATION else ' '}{after}"


GiftItem: TypeAlias = GiftCategory | GiftQuestion


class GiftSyntaxError(SourceError):
    """A GIFT file that cannot be read, with the line to look at.

    Args:
        path: The GIFT file (``<string>`` for text given directly).
        line: 1-based line of the problem.
        message: What is wrong.
        hint: How to fix it.
    """

    def __init__(self, path: str | Path, line: int, message: str, hint: str | None = None) -> None:
        super().__init__(path, message, line=line, hint=hint)

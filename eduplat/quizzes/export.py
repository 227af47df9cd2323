"""Quiz model → GIFT: the inverse of [quiz_from_gift][eduplat.quizzes.load.quiz_from_gift].

[quiz_to_gift][eduplat.quizzes.export.quiz_to_gift] builds the GIFT records and
[export_gift][eduplat.quizzes.export.export_gift] writes them as text. The contract: for a
quiz whose content GIFT can express, ``quiz_from_gift(parse_gift(export_gift(quiz)))`` has
equal questions and category (the quiz id and title come from the file name, as for any
GIFT file).

How each question maps:

- ``single``: a multiple-choice block with one ``=``; explicit weights are written as
  ``%weight%``. ``multiple``: only ``~%weight%`` answers (Moodle reads a block without ``=``
  as "several may be ticked"), so every weight is written, default ones included, rounded to
  Moodle's five decimals (``%33.33333%``, ``%-50%``). Reading the file back therefore gives
  explicit weights where the source had defaults: the same credits, not the same fields.
- ``true_false``: the right/wrong feedback become the two ``#`` feedbacks.
- ``short``: ``=answer`` per accepted answer. Moodle reads ``*`` in a short answer as a
  wildcard, eduplat as a literal character; GIFT has no way to say which.
- ``numeric``: ``value:tolerance`` or ``low..high``; ``incorrect_feedback`` becomes the
  ``~#feedback`` catch-all.
- ``matching``: ``=left -> right``; a distractor has an empty left side.
- ``essay``, ``description``: the text (and the explanation of an essay).
- Everywhere: ``explanation`` is the ``####`` general feedback, ``title`` the
  ``::title::``, ``id`` and ``tags`` the ``// [id:...] [tag:...]`` comment (a default id such
  as ``q3`` for the third question is left out: reading the file gives it back), ``format``
  the ``[markdown]``/``[html]``/``[plain]`` prefix. A prompt with exactly one ``_____`` is
  written as a missing-word question when that reads back to the same prompt.

What GIFT cannot express is of two kinds:

- Content a learner would see or be graded on: ordering questions, regular-expression or
  case-sensitive short answers, overall right/wrong feedback on a question type that has no
  place for it, an explanation on a description, a multiple-choice option that earns
  credit without being marked correct. These raise
  [ExportError][eduplat.quizzes.export.ExportError] naming the question, with a hint:
  exporting must never change what a quiz asks or how it grades.
- Metadata: points (GIFT has no per-question mark), ``teaches``, the quiz's title,
  description, pass mark and shuffle settings. They do not block an export;
  [export_gift][eduplat.quizzes.export.export_gift] lists them in a ``//`` comment block at
  the top of the file, so a trainer sees what to set again after importing, and Moodle and
  [parse_gift][eduplat.quizzes.gift.parse_gift] ignore them. (A comment-only block cannot
  leak ``[id:...]`` or ``[tag:...]`` into a question: those are read from a question's own
  block.) Right/wrong feedback on an essay or description is dropped: eduplat never shows
  it, since those questions are not checked.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eduplat.errors import EduplatError
from eduplat.quizzes.gift import (
    BLANK,
    GiftAnswer,
    GiftCategory,
    GiftItem,
    GiftMatch,
    GiftNumeric,
    GiftQuestion,
    GiftText,
    dump_gift,
)
from eduplat.quizzes.model import Question, Quiz, TextFormat

__all__ = ["ExportError", "export_gift", "moodle_percent", "quiz_to_gift"]

_TO_MOODLE_XML = "export the quiz to Moodle XML instead"
# Missing-word blanks read back only for these (a description has no answer block).
_MISSING_WORD_TYPES = frozenset({"single", "multiple", "true_false", "short", "numeric"})


class ExportError(EduplatError):
    """A quiz holds something the target format cannot express.

    Args:
        message: What cannot be expressed, starting with the question (``question 3: ...``).
        question: 1-based number of the question, when one is to blame.
        hint: How to make the quiz exportable.
    """

    def __init__(
        self, message: str, *, question: int | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.question = question


def moodle_percent(credit: float) -> float:
    """``credit`` rounded as Moodle stores it (a fraction with 7 decimals, e.g. 33.33333)."""
    rounded = round(credit, 5)
    return 0.0 if rounded == 0 else rounded  # no -0.0


def quiz_to_gift(quiz: Quiz) -> list[GiftItem]:
    """GIFT records for ``quiz``: a category marker (when it has one), then the questions.

    Args:
        quiz: The quiz.

    Returns:
        Records that [dump_gift][eduplat.quizzes.gift.dump_gift] can write.

    Raises:
        ExportError: A question holds content GIFT cannot express.
    """
    items: list[GiftItem] = []
    if quiz.category:
        category = GiftCategory(quiz.category)
        try:
            dump_gift([category])
        except ValueError as exc:
            raise ExportError(
                f"the category cannot be written as GIFT: {exc}",
                hint="write the category on one line",
            ) from exc
        items.append(category)
    for number, question in enumerate(quiz.questions, start=1):
        record = _GiftWriter(question, number).record()
        try:
            dump_gift([record])
        except ValueError as exc:
            raise ExportError(
                f"question {number}: {exc}",
                question=number,
                hint="change what GIFT cannot hold, or " + _TO_MOODLE_XML,
            ) from exc
        items.append(record)
    return items


def export_gift(quiz: Quiz) -> str:
    """``quiz`` as GIFT text, with a ``$CATEGORY:`` line when it has a category.

    A leading comment block names the quiz and lists what GIFT cannot hold (pass mark,
    points, ...); see the module documentation.

    Args:
        quiz: The quiz.

    Returns:
        GIFT text ending with a newline.

    Raises:
        ExportError: A question holds content GIFT cannot express.
    """
    return "\n".join(_header(quiz)) + "\n\n" + dump_gift(quiz_to_gift(quiz))


def _comment_text(text: str) -> str:
    return " ".join(text.split())


def _number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.15g}"


def _header(quiz: Quiz) -> list[str]:
    lines = [
        f"// Quiz '{quiz.id}': {_comment_text(quiz.title)} (exported by eduplat).",
        "// GIFT has no place for these settings; set them again after importing:",
        f"// pass_mark: {_number(quiz.pass_mark)}%",
    ]
    shuffled = [
        name
        for name, on in (("questions", quiz.shuffle_questions), ("options", quiz.shuffle_options))
        if on
    ]
    lines.append(f"// shuffle: {', '.join(shuffled) or 'no'}")
    if quiz.description:
        description = [line.rstrip() for line in quiz.description.strip().splitlines()]
        lines.append(f"// description: {description[0]}")
        lines += [f"//   {line}".rstrip() for line in description[1:]]
    if quiz.audience:
        lines.append(f"// audience: {_comment_text(quiz.audience)}")
    if quiz.order is not None:
        lines.append(f"// order: {quiz.order}")
    for number, question in enumerate(quiz.questions, start=1):
        if question.points != 1:
            lines.append(f"// question {number} ({question.id}): points {_number(question.points)}")
        if question.teaches:
            lines.append(
                f"// question {number} ({question.id}): teaches {_comment_text(question.teaches)}"
            )
    return lines


class _GiftWriter:
    """Builds the GIFT record of one question, refusing what GIFT cannot say."""

    def __init__(self, question: Question, number: int) -> None:
        self.question = question
        self.number = number
        self.form: TextFormat = question.format

    def error(self, what: str, hint: str) -> ExportError:
        return ExportError(f"question {self.number}: {what}", question=self.number, hint=hint)

    def text(self, text: str) -> GiftText:
        return GiftText(text, self.form)

    def optional(self, text: str) -> GiftText | None:
        return GiftText(text, self.form) if text else None

    def record(self) -> GiftQuestion:
        q = self.question
        self.check_feedback()
        base = GiftQuestion(
            kind="essay",
            text=self.text(q.prompt),
            title=q.title or None,
            general_feedback=self.optional(q.explanation),
            # quiz_from_gift numbers questions without an id q1, q2...: no need to write those.
            id=None if q.id == f"q{self.number}" else q.id,
            tags=q.tags,
        )
        record = getattr(self, f"_{q.type}")(base)
        assert isinstance(record, GiftQuestion)
        if q.type in _MISSING_WORD_TYPES:
            return _missing_word(record)
        return record

    def check_feedback(self) -> None:
        q = self.question
        if not q.graded:
            return  # never shown: eduplat does not check essays and descriptions
        hint = "move it into the explanation or the feedback of the answers, or " + _TO_MOODLE_XML
        if q.correct_feedback and q.type != "true_false":
            raise self.error(
                f"GIFT has no feedback for a right answer to a {q.type} question", hint
            )
        if q.incorrect_feedback and q.type not in {"true_false", "numeric", "short"}:
            raise self.error(
                f"GIFT has no feedback for a wrong answer to a {q.type} question", hint
            )

    # -- per type --------------------------------------------------------------------------

    def _single(self, base: GiftQuestion) -> GiftQuestion:
        answers = tuple(
            GiftAnswer(self.text(o.text), o.correct, o.weight, self.optional(o.feedback))
            for o in self.question.options
        )
        return replace(base, kind="multiple_choice", answers=answers)

    def _multiple(self, base: GiftQuestion) -> GiftQuestion:
        q = self.question
        answers = []
        for option in q.options:
            credit = q.option_credit(option)
            if (credit > 0) != option.correct:
                raise self.error(
                    f"option '{option.text}' is {'' if option.correct else 'not '}marked "
                    f"correct but earns {_number(credit)}%; GIFT marks an option correct "
                    "exactly when it earns credit",
                    "mark the options that earn credit 'correct: true' and give the others "
                    "a weight of 0 or less",
                )
            weight = option.weight if option.weight is not None else moodle_percent(credit)
            # No '=' at all: that is how GIFT says "several may be ticked".
            answers.append(
                GiftAnswer(self.text(option.text), False, weight, self.optional(option.feedback))
            )
        return replace(base, kind="multiple_choice", answers=tuple(answers))

    def _true_false(self, base: GiftQuestion) -> GiftQuestion:
        q = self.question
        if q.answer is None:
            raise self.error("the true/false question has no answer", "set 'answer'")
        right, wrong = self.optional(q.correct_feedback), self.optional(q.incorrect_feedback)
        return replace(
            base,
            kind="true_false",
            truth=q.answer,
            true_feedback=right if q.answer else wrong,
            false_feedback=wrong if q.answer else right,
        )

    def _short(self, base: GiftQuestion) -> GiftQuestion:
        answers = []
        for index, accepted in enumerate(self.question.accepted, start=1):
            wildcard = _wildcard(accepted.text) if accepted.regex else None
            if wildcard is not None:  # came from Moodle's '*' wildcard: write it back
                accepted = replace(accepted, text=wildcard, regex=False)
            if accepted.regex:
                raise self.error(
                    f"accepted answer {index} is a regular expression, which GIFT cannot express",
                    "remove the regex and list the plain answers it accepts instead",
                )
            if accepted.case_sensitive:
                raise self.error(
                    f"accepted answer {index} is case-sensitive; GIFT answers ignore case",
                    "remove 'case_sensitive', or " + _TO_MOODLE_XML,
                )
            if "->" in accepted.text or "->" in accepted.feedback:
                # An answer block with '=' and '->' reads as a matching question.
                raise self.error(
                    f"accepted answer {index} contains '->', which GIFT reads as a matching pair",
                    "rephrase it without '->' (e.g. '→'), or " + _TO_MOODLE_XML,
                )
            answers.append(
                GiftAnswer(
                    self.text(accepted.text),
                    True,
                    accepted.weight,
                    self.optional(accepted.feedback),
                )
            )
        if self.question.incorrect_feedback:  # Moodle's "any other answer", worth nothing
            feedback = self.optional(self.question.incorrect_feedback)
            answers.append(GiftAnswer(self.text("*"), True, 0.0, feedback))
        return replace(base, kind="short", answers=tuple(answers))

    def _numeric(self, base: GiftQuestion) -> GiftQuestion:
        q = self.question
        numbers = []
        for answer in q.numeric:
            feedback = self.optional(answer.feedback)
            if answer.min is not None and answer.max is not None:
                middle = (answer.min + answer.max) / 2
                numbers.append(
                    GiftNumeric(
                        middle,
                        answer.max - middle,
                        (answer.min, answer.max),
                        True,
                        answer.weight,
                        feedback,
                    )
                )
            elif answer.value is not None and answer.min is None and answer.max is None:
                numbers.append(
                    GiftNumeric(answer.value, answer.tolerance, None, True, answer.weight, feedback)
                )
            else:
                raise self.error(
                    "a numeric answer needs a value or both ends of a range",
                    "give 'value' (and 'tolerance') or 'range: [low, high]'",
                )
        if q.incorrect_feedback:
            numbers.append(
                GiftNumeric(None, correct=False, feedback=self.text(q.incorrect_feedback))
            )
        return replace(base, kind="numeric", numeric=tuple(numbers))

    def _matching(self, base: GiftQuestion) -> GiftQuestion:
        for pair in self.question.pairs:
            if "->" in pair.left:
                raise self.error(
                    f"the left side '{pair.left}' contains '->', which GIFT reads as the "
                    "arrow of the pair",
                    "rephrase it without '->' (e.g. '→'), or " + _TO_MOODLE_XML,
                )
        matches = tuple(GiftMatch(self.text(p.left), p.right) for p in self.question.pairs)
        return replace(base, kind="matching", matches=matches)

    def _ordering(self, base: GiftQuestion) -> GiftQuestion:
        raise self.error(
            "GIFT has no ordering questions",
            _TO_MOODLE_XML + " (it needs Moodle's ordering question type), or remove it",
        )

    def _essay(self, base: GiftQuestion) -> GiftQuestion:
        return base

    def _description(self, base: GiftQuestion) -> GiftQuestion:
        if self.question.explanation:
            raise self.error(
                "a GIFT description has no answer block, so it cannot carry an explanation",
                "move the explanation into the prompt, or " + _TO_MOODLE_XML,
            )
        return replace(base, kind="description", general_feedback=None)


def _missing_word(record: GiftQuestion) -> GiftQuestion:
    """``record`` as a missing-word question, when its one blank reads back the same."""
    prompt = record.text.text
    if prompt.count(BLANK) != 1:
        return record
    before, _, after = prompt.partition(BLANK)
    after = after.strip()
    if not after or after.startswith("//"):
        return record
    candidate = replace(
        record,
        text=replace(record.text, text=before.strip()),
        text_after=replace(record.text, text=after),
    )
    return candidate if candidate.text_with_blank() == prompt else record


def _wildcard(regex: str) -> str | None:
    """``a.*b`` made from Moodle's ``a*b`` wildcard, back to ``a*b``; None for other regexes."""
    parts = regex.split(".*")
    plain = [re.sub(r"\\(.)", r"\1", part) for part in parts]
    if len(parts) < 2 or any(re.escape(p) != part for p, part in zip(plain, parts, strict=True)):
        return None
    return "*".join(plain)

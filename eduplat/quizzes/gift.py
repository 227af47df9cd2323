"""Read and write Moodle's GIFT quiz format (https://docs.moodle.org/en/GIFT_format).

[parse_gift][eduplat.quizzes.gift.parse_gift] turns GIFT text into plain frozen dataclasses
([GiftQuestion][eduplat.quizzes.gift.GiftQuestion] and
[GiftCategory][eduplat.quizzes.gift.GiftCategory]);
[dump_gift][eduplat.quizzes.gift.dump_gift] writes them back so that
``parse_gift(dump_gift(items)) == items``. The records know nothing of eduplat's own quiz
model: mapping happens elsewhere.

The reference for what a file means is Moodle's importer (``question/format/gift``), so a
file reads the same here and in Moodle:

- Questions are separated by blank lines; a question never contains one (write ``\\n``).
- Comments are whole lines starting with ``//``. ``//`` elsewhere (``http://``) is text.
  ``[id:...]`` and ``[tag:...]`` in a question's comment lines set its id and tags.
- The answer block runs from the first unescaped ``{`` to the first unescaped ``}``; text
  after it makes a missing-word question. The block's type follows Moodle's rules: empty is
  an essay, ``#`` first is numeric, any ``~`` is multiple choice, ``=`` with ``->`` is
  matching, ``T``/``TRUE``/``F``/``FALSE`` is true/false, anything else is short answer.
- ``{T#a#b}``: ``a`` is the feedback for a wrong answer and ``b`` for a right one.
- Escapes are ``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n`` (a line break); any other backslash
  is kept, so LaTeX such as ``\\(x^2\\)`` passes through.
- Text keeps its line breaks and indentation (Markdown needs them), as in Moodle's own unit
  tests; only its ends are trimmed. (Moodle's file import also trims every line.)

Where Moodle silently imports something its author cannot have meant (a second answer block,
an answer with no ``=``/``~``, a numeric answer that is not a number, ``->`` in a short
answer, feedback on a matching pair, a comment after ``}``, a question glued to a
``$CATEGORY`` line) this module raises
[GiftSyntaxError][eduplat.quizzes.gift.GiftSyntaxError] naming the line. One reading is
kinder than Moodle's: ``=%50%text`` in a multiple-choice block is a weight, where Moodle
keeps ``%50%`` as part of a full-credit answer.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, TypeAlias

from eduplat.errors import SourceError

__all__ = [
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
    "dump_gift",
    "parse_gift",
]

TextFormat = Literal["moodle", "html", "markdown", "plain"]
QuestionKind = Literal[
    "multiple_choice", "true_false", "short", "numeric", "matching", "essay", "description"
]

BLANK = "_____"
"""What Moodle puts in place of the answer block of a missing-word question."""

# No space is written between a missing-word blank and these.
_CLOSING_PUNCTUATION = ",.;:!?)"


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
class GiftAnswer:
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

    @property
    def credit(self) -> float:
        """Percent of the mark this answer earns: the weight, else 100 for ``=``, 0 for ``~``."""
        if self.weight is not None:
            return self.weight
        return 100.0 if self.correct else 0.0


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
class GiftNumeric:
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

    @property
    def credit(self) -> float:
        """Percent of the mark this answer earns: the weight, else 100 (0 for ``~``)."""
        if self.weight is not None:
            return self.weight
        return 100.0 if self.correct else 0.0


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
        return f"{before}{'' if after[:1] in _CLOSING_PUNCTUATION else ' '}{after}"


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


# --------------------------------------------------------------------------- reading

# PHP's trim() set: Moodle keeps other Unicode spaces (a no-break space is text).
_WS = " \t\n\r\0\x0b"
_SPECIALS = ":#={}~"
_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
_FORMAT_RE = re.compile(r"\[(moodle|html|plain|markdown)\]")
_WEIGHT_RE = re.compile(r"%(-?(?:\d+(?:\.\d*)?|\.\d+))%")
_WEIGHT_LIKE_RE = re.compile(r"%[^%\s]*%")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Moodle's own patterns: ``]`` escaped as ``\]``, no control characters.
_ID_RE = re.compile(r"\[id:((?:\\\]|[^\[\]\x00-\x1f\x7f])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_TRUTH = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_CATEGORY = "$CATEGORY:"

_ESCAPE_HINT = "write a literal {char} as \\{char}"


def parse_gift(text: str, path: Path | str = "<string>") -> list[GiftItem]:
    """Read GIFT text.

    Args:
        text: The content of a ``.gift`` file (a UTF-8 BOM and Windows line endings are fine).
        path: Where it came from, for error messages.

    Returns:
        Questions and category markers, in file order.

    Raises:
        GiftSyntaxError: The text is not valid GIFT; the error names the line.
    """
    source = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _Parser(source, path).parse()


@dataclass
class _Block:
    """The lines of one question (between blank lines), comments set apart.

    ``text`` is the non-comment lines joined with newlines, escapes already replaced (escaped
    specials by private-use placeholders, ``\\\\`` by ``\\``, ``\\n`` by a newline), so the
    structure can be found with plain string searches.
    """

    text: str
    starts: list[int]
    numbers: list[int]
    raw_lines: list[str]
    comments: list[str]

    def line_at(self, offset: int) -> int:
        return self.numbers[max(bisect_right(self.starts, offset) - 1, 0)]


@dataclass(frozen=True)
class _Entry:
    """One answer in an answer block: its marker (``=``, ``~`` or none) and content span."""

    marker: str
    start: int
    end: int
    at: int


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    return start, end


def _free_placeholders(text: str) -> dict[str, str]:
    """Private-use characters absent from ``text``, one per escapable special character."""
    used = set(text)
    candidates = itertools.chain(range(0xE000, 0xF900), range(0xF0000, 0x10FFFE))
    free = (chr(code) for code in candidates if chr(code) not in used)
    return {special: next(free) for special in _SPECIALS}


class _Parser:
    def __init__(self, source: str, path: Path | str) -> None:
        self.source = source
        self.path = path
        self.placeholder = _free_placeholders(source)
        self.restore = str.maketrans({v: k for k, v in self.placeholder.items()})

    # -- errors and text helpers

    def error(self, line: int, message: str, hint: str | None = None) -> GiftSyntaxError:
        return GiftSyntaxError(self.path, line, message, hint)

    def unescape(self, text: str) -> str:
        return text.translate(self.restore)

    def plain(self, segment: str) -> str:
        return self.unescape(segment).strip(_WS)

    def rich(self, segment: str, default: TextFormat) -> GiftText:
        segment = segment.strip(_WS)
        form: TextFormat = default
        match = _FORMAT_RE.match(segment)
        if match:
            form = _as_format(match[1])
            segment = segment[match.end() :]
        return GiftText(self.plain(segment), form)

    def rich_or_none(self, segment: str, default: TextFormat) -> GiftText | None:
        text = self.rich(segment, default)
        return text if text.text else None

    # -- structure

    def parse(self) -> list[GiftItem]:
        return [self.item(block) for block in self.blocks()]

    def blocks(self) -> list[_Block]:
        def escape(match: re.Match[str]) -> str:
            char = match[1]
            return {"\\": "\\", "n": "\n"}.get(char) or self.placeholder[char]

        blocks: list[_Block] = []
        current: list[tuple[int, str]] = []
        for number, line in enumerate([*self.source.split("\n"), ""], start=1):
            if line.strip(_WS):
                current.append((number, line))
                continue
            if not current:
                continue
            block = _Block("", [], [], [], [])
            parts: list[str] = []
            offset = 0
            for lineno, raw in current:
                if raw.strip(_WS).startswith("//"):
                    block.comments.append(raw.strip(_WS))
                    continue
                escaped = _ESCAPE_RE.sub(escape, raw)
                block.starts.append(offset)
                block.numbers.append(lineno)
                block.raw_lines.append(raw)
                parts.append(escaped)
                offset += len(escaped) + 1
            block.text = "\n".join(parts)
            if parts:
                blocks.append(block)
            current = []
        return blocks

    def item(self, block: _Block) -> GiftItem:
        text = block.text
        start, end = _trim(text, 0, len(text))
        if text.startswith(_CATEGORY, start):
            return self.category(block)
        first_line = block.numbers[0]

        title: str | None = None
        if text.startswith("::", start):
            close = text.find("::", start + 2, end)
            if close < 0:
                raise self.error(
                    block.line_at(start),
                    "the question title opened with '::' is not closed",
                    "end the title with '::'; " + _ESCAPE_HINT.format(char=":"),
                )
            title = self.plain(text[start + 2 : close]) or None
            start, end = _trim(text, close + 2, end)

        opening = text.find("{", start, end)
        closing = text.find("}", start, end)
        if opening < 0 and closing < 0:
            body = self.rich(text[start:end], "moodle")
            if not body.text:
                raise self.error(first_line, "the question has no text", "write the question text")
            ident, tags = self.meta(block)
            return GiftQuestion("description", body, title, id=ident, tags=tags, line=first_line)
        if opening < 0 or (0 <= closing < opening):
            raise self.error(
                block.line_at(closing),
                "'}' without an opening '{'",
                _ESCAPE_HINT.format(char="}"),
            )
        if closing < 0:
            raise self.error(
                block.line_at(opening),
                "the answer block opened with '{' is not closed",
                "close it with '}' before the next blank line (a blank line ends a "
                "question; write a line break inside one as \\n); " + _ESCAPE_HINT.format(char="{"),
            )
        nested = text.find("{", opening + 1, closing)
        if nested >= 0:
            raise self.error(
                block.line_at(nested),
                "'{' inside an answer block",
                "close the block with '}' first; " + _ESCAPE_HINT.format(char="{"),
            )
        after_start, after_end = _trim(text, closing + 1, end)
        for position in range(after_start, after_end):
            if text[position] in "{}":
                raise self.error(
                    block.line_at(position),
                    "a question has only one answer block",
                    "separate questions with a blank line; "
                    + _ESCAPE_HINT.format(char=text[position]),
                )
        if text.startswith("//", after_start):
            raise self.error(
                block.line_at(after_start),
                "a comment after the answer block would be read as question text",
                "put the comment on a line of its own",
            )

        stem = self.rich(text[start:opening], "moodle")
        form = stem.format
        text_after = None
        if after_start < after_end:
            text_after = GiftText(self.plain(text[after_start:after_end]), form)

        general = None
        answers_end = closing
        separator = text.rfind("####", opening + 1, closing)
        if separator >= 0:
            general = self.rich_or_none(text[separator + 4 : closing], form)
            answers_end = separator
        a_start, a_end = _trim(text, opening + 1, answers_end)

        ident, tags = self.meta(block)
        base = GiftQuestion(
            kind="essay",
            text=stem,
            title=title,
            text_after=text_after,
            general_feedback=general,
            id=ident,
            tags=tags,
            line=first_line,
        )
        answers = text[a_start:a_end]
        if not answers:
            return base
        if answers[0] == "#":
            numeric = self.numeric(block, a_start + 1, a_end, form)
            return replace(base, kind="numeric", numeric=numeric)
        if "~" in answers:
            choices = self.multiple_choice(block, a_start, a_end, form)
            return replace(base, kind="multiple_choice", answers=choices)
        if "=" in answers and "->" in answers:
            pairs = self.matching(block, a_start, a_end, form)
            return replace(base, kind="matching", matches=pairs)
        hash_at = answers.find("#")
        head = answers[:hash_at].strip(_WS) if hash_at > 0 else answers
        if head in _TRUTH:
            return self.true_false(answers, form, base)
        accepted = self.short(block, a_start, a_end, form)
        return replace(base, kind="short", answers=accepted)

    def meta(self, block: _Block) -> tuple[str | None, tuple[str, ...]]:
        comments = "\n".join(block.comments)
        found = _ID_RE.search(comments)
        ident = found[1].strip(_WS).replace("\\]", "]") if found else ""
        tags = tuple(
            tag
            for tag in (raw.strip(_WS).replace("\\]", "]") for raw in _TAG_RE.findall(comments))
            if tag
        )
        return ident or None, tags

    def category(self, block: _Block) -> GiftCategory:
        if len(block.numbers) > 1:
            raise self.error(
                block.numbers[1],
                "text right after a $CATEGORY line",
                "leave a blank line after '$CATEGORY: ...' (Moodle would read this line as "
                "part of the category name)",
            )
        path = block.raw_lines[0].strip(_WS)[len(_CATEGORY) :].strip(_WS)
        if not path:
            raise self.error(
                block.numbers[0],
                "$CATEGORY without a category name",
                "write one, e.g. '$CATEGORY: $course$/top/Unit 1'",
            )
        return GiftCategory(path, line=block.numbers[0])

    # -- answer blocks

    def entries(self, block: _Block, start: int, end: int, markers: str) -> list[_Entry]:
        """Split ``block.text[start:end]`` at each marker character."""
        text = block.text
        raw: list[tuple[str, int, int]] = []
        marker, segment_start = "", start
        for position in range(start, end):
            if text[position] in markers:
                raw.append((marker, segment_start, position))
                marker, segment_start = text[position], position + 1
        raw.append((marker, segment_start, end))
        found = []
        for mark, seg_start, seg_end in raw:
            s, e = _trim(text, seg_start, seg_end)
            if not mark and s == e:
                continue
            found.append(_Entry(mark, s, e, seg_start - 1 if mark else s))
        return found

    def weight(self, block: _Block, entry: _Entry) -> tuple[float | None, int]:
        """The ``%weight%`` at the start of ``entry``, and where the rest begins."""
        text = block.text
        match = _WEIGHT_RE.match(text, entry.start, entry.end)
        if match:
            value = float(match[1])
            if not -100 <= value <= 100:
                raise self.error(
                    block.line_at(entry.at),
                    f"answer weight {match[0]} is outside -100%..100%",
                    "give a percentage between -100 and 100, e.g. %50%",
                )
            return value, _trim(text, match.end(), entry.end)[0]
        like = _WEIGHT_LIKE_RE.match(text, entry.start, entry.end)
        if like:
            raise self.error(
                block.line_at(entry.at),
                f"answer weight {self.unescape(like[0])!r} is not a number",
                "write a percentage such as %50% or %-33.33333% (a dot for decimals)",
            )
        return None, entry.start

    def answer(
        self, block: _Block, entry: _Entry, correct: bool, form: TextFormat, kind: str
    ) -> GiftAnswer:
        weight, start = self.weight(block, entry)
        content = block.text[start : entry.end]
        text, _, feedback = content.partition("#")
        answer = self.rich(text, form)
        if not answer.text:
            raise self.error(
                block.line_at(entry.at),
                f"empty answer in a {kind} question",
                "write the answer after the '=' or '~'",
            )
        return GiftAnswer(answer, correct, weight, self.rich_or_none(feedback, form))

    def multiple_choice(
        self, block: _Block, start: int, end: int, form: TextFormat
    ) -> tuple[GiftAnswer, ...]:
        entries = self.entries(block, start, end, "=~")
        for entry in entries:
            if not entry.marker:
                text = self.plain(block.text[entry.start : entry.end])
                raise self.error(
                    block.line_at(entry.at),
                    f"answer {text!r} has no '=' (right) or '~' (wrong) in front",
                    "start every choice of a multiple-choice question with '=' or '~'; "
                    "true/false and short answers cannot be mixed with choices",
                )
        answers = tuple(
            self.answer(block, e, e.marker == "=", form, "multiple-choice") for e in entries
        )
        if len(answers) < 2:
            raise self.error(
                block.line_at(start),
                "a multiple-choice question needs at least two choices",
                "add choices with '~wrong' or '=right'",
            )
        return answers

    def short(
        self, block: _Block, start: int, end: int, form: TextFormat
    ) -> tuple[GiftAnswer, ...]:
        entries = self.entries(block, start, end, "=")
        first = self.plain(block.text[entries[0].start : entries[0].end])
        if not entries[0].marker and first in _TRUTH and len(entries) > 1:
            raise self.error(
                block.line_at(entries[0].at),
                f"true/false answer {first!r} mixed with other answers",
                "a true/false block holds only T, TRUE, F or FALSE and feedback",
            )
        answers = []
        for entry in entries:
            answer = self.answer(block, entry, True, form, "short-answer")
            if "->" in answer.text.text:
                raise self.error(
                    block.line_at(entry.at),
                    "'->' in a short-answer question",
                    "'->' belongs to matching questions: write every pair as "
                    "'=question -> answer', with at least two pairs",
                )
            answers.append(answer)
        return tuple(answers)

    def matching(
        self, block: _Block, start: int, end: int, form: TextFormat
    ) -> tuple[GiftMatch, ...]:
        pairs = []
        for entry in self.entries(block, start, end, "="):
            content = block.text[entry.start : entry.end]
            line = block.line_at(entry.at)
            left, arrow, right = content.partition("->")
            if not arrow:
                raise self.error(
                    line,
                    f"matching pair {self.plain(content)!r} has no '->'",
                    "write every pair as '=question -> answer'; a matching block cannot "
                    "hold other kinds of answers",
                )
            if "#" in content:
                raise self.error(
                    line,
                    "matching pairs cannot have feedback",
                    "use '####' for general feedback; " + _ESCAPE_HINT.format(char="#"),
                )
            answer = self.plain(right)
            if not answer:
                raise self.error(
                    line,
                    "matching pair without an answer after '->'",
                    "write the answer after '->'; only the left side may be empty",
                )
            pairs.append(GiftMatch(self.rich(left, form), answer))
        if len(pairs) < 2:
            raise self.error(
                block.line_at(start),
                "a matching question needs at least two pairs",
                "add pairs as '=question -> answer'",
            )
        return tuple(pairs)

    def true_false(self, answers: str, form: TextFormat, base: GiftQuestion) -> GiftQuestion:
        head, wrong, right = [*answers.split("#", 2), "", ""][:3]
        truth = _TRUTH[head.strip(_WS)]
        wrong_feedback = self.rich_or_none(wrong, form)
        right_feedback = self.rich_or_none(right, form)
        return replace(
            base,
            kind="true_false",
            truth=truth,
            true_feedback=right_feedback if truth else wrong_feedback,
            false_feedback=wrong_feedback if truth else right_feedback,
        )

    def numeric(
        self, block: _Block, start: int, end: int, form: TextFormat
    ) -> tuple[GiftNumeric, ...]:
        text = block.text
        catch_all = None
        tilde = text.find("~", start, end)
        if tilde >= 0:
            line = block.line_at(tilde)
            later = [p for p in range(tilde + 1, end) if text[p] in "=~"]
            if later:
                raise self.error(
                    block.line_at(later[0]),
                    "'~' (feedback for any other answer) must be the last entry of a "
                    "numeric question",
                    "move it after the '=' answers",
                )
            hash_at = text.find("#", tilde + 1, end)
            head_end = hash_at if hash_at >= 0 else end
            if text[tilde + 1 : head_end].strip(_WS):
                raise self.error(
                    line,
                    "in a numeric question '~' only introduces feedback for any other answer",
                    "write '~#feedback', or give partial credit with '=%50%number'",
                )
            feedback = self.rich_or_none(text[hash_at + 1 : end], form) if hash_at >= 0 else None
            catch_all = GiftNumeric(None, correct=False, feedback=feedback)
            end = tilde
        numbers: list[GiftNumeric] = []
        for entry in self.entries(block, start, end, "="):
            weight, content_start = self.weight(block, entry)
            spec, _, feedback_text = text[content_start : entry.end].partition("#")
            numbers.append(
                self.number_spec(
                    self.plain(spec),
                    block.line_at(entry.at),
                    weight,
                    self.rich_or_none(feedback_text, form),
                )
            )
        if not numbers:
            raise self.error(
                block.line_at(start),
                "a numeric question needs an answer",
                "write one after '#', e.g. {#3.14:0.01} or {#1..5}",
            )
        return (*numbers, *([catch_all] if catch_all else []))

    def number_spec(
        self, spec: str, line: int, weight: float | None, feedback: GiftText | None
    ) -> GiftNumeric:
        if spec == "*":
            return GiftNumeric(None, weight=weight, feedback=feedback)
        dots = spec.find("..")
        if dots > 0:
            low = self.number(spec[:dots], line, "range start")
            high = self.number(spec[dots + 2 :], line, "range end")
            if low > high:
                raise self.error(
                    line,
                    f"numeric range {spec!r} starts above its end",
                    "write the smaller number first: low..high",
                )
            middle = (low + high) / 2
            return GiftNumeric(middle, high - middle, (low, high), True, weight, feedback)
        colon = spec.find(":")
        if colon > 0:
            value = self.number(spec[:colon], line, "numeric answer")
            tolerance = self.number(spec[colon + 1 :], line, "tolerance")
            if tolerance < 0:
                raise self.error(
                    line, f"tolerance {spec[colon + 1 :]!r} is negative", "use ±x as x"
                )
            return GiftNumeric(value, tolerance, None, True, weight, feedback)
        return GiftNumeric(
            self.number(spec, line, "numeric answer"), 0.0, None, True, weight, feedback
        )

    def number(self, text: str, line: int, what: str) -> float:
        text = text.strip(_WS)
        if _NUMBER_RE.fullmatch(text):
            value = float(text)
            if math.isfinite(value):
                return value
        raise self.error(
            line,
            f"{what} {text!r} is not a number",
            "write numbers like 3.14, -2 or 1e-3 (a dot for decimals); a numeric answer is "
            "'value', 'value:tolerance' or 'low..high'",
        )


def _as_format(name: str) -> TextFormat:
    if name == "html":
        return "html"
    if name == "markdown":
        return "markdown"
    if name == "plain":
        return "plain"
    return "moodle"


# --------------------------------------------------------------------------- writing

_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", **{char: "\\" + char for char in _SPECIALS}})


def dump_gift(items: Sequence[GiftItem]) -> str:
    """Write questions and categories as GIFT.

    Special characters are escaped and line breaks inside texts written as ``\\n``, as
    Moodle's exporter does, so each question is one block; items are separated by a blank
    line.

    Args:
        items: What [parse_gift][eduplat.quizzes.gift.parse_gift] returns, or records built
            by hand.

    Returns:
        GIFT text ending with a newline (empty for no items).

    Raises:
        ValueError: An item holds something GIFT cannot express (e.g. ``->`` in the left
            side of a matching pair, a line break in a category path).
    """
    chunks = [
        _dump_category(item) if isinstance(item, GiftCategory) else _dump_question(item)
        for item in items
    ]
    return "\n\n".join(chunks) + "\n" if chunks else ""


def _escape(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip(_WS).translate(_ESCAPES)


def _write(text: GiftText, default: TextFormat, guards: tuple[str, ...] = ()) -> str:
    """``text`` escaped, with a ``[format]`` prefix when needed to read it back the same.

    The prefix also shields text that would otherwise be read as syntax: a literal
    ``[html]`` at the start, a ``%50%`` weight, a ``::title`` or a ``//`` comment.
    """
    body = _escape(text.text)
    if text.format != default or body.startswith(("[", *guards)):
        return f"[{text.format}]{body}"
    return body


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"GIFT cannot express the number {value}")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _weight(weight: float | None) -> str:
    return "" if weight is None else f"%{_number(weight)}%"


def _dump_category(category: GiftCategory) -> str:
    path = category.path.strip(_WS)
    if not path or "\n" in path or "\r" in path:
        raise ValueError(f"category path {category.path!r} must be one non-empty line")
    return f"{_CATEGORY} {path}"


def _meta_comment(question: GiftQuestion) -> str | None:
    bits = []
    if question.id:
        bits.append(f"[id:{_meta_value(question.id, '[')}]")
    bits += [f"[tag:{_meta_value(tag, '<>`')}]" for tag in question.tags]
    return "// " + " ".join(bits) if bits else None


def _meta_value(value: str, forbidden: str) -> str:
    stripped = value.strip(_WS)
    if not stripped or any(c in forbidden or ord(c) < 32 or ord(c) == 127 for c in stripped):
        raise ValueError(f"GIFT cannot express the id or tag {value!r}")
    return stripped.replace("]", "\\]")


def _dump_question(question: GiftQuestion) -> str:
    lines = []
    meta = _meta_comment(question)
    if meta:
        lines.append(meta)
    head = f"::{_escape(question.title)}::" if question.title else ""
    guards = () if head else ("::", "//", _CATEGORY)
    head += _write(question.text, "moodle", guards)
    if question.kind == "description":
        lines.append(head)
        return "\n".join(lines)
    tail = ""
    if question.text_after is not None and question.text_after.text.strip(_WS):
        after = _escape(question.text_after.text)
        if after.startswith("//"):
            raise ValueError("text after an answer block cannot start with '//'")
        tail = ("" if question.text_after.text[:1] in _CLOSING_PUNCTUATION else " ") + after
    gap = " " if question.text.text.strip(_WS) else ""
    lines.append(head + gap + _answer_block(question) + tail)
    return "\n".join(lines)


def _answer_block(question: GiftQuestion) -> str:
    form = question.text.format
    general = ""
    if question.general_feedback is not None and question.general_feedback.text.strip(_WS):
        general = "####" + _write(question.general_feedback, form)
    kind = question.kind
    if kind == "essay":
        return "{" + general + "}"
    if kind == "true_false":
        if question.truth is None:
            raise ValueError("a true/false question needs truth set to True or False")
        out = "{" + ("TRUE" if question.truth else "FALSE")
        wrong, right = question.wrong_feedback, question.right_feedback
        if wrong is not None or right is not None:
            out += "#" + ("" if wrong is None else _write(wrong, form))
        if right is not None:
            out += "#" + _write(right, form)
        return out + general + "}"
    if kind == "numeric":
        return _numeric_block(question.numeric, form, general)
    lines = []
    if kind == "matching":
        for pair in question.matches:
            left = _write(pair.question, form)
            if "->" in left:
                raise ValueError(f"matching question {pair.question.text!r} contains '->'")
            lines.append(f"={left} -> {_escape(pair.answer)}")
    else:
        for answer in question.answers:
            marker = "=" if answer.correct or kind == "short" else "~"
            line = marker + _weight(answer.weight) + _write(answer.text, form, ("%",))
            if answer.feedback is not None and answer.feedback.text.strip(_WS):
                line += "#" + _write(answer.feedback, form)
            lines.append(line)
    if general:
        lines.append(general)
    return "{\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def _numeric_block(answers: Sequence[GiftNumeric], form: TextFormat, general: str) -> str:
    def spec(answer: GiftNumeric) -> str:
        if answer.value is None:
            return "*"
        if answer.bounds is not None:
            return f"{_number(answer.bounds[0])}..{_number(answer.bounds[1])}"
        if answer.tolerance:
            return f"{_number(answer.value)}:{_number(answer.tolerance)}"
        return _number(answer.value)

    if len(answers) == 1:
        only = answers[0]
        simple = only.correct and only.weight is None and only.feedback is None
        if simple and only.value is not None:
            return "{#" + spec(only) + general + "}"
    lines = []
    for position, answer in enumerate(answers):
        feedback = ""
        if answer.feedback is not None and answer.feedback.text.strip(_WS):
            feedback = "#" + _write(answer.feedback, form)
        if answer.correct:
            lines.append("=" + _weight(answer.weight) + spec(answer) + feedback)
            continue
        if answer.value is not None or position != len(answers) - 1:
            raise ValueError("a wrong numeric answer can only be the last, catch-all one")
        lines.append("~" + feedback)
    if general:
        lines.append(general)
    return "{#\n" + "".join(f"\t{line}\n" for line in lines) + "}"

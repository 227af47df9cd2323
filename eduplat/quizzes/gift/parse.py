"""Reading GIFT text into [records][eduplat.quizzes.gift.records], as Moodle's importer reads it.

See [eduplat.quizzes.gift][] for the rules; each one Moodle would silently misread is a
[GiftSyntaxError][eduplat.quizzes.gift.records.GiftSyntaxError] naming the line.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path

from eduplat.quizzes.gift.records import (
    CATEGORY,
    SPECIALS,
    WHITESPACE,
    GiftAnswer,
    GiftCategory,
    GiftItem,
    GiftMatch,
    GiftNumeric,
    GiftQuestion,
    GiftSyntaxError,
    GiftText,
    TextFormat,
)

__all__ = ["parse_gift"]

_ESCAPE_RE = re.compile(r"\\([\\:#={}~n])")
_FORMAT_RE = re.compile(r"\[(moodle|html|plain|markdown)\]")
_WEIGHT_RE = re.compile(r"%(-?(?:\d+(?:\.\d*)?|\.\d+))%")
_WEIGHT_LIKE_RE = re.compile(r"%[^%\s]*%")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Moodle's own patterns: ``]`` escaped as ``\]``, no control characters.
_ID_RE = re.compile(r"\[id:((?:\\\]|[^\[\]\x00-\x1f\x7f])+)\]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_TRUTH = {"T": True, "TRUE": True, "F": False, "FALSE": False}

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
    while start < end and text[start] in WHITESPACE:
        start += 1
    while end > start and text[end - 1] in WHITESPACE:
        end -= 1
    return start, end


def _free_placeholders(text: str) -> dict[str, str]:
    """Private-use characters absent from ``text``, one per escapable special character."""
    used = set(text)
    candidates = itertools.chain(range(0xE000, 0xF900), range(0xF0000, 0x10FFFE))
    free = (chr(code) for code in candidates if chr(code) not in used)
    return {special: next(free) for special in SPECIALS}


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
        return self.unescape(segment).strip(WHITESPACE)

    def rich(self, segment: str, default: TextFormat) -> GiftText:
        segment = segment.strip(WHITESPACE)
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
            if line.strip(WHITESPACE):
                current.append((number, line))
                continue
            if not current:
                continue
            block = _Block("", [], [], [], [])
            parts: list[str] = []
            offset = 0
            for lineno, raw in current:
                if raw.strip(WHITESPACE).startswith("//"):
                    block.comments.append(raw.strip(WHITESPACE))
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
        if text.startswith(CATEGORY, start):
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
        head = answers[:hash_at].strip(WHITESPACE) if hash_at > 0 else answers
        if head in _TRUTH:
            return self.true_false(answers, form, base)
        accepted = self.short(block, a_start, a_end, form)
        return replace(base, kind="short", answers=accepted)

    def meta(self, block: _Block) -> tuple[str | None, tuple[str, ...]]:
        comments = "\n".join(block.comments)
        found = _ID_RE.search(comments)
        ident = found[1].strip(WHITESPACE).replace("\\]", "]") if found else ""
        tags = tuple(
            tag
            for tag in (
                raw.strip(WHITESPACE).replace("\\]", "]") for raw in _TAG_RE.findall(comments)
            )
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
        path = block.raw_lines[0].strip(WHITESPACE)[len(CATEGORY) :].strip(WHITESPACE)
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
        truth = _TRUTH[head.strip(WHITESPACE)]
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
            if text[tilde + 1 : head_end].strip(WHITESPACE):
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
        text = text.strip(WHITESPACE)
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

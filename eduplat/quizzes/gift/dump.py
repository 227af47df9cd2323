"""Writing [records][eduplat.quizzes.gift.records] as GIFT, so that
``parse_gift(dump_gift(items)) == items``."""

from __future__ import annotations

import math
from collections.abc import Sequence

from eduplat.quizzes.gift.records import (
    CATEGORY,
    CLOSING_PUNCTUATION,
    SPECIALS,
    WHITESPACE,
    GiftCategory,
    GiftItem,
    GiftNumeric,
    GiftQuestion,
    GiftText,
    TextFormat,
)

__all__ = ["dump_gift"]

_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", **{char: "\\" + char for char in SPECIALS}})


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
    return text.replace("\r\n", "\n").replace("\r", "\n").strip(WHITESPACE).translate(_ESCAPES)


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
    path = category.path.strip(WHITESPACE)
    if not path or "\n" in path or "\r" in path:
        raise ValueError(f"category path {category.path!r} must be one non-empty line")
    return f"{CATEGORY} {path}"


def _meta_comment(question: GiftQuestion) -> str | None:
    bits = []
    if question.id:
        bits.append(f"[id:{_meta_value(question.id, '[')}]")
    bits += [f"[tag:{_meta_value(tag, '<>`')}]" for tag in question.tags]
    return "// " + " ".join(bits) if bits else None


def _meta_value(value: str, forbidden: str) -> str:
    stripped = value.strip(WHITESPACE)
    if not stripped or any(c in forbidden or ord(c) < 32 or ord(c) == 127 for c in stripped):
        raise ValueError(f"GIFT cannot express the id or tag {value!r}")
    return stripped.replace("]", "\\]")


def _dump_question(question: GiftQuestion) -> str:
    lines = []
    meta = _meta_comment(question)
    if meta:
        lines.append(meta)
    head = f"::{_escape(question.title)}::" if question.title else ""
    guards = () if head else ("::", "//", CATEGORY)
    head += _write(question.text, "moodle", guards)
    if question.kind == "description":
        lines.append(head)
        return "\n".join(lines)
    tail = ""
    if question.text_after is not None and question.text_after.text.strip(WHITESPACE):
        after = _escape(question.text_after.text)
        if after.startswith("//"):
            raise ValueError("text after an answer block cannot start with '//'")
        tail = ("" if question.text_after.text[:1] in CLOSING_PUNCTUATION else " ") + after
    gap = " " if question.text.text.strip(WHITESPACE) else ""
    lines.append(head + gap + _answer_block(question) + tail)
    return "\n".join(lines)


def _answer_block(question: GiftQuestion) -> str:
    form = question.text.format
    general = ""
    if question.general_feedback is not None and question.general_feedback.text.strip(WHITESPACE):
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
            if answer.feedback is not None and answer.feedback.text.strip(WHITESPACE):
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
        if answer.feedback is not None and answer.feedback.text.strip(WHITESPACE):
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

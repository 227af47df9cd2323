"""A printable answer key for trainers: every question with its right answer(s).

[answer_key][eduplat.quizzes.key.answer_key] writes the quiz's title, pass mark and total
points, then each question numbered with its type, points, prompt, the right answer(s) and
the explanation:

- choices: every option, ``✓`` for the right ones and ``✗`` for the others, with the
  credit an option earns when it is not the default;
- short answer: the answers that earn credit, noting regular expressions, case-sensitive
  matching and partial credit;
- numeric: ``value ± tolerance`` or the range, with partial credit;
- matching: the pairs, and the distractors; ordering: the items in the right order;
- true/false: the right answer; essay and description: "not auto-graded".

Two formats: ``markdown`` is plain text to read in a terminal or paste into a document
(quiz text is written as is, nothing escaped); ``html`` is a complete, print-friendly page
in which *all* quiz text is escaped with ``html.escape``: it shows a quiz's Markdown or HTML
source as text and never renders it, so nothing in a quiz can run script. The page asks
search engines not to index it, in case it ends up on a web server.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from eduplat.quizzes.model import Accepted, NumericAnswer, Option, Question, Quiz

__all__ = ["answer_key"]

TYPE_NAMES = {
    "single": "single choice",
    "multiple": "multiple choice",
    "true_false": "true/false",
    "short": "short answer",
    "numeric": "numeric",
    "matching": "matching",
    "ordering": "ordering",
    "essay": "essay",
    "description": "description",
}
RIGHT = "✓"
WRONG = "✗"

_STYLE = """\
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111;
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.1em; margin: 0 0 0.4em; }
.summary { color: #444; margin-top: 0; }
.question { border-top: 1px solid #bbb; padding: 0.8em 0; break-inside: avoid; }
.kind { font-weight: normal; color: #555; }
.prompt, .text { white-space: pre-wrap; }
.prompt { margin: 0.4em 0; }
.answers { margin: 0.4em 0; padding-left: 1.6em; }
.answers.marked { list-style: none; padding-left: 0.4em; }
.answers li.right { font-weight: 600; }
.answers li.wrong { color: #555; }
.note { color: #555; font-style: italic; }
.explanation { margin: 0.4em 0 0; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


@dataclass(frozen=True)
class _Line:
    """One line of an answer: text, a ✓/✗ mark and a note such as ``(50%)``."""

    text: str
    mark: str = ""
    note: str = ""


@dataclass
class _Entry:
    """What the key says about one question, before it is written in a format."""

    number: int
    question: Question
    lines: list[_Line] = field(default_factory=list)
    ordered: bool = False
    remark: str = ""

    @property
    def heading(self) -> str:
        q = self.question
        worth = "not auto-graded" if not q.graded else _points(q.points)
        return f"{TYPE_NAMES[q.type]}, {worth}"


def answer_key(quiz: Quiz, fmt: Literal["markdown", "html"]) -> str:
    """The answer key of ``quiz``.

    Args:
        quiz: The quiz.
        fmt: ``markdown`` (plain text, nothing escaped) or ``html`` (a standalone page with
            all quiz text escaped).

    Returns:
        The key, ending with a newline.

    Raises:
        ValueError: ``fmt`` is neither ``markdown`` nor ``html``.
    """
    entries = [_entry(number, q) for number, q in enumerate(quiz.questions, start=1)]
    if fmt == "markdown":
        return _markdown(quiz, entries)
    if fmt == "html":
        return _html(quiz, entries)
    raise ValueError(f"unknown answer key format {fmt!r}: use 'markdown' or 'html'")


# -- what to say ---------------------------------------------------------------------------


def _number(value: float) -> str:
    value = float(value)  # sum() of no points is the int 0
    return str(int(value)) if value.is_integer() else f"{value:.10g}"


def _points(points: float) -> str:
    return f"{_number(points)} point{'' if points == 1 else 's'}"


def _percent(value: float) -> str:
    return f"{_number(value)}%"


def _summary(quiz: Quiz) -> list[str]:
    total = quiz.total_points
    needed = total * quiz.pass_mark / 100
    return [
        f"Pass mark: {_percent(quiz.pass_mark)} ({_number(round(needed, 2))} of {_points(total)})",
        f"Total points: {_number(total)} (auto-graded questions only)",
    ]


def _entry(number: int, question: Question) -> _Entry:
    entry = _Entry(number, question)
    _BUILDERS[question.type](question, entry)
    return entry


def _choices(q: Question, entry: _Entry) -> None:
    for option in q.options:
        credit = q.option_credit(option)
        default = q.option_credit(Option(option.text, option.correct))
        note = f"({_percent(credit)})" if abs(credit - default) > 1e-9 else ""
        entry.lines.append(_Line(option.text, RIGHT if option.correct else WRONG, note))


def _true_false(q: Question, entry: _Entry) -> None:
    entry.lines.append(_Line("True" if q.answer else "False", RIGHT))


def _credit(weight: float | None) -> float:
    return 100.0 if weight is None else weight


def _short(q: Question, entry: _Entry) -> None:
    earning: list[Accepted] = [a for a in q.accepted if _credit(a.weight) > 0]
    for accepted in earning:
        notes = []
        if accepted.regex:
            notes.append("regular expression, the whole answer must match")
        notes.append("case-sensitive" if accepted.case_sensitive else "any letter case")
        if _credit(accepted.weight) != 100:
            notes.append(_percent(_credit(accepted.weight)))
        entry.lines.append(_Line(accepted.text, RIGHT, f"({', '.join(notes)})"))
    if not earning:
        entry.remark = "No answer earns credit."


def _numeric_text(answer: NumericAnswer) -> str:
    if answer.min is not None and answer.max is not None:
        return f"from {_number(answer.min)} to {_number(answer.max)}"
    text = _number(answer.value if answer.value is not None else answer.low)
    return f"{text} ± {_number(answer.tolerance)}" if answer.tolerance else text


def _numeric(q: Question, entry: _Entry) -> None:
    earning = [n for n in q.numeric if _credit(n.weight) > 0]
    for answer in earning:
        credit = _credit(answer.weight)
        note = f"({_percent(credit)})" if credit != 100 else ""
        entry.lines.append(_Line(_numeric_text(answer), RIGHT, note))
    if not earning:
        entry.remark = "No answer earns credit."


def _matching(q: Question, entry: _Entry) -> None:
    for pair in q.pairs:
        if pair.left:
            entry.lines.append(_Line(f"{pair.left} → {pair.right}"))
        else:
            entry.lines.append(_Line(pair.right, note="(distractor: matches nothing)"))


def _ordering(q: Question, entry: _Entry) -> None:
    entry.ordered = True
    entry.lines += [_Line(item) for item in q.items]


def _essay(q: Question, entry: _Entry) -> None:
    entry.remark = "Not auto-graded: mark it by hand."


def _description(q: Question, entry: _Entry) -> None:
    entry.remark = "Not a question: not auto-graded."


_BUILDERS: dict[str, Callable[[Question, _Entry], None]] = {
    "single": _choices,
    "multiple": _choices,
    "true_false": _true_false,
    "short": _short,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
    "essay": _essay,
    "description": _description,
}


# -- Markdown (plain text) -----------------------------------------------------------------


def _indent(text: str, prefix: str) -> str:
    """``text`` with every line after the first indented by ``prefix``."""
    return text.replace("\n", "\n" + prefix)


def _markdown(quiz: Quiz, entries: list[_Entry]) -> str:
    out = [f"# Answer key: {quiz.title}", "", *[f"- {line}" for line in _summary(quiz)]]
    for entry in entries:
        q = entry.question
        out += ["", f"## {entry.number}. {entry.heading}", ""]
        if q.title:
            out += [f"Title: {q.title}", ""]
        out += [q.prompt, ""]
        if entry.lines:
            out.append("Answer:" if len(entry.lines) == 1 else "Answers:")
            for position, line in enumerate(entry.lines, start=1):
                bullet = f"{position}." if entry.ordered else "-"
                text = " ".join(part for part in (line.mark, line.text, line.note) if part)
                out.append(f"{bullet} {_indent(text, ' ' * (len(bullet) + 1))}")
        if entry.remark:
            out.append(entry.remark)
        if q.explanation:
            out += ["", f"Explanation: {_indent(q.explanation, '  ')}"]
    return "\n".join(out).rstrip() + "\n"


# -- HTML ----------------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _html_line(line: _Line) -> str:
    css = {RIGHT: ' class="right"', WRONG: ' class="wrong"'}.get(line.mark, "")
    parts = []
    if line.mark:
        parts.append(f'<span aria-hidden="true">{line.mark}</span> ')
    parts.append(f'<span class="text">{_e(line.text)}</span>')
    if line.note:
        parts.append(f' <span class="note">{_e(line.note)}</span>')
    return f"<li{css}>{''.join(parts)}</li>"


def _html(quiz: Quiz, entries: list[_Entry]) -> str:
    title = _e(quiz.title)
    out = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="robots" content="noindex">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Answer key: {title}</title>",
        f"<style>\n{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>Answer key: {title}</h1>",
        '<p class="summary">' + "<br>".join(_e(line) for line in _summary(quiz)) + "</p>",
    ]
    for entry in entries:
        q = entry.question
        out.append(f'<section class="question" id="question-{entry.number}">')
        out.append(f'<h2>{entry.number}. <span class="kind">{_e(entry.heading)}</span></h2>')
        if q.title:
            out.append(f'<p class="title"><strong>{_e(q.title)}</strong></p>')
        out.append(f'<div class="prompt">{_e(q.prompt)}</div>')
        if entry.lines:
            tag = "ol" if entry.ordered else "ul"
            css = "answers marked" if any(line.mark for line in entry.lines) else "answers"
            items = "".join(_html_line(line) for line in entry.lines)
            out.append(f'<{tag} class="{css}">{items}</{tag}>')
        if entry.remark:
            out.append(f'<p class="note">{_e(entry.remark)}</p>')
        if q.explanation:
            out.append(
                '<p class="explanation"><strong>Explanation:</strong> '
                f'<span class="text">{_e(q.explanation)}</span></p>'
            )
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"

"""Finding eduplat's markers in Markdown, outside code.

A marker is an HTML comment alone on its line, ``<!-- eduplat:KIND ARGUMENT -->`` (e.g.
``<!-- eduplat:quiz basics -->``): invisible wherever eduplat does not run. A marker that
is *shown* as an example — in a fenced code block (backticks or tildes, any length, at
any indentation), an indented code block, or a code span — is text, and stays as written.

[find_markers][eduplat.markers.find_markers] is the one place that knows this; every
marker kind uses it (and [replace_markers][eduplat.markers.replace_markers]). It follows
Python-Markdown with pymdownx.superfences, which MkDocs sites use: content of lists,
admonitions (``!!!``, ``???``), content tabs (``===``) and blocks (``///``) is indented 4
spaces, and a code block inside them 4 more, after a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["Marker", "find_markers", "replace_markers"]

_TAB = 4
_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CONTAINER = re.compile(r"(?:[-*+]|\d+[.)]|!!!|\?\?\?\+?|===|///)(?:[ \t]|$)")
_BACKTICKS = re.compile(r"(?<!\\)`+")


@dataclass(frozen=True)
class Marker:
    """A marker found outside code.

    Attributes:
        kind: What it marks, e.g. ``quiz``.
        argument: The text after the kind, e.g. the quiz id.
        line: 1-based line in the Markdown.
        start: Offset of the line's first character.
        end: Offset just after the line (its newline excluded).
    """

    kind: str
    argument: str
    line: int
    start: int
    end: int


def _pattern(kind: str) -> re.Pattern[str]:
    return re.compile(
        rf"[ \t]*<!--\s*eduplat:{re.escape(kind)}\s+(?P<argument>\S(?:.*?\S)?)\s*-->[ \t]*"
    )


def _indent(line: str) -> int:
    expanded = line.expandtabs(_TAB)
    return len(expanded) - len(expanded.lstrip(" "))


def _lines(markdown: str) -> Iterator[tuple[int, int, str]]:
    """(1-based number, offset, text without its line ending) of every line."""
    offset = 0
    for number, raw in enumerate(markdown.splitlines(keepends=True), start=1):
        yield number, offset, raw.rstrip("\r\n")
        offset += len(raw)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans of a paragraph are: a backtick run up to the next run of the
    same length (a run without one is literal text, as in CommonMark)."""
    runs = list(_BACKTICKS.finditer(text))
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        opening = runs[index]
        closing = next(
            (
                j
                for j in range(index + 1, len(runs))
                if len(runs[j].group()) == len(opening.group())
            ),
            None,
        )
        if closing is None:
            index += 1
            continue
        spans.append((opening.start(), runs[closing].end()))
        index = closing + 1
    return spans


def find_markers(markdown: str, kind: str) -> list[Marker]:
    """Every ``<!-- eduplat:KIND ARGUMENT -->`` line of ``markdown`` that is not code."""
    pattern = _pattern(kind)
    found: list[Marker] = []
    paragraph: list[tuple[int, int, str]] = []  # the lines of the current paragraph

    def end_paragraph() -> None:
        if not paragraph:
            return
        first = paragraph[0][1]
        text = markdown[first : paragraph[-1][1] + len(paragraph[-1][2])]
        spans = _code_spans(text) if "`" in text else []
        for number, offset, line in paragraph:
            match = pattern.fullmatch(line)
            inside = any(a < offset - first + len(line) and offset - first < b for a, b in spans)
            if match and not inside:
                found.append(Marker(kind, match["argument"], number, offset, offset + len(line)))
        paragraph.clear()

    fence: tuple[str, int] | None = None  # the open fence's character and length
    levels = [0]  # content indents of the containers the current line is in
    previous_blank = True  # the start of the document counts as after a blank line
    in_code_block = False  # in an indented code block
    for number, offset, line in _lines(markdown):
        stripped = line.strip()
        if fence is not None:
            close = _FENCE.fullmatch(stripped)
            if close and close["fence"][0] == fence[0] and len(close["fence"]) >= fence[1]:
                fence = None if not close["info"].strip() else fence
            continue
        if not stripped:
            end_paragraph()
            previous_blank = True
            continue
        indent = _indent(line)
        while len(levels) > 1 and indent < levels[-1]:
            levels.pop()
        if indent >= levels[-1] + _TAB and (previous_blank or in_code_block):
            end_paragraph()
            in_code_block, previous_blank = True, False
            continue
        in_code_block = previous_blank = False
        opening = _FENCE.match(stripped)
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            end_paragraph()
            fence = (opening["fence"][0], len(opening["fence"]))
            continue
        if _CONTAINER.match(stripped):
            end_paragraph()
            levels.append(indent + _TAB)
        paragraph.append((number, offset, line))
    end_paragraph()
    return found


def replace_markers(markdown: str, kind: str, replace: Callable[[Marker], str]) -> str:
    """``markdown`` with each KIND marker line outside code replaced by ``replace(marker)``."""
    parts: list[str] = []
    position = 0
    for marker in find_markers(markdown, kind):
        parts += [markdown[position : marker.start], replace(marker)]
        position = marker.end
    parts.append(markdown[position:])
    return "".join(parts)

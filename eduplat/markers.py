"""Finding eduplat's markers in Markdown, outside code.

A marker is an HTML comment alone on its line, ``<!-- eduplat:KIND ARGUMENT -->`` (e.g.
``<!-- eduplat:quiz basics -->``): invisible wherever eduplat does not run. A marker that
is *shown* as an example — in a fenced code block (backticks or tildes, any length, at
any indentation), an indented code block, or a code span — is text, and stays as written.

[find_markers][eduplat.markers.find_markers] is the one place that knows this; every
marker kind uses it (and [replace_markers][eduplat.markers.replace_markers]). Embeds
written as a fenced block (```` ```video ````) are found the same way by
[find_fenced_blocks][eduplat.markers.find_fenced_blocks]: one inside another fence (an
example in the manual) stays text. It follows
Python-Markdown with pymdownx.superfences, which MkDocs sites use: content of lists,
admonitions (``!!!``, ``???``), content tabs (``===``) and blocks (``///``) is indented 4
spaces, and a code block inside them 4 more, after a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = [
    "FencedBlock",
    "Marker",
    "find_fenced_blocks",
    "find_markers",
    "replace_fenced_blocks",
    "replace_markers",
]

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


@dataclass(frozen=True)
class FencedBlock:
    """A fenced code block outside other code, e.g. a ```` ```video ```` block.

    Attributes:
        info: The info string after the opening fence, e.g. ``video``.
        body: The lines between the fences, without the fence's indentation.
        line: 1-based line of the opening fence.
        start: Offset of the opening fence's line.
        end: Offset just after the closing fence's line (its newline excluded); the end of
            the text for a block that is never closed.
        indent: The opening fence's indentation (inside a list or admonition).
    """

    info: str
    body: str
    line: int
    start: int
    end: int
    indent: int


_Line = tuple[int, int, str]  # 1-based number, offset, text


def _scan(markdown: str) -> tuple[list[list[_Line]], list[FencedBlock]]:
    """The paragraphs (lines outside code) and the fenced blocks outside other code."""
    paragraphs: list[list[_Line]] = []
    blocks: list[FencedBlock] = []
    paragraph: list[_Line] = []  # the lines of the current paragraph

    def end_paragraph() -> None:
        if paragraph:
            paragraphs.append(list(paragraph))
            paragraph.clear()

    fence: tuple[str, int] | None = None  # the open fence's character and length
    opened: tuple[str, int, int, int, list[str]] | None = None  # info, line, offset, indent
    levels = [0]  # content indents of the containers the current line is in
    previous_blank = True  # the start of the document counts as after a blank line
    in_code_block = False  # in an indented code block
    for number, offset, line in _lines(markdown):
        stripped = line.strip()
        if fence is not None:
            close = _FENCE.fullmatch(stripped)
            if close and close["fence"][0] == fence[0] and len(close["fence"]) >= fence[1]:
                fence = None if not close["info"].strip() else fence
            if fence is None and opened is not None:
                info, first, start, indent, body = opened
                blocks.append(
                    FencedBlock(info, "".join(body), first, start, offset + len(line), indent)
                )
                opened = None
            elif opened is not None:
                opened[4].append(_dedent(line, opened[3]) + "\n")
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
            opened = (opening["info"].strip(), number, offset, indent, [])
            continue
        if _CONTAINER.match(stripped):
            end_paragraph()
            levels.append(indent + _TAB)
        paragraph.append((number, offset, line))
    end_paragraph()
    if opened is not None:  # never closed: the block runs to the end, as in Markdown
        info, first, start, indent, body = opened
        blocks.append(FencedBlock(info, "".join(body), first, start, len(markdown), indent))
    return paragraphs, blocks


def _dedent(line: str, indent: int) -> str:
    """``line`` without up to ``indent`` columns of leading spaces."""
    expanded = line.expandtabs(_TAB)
    removable = len(expanded) - len(expanded.lstrip(" "))
    return expanded[min(indent, removable) :]


def find_markers(markdown: str, kind: str) -> list[Marker]:
    """Every ``<!-- eduplat:KIND ARGUMENT -->`` line of ``markdown`` that is not code."""
    pattern = _pattern(kind)
    found: list[Marker] = []
    paragraphs, _ = _scan(markdown)
    for paragraph in paragraphs:
        first = paragraph[0][1]
        text = markdown[first : paragraph[-1][1] + len(paragraph[-1][2])]
        spans = _code_spans(text) if "`" in text else []
        for number, offset, line in paragraph:
            match = pattern.fullmatch(line)
            inside = any(a < offset - first + len(line) and offset - first < b for a, b in spans)
            if match and not inside:
                found.append(Marker(kind, match["argument"], number, offset, offset + len(line)))
    return found


def find_fenced_blocks(markdown: str, info: str) -> list[FencedBlock]:
    """Every fenced block whose info string is ``info`` (e.g. ``video``; attributes after
    it, as in ``video {.wide}``, are allowed) and which is not inside other code."""
    return [
        block
        for block in _scan(markdown)[1]
        if block.info == info or block.info.startswith((f"{info} ", f"{info}{{"))
    ]


def replace_fenced_blocks(markdown: str, info: str, replace: Callable[[FencedBlock], str]) -> str:
    """``markdown`` with each ``info`` fenced block outside code replaced by
    ``replace(block)`` (indented like the block, so it stays inside its list or
    admonition)."""
    parts: list[str] = []
    position = 0
    for block in find_fenced_blocks(markdown, info):
        prefix = " " * block.indent
        replacement = "\n".join(
            prefix + line if line.strip() else line for line in replace(block).split("\n")
        )
        parts += [markdown[position : block.start], replacement]
        position = block.end
    parts.append(markdown[position:])
    return "".join(parts)


def replace_markers(markdown: str, kind: str, replace: Callable[[Marker], str]) -> str:
    """``markdown`` with each KIND marker line outside code replaced by ``replace(marker)``."""
    parts: list[str] = []
    position = 0
    for marker in find_markers(markdown, kind):
        parts += [markdown[position : marker.start], replace(marker)]
        position = marker.end
    parts.append(markdown[position:])
    return "".join(parts)

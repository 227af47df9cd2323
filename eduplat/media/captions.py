"""Captions and chapters: WebVTT files read with webvtt-py, checked, with line numbers.

webvtt-py (strict mode) decides what a valid cue is; this module finds *where* a file goes
wrong and says how to fix it (``file:line: what — how``), because a browser silently drops
a malformed cue and the reader just sees no caption for that stretch. Cue text is text:
tags (``<b>``, ``<v Speaker>``, karaoke times) are dropped by webvtt-py, character
references (``&amp;``) decoded here, and whatever renders it escapes it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from eduplat.errors import SourceError, display_path
from eduplat.textio import read_text
from eduplat.yamlutil import LineList

__all__ = [
    "Chapter",
    "Cue",
    "chapters_from_lines",
    "format_time",
    "parse_captions",
    "parse_time",
    "read_captions",
]

_TIMINGS = "-->"
_TIME_HINT = "write times as hh:mm:ss.ttt or mm:ss.ttt, e.g. 00:01:02.500 --> 00:01:05.000"
_TIME = re.compile(r"^(?:(?:(?P<h>\d+):)?(?P<m>\d{1,2}):)?(?P<s>\d{1,2})(?:\.(?P<f>\d{1,3}))?$")
_NON_CUE = ("NOTE", "STYLE", "REGION")


@dataclass(frozen=True)
class Cue:
    """One caption: when it shows, what it says (plain text), and its line in the file."""

    start: float
    end: float
    text: str
    line: int = 0


@dataclass(frozen=True)
class Chapter:
    """A named part of a video, from ``start`` seconds."""

    start: float
    title: str


def format_time(seconds: float) -> str:
    """``75.4`` → ``1:15``; ``3725`` → ``1:02:05`` (how video players show times)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_time(text: str) -> float | None:
    """``1:15``, ``01:02:05``, ``75``, ``0:07.5`` → seconds; None when it is not a time."""
    match = _TIME.match(text.strip())
    if match is None:
        return None
    hours, minutes = int(match["h"] or 0), int(match["m"] or 0)
    if match["m"] is not None and int(match["s"]) >= 60:
        return None
    fraction = float(f"0.{match['f']}") if match["f"] else 0.0
    return hours * 3600 + minutes * 60 + int(match["s"]) + fraction


def _blocks(lines: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """(1-based first line, lines) of each block; only an empty line ends a block, as in
    WebVTT (a line of spaces does not)."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines, start=1):
        if line == "":
            if block:
                yield first, block
            block = []
            continue
        if not block:
            first = number
        block.append(line)
    if block:
        yield first, block


def _block_problem(first: int, block: list[str]) -> tuple[int, str, str] | None:
    """Why webvtt-py (strict) rejects one block: (line, what, how), or None."""
    arrows = [index for index, line in enumerate(block) if _TIMINGS in line]
    if not arrows:
        return None
    if len(arrows) > 1:
        return (
            first + arrows[1],
            "a second timings line in one cue",
            "end each cue with an empty line before the next timings line",
        )
    index = arrows[0]
    if index > 1 or (index == 1 and not block[0].strip()):
        return (
            first,
            "a cue starts with a line of spaces",
            "make that line empty: only an empty line separates cues",
        )
    try:
        webvtt.from_string("WEBVTT\n\n" + "\n".join(block) + "\n", strict=True)
    except MalformedCaptionError:
        return first + index, f"malformed cue timings '{block[index].strip()}'", _TIME_HINT
    return None


def parse_captions(text: str, path: Path) -> tuple[Cue, ...]:
    """The cues of a WebVTT file's text.

    Raises:
        SourceError: ``path:line`` of the first problem: no ``WEBVTT`` header, a malformed
            cue, text without a timings line, a cue that ends before it starts.
    """
    text = text.removeprefix("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    try:
        parsed = webvtt.from_string(text, strict=True)
    except MalformedFileError:
        raise SourceError(
            path,
            "not a WebVTT file: the first line must be 'WEBVTT'",
            line=1,
            hint="start the file with a line 'WEBVTT', then an empty line, then the cues",
        ) from None
    except MalformedCaptionError as exc:
        for first, block in _blocks(lines):
            problem = _block_problem(first, block)
            if problem is not None:
                line, what, how = problem
                raise SourceError(path, what, line=line, hint=how) from exc
        raise SourceError(path, f"malformed cue: {exc}", hint=_TIME_HINT) from exc
    cue_lines: list[int] = []
    for index, (first, block) in enumerate(_blocks(lines)):
        if index == 0 or block[0].startswith(_NON_CUE):
            continue  # the header, comments, styles and regions
        arrow = next((i for i, line in enumerate(block) if _TIMINGS in line), None)
        if arrow is None:
            raise SourceError(
                path,
                "text without a timings line, so no player ever shows it",
                line=first,
                hint="add 'start --> end' above it (e.g. 00:01:02.500 --> 00:01:05.000), "
                "or an empty line was missing above the previous cue's text",
            )
        cue_lines.append(first + arrow)
    cues = []
    for caption, line in zip(parsed.captions, cue_lines, strict=True):
        start = caption.start_time.in_milliseconds() / 1000
        end = caption.end_time.in_milliseconds() / 1000
        if end <= start:
            raise SourceError(
                path,
                f"cue ends ({caption.end}) before it starts ({caption.start})",
                line=line,
                hint="swap the times, or fix the end time",
            )
        text_ = " ".join(html.unescape(caption.text).split())
        cues.append(Cue(start, end, text_, line))
    return tuple(cues)


def read_captions(path: Path, *, cited: tuple[Path, int | None] | None = None) -> tuple[Cue, ...]:
    """Read and check a WebVTT file.

    Args:
        path: The file.
        cited: Where the file is named (the page or schedule, and line), for the error
            when it does not exist.

    Raises:
        SourceError: The file does not exist, or is not valid WebVTT.
    """
    try:
        text = read_text(path)
    except FileNotFoundError:
        where, line = cited or (path, None)
        raise SourceError(
            where,
            f"caption file '{display_path(path)}' does not exist",
            line=line,
            hint="give the path relative to this file, e.g. media/lecture.en.vtt",
        ) from None
    return parse_captions(text, path)


def chapters_from_lines(
    items: Sequence[object], path: Path, line: int | None, where: str
) -> tuple[Chapter, ...]:
    """Chapters from a list of ``"time title"`` strings (``"1:15 Why proofs are short"``).

    ``where`` names the record (``video``, ``session 'intro'``); an error is at the item's
    line when ``items`` knows it (a [LineList][eduplat.yamlutil.LineList]), else at ``line``.

    Raises:
        SourceError: An item is not ``time title``, or times do not increase.
    """
    chapters: list[Chapter] = []
    for number, item in enumerate(items, start=1):
        item_line = items.line_of(number - 1) if isinstance(items, LineList) else line
        time_text, _, title = str(item).strip().partition(" ")
        start = parse_time(time_text) if isinstance(item, str) else None
        if start is None or not title.strip():
            raise SourceError(
                path,
                f"{where}, chapter {number}: {item!r} is not 'time title'",
                line=item_line,
                hint="write e.g. '1:15 Why proofs are short' (quote it in YAML)",
            )
        if chapters and start <= chapters[-1].start:
            raise SourceError(
                path,
                f"{where}, chapter {number}: starts at {time_text}, not after chapter {number - 1}",
                line=item_line,
                hint="list chapters in the order they play",
            )
        chapters.append(Chapter(start, title.strip()))
    return tuple(chapters)

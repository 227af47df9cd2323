"""Building :class:`~eduplat.media.model.Video` records from YAML, with ``file:line`` errors.

Used by the ``video`` fenced block of pages and by webinar recordings (``captions:`` and
``chapters:`` next to ``recording:``). Caption and chapter files are read here, so a file
that is missing or malformed stops the build at the line that names it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eduplat.errors import SourceError
from eduplat.media.captions import Chapter, chapters_from_lines, read_captions
from eduplat.media.model import CaptionFile, Track, Video
from eduplat.yamlutil import LineDict, LineList, check_keys, is_blank, load_yaml, one_line

__all__ = [
    "VIDEO_KEYS",
    "CaptionSpec",
    "ChapterSpec",
    "caption_files",
    "chapter_spec",
    "load_chapters",
    "load_tracks",
    "local_paths",
    "parse_video_block",
]

VIDEO_KEYS = ("src", "url", "title", "captions", "chapters", "poster", "slides")
_CAPTION_KEYS = ("src", "lang", "label")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

CaptionSpec = tuple[CaptionFile, ...]
#: A WebVTT chapters file (a path) or the chapters themselves.
ChapterSpec = str | tuple[Chapter, ...]


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def caption_files(value: Any, path: Path, line: int | None, where: str) -> CaptionSpec:
    """``captions:``: a list of ``{src, lang, label}`` (or one such mapping)."""
    if is_blank(value):
        return ()
    items = [value] if isinstance(value, dict) else value
    if not isinstance(items, list):
        raise SourceError(
            path,
            f"{where}: 'captions' must be a list of {{src, lang, label}}",
            line=line,
            hint="e.g. captions: [{src: lecture.en.vtt, lang: en, label: English}]",
        )
    found: list[CaptionFile] = []
    for index, item in enumerate(items):
        item_line = items.line_of(index) if isinstance(items, LineList) else line
        cwhere = f"{where}, caption {index + 1}"
        if not isinstance(item, dict):
            raise SourceError(
                path,
                f"{cwhere}: a caption is a mapping with 'src' and 'lang'",
                line=item_line,
                hint="write e.g. {src: lecture.en.vtt, lang: en, label: English}",
            )
        if isinstance(item, LineDict):
            check_keys(path, item, _CAPTION_KEYS, cwhere)
        src, lang, label = (str(item.get(k) or "").strip() for k in _CAPTION_KEYS)
        if not src or not lang:
            missing = "src" if not src else "lang"
            raise SourceError(
                path,
                f"{cwhere}: '{missing}' is missing",
                line=item_line,
                hint="give the WebVTT file (src) and its language code (lang, e.g. en or zh)",
            )
        if not _LANG.match(lang):
            raise SourceError(
                path,
                f"{cwhere}: '{lang}' is not a language code",
                line=item_line,
                hint="use a BCP 47 code such as en, zh, zh-Hans, pt-BR",
            )
        if not src.lower().endswith(".vtt"):
            raise SourceError(
                path,
                f"{cwhere}: '{src}' is not a WebVTT (.vtt) file",
                line=item_line,
                hint="browsers play captions from WebVTT files; convert SRT with e.g. ffmpeg",
            )
        if any(f.lang == lang for f in found):
            raise SourceError(
                path,
                f"{cwhere}: a second caption file for '{lang}'",
                line=item_line,
                hint="give each language one file",
            )
        found.append(CaptionFile(src, lang, one_line(path, label, "the label", item_line)))
    return tuple(found)


def chapter_spec(value: Any, path: Path, line: int | None, where: str) -> ChapterSpec:
    """``chapters:``: a WebVTT chapters file, or a list of ``"time title"``."""
    if is_blank(value):
        return ()
    if isinstance(value, str):
        if not value.strip().lower().endswith(".vtt"):
            raise SourceError(
                path,
                f"{where}: 'chapters' must be a WebVTT file or a list of 'time title'",
                line=line,
                hint="e.g. chapters: lecture.chapters.vtt, or chapters: ['0:00 Intro', …]",
            )
        return value.strip()
    if isinstance(value, list):
        return chapters_from_lines(value, path, line)
    raise SourceError(
        path,
        f"{where}: 'chapters' must be a WebVTT file or a list of 'time title'",
        line=line,
        hint="e.g. chapters: ['0:00 Intro', '1:15 Why proofs are short']",
    )


def load_tracks(
    files: CaptionSpec, base: Path, cited: tuple[Path, int | None]
) -> tuple[Track, ...]:
    """Read each caption file (paths relative to ``base``); a URL is kept without cues."""
    tracks = []
    for file in files:
        cues = () if _is_url(file.src) else read_captions(base / file.src, cited=cited)
        tracks.append(Track(file.src, file.lang, file.label, cues))
    return tuple(tracks)


def load_chapters(
    spec: ChapterSpec, base: Path, cited: tuple[Path, int | None]
) -> tuple[Chapter, ...]:
    """The chapters: as listed, or the cues of a WebVTT chapters file (text = title)."""
    if not isinstance(spec, str):
        return spec
    cues = read_captions(base / spec, cited=cited)
    return tuple(Chapter(cue.start, cue.text) for cue in cues)


def parse_video_block(body: str, path: Path, line: int, base: Path) -> Video:
    """A ``video`` fenced block of a page: YAML, starting on ``line`` + 1 of ``path``.

    Args:
        body: The YAML between the fences.
        path: The page (for errors).
        line: The line of the opening fence.
        base: The folder relative paths start from.

    Raises:
        SourceError: ``page.md:line: ...`` for bad YAML, unknown keys, missing files.
    """
    data = load_yaml(path, "\n" * line + body)
    where = "video"
    if isinstance(data, str) and data.strip():
        data = LineDict({"src": data.strip()})
        data.line, data.key_lines = line + 1, {"src": line + 1}
    if not isinstance(data, LineDict):
        raise SourceError(
            path,
            "a video block holds YAML keys (src, title, captions, chapters, poster, slides)",
            line=line,
            hint="write e.g. src: https://youtu.be/ID on the line after ```video",
        )
    check_keys(path, data, VIDEO_KEYS, where)
    src = str(data.get("src") or data.get("url") or "").strip()
    if not src:
        raise SourceError(
            path,
            "video: 'src' is missing",
            line=data.line or line,
            hint="give a YouTube, Bilibili or Vimeo link, or a video file (e.g. lecture.webm)",
        )
    cited = (path, line)
    for key in ("src", "url", "poster", "slides"):
        value = str(data.get(key) or "").strip()
        scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
        if scheme and scheme not in {"http", "https"}:
            raise SourceError(
                path,
                f"video: '{key}' must be an http(s) link or a path, not a {scheme}: address",
                line=_line(data, key, line),
                hint="give e.g. https://example.org/slides.pdf or slides/lecture.pdf",
            )
    texts = {
        key: one_line(path, str(data.get(key) or "").strip(), f"'{key}'", _line(data, key, line))
        for key in ("title", "poster", "slides")
    }
    captions = caption_files(data.get("captions"), path, _line(data, "captions", line), where)
    chapters = chapter_spec(data.get("chapters"), path, _line(data, "chapters", line), where)
    return Video(
        src=src,
        title=texts["title"],
        tracks=load_tracks(captions, base, cited),
        chapters=load_chapters(chapters, base, cited),
        poster=texts["poster"],
        slides=texts["slides"],
    )


def _line(data: LineDict, key: str, default: int) -> int:
    return data.line_of(key) if key in data else default


def local_paths(video: Video) -> Sequence[str]:
    """The site files a video needs (not URLs): the video, poster, slides, captions."""
    paths = [video.src, video.poster, video.slides, *(t.src for t in video.tracks)]
    return [p for p in paths if p and not _is_url(p)]

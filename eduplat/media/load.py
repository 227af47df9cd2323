"""Building :class:`~eduplat.media.model.Video` records from YAML, with ``file:line`` errors.

Values are read through [Fields][eduplat.yamlutil.Fields], like quizzes and webinars, so
mistakes read ``file:line: where: 'key' what — how`` with a "did you mean".

Used by the ``video`` fenced block of pages and by webinar recordings (``captions:`` and
``chapters:`` next to ``recording:``). Caption and chapter files are read here, so a file
that is missing or malformed stops the build at the line that names it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from eduplat.media.captions import Chapter, chapters_from_lines, read_captions
from eduplat.media.model import CaptionFile, Track, Video
from eduplat.yamlutil import Fields, LineDict, LineList, is_blank, load_yaml

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


def caption_files(fields: Fields, data: LineDict, where: str) -> CaptionSpec:
    """``captions:`` of ``data``: a list of ``{src, lang, label}`` (or one such mapping)."""
    value = data.get("captions")
    if is_blank(value):
        return ()
    items = (
        LineList.of([value], value.line)
        if isinstance(value, LineDict)
        else fields.listing(value, data.line_of("captions"), f"{where}: 'captions'")
    )
    found: list[CaptionFile] = []
    for index, item in enumerate(items):
        cwhere = f"{where}, caption {index + 1}"
        entry = fields.mapping(item, items.line_of(index), cwhere)
        fields.keys(entry, _CAPTION_KEYS, cwhere)
        src = fields.text(entry, "src", cwhere, required=True)
        lang = fields.text(entry, "lang", cwhere, required=True)
        label = fields.text(entry, "label", cwhere)
        if not _LANG.match(lang):
            raise fields.error(
                entry.line_of("lang"),
                f"{cwhere}: 'lang' is not a language code: {lang!r}",
                "use a BCP 47 code such as en, zh, zh-Hans, pt-BR",
            )
        if not src.lower().endswith(".vtt"):
            raise fields.error(
                entry.line_of("src"),
                f"{cwhere}: 'src' is not a WebVTT (.vtt) file: {src!r}",
                "browsers play captions from WebVTT files; convert SRT with e.g. ffmpeg",
            )
        if any(f.lang == lang for f in found):
            raise fields.error(
                entry.line_of("lang"),
                f"{cwhere}: 'lang' {lang!r} already has a caption file",
                "give each language one caption file",
            )
        found.append(CaptionFile(src, lang, label))
    return tuple(found)


def chapter_spec(fields: Fields, data: LineDict, where: str) -> ChapterSpec:
    """``chapters:`` of ``data``: a WebVTT chapters file, or a list of ``"time title"``."""
    value = data.get("chapters")
    if is_blank(value):
        return ()
    line = data.line_of("chapters")
    if isinstance(value, list):
        return chapters_from_lines(value, fields.path, line, where)
    if not isinstance(value, str) or not value.strip().lower().endswith(".vtt"):
        raise fields.error(
            line,
            f"{where}: 'chapters' must be a WebVTT file or a list of 'time title'",
            "e.g. chapters: lecture.chapters.vtt, or chapters: ['0:00 Intro', '1:15 Why…']",
        )
    return fields.text(data, "chapters", where)


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
    fields = Fields(path)
    data = load_yaml(path, "\n" * line + body)
    where = "video"
    if isinstance(data, str) and data.strip():
        data = LineDict.of({"src": data.strip()}, line + 1, {"src": line + 1})
    if not isinstance(data, LineDict):
        raise fields.error(
            line,
            f"{where}: the block must be a link or YAML keys ({', '.join(VIDEO_KEYS)})",
            "write e.g. src: https://youtu.be/ID on the line after ```video",
        )
    fields.keys(data, VIDEO_KEYS, where)
    links = {key: _link(fields, data, key, where) for key in ("src", "url", "poster", "slides")}
    src = links["src"] or links["url"]
    if not src:
        raise fields.error(
            data.line or line,
            f"{where}: 'src' is missing",
            "give a YouTube, Bilibili or Vimeo link, or a video file (e.g. lecture.webm)",
        )
    captions = caption_files(fields, data, where)
    chapters = chapter_spec(fields, data, where)
    return Video(
        src=src,
        title=fields.text(data, "title", where),
        tracks=load_tracks(captions, base, (path, data.line_of("captions"))),
        chapters=load_chapters(chapters, base, (path, data.line_of("chapters"))),
        poster=links["poster"],
        slides=links["slides"],
    )


def _link(fields: Fields, data: LineDict, key: str, where: str) -> str:
    """A one-line http(s) link or path under ``key``: no ``javascript:`` or ``data:``."""
    value = fields.text(data, key, where)
    scheme = value.split(":", 1)[0].lower() if ":" in value.split("/", 1)[0] else ""
    if scheme and scheme not in {"http", "https"}:
        raise fields.error(
            data.line_of(key),
            f"{where}: '{key}' must be an http(s) link or a path, not a {scheme}: address",
            "give e.g. https://example.org/slides.pdf or slides/lecture.pdf",
        )
    return value


def local_paths(video: Video) -> Sequence[str]:
    """The site files a video needs (not URLs): the video, poster, slides, captions."""
    paths = [video.src, video.poster, video.slides, *(t.src for t in video.tracks)]
    return [p for p in paths if p and not _is_url(p)]

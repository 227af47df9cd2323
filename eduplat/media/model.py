"""What a video lesson is: the video, its caption tracks, chapters, poster and slides.

Plain frozen records; :mod:`eduplat.media.load` builds them from YAML and checks them.
Paths are kept as written (relative to the file that names them): whoever renders a page
maps them to URLs.
"""

from __future__ import annotations

from dataclasses import dataclass

from eduplat.media.captions import Chapter, Cue

__all__ = ["CaptionFile", "Chapter", "Cue", "Track", "Video"]


@dataclass(frozen=True)
class CaptionFile:
    """A WebVTT file named in a source, not read yet.

    Attributes:
        src: Path relative to the file that names it (or an http(s) URL).
        lang: BCP 47 language code, e.g. ``en``, ``zh``.
        label: What the language switch shows, e.g. ``English``; the language name
            when empty.
    """

    src: str
    lang: str
    label: str = ""


@dataclass(frozen=True)
class Track:
    """A caption file, read: its cues make the transcript."""

    src: str
    lang: str
    label: str
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class Video:
    """A video and everything shown with it.

    Attributes:
        src: A YouTube, Bilibili or Vimeo link, a video file URL, or a site file's path.
        title: Names the player (and the lesson).
        tracks: Captions, first is the default.
        chapters: Named parts, in order.
        poster: Image shown before the video plays (site files).
        slides: Link to the slides.
    """

    src: str
    title: str = ""
    tracks: tuple[Track, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    poster: str = ""
    slides: str = ""

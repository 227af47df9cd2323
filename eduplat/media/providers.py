"""Recognising where a video lives: YouTube, Bilibili, Vimeo, or a plain video file.

Only ids that match each provider's format become players; anything else stays a link,
so no text from a source file ends up inside an ``iframe`` URL unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

__all__ = ["VIDEO_SUFFIXES", "Player", "is_video_file", "player_for"]

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_BILIBILI_ID = re.compile(r"^BV[0-9A-Za-z]{8,12}$")
_VIMEO_ID = re.compile(r"^\d{3,12}$")
VIDEO_SUFFIXES = (".mp4", ".webm", ".ogg", ".ogv", ".m4v")
_VIDEO_FILE = re.compile(r"\.(mp4|webm|ogg|ogv|m4v)$", re.IGNORECASE)


@dataclass(frozen=True)
class Player:
    """How to play a video once the reader clicks.

    Attributes:
        provider: Shown to the reader before anything loads: YouTube, Bilibili, Vimeo, or
            the file's host.
        kind: ``iframe`` (a provider's player) or ``video`` (a file, played by the browser).
        src: The embed or file URL, built from a validated id.
        url: The link as written (the "watch on" link).
        seek: For iframes, ``src`` with ``{t}`` where the start time in whole seconds goes
            (YouTube ``start=``, Bilibili ``t=``, Vimeo ``#t=``); empty for files, which
            seek with ``currentTime``.
    """

    provider: str
    kind: str
    src: str
    url: str
    seek: str = ""


def is_video_file(path: str) -> bool:
    """Whether a path or URL names a video file the browser plays itself."""
    return bool(_VIDEO_FILE.search(urlparse(path).path))


def player_for(url: str) -> Player | None:
    """Recognise a video link; None for anything else (then it is a plain link)."""
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parsed.path
    if host in {"youtube.com", "youtube-nocookie.com", "youtu.be"}:
        video = path.strip("/") if host == "youtu.be" else parse_qs(parsed.query).get("v", [""])[0]
        if not video and path.startswith(("/embed/", "/live/", "/shorts/")):
            video = path.split("/")[2]
        if _YOUTUBE_ID.match(video or ""):
            src = f"https://www.youtube-nocookie.com/embed/{video}"
            return Player("YouTube", "iframe", src, url, f"{src}?start={{t}}&autoplay=1")
    if host == "bilibili.com" and path.startswith("/video/"):
        video = path.split("/")[2]
        if _BILIBILI_ID.match(video):
            src = f"https://player.bilibili.com/player.html?bvid={video}"
            return Player("Bilibili", "iframe", f"{src}&autoplay=0", url, f"{src}&t={{t}}")
    if host == "vimeo.com":
        video = path.strip("/").split("/")[0]
        if _VIMEO_ID.match(video):
            src = f"https://player.vimeo.com/video/{video}"
            return Player("Vimeo", "iframe", src, url, f"{src}#t={{t}}s")
    if _VIDEO_FILE.search(path) and parsed.scheme in {"http", "https"}:
        return Player(host or "the site", "video", url, url)
    return None

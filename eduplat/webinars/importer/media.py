"""Media of an imported event: a recording and slides, picked from its links and attachments.

A link to some video is often a reference ("my earlier talk"), so a video counts as the
recording only when its type or title says so (or it has no title at all).
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from eduplat.webinars.importer.values import Notes, as_dict, scalar_text, show, web_url

_RECORDING_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "media.ccc.de", "bilibili.com", "peertube",
)  # fmt: skip
_VIDEO_FILE = re.compile(r"\.(?:mp4|webm|mkv|m4v|mov|ogv)$", re.IGNORECASE)
_SAYS_RECORDING = re.compile(r"record|video|aufzeichnung|mitschnitt|aufnahme", re.IGNORECASE)
_SAYS_SLIDES = re.compile(r"slides|folien|pr[äa]sentation|presentation", re.IGNORECASE)


def media(event: dict[str, object], label: str, base_url: str, notes: Notes) -> tuple[str, str]:
    """A recording (a video link that says so) and slides (an attachment that says so)."""
    recording = slides = ""
    for key in ("links", "attachments"):
        items = event.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            notes.warn(label, key, f"{show(items)} is not a list", "ignored")
            continue
        for item in items:
            data = as_dict(item)
            url = web_url(data.get("url") if data else item, base_url)
            if not url:
                continue
            kind = (scalar_text(data.get("type")) or "").lower() if data else ""
            title = (scalar_text(data.get("title")) or "") if data else ""
            if not recording and is_recording(url, kind, title):
                recording = url
            elif not slides and (kind == "slides" or _SAYS_SLIDES.search(title)):
                slides = url
    return recording, slides


def is_recording(url: str, kind: str, title: str) -> bool:
    parsed = urlparse(url)
    host = parsed.netloc.lower().split(":")[0]
    video = _VIDEO_FILE.search(parsed.path) is not None or any(
        host == h or host.endswith("." + h) or h in host for h in _RECORDING_HOSTS
    )
    said = kind in {"media", "recording", "video"} or bool(_SAYS_RECORDING.search(title))
    # A link to some video is often a reference ("my earlier talk"); it has to say so.
    return video and (said or not title)

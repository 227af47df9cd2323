"""Video lessons: providers, click-to-load players, captions, chapters and transcripts.

Domain code (no MkDocs): webinar recordings, manual pages and tutorials all use it. The
MkDocs side is :mod:`eduplat.features.media` (the ``video`` fenced block, caption files
copied into the site).
"""

from __future__ import annotations

from eduplat.media.captions import Chapter, Cue, format_time, parse_captions, read_captions
from eduplat.media.model import CaptionFile, Track, Video
from eduplat.media.providers import Player, player_for

__all__ = [
    "CaptionFile",
    "Chapter",
    "Cue",
    "Player",
    "Track",
    "Video",
    "format_time",
    "parse_captions",
    "player_for",
    "read_captions",
]

"""A video lesson as HTML: the player (click-to-load for third parties), chapters, and a
transcript made from the captions.

Plain functions from records to strings (the Jinja fragment ``fragments/eduplat/video.html``
can be overridden by a theme). Every text is escaped by Jinja's autoescape: cue text,
titles and labels never become markup. ``media.js`` adds seeking, the current-cue
highlight and the language switch; without JavaScript the page still shows the transcript,
the chapters and, for site files, a playing ``<video>`` with its captions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import jinja2

from eduplat.i18n import Translator
from eduplat.media.captions import Chapter, Cue, format_time
from eduplat.media.model import Video
from eduplat.media.providers import Player, player_for
from eduplat.text import fragment_environment, html_block

__all__ = ["Paragraph", "language_name", "paragraphs", "render_video"]

#: A paragraph of the transcript ends after this many cues at a sentence end...
_SENTENCES_PER_PARAGRAPH = 4
#: ...or at a pause this long (seconds), or at a chapter, or after this many cues.
_PAUSE = 2.5
_CUES_PER_PARAGRAPH = 10
_SENTENCE_END = (".", "?", "!", "。", "？", "！", "…")


@dataclass(frozen=True)
class Paragraph:
    """Cues read as one paragraph, from ``start`` seconds."""

    start: float
    cues: tuple[Cue, ...]


def language_name(code: str, language: str) -> str:
    """A BCP 47 code as a name in the page's language: ``zh`` → ``Chinese`` / ``中文``."""
    # Babel (which Material needs anyway) knows the names; imported only when needed.
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code, sep="-").get_display_name(Locale.parse(language, sep="-"))
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code


def paragraphs(cues: Sequence[Cue], chapters: Sequence[Chapter] = ()) -> list[Paragraph]:
    """Group cues into paragraphs: a new one at each chapter, after a pause, or after a few
    sentences. Empty cues are left out."""
    starts = sorted(c.start for c in chapters)
    groups: list[list[Cue]] = []
    sentences = 0
    previous: Cue | None = None
    for cue in cues:
        if not cue.text:
            continue
        crosses_chapter = previous is not None and any(
            previous.start < s <= cue.start for s in starts
        )
        if (
            previous is None
            or crosses_chapter
            or cue.start - previous.end >= _PAUSE
            or sentences >= _SENTENCES_PER_PARAGRAPH
            or len(groups[-1]) >= _CUES_PER_PARAGRAPH
        ):
            groups.append([])
            sentences = 0
        groups[-1].append(cue)
        sentences += cue.text.endswith(_SENTENCE_END)
        previous = cue
    return [Paragraph(group[0].start, tuple(group)) for group in groups]


def _seconds(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def render_video(
    video: Video,
    t: Translator,
    *,
    url: Callable[[str], str] = str,
    env: jinja2.Environment | None = None,
) -> str:
    """The HTML of a video lesson (a raw HTML block for a Markdown page).

    Args:
        video: The video.
        t: UI strings.
        url: Maps a site file's path as written to its URL from the page (caption files,
            a video file, the poster); links are left alone.
        env: Jinja environment (theme overrides).
    """
    remote = video.src.startswith(("http://", "https://"))
    player: Player | None = player_for(video.src) if remote else None

    def link(path: str) -> str:
        return path if path.startswith(("http://", "https://")) else url(path)

    tracks = [
        {
            "src": link(track.src),
            "lang": track.lang,
            "label": track.label or language_name(track.lang, t.html_lang),
            "paragraphs": paragraphs(track.cues, video.chapters),
            "has_cues": bool(track.cues),
        }
        for track in video.tracks
    ]
    template = (env or fragment_environment()).get_template("fragments/eduplat/video.html")
    return html_block(
        template.render(
            t=t,
            video=video,
            kind="file" if not remote else (player.kind if player else "link"),
            player=player,
            src=link(video.src),
            poster=link(video.poster) if video.poster else "",
            slides=link(video.slides) if video.slides else "",
            tracks=tracks,
            tracks_json=json.dumps(
                [{k: tr[k] for k in ("src", "lang", "label")} for tr in tracks],
                ensure_ascii=False,
            ),
            chapters=video.chapters,
            time=format_time,
            seconds=_seconds,
            title=video.title or t("media.video"),
        )
    )

"""Schedule and session pages (HTML blocks in Markdown pages), from Jinja fragments.

Times are written in each session's own timezone at build time; ``schedule.js`` adds the
reader's local time, the countdown, and re-splits upcoming/past with the reader's clock
(the build-time split is the fallback without JavaScript). Recordings are click-to-load:
nothing is requested from YouTube, Bilibili or Vimeo until the reader asks.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import jinja2
from markupsafe import Markup

from eduplat.i18n import Translator
from eduplat.text import fragment_environment, html_block, render_text
from eduplat.webinars.feeds import calendar_links
from eduplat.webinars.model import Occurrence, Session

__all__ = ["Player", "format_span", "player_for", "render_schedule", "render_session"]

_SCRIPT_STRINGS = (
    "webinar.your_time",
    "webinar.starts_in",
    "webinar.live_now",
    "webinar.ended",
    "webinar.none_upcoming",
    "webinar.none_past",
)
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_BILIBILI_ID = re.compile(r"^BV[0-9A-Za-z]{8,12}$")
_VIMEO_ID = re.compile(r"^\d{3,12}$")
_VIDEO_FILE = re.compile(r"\.(mp4|webm|ogg|ogv|m4v)$", re.IGNORECASE)


@dataclass(frozen=True)
class Player:
    """How to play a recording once the reader clicks."""

    provider: str  # shown to the reader: YouTube, Bilibili, Vimeo, or the file's host
    kind: str  # "iframe" or "video"
    src: str  # the embed or file URL, built from a validated id
    url: str  # the original link


def player_for(url: str) -> Player | None:
    """Recognise a recording link; None for anything else (then it is a plain link)."""
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = parsed.path
    if host in {"youtube.com", "youtube-nocookie.com", "youtu.be"}:
        video = path.strip("/") if host == "youtu.be" else parse_qs(parsed.query).get("v", [""])[0]
        if not video and path.startswith(("/embed/", "/live/", "/shorts/")):
            video = path.split("/")[2]
        if _YOUTUBE_ID.match(video or ""):
            return Player(
                "YouTube", "iframe", f"https://www.youtube-nocookie.com/embed/{video}", url
            )
    if host == "bilibili.com" and path.startswith("/video/"):
        video = path.split("/")[2]
        if _BILIBILI_ID.match(video):
            return Player(
                "Bilibili",
                "iframe",
                f"https://player.bilibili.com/player.html?bvid={video}&autoplay=0",
                url,
            )
    if host == "vimeo.com":
        video = path.strip("/").split("/")[0]
        if _VIMEO_ID.match(video):
            return Player("Vimeo", "iframe", f"https://player.vimeo.com/video/{video}", url)
    if _VIDEO_FILE.search(path) and parsed.scheme in {"http", "https"}:
        return Player(host or "the site", "video", url, url)
    return None


def _offset(value: dt.datetime) -> str:
    delta = value.utcoffset() or dt.timedelta()
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_day(value: dt.datetime, t: Translator) -> str:
    """``Tue 1 Dec 2026`` / ``2026年12月1日 周二`` in the page language."""
    return t(
        "date.day",
        weekday=t("date.weekdays").split(",")[value.weekday()],
        day=value.day,
        month=t("date.months").split(",")[value.month - 1],
        year=value.year,
    )


def format_span(start: dt.datetime, end: dt.datetime, t: Translator, zone: str) -> str:
    """A meeting's time in its own timezone, e.g. ``Tue 1 Dec 2026, 19:30–20:30 (Europe/Berlin,
    UTC+01:00)``."""
    last = f"{end:%H:%M}" if end.date() == start.date() else f"{format_day(end, t)} {end:%H:%M}"
    return f"{format_day(start, t)}, {start:%H:%M}–{last} ({zone}, {_offset(start)})"


def _month_heading(value: dt.datetime, t: Translator) -> str:
    month = t("date.months_long").split(",")[value.month - 1]
    return t("date.month_heading", month=month, year=value.year)


def default_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """Jinja environment for eduplat's fragments (a theme can override each one)."""
    return fragment_environment(loader)


def _strings(t: Translator) -> str:
    return json.dumps({k.split(".", 1)[1]: t(k) for k in _SCRIPT_STRINGS}, ensure_ascii=False)


def _group(occurrences: Sequence[Occurrence], t: Translator) -> list[tuple[str, list[Occurrence]]]:
    groups: list[tuple[str, list[Occurrence]]] = []
    for occurrence in occurrences:
        heading = _month_heading(occurrence.start, t)
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(occurrence)
    return groups


def _markup(text: str) -> Markup:
    return Markup(render_text(text))  # noqa: S704 - render_text sanitizes


def render_schedule(
    sessions: Sequence[Session],
    t: Translator,
    *,
    now: dt.datetime,
    session_url: Callable[[Session], str],
    feed_urls: dict[str, str],
    env: jinja2.Environment | None = None,
) -> str:
    """The schedule page: upcoming and past, grouped by month, plus feed links."""
    occurrences = sorted(
        (o for s in sessions for o in s.occurrences()), key=lambda o: (o.start, o.session.id)
    )
    upcoming = [o for o in occurrences if o.end > now]
    past = [o for o in reversed(occurrences) if o.end <= now]
    template = (env or default_environment()).get_template("fragments/eduplat/schedule.html")
    return html_block(
        template.render(
            t=t,
            upcoming=_group(upcoming, t),
            past=_group(past, t),
            span=lambda o: format_span(o.start, o.end, t, o.session.timezone),
            session_url=session_url,
            feed_urls=feed_urls,
            strings=_strings(t),
            month=lambda o: f"{o.start:%Y-%m}",
        )
    )


def render_session(
    session: Session,
    t: Translator,
    *,
    now: dt.datetime,
    page_url: str,
    ics_url: str,
    schedule_url: str,
    tutorials: Sequence[tuple[str, str]],
    quizzes: Sequence[tuple[str, str]],
    env: jinja2.Environment | None = None,
) -> str:
    """A session page.

    Args:
        session: The session.
        t: UI strings.
        now: Build time (the no-JavaScript split of upcoming and past dates).
        page_url: Absolute URL of the page (calendar links).
        ics_url: The session's .ics, relative to the page.
        schedule_url: The schedule page, relative to this page.
        tutorials: (title, link) of related tutorials.
        quizzes: (title, link) of related quizzes.
        env: Jinja environment (theme overrides).
    """
    occurrences = session.occurrences()
    upcoming = [o for o in occurrences if o.end > now]
    featured = upcoming[0] if upcoming else occurrences[-1]
    recordings = [(o, player_for(o.recording)) for o in occurrences if o.recording]
    template = (env or default_environment()).get_template("fragments/eduplat/session.html")
    return html_block(
        template.render(
            t=t,
            session=session,
            featured=featured,
            occurrences=occurrences,
            series=session.recurrence is not None,
            abstract=_markup(session.abstract),
            bios={p.name: _markup(p.bio) for p in session.presenters},
            span=lambda o: format_span(o.start, o.end, t, session.timezone),
            links=calendar_links(featured, page_url),
            ics_url=ics_url,
            schedule_url=schedule_url,
            recordings=recordings,
            slides=[o for o in occurrences if o.slides],
            tutorials=tutorials,
            quizzes=quizzes,
            strings=_strings(t),
        )
    )

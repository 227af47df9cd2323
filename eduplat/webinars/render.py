"""Schedule and session pages (HTML blocks in Markdown pages), from Jinja fragments.

Times are written in each session's own timezone at build time; ``schedule.js`` adds the
reader's local time, the countdown, and re-splits upcoming/past with the reader's clock
(the build-time split is the fallback without JavaScript). Recordings are video lessons
of :mod:`eduplat.media`: click-to-load (nothing is requested from YouTube, Bilibili or Vimeo
until the reader asks), with their captions, transcript and chapters.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from eduplat.i18n import Translator
from eduplat.media.load import load_chapters, load_tracks
from eduplat.media.model import Video
from eduplat.media.providers import Player, player_for
from eduplat.media.render import language_name, render_video
from eduplat.text import fragment_environment, html_block, render_text
from eduplat.webinars.feeds import calendar_links
from eduplat.webinars.model import WEEKDAYS, Occurrence, Session, offset_text

__all__ = [
    "Player",
    "format_span",
    "language_name",
    "player_for",
    "render_schedule",
    "render_session",
    "series_summary",
]

_SCRIPT_STRINGS = (
    "webinar.your_time",
    "webinar.local_zone",
    "webinar.session_time",
    "date.weekdays",
    "date.months",
    "date.day",
    "webinar.starts_in",
    "webinar.live_now",
    "webinar.ended",
    "webinar.none_upcoming",
    "webinar.none_past",
)


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
    offset = offset_text(start.utcoffset())
    return f"{format_day(start, t)}, {start:%H:%M}–{last} ({zone}, UTC{offset})"


def format_short(value: dt.datetime, t: Translator) -> str:
    """``8 Dec`` / ``12月8日``: a date in a sentence."""
    return t("date.short", day=value.day, month=t("date.months").split(",")[value.month - 1])


def series_summary(session: Session, t: Translator) -> str:
    """``Weekly on Tuesdays``, ``Every 2 weeks on Mondays and Thursdays``, ``Monthly``."""
    recurrence = session.recurrence
    if recurrence is None:
        return ""
    days = recurrence.weekdays or (
        (WEEKDAYS[session.start.weekday()],) if recurrence.frequency == "weekly" else ()
    )
    names = t("date.weekdays_plural").split(",")
    listed = [names[WEEKDAYS.index(day)] for day in days]
    weekdays = (
        t("date.list_and", first=", ".join(listed[:-1]), last=listed[-1])
        if len(listed) > 1
        else "".join(listed)
    )
    if recurrence.interval == 1:
        key = f"webinar.series.{recurrence.frequency}"
        return t(
            key + ("_on" if weekdays and recurrence.frequency == "weekly" else ""),
            weekdays=weekdays,
        )
    key = f"webinar.series.every_{recurrence.frequency}"
    if weekdays and recurrence.frequency == "weekly":
        key += "_on"
    return t(key, n=recurrence.interval, weekdays=weekdays)


def _status(occurrence: Occurrence, t: Translator) -> str:
    """The badge of an occurrence: "" when nothing changed; "Rescheduled (was 5 Nov)"."""
    previous = occurrence.previous_start
    if occurrence.status == "cancelled":
        return t("webinar.status.cancelled")
    if occurrence.status == "postponed" or previous is not None:
        if previous is None:
            return t("webinar.status.postponed")
        return t("webinar.rescheduled_from", date=format_short(previous, t))
    return ""


@dataclass(frozen=True)
class _Entry:
    """One line of the schedule: a meeting, or a whole series shown once."""

    occurrence: Occurrence  # the meeting shown (a series: its next one)
    series: str = ""  # "Weekly on Tuesdays — next", for a series
    dates: str = ""  # a series' later meetings, "start/end start/end", for schedule.js
    end: dt.datetime | None = None  # when the entry leaves "upcoming" (a series: its end)

    @property
    def until(self) -> dt.datetime:
        return self.end or self.occurrence.end


def _entries(sessions: Sequence[Session], now: dt.datetime, t: Translator) -> list[_Entry]:
    entries: list[_Entry] = []
    for session in sessions:
        occurrences = session.occurrences()
        if session.recurrence is None or len(occurrences) < 2:
            entries.extend(_Entry(o) for o in occurrences)
            continue
        meetings = [o for o in occurrences if o.status != "cancelled"] or occurrences
        upcoming = [o for o in meetings if o.end > now]
        shown = upcoming[0] if upcoming else meetings[-1]
        rule = series_summary(session, t)
        entries.append(
            _Entry(
                shown,
                series=t("webinar.series_next" if upcoming else "webinar.series_last", rule=rule),
                dates=" ".join(f"{o.start.isoformat()}/{o.end.isoformat()}" for o in meetings),
                end=meetings[-1].end,
            )
        )
    return entries


def _month_heading(value: dt.datetime, t: Translator) -> str:
    month = t("date.months_long").split(",")[value.month - 1]
    return t("date.month_heading", month=month, year=value.year)


def default_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """Jinja environment for eduplat's fragments (a theme can override each one)."""
    return fragment_environment(loader)


def _strings(t: Translator) -> str:
    return json.dumps({k.split(".", 1)[1]: t(k) for k in _SCRIPT_STRINGS}, ensure_ascii=False)


def _group(entries: Sequence[_Entry], t: Translator) -> list[tuple[str, list[_Entry]]]:
    groups: list[tuple[str, list[_Entry]]] = []
    for entry in entries:
        heading = _month_heading(entry.occurrence.start, t)
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(entry)
    return groups


def _markup(text: str) -> Markup:
    return Markup(render_text(text))  # noqa: S704 - render_text sanitizes


def _markup_block(html: str) -> Markup:
    return Markup(html)  # noqa: S704 - rendered by our autoescaping fragment


def _recording(
    occurrence: Occurrence,
    t: Translator,
    media_url: Callable[[Path], str] | None,
    env: jinja2.Environment | None,
) -> str:
    """An occurrence's recording as a video lesson (captions read from the schedule's
    folder; the loader has checked them)."""
    session = occurrence.session
    base = session.path.parent
    cited = (session.path, session.line)
    video = Video(
        src=occurrence.recording,
        title=occurrence.title,
        tracks=load_tracks(occurrence.captions, base, cited),
        chapters=load_chapters(occurrence.chapters, base, cited),
    )

    def url(path: str) -> str:
        return media_url(base / path) if media_url is not None else path

    return render_video(video, t, url=url, env=env)


def render_schedule(
    sessions: Sequence[Session],
    t: Translator,
    *,
    now: dt.datetime,
    session_url: Callable[[Session], str],
    feed_urls: dict[str, str],
    env: jinja2.Environment | None = None,
) -> str:
    """The schedule page: upcoming and past, grouped by month, plus feed links. A series is
    one entry (its next meeting); its dates are on its page."""
    entries = sorted(
        _entries(sessions, now, t), key=lambda e: (e.occurrence.start, e.occurrence.session.id)
    )
    upcoming = [e for e in entries if e.until > now]
    past = [e for e in reversed(entries) if e.until <= now]
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
            status=lambda o: _status(o, t),
            language=lambda code: language_name(code, t.html_lang),
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
    media_url: Callable[[Path], str] | None = None,
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
        media_url: The URL, from the page, of a caption file (its path on disk); without
            it, the path as written in the schedule.
    """
    occurrences = session.occurrences()
    upcoming = [o for o in occurrences if o.end > now]
    meetings = [o for o in upcoming if o.status != "cancelled"]
    featured = (meetings or upcoming or occurrences[-1:])[0]
    recordings = [
        (o, _markup_block(_recording(o, t, media_url, env))) for o in occurrences if o.recording
    ]
    template = (env or default_environment()).get_template("fragments/eduplat/session.html")
    return html_block(
        template.render(
            t=t,
            session=session,
            featured=featured,
            occurrences=occurrences,
            series=session.recurrence is not None,
            series_text=series_summary(session, t),
            upcoming=featured.end > now and featured.status != "cancelled",
            status=lambda o: _status(o, t),
            language=language_name(session.language, t.html_lang) if session.language else "",
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

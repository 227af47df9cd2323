"""The webinar model: sessions with timezone-aware times, series and their occurrences.

Times are stored as the organiser wrote them: a wall-clock time in an IANA timezone. A
series repeats that wall-clock time (10:00 in Berlin stays 10:00 across the DST change),
as RFC 5545 does with ``TZID``. Plain frozen dataclasses; the loader validates.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from dateutil import rrule

from eduplat.media.model import CaptionFile, Chapter

__all__ = [
    "AUDIENCES",
    "STATUSES",
    "Occurrence",
    "Override",
    "Presenter",
    "Recurrence",
    "Session",
    "Status",
    "offset_text",
    "timezone_names",
]

Status = Literal["scheduled", "cancelled", "postponed"]
STATUSES: tuple[Status, ...] = ("scheduled", "cancelled", "postponed")
AUDIENCES = ("users", "developers", "operators")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCIES: dict[str, Literal[0, 1, 2, 3, 4, 5, 6]] = {
    "daily": rrule.DAILY,
    "weekly": rrule.WEEKLY,
    "monthly": rrule.MONTHLY,
}


@cache
def timezone_names() -> frozenset[str]:
    """Every IANA timezone name this machine knows (read once)."""
    return frozenset(zoneinfo.available_timezones())


def offset_text(delta: dt.timedelta | None) -> str:
    """A UTC offset as ISO 8601 writes it: ``+01:00``, ``-03:30`` (None counts as UTC)."""
    minutes = int((delta or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Presenter:
    """Someone who presents a session."""

    name: str
    bio: str = ""
    url: str = ""
    avatar: str = ""


@dataclass(frozen=True)
class Override:
    """A change to one occurrence of a series, keyed by the date it was planned for.

    Attributes:
        date: The planned (local) date of the occurrence.
        start: New local start, if it moved.
        duration: New length, if it changed.
        status: E.g. ``cancelled`` for just this one.
        title: A title for just this one.
        recording: Recording of this occurrence.
        slides: Slides of this occurrence.
        captions: Caption files of this occurrence's recording.
        chapters: Chapters of this occurrence's recording (a WebVTT file or a list).
    """

    date: dt.date
    start: dt.datetime | None = None
    duration: dt.timedelta | None = None
    status: Status | None = None
    title: str = ""
    recording: str = ""
    slides: str = ""
    captions: tuple[CaptionFile, ...] = ()
    chapters: str | tuple[Chapter, ...] = ()


@dataclass(frozen=True)
class Recurrence:
    """A repeat rule (a subset of RFC 5545 RRULE that people can write and read).

    Attributes:
        frequency: ``daily``, ``weekly`` or ``monthly``.
        interval: Every ``interval`` days/weeks/months.
        count: Number of occurrences (skipped dates included, as RRULE counts them).
        until: Last possible date (inclusive, local).
        weekdays: For weekly series: ``MO``... ``SU``.
        skip: Dates without a session (EXDATE).
        overrides: Changes to single occurrences (RECURRENCE-ID).
    """

    frequency: Literal["daily", "weekly", "monthly"]
    interval: int = 1
    count: int | None = None
    until: dt.date | None = None
    weekdays: tuple[str, ...] = ()
    skip: tuple[dt.date, ...] = ()
    overrides: tuple[Override, ...] = ()

    def rule(self, start: dt.datetime) -> rrule.rrule:
        """The dateutil rule, in naive local time from ``start``."""
        until = None
        if self.until is not None:
            until = dt.datetime.combine(self.until, dt.time(23, 59, 59))
        byweekday = [getattr(rrule, day) for day in self.weekdays] or None
        return rrule.rrule(
            FREQUENCIES[self.frequency],
            dtstart=start.replace(tzinfo=None),
            interval=self.interval,
            count=self.count,
            until=until,
            byweekday=byweekday,
        )

    def rrule_parts(self) -> dict[str, Any]:
        """The RRULE fields but UNTIL (in UTC, it needs the session's zone), in RFC 5545
        order: ``{"freq": "WEEKLY", "byday": ["TU"], "count": 8}``."""
        parts: dict[str, Any] = {"freq": self.frequency.upper()}
        if self.interval != 1:
            parts["interval"] = self.interval
        if self.weekdays:
            parts["byday"] = list(self.weekdays)
        if self.count is not None:
            parts["count"] = self.count
        return parts

    def rrule_text(self) -> str:
        """The RRULE value for iCalendar, e.g. ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=8``."""
        return ";".join(
            f"{key.upper()}={','.join(value) if isinstance(value, list) else value}"
            for key, value in self.rrule_parts().items()
        )


@dataclass(frozen=True)
class Occurrence:
    """One concrete meeting: a single session, or one date of a series."""

    session: Session
    start: dt.datetime
    end: dt.datetime
    status: Status
    title: str
    recording: str
    slides: str
    planned: dt.datetime  # the start the series rule gave (RECURRENCE-ID)
    overridden: bool = False
    captions: tuple[CaptionFile, ...] = ()  # of the recording
    chapters: str | tuple[Chapter, ...] = ()  # of the recording: a WebVTT file or a list

    @property
    def rescheduled(self) -> bool:
        """Whether this meeting moved from an announced time to a new one."""
        return self.previous_start is not None and self.status == "scheduled"

    @property
    def key(self) -> str:
        """Stable id of the occurrence: the session id, plus the planned date in a series."""
        if self.session.recurrence is None:
            return self.session.id
        return f"{self.session.id}--{self.planned.date().isoformat()}"

    @property
    def previous_start(self) -> dt.datetime | None:
        """Where a rescheduled meeting was before (schema.org ``previousStartDate``): the
        planned date of a moved series date, or a single session's ``previous_start``."""
        if self.session.recurrence is not None:
            return self.planned if self.planned != self.start else None
        return self.session.previous_start


@dataclass(frozen=True)
class Session:
    """A webinar, or a series of them.

    Attributes:
        id: Stable slug: page URL and calendar UID.
        title: The title.
        start: Start, timezone-aware (in ``timezone``).
        end: End, timezone-aware.
        timezone: IANA name, e.g. ``Asia/Shanghai``.
        abstract: Markdown.
        presenters: Who presents.
        language: BCP 47 code, e.g. ``zh``.
        level: ``beginner``, ``intermediate`` or ``advanced``.
        audience: Subset of users, developers, operators.
        tags: Topics.
        registration: Registration URL.
        join: Join URL (CONFERENCE in the calendar).
        capacity: Seats, if limited.
        status: scheduled, cancelled or postponed (postponed: no new date yet).
        previous_start: The start first announced, for a session moved to ``start``.
        recurrence: The repeat rule of a series.
        recording: Recording URL (YouTube, Bilibili, Vimeo or a video file).
        slides: Slides URL.
        captions: Caption files of the recording (relative to the schedule file).
        chapters: Chapters of the recording: a WebVTT file or a list of ``time title``.
        tutorials: Related tutorial ids.
        quizzes: Related quiz ids.
        path: Source file.
        line: Line in the source file.
    """

    id: str
    title: str
    start: dt.datetime
    end: dt.datetime
    timezone: str
    abstract: str = ""
    presenters: tuple[Presenter, ...] = ()
    language: str = ""
    level: str = ""
    audience: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    registration: str = ""
    join: str = ""
    capacity: int | None = None
    status: Status = "scheduled"
    previous_start: dt.datetime | None = None
    recurrence: Recurrence | None = None
    recording: str = ""
    slides: str = ""
    captions: tuple[CaptionFile, ...] = ()
    chapters: str | tuple[Chapter, ...] = ()
    tutorials: tuple[str, ...] = ()
    quizzes: tuple[str, ...] = ()
    path: Path = field(default=Path(), compare=False)
    line: int = field(default=0, compare=False)

    @property
    def zone(self) -> ZoneInfo:
        """The session's timezone."""
        return ZoneInfo(self.timezone)

    @property
    def duration(self) -> dt.timedelta:
        """How long one meeting lasts."""
        return self.end - self.start

    def occurrences(self) -> list[Occurrence]:
        """Every meeting: one for a single session; the series' dates (minus skipped ones,
        with overrides applied) for a series."""
        base = Occurrence(
            session=self,
            start=self.start,
            end=self.end,
            status=self.status,
            title=self.title,
            recording=self.recording,
            slides=self.slides,
            planned=self.start,
            captions=self.captions,
            chapters=self.chapters,
        )
        if self.recurrence is None:
            return [base]
        skip = set(self.recurrence.skip)
        overrides = {o.date: o for o in self.recurrence.overrides}
        found = []
        for naive in self.recurrence.rule(self.start):
            if naive.date() in skip:
                continue
            start = naive.replace(tzinfo=self.zone)
            occurrence = replace(base, start=start, end=start + self.duration, planned=start)
            override = overrides.get(naive.date())
            if override is not None:
                occurrence = _apply(occurrence, override, self.zone)
            found.append(occurrence)
        return found


def _apply(occurrence: Occurrence, override: Override, zone: ZoneInfo) -> Occurrence:
    start = occurrence.start
    if override.start is not None:
        start = override.start if override.start.tzinfo else override.start.replace(tzinfo=zone)
    duration = override.duration or (occurrence.end - occurrence.start)
    return replace(
        occurrence,
        start=start,
        end=start + duration,
        status=override.status or occurrence.status,
        title=override.title or occurrence.title,
        recording=override.recording or occurrence.recording,
        slides=override.slides or occurrence.slides,
        captions=override.captions or occurrence.captions,
        chapters=override.chapters or occurrence.chapters,
        overridden=True,
    )

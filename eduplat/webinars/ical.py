"""iCalendar feeds (RFC 5545 and RFC 7986) with the icalendar library.

- UID ``<id>@<site host>``, stable across builds; SEQUENCE and DTSTAMP from the history.
- Times with ``TZID`` and a ``VTIMEZONE`` per zone, so a series keeps its wall-clock time
  across DST changes in every client.
- Series as RRULE, skipped dates as EXDATE, changed occurrences as extra VEVENTs with
  RECURRENCE-ID; STATUS:CANCELLED; URL of the page; CONFERENCE for the join link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from icalendar import Calendar, Event, Timezone

from eduplat.webinars.feeds import plain_text
from eduplat.webinars.history import Revision
from eduplat.webinars.model import Occurrence, Session

__all__ = ["build_calendar"]

_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def _one_line(text: str) -> str:
    """Line breaks as spaces: icalendar escapes them in TEXT values but refuses them (with an
    AssertionError) in NAME and X- properties. The loaders refuse them in one-line fields;
    this also covers names from elsewhere (``site_name``)."""
    return " ".join(text.splitlines())


def _description(session: Session, page_url: str) -> str:
    parts = [plain_text(session.abstract)] if session.abstract else []
    if session.presenters:
        parts.append("With " + ", ".join(p.name for p in session.presenters))
    parts.append(page_url)
    return "\n\n".join(parts)


def _event(
    session: Session,
    occurrence: Occurrence | None,
    uid: str,
    revision: Revision,
    page_url: str,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", revision.changed.astimezone(dt.UTC))
    start = occurrence.start if occurrence else session.start
    end = occurrence.end if occurrence else session.end
    if occurrence is not None:
        event.add("recurrence-id", occurrence.planned)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", occurrence.title if occurrence else session.title)
    event.add("description", _description(session, page_url))
    event.add("url", page_url)
    event.add("status", _STATUS[occurrence.status if occurrence else session.status])
    event.add("sequence", revision.sequence)
    event.add("location", session.join or page_url)
    if session.join:
        event.add(
            "conference",
            session.join,
            parameters={"VALUE": "URI", "FEATURE": "AUDIO,VIDEO", "LABEL": "Join"},
        )
    if session.tags:
        event.add("categories", list(session.tags))
    if session.language:
        event.add("x-eduplat-language", _one_line(session.language))
    return event


def _rule(session: Session) -> dict[str, Any]:
    recurrence = session.recurrence
    assert recurrence is not None
    rule = recurrence.rrule_parts()
    if recurrence.until is not None:
        # RFC 5545: with a TZID start, UNTIL is in UTC.
        last = dt.datetime.combine(recurrence.until, dt.time(23, 59, 59), tzinfo=session.zone)
        rule["until"] = last.astimezone(dt.UTC)
    return rule


def build_calendar(
    sessions: Iterable[Session],
    *,
    host: str,
    name: str,
    page_url: Callable[[Session], str],
    revision: Callable[[Session], Revision],
) -> bytes:
    """One VCALENDAR with every session (a feed) or one session (its own .ics).

    Args:
        sessions: The sessions to include.
        host: The site's host name, for UIDs.
        name: The calendar's name (NAME / X-WR-CALNAME).
        page_url: Absolute URL of a session's page.
        revision: SEQUENCE and DTSTAMP of a session.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//eduplat//webinars//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", _one_line(name))
    calendar.add("x-wr-calname", _one_line(name))
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    sessions = list(sessions)
    for session in sessions:
        uid = f"{session.id}@{host}"
        current = revision(session)
        url = page_url(session)
        main = _event(session, None, uid, current, url)
        if session.recurrence is not None:
            main.add("rrule", _rule(session))
            skipped = [
                dt.datetime.combine(day, session.start.timetz()).replace(tzinfo=session.zone)
                for day in session.recurrence.skip
            ]
            if skipped:
                main.add("exdate", skipped)
        calendar.add_component(main)
        for occurrence in session.occurrences():
            if occurrence.overridden:
                calendar.add_component(_event(session, occurrence, uid, current, url))
    # VTIMEZONE rules for the years the sessions span (with a margin), not 1970-2038.
    years = [o.start.year for s in sessions for o in s.occurrences()] or [2000]
    first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 2, 1, 1)
    for tzid in calendar.get_missing_tzids():
        zone = _vtimezone(tzid, first, last)
        if zone is not None:
            calendar.add_component(zone)
    # icalendar adds the zones in set order; sort them so identical builds are identical.
    zones = sorted(
        (c for c in calendar.subcomponents if c.name == "VTIMEZONE"), key=lambda z: str(z["TZID"])
    )
    others = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.subcomponents = [*zones, *others]
    return bytes(calendar.to_ical())


@lru_cache(maxsize=64)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone | None:
    """A zone's VTIMEZONE for a span of years, as ``Calendar.add_missing_timezones`` makes it.

    Computing it from zoneinfo takes about 18 ms; a course has few zones and hundreds of
    calendars, so each (zone, span) is computed once per process. Calendars share the
    component, which nothing modifies after this.
    """
    try:
        return Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:
        return None  # a zone icalendar does not know: left out, as icalendar does

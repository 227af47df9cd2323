"""An independent iCalendar reader, for checking eduplat's feeds (and real third-party files).

It reads with icalendar and expands series with recurring-ical-events, an implementation
independent of eduplat's writer (eduplat.webinars.ical), with RRULE, EXDATE and
RECURRENCE-ID applied. Only tests use it, so it lives here and recurring-ical-events is a
test dependency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import recurring_ical_events
from icalendar import Calendar

from eduplat.errors import SourceError

__all__ = ["CalendarEntry", "read_calendar"]


@dataclass(frozen=True)
class CalendarEntry:
    """One meeting read back from an iCalendar file (a series expanded)."""

    uid: str
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    status: str
    sequence: int
    recurrence_id: dt.datetime | dt.date | None
    conferences: tuple[str, ...] = ()


def read_calendar(
    data: bytes, start: dt.date, end: dt.date, source: str = "<calendar>"
) -> list[CalendarEntry]:
    """Parse any iCalendar file and expand its series between two dates.

    Serves eduplat's own feeds (round-trip checks) and third-party files alike.
    """
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise SourceError(source, f"not a valid iCalendar file: {exc}") from exc
    entries = []
    # Events without a start cannot be placed in time: skip them, as calendar apps do.
    calendar.subcomponents = [
        c for c in calendar.subcomponents if c.name != "VEVENT" or "DTSTART" in c
    ]
    try:
        events = recurring_ical_events.of(calendar, skip_bad_series=True).between(start, end)
    except Exception:  # noqa: BLE001 - third-party files break the expander in many ways
        events = _expand_one_by_one(calendar, start, end)
    for event in events:
        recurrence = event.get("RECURRENCE-ID")
        begin = event.decoded("DTSTART")
        finish = event.decoded("DTEND") if "DTEND" in event else begin
        entries.append(
            CalendarEntry(
                uid=str(event.get("UID", "")),
                summary=str(event.get("SUMMARY", "")),
                start=begin,
                end=finish,
                status=str(event.get("STATUS", "CONFIRMED")),
                sequence=int(event.get("SEQUENCE", 0)),
                recurrence_id=recurrence.dt if recurrence is not None else None,
                conferences=tuple(str(c) for c in _as_list(event.get("CONFERENCE"))),
            )
        )
    return sorted(entries, key=lambda e: (_sort_key(e.start), e.uid))


def _sort_key(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)


def _expand_one_by_one(calendar: Calendar, start: dt.date, end: dt.date) -> list[Any]:
    """Expand each event on its own, skipping those the expander cannot read (for example
    ``RDATE;VALUE=TIME``, which RFC 5545 does not allow)."""
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    found: list[Any] = []
    for component in calendar.subcomponents:
        if component.name != "VEVENT":
            continue
        single = Calendar()
        for zone in zones:
            single.add_component(zone)
        single.add_component(component)
        for attempt in range(2):
            try:
                query = recurring_ical_events.of(single, skip_bad_series=True)
                found.extend(query.between(start, end))
                break
            except Exception:  # noqa: BLE001 - an unreadable event is skipped, not fatal
                if attempt == 0:
                    component.pop("RDATE", None)  # the usual culprit; keep the event itself
    return found


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]

"""Times of an imported schedule: the conference's zone, each event's start and length.

An event's ``date`` is an exact instant (it carries an offset); it is written as the local
wall-clock time in the conference's timezone, with the offset added only when that local
time happens twice (the night clocks go back), as the loader asks.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from eduplat.errors import did_you_mean
from eduplat.webinars.importer.values import Notes, RawEvent, scalar_text, show
from eduplat.webinars.model import offset_text, timezone_names

_HHMM = re.compile(r"^\s*(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*$")
_DURATION = re.compile(r"^\s*(?P<h>\d{1,4}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*$")
_ISO_DURATION = re.compile(r"^\s*PT(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?\s*$", re.I)


class Clock:
    """The conference's timezone and every time read in it, with warnings about them."""

    def __init__(self, conference: dict[str, object], notes: Notes) -> None:
        self.notes = notes
        self.zone = zoneinfo.ZoneInfo("UTC")
        self.zone_given = True
        self.zone_problem = ""
        self.offsets: dict[str, int] = {}  # offsets the events' own times carry, counted
        self.zone_name = self.timezone(conference)

    def timezone(self, conference: dict[str, object]) -> str:
        """The conference's IANA zone; UTC (with a warning after the events) otherwise."""
        value = conference.get("time_zone_name")
        name = (scalar_text(value) or "").strip()
        if name in timezone_names():
            self.zone = zoneinfo.ZoneInfo(name)
            return name
        self.zone_given = False
        if not name:
            self.zone_problem = "conference: field 'time_zone_name' is missing"
        else:
            suggestion = did_you_mean(name, timezone_names())
            self.zone_problem = (
                f"conference: field 'time_zone_name' {show(value)} is not an IANA timezone"
                + (f" ({suggestion})" if suggestion else "")
            )
        return "UTC"

    def zone_warning(self) -> str:
        """Why the times are in UTC, and the offset the events themselves use."""
        text = f"{self.zone_problem}; wrote the times in UTC, the same instants"
        if self.offsets:
            offset = max(self.offsets, key=self.offsets.__getitem__)
            text += (
                f" (the events give their times at {offset}: to show them as the conference "
                "did, set 'timezone', e.g. Europe/Berlin, and convert the starts)"
            )
        return text

    def start(self, raw: RawEvent, label: str) -> dt.datetime | None:
        """The start instant: from ``date`` (or a hub ``start``), else ``start`` on the day."""
        event = raw.data
        value_date, value_start = event.get("date"), event.get("start")
        moment, key = parse_moment(value_date), "date"
        if moment is None and parse_moment(value_start) is not None:
            moment, key = parse_moment(value_start), "start"
        if moment is None:
            moment, key = self.start_on_day(raw, label), "start"
            if moment is None:
                return None
        if moment.tzinfo is not None:
            offset = offset_text(moment.utcoffset())
            self.offsets[offset] = self.offsets.get(offset, 0) + 1
        else:
            moment, odd, done = resolve_local(moment, self.zone)
            if odd:
                self.notes.warn(label, key, f"{show(event.get(key))} {odd}", done)
        if moment.second or moment.microsecond:
            self.notes.warn(label, key, f"{show(event.get(key))} has seconds", "dropped them")
            moment = moment.replace(second=0, microsecond=0)
        local = moment.astimezone(self.zone)
        clock = clock_time(value_start) if key == "date" else None
        if clock and self.zone_given and clock != local.time():
            self.notes.warn_once(
                "start-mismatch",
                label,
                f"field 'start' {show(value_start)} disagrees with 'date' {show(value_date)} "
                f"({local:%H:%M} in {self.zone.key}); used 'date', the exact instant",
            )
        return moment

    def start_on_day(self, raw: RawEvent, label: str) -> dt.datetime | None:
        """A naive local start from ``start`` ("HH:MM") on the event's or the listed day."""
        value_date, value_start = raw.data.get("date"), raw.data.get("start")
        clock = clock_time(value_start)
        day = day_date(value_date)
        if value_date is not None and day is None:
            if clock is None or raw.day is None:
                problem = f"{show(value_date)} is not a date and time"
                self.notes.warn(label, "date", problem, "skipped the session")
                return None
            problem = f"{show(value_date)} is not a date and time"
            self.notes.warn(label, "date", problem, "used 'start' on the day's date")
        if clock is None:
            if value_start is None:
                self.notes.warn(label, "date", "is missing", "skipped the session")
            else:
                problem = f"{show(value_start)} is not a time like 09:30"
                self.notes.warn(label, "start", problem, "skipped the session")
            return None
        if day is None and raw.day is not None:
            day = raw.day
            opening = raw.day_start
            if opening is not None and opening.tzinfo is not None:
                opening = opening.astimezone(self.zone)
            if opening is not None and clock < opening.time().replace(second=0, microsecond=0):
                day += dt.timedelta(days=1)  # the listed day runs past midnight
        if day is None:
            self.notes.warn(label, "date", "is missing (and no day lists the event)", "skipped it")
            return None
        return dt.datetime.combine(day, clock)

    def duration(self, event: dict[str, object], moment: dt.datetime, label: str) -> int | None:
        value = event.get("duration")
        minutes = duration_minutes(value)
        if minutes is not None and minutes > 0:
            return minutes
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 24 * 60:
            self.notes.warn_once(
                "duration-number",
                label,
                f"field 'duration' {value} is a number, not 'HH:MM'; read it as minutes",
            )
            return value
        end = parse_moment(event.get("end"))
        end_minutes = None
        if end is not None:
            if end.tzinfo is None:
                end = resolve_local(end, self.zone)[0]
            end_minutes = round((end - moment).total_seconds() / 60)
        present = value is not None and value != ""
        if end_minutes is not None and end_minutes > 0:
            if present:
                problem = "is zero" if minutes == 0 else "is not a duration"
                self.notes.warn(label, "duration", f"{show(value)} {problem}", "used 'end'")
            return end_minutes
        if present:
            problem = "is zero" if minutes == 0 else "is not a duration"
            self.notes.warn(label, "duration", f"{show(value)} {problem}", "skipped the session")
        elif "end" in event:
            self.notes.warn(
                label,
                "end",
                f"{show(event.get('end'))} is not a time after the start",
                "skipped the session",
            )
        else:
            self.notes.warn(label, "duration", "is missing", "skipped the session")
        return None

    def length(self, moment: dt.datetime, minutes: int, label: str) -> dict[str, object]:
        """``duration``, or ``end`` when the clocks change during the session.

        The loader adds a duration to the local start on the wall clock, so across a DST
        change the end would be an hour off; a local ``end`` keeps the exact instant.
        """
        start = moment.astimezone(self.zone)
        end = (moment.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(self.zone)
        if start.utcoffset() == end.utcoffset():
            return {"duration": minutes}
        if end.replace(tzinfo=None) > start.replace(tzinfo=None):
            return {"end": local_text(end, self.zone)}
        # Ends inside the repeated hour, before the start on the wall clock: the loader
        # would refuse that 'end', so keep the duration and say what it will mean.
        self.notes.warn(
            label,
            "duration",
            f"{minutes} minutes end at {end:%H:%M} ({offset_text(end.utcoffset())}), before the "
            "start on the wall clock, as the clocks go back",
            "wrote the duration; the site will show it ending an hour late",
        )
        return {"duration": minutes}


def parse_moment(value: object) -> dt.datetime | None:
    """An ISO date and time (``2019-08-21T11:00:00+02:00``; naive when without offset)."""
    text = scalar_text(value)
    if text is None or not re.match(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d", text):
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def resolve_local(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, str, str]:
    """A wall-clock time in ``zone`` → an instant, plus what was odd and what was done."""
    early = naive.replace(tzinfo=zone, fold=0)
    late = naive.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early, "", ""
    moved = early.astimezone(dt.UTC).astimezone(zone)
    if moved.replace(tzinfo=None) != naive:
        return (
            moved,
            f"does not exist in {zone.key} (clocks jump forward)",
            f"used {moved:%H:%M}, the time after the change",
        )
    return (
        early,
        f"happens twice in {zone.key} (clocks go back)",
        f"took the first ({offset_text(early.utcoffset())}) and wrote the offset",
    )


def local_text(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """How the loader wants a start: local time, with the offset only in a DST fold."""
    local = moment.astimezone(zone)
    naive = local.replace(tzinfo=None)
    early = naive.replace(tzinfo=zone, fold=0).utcoffset()
    late = naive.replace(tzinfo=zone, fold=1).utcoffset()
    if early != late:
        return f"{naive:%Y-%m-%dT%H:%M}{offset_text(local.utcoffset())}"
    return f"{naive:%Y-%m-%d %H:%M}"


def duration_minutes(value: object) -> int | None:
    """Minutes of ``"HH:MM"`` (or ``"HH:MM:SS"``, ``"PT1H30M"``); None when unreadable."""
    text = scalar_text(value)
    if text is None:
        return None
    match = _DURATION.match(text) or _ISO_DURATION.match(text)
    if not match or not any(match.groupdict().values()):
        return None
    hours, minutes, seconds = (int(match.group(g) or 0) for g in ("h", "m", "s"))
    return hours * 60 + minutes + (1 if seconds >= 30 else 0)


def clock_time(value: object) -> dt.time | None:
    """The time of ``"HH:MM"`` (seconds allowed), or None."""
    match = _HHMM.match(scalar_text(value) or "")
    if match is None or int(match.group("h")) > 23:
        return None
    return dt.time(int(match.group("h")), int(match.group("m")), int(match.group("s") or 0))


def day_date(value: object) -> dt.date | None:
    text = scalar_text(value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None

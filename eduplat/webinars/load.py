"""Loading ``webinars.yml`` (or ``webinars/*.yml``), with validation.

Every problem names ``file:line`` and the session: unknown timezones (with a suggestion),
local times that do not exist (clocks jump forward) or happen twice (clocks go back: give
the offset), end before start, duplicate ids, bad URLs, series without occurrences.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eduplat.errors import SourceError, did_you_mean
from eduplat.media.load import caption_files, chapter_spec, load_chapters, load_tracks
from eduplat.webinars.model import (
    AUDIENCES,
    FREQUENCIES,
    STATUSES,
    WEEKDAYS,
    Override,
    Presenter,
    Recurrence,
    Session,
    offset_text,
    timezone_names,
)
from eduplat.webinars.paths import discover_schedule_files, schedule_path
from eduplat.yamlutil import Fields, LineDict, check_keys, is_blank, load_yaml, one_line

__all__ = [
    "Schedule",
    "discover_schedule_files",
    "load_schedule",
    "schedule_path",
    "unknown_related",
]

_DURATION = re.compile(r"^\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*$")
_FILE_KEYS = ("timezone", "organizer", "sessions")
_SESSION_KEYS = (
    "id", "title", "abstract", "start", "end", "duration", "timezone", "presenters",
    "language", "level", "audience", "tags", "registration", "join", "capacity", "status",
    "previous_start", "repeat", "recording", "slides", "tutorials", "quizzes", "captions",
    "chapters",
)  # fmt: skip
_REPEAT_KEYS = ("frequency", "interval", "count", "until", "weekdays", "skip", "overrides")
_OVERRIDE_KEYS = (
    "date", "start", "duration", "status", "title", "recording", "slides", "captions", "chapters",
)  # fmt: skip
_PRESENTER_KEYS = ("name", "bio", "url", "avatar")
_ORGANIZER_KEYS = ("name", "url")
_LEVELS = ("beginner", "intermediate", "advanced")


class Schedule:
    """All sessions of a site, with the organiser."""

    def __init__(
        self, sessions: Iterable[Session], organizer: dict[str, str], files: Iterable[Path]
    ) -> None:
        self.sessions = sorted(sessions, key=lambda s: (s.start, s.id))
        self.organizer = organizer
        self.files = list(files)

    def by_id(self) -> dict[str, Session]:
        """Sessions by id."""
        return {s.id: s for s in self.sessions}


def unknown_related(
    session: Session, kind: str, item: str, known: Iterable[str] | None = None
) -> SourceError:
    """The error for a related tutorial or quiz that does not exist (``eduplat check`` and
    the build say the same); ``known`` (the ids there are) adds a suggestion."""
    hint = f"use the {kind}'s id (its file name without the suffix)"
    if known is not None:
        ids = sorted(known)
        hint = did_you_mean(item, ids) or f"{hint}; {kind} ids: {', '.join(ids) or 'none'}"
    return SourceError(
        session.path,
        f"session '{session.id}': related {kind} '{item}' does not exist",
        line=session.line,
        hint=hint,
    )


def load_schedule(files: Iterable[Path]) -> Schedule:
    """Load and validate every schedule file; session ids must be unique across them."""
    sessions: list[Session] = []
    organizer: dict[str, str] = {}
    seen: dict[str, Session] = {}
    paths = list(files)
    for path in paths:
        loader = _Loader(path)
        file_sessions, file_organizer = loader.load()
        organizer = organizer or file_organizer
        for session in file_sessions:
            if session.id in seen:
                first = seen[session.id]
                raise SourceError(
                    path,
                    f"duplicate session id '{session.id}' "
                    f"(first at {first.path.name}:{first.line})",
                    line=session.line,
                    hint="ids must be unique: they are page URLs and calendar UIDs",
                )
            seen[session.id] = session
            sessions.append(session)
    return Schedule(sessions, organizer, paths)


class _Loader(Fields):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.default_zone = "UTC"

    def media(self, data: LineDict, where: str, *, session: bool = True) -> dict[str, Any]:
        """``captions:`` and ``chapters:`` of a recording (files relative to this file,
        read and checked now: a missing or malformed one stops the build here)."""
        captions = caption_files(self, data, where)
        chapters = chapter_spec(self, data, where)
        if session and (captions or chapters) and not data.get("recording"):
            key = "captions" if captions else "chapters"
            raise self.error(
                data.line_of(key),
                f"{where}: '{key}' without a 'recording'",
                "add the recording they belong to, or remove them",
            )
        load_tracks(captions, self.path.parent, (self.path, data.line_of("captions")))
        load_chapters(chapters, self.path.parent, (self.path, data.line_of("chapters")))
        return {"captions": captions, "chapters": chapters}

    def zone(self, data: LineDict, where: str) -> str:
        name = self.text(data, "timezone", where, defaulted=True) or self.default_zone
        if name not in timezone_names():
            suggestion = did_you_mean(name, timezone_names())
            raise self.error(
                data.line_of("timezone"),
                f"{where}: unknown timezone '{name}'",
                suggestion or "use an IANA name such as Europe/Berlin or Asia/Shanghai",
            )
        return name

    def load(self) -> tuple[list[Session], dict[str, str]]:
        data = self.mapping(load_yaml(self.path), 1, "a webinar schedule")
        check_keys(self.path, data, _FILE_KEYS, "schedule")
        self.default_zone = self.zone(data, "schedule")
        organizer: dict[str, str] = {}
        if "organizer" in data:
            raw = self.mapping(data["organizer"], data.line_of("organizer"), "organizer")
            check_keys(self.path, raw, _ORGANIZER_KEYS, "organizer")
            organizer = {
                "name": self.text(raw, "name", "organizer"),
                "url": self.url(raw, "url", "organizer"),
            }
        raw_sessions = self.items(data, "sessions", "schedule")
        sessions = [
            self.session(item, raw_sessions.line_of(i), i + 1)
            for i, item in enumerate(raw_sessions)
        ]
        return sessions, organizer

    # -- times ---------------------------------------------------------------------------
    def local_time(
        self, value: Any, zone_name: str, line: int, where: str, key: str
    ) -> dt.datetime:
        """A wall-clock time in ``zone_name`` → an aware datetime, refusing DST gaps and
        requiring an explicit offset in DST folds."""
        if is_blank(value):
            raise self.error(line, f"{where}: '{key}' is empty", "give a date and a time")
        if isinstance(value, dt.datetime):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                raise self.error(
                    line,
                    f"{where}: '{key}' is not a date and time: {value!r}",
                    "write it like 2026-12-01 19:30 (local time in the session's timezone)",
                ) from None
        else:
            raise self.error(
                line,
                f"{where}: '{key}' needs a date and a time, e.g. 2026-12-01 19:30",
            )
        zone = zoneinfo.ZoneInfo(zone_name)
        offset = parsed.utcoffset()
        naive = parsed.replace(tzinfo=None)
        early, late = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
        if early.utcoffset() == late.utcoffset():
            if offset is not None and offset != early.utcoffset():
                raise self.error(
                    line,
                    f"{where}: offset {offset_text(offset)} does not match {zone_name} "
                    f"({offset_text(early.utcoffset())}) at {naive:%Y-%m-%d %H:%M}",
                    "write the local time without an offset",
                )
            return early
        roundtrip = early.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
        if roundtrip != naive:
            raise self.error(
                line,
                f"{where}: {naive:%Y-%m-%d %H:%M} does not exist in {zone_name} "
                "(clocks jump forward that night)",
                "pick a time outside the gap, e.g. one hour later",
            )
        for candidate in (early, late):
            if offset is not None and candidate.utcoffset() == offset:
                return candidate
        raise self.error(
            line,
            f"{where}: {naive:%Y-%m-%d %H:%M} happens twice in {zone_name} "
            "(clocks go back that night)",
            f"add the offset to say which: {naive:%Y-%m-%dT%H:%M}{offset_text(early.utcoffset())} "
            f"or {naive:%Y-%m-%dT%H:%M}{offset_text(late.utcoffset())}",
        )

    def duration(self, value: Any, line: int, where: str) -> dt.timedelta:
        if is_blank(value):
            raise self.error(line, f"{where}: 'duration' is empty", "give minutes, e.g. 90")
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return dt.timedelta(minutes=value)
        match = _DURATION.match(str(value)) if isinstance(value, str) else None
        if match and (match.group("h") or match.group("m")):
            minutes = int(match.group("h") or 0) * 60 + int(match.group("m") or 0)
            if minutes > 0:
                return dt.timedelta(minutes=minutes)
        raise self.error(
            line,
            f"{where}: 'duration' must be minutes (e.g. 90) or like '1h30m', not {value!r}",
        )

    def date(self, value: Any, line: int, where: str) -> dt.date:
        if is_blank(value):
            raise self.error(line, f"{where}: a date is empty", "give a date like 2026-12-01")
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.error(line, f"{where}: {value!r} is not a date like 2026-12-01")

    # -- a session -------------------------------------------------------------------------
    def session(self, raw: Any, line: int, number: int) -> Session:
        data = self.mapping(raw, line, f"session {number}")
        sid = self.slug(data, "id", f"session {number}", required=True)
        where = f"session '{sid}'"
        check_keys(self.path, data, _SESSION_KEYS, where)
        zone_name = self.zone(data, where)
        if "start" not in data:
            raise self.error(data.line, f"{where}: 'start' is missing")
        start = self.local_time(data["start"], zone_name, data.line_of("start"), where, "start")
        if "end" in data and "duration" in data:
            raise self.error(data.line_of("end"), f"{where}: give 'end' or 'duration', not both")
        if "end" in data:
            end = self.local_time(data["end"], zone_name, data.line_of("end"), where, "end")
        elif "duration" in data:
            end = start + self.duration(data["duration"], data.line_of("duration"), where)
        else:
            raise self.error(data.line, f"{where}: give 'duration' (minutes) or 'end'")
        if end <= start:
            raise self.error(
                data.line_of("end"),
                f"{where}: ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})",
                "check the dates; 'end' is a local time in the same timezone",
            )
        status = self.choice(data, "status", where, STATUSES) or "scheduled"
        previous_start = None
        if "previous_start" in data:
            line = data.line_of("previous_start")
            previous_start = self.local_time(
                data["previous_start"], zone_name, line, where, "previous_start"
            )
            if previous_start == start:
                raise self.error(
                    line,
                    f"{where}: 'previous_start' is the same as 'start'",
                    "'previous_start' is the time first announced; 'start' is the new time",
                )
            if "repeat" in data:
                raise self.error(
                    line,
                    f"{where}: a series cannot have 'previous_start'",
                    "to move one meeting of a series, give it an override with 'date' and 'start'",
                )
        level = self.choice(data, "level", where, _LEVELS) or ""
        audience = self.strings(data, "audience", where)
        for item in audience:
            if item not in AUDIENCES:
                raise self.error(
                    data.line_of("audience"),
                    f"{where}: unknown audience '{item}'",
                    did_you_mean(item, AUDIENCES) or f"use: {', '.join(AUDIENCES)}",
                )
        capacity = self.whole(data, "capacity", where, positive=True)
        session = Session(
            id=sid,
            title=self.text(data, "title", where, required=True),
            start=start,
            end=end,
            timezone=zone_name,
            abstract=self.text(data, "abstract", where, multiline=True),
            presenters=self.presenters(data, where),
            language=self.text(data, "language", where),
            level=level,
            audience=audience,
            tags=self.strings(data, "tags", where),
            registration=self.url(data, "registration", where),
            join=self.url(data, "join", where),
            capacity=capacity,
            status=status,
            previous_start=previous_start,
            recurrence=self.recurrence(data, where, zone_name, start) if "repeat" in data else None,
            recording=self.url(data, "recording", where),
            slides=self.url(data, "slides", where),
            **self.media(data, where),
            tutorials=self.strings(data, "tutorials", where),
            quizzes=self.strings(data, "quizzes", where),
            path=self.path,
            line=data.line,
        )
        if session.recurrence is not None:
            self.check_series(session, data)
        return session

    def presenters(self, data: LineDict, where: str) -> tuple[Presenter, ...]:
        raw = self.items(data, "presenters", where)
        result = []
        for index, item in enumerate(raw):
            pwhere = f"{where}, presenter {index + 1}"
            line = raw.line_of(index)
            if isinstance(item, str) or item is None:
                if item is None or is_blank(item):
                    raise self.error(line, f"{pwhere}: the name is empty", "give a name")
                result.append(
                    Presenter(name=one_line(self.path, item.strip(), f"{pwhere}: name", line))
                )
                continue
            entry = self.mapping(item, line, pwhere)
            check_keys(self.path, entry, _PRESENTER_KEYS, pwhere)
            result.append(
                Presenter(
                    name=self.text(entry, "name", pwhere, required=True),
                    bio=self.text(entry, "bio", pwhere, multiline=True),
                    url=self.url(entry, "url", pwhere),
                    avatar=self.url(entry, "avatar", pwhere),
                )
            )
        return tuple(result)

    def recurrence(
        self, data: LineDict, where: str, zone_name: str, start: dt.datetime
    ) -> Recurrence:
        raw = self.mapping(data["repeat"], data.line_of("repeat"), f"{where}: 'repeat'")
        rwhere = f"{where}, repeat"
        check_keys(self.path, raw, _REPEAT_KEYS, rwhere)
        frequency = self.choice(raw, "frequency", rwhere, FREQUENCIES) or "weekly"
        interval = self.whole(raw, "interval", rwhere, positive=True) or 1
        count = self.whole(raw, "count", rwhere, positive=True)
        until = self.date(raw["until"], raw.line_of("until"), rwhere) if "until" in raw else None
        if count is None and until is None:
            raise self.error(
                raw.line,
                f"{rwhere}: give 'count' or 'until', so the series ends",
                "e.g. 'count: 8' or 'until: 2027-03-31'",
            )
        if count is not None and until is not None:
            raise self.error(raw.line_of("until"), f"{rwhere}: give 'count' or 'until', not both")
        weekdays = tuple(day.upper() for day in self.strings(raw, "weekdays", rwhere))
        for day in weekdays:
            if day not in WEEKDAYS:
                raise self.error(
                    raw.line_of("weekdays"),
                    f"{rwhere}: unknown weekday '{day}'",
                    f"use two-letter days: {', '.join(WEEKDAYS)}",
                )
        skip_raw = self.items(raw, "skip", rwhere)
        skip = tuple(self.date(v, skip_raw.line_of(i), rwhere) for i, v in enumerate(skip_raw))
        overrides = []
        raw_overrides = self.items(raw, "overrides", rwhere)
        for index, item in enumerate(raw_overrides):
            line = raw_overrides.line_of(index)
            owhere = f"{rwhere}, override {index + 1}"
            entry = self.mapping(item, line, owhere)
            check_keys(self.path, entry, _OVERRIDE_KEYS, owhere)
            if "date" not in entry:
                raise self.error(entry.line, f"{owhere}: 'date' (the planned date) is missing")
            status = self.choice(entry, "status", owhere, STATUSES)
            overrides.append(
                Override(
                    date=self.date(entry["date"], entry.line_of("date"), owhere),
                    start=self.local_time(
                        entry["start"], zone_name, entry.line_of("start"), owhere, "start"
                    )
                    if "start" in entry
                    else None,
                    duration=self.duration(entry["duration"], entry.line_of("duration"), owhere)
                    if "duration" in entry
                    else None,
                    status=status,
                    title=self.text(entry, "title", owhere, defaulted=True),
                    recording=self.url(entry, "recording", owhere),
                    slides=self.url(entry, "slides", owhere),
                    **self.media(entry, owhere, session=False),
                )
            )
        return Recurrence(
            frequency=frequency,  # type: ignore[arg-type]
            interval=interval,
            count=count,
            until=until,
            weekdays=weekdays,
            skip=skip,
            overrides=tuple(overrides),
        )

    def check_series(self, session: Session, data: LineDict) -> None:
        assert session.recurrence is not None
        raw = data["repeat"]
        planned = [naive.date() for naive in session.recurrence.rule(session.start)]
        for override in session.recurrence.overrides:
            if override.date not in planned:
                raise self.error(
                    raw.line_of("overrides"),
                    f"session '{session.id}': override for {override.date} matches no date "
                    "of the series",
                    "'date' is the date the series planned, before any change",
                )
        occurrences = session.occurrences()
        if not occurrences:
            raise self.error(
                raw.line,
                f"session '{session.id}': the repeat rule yields no session",
                "check 'until', 'count', 'weekdays' and 'skip'",
            )
        for occurrence in occurrences:
            wall = occurrence.start.replace(tzinfo=None)
            roundtrip = occurrence.start.astimezone(dt.UTC).astimezone(session.zone)
            if roundtrip.replace(tzinfo=None) != wall:
                raise self.error(
                    raw.line,
                    f"session '{session.id}': the series falls on {wall:%Y-%m-%d %H:%M}, "
                    f"which does not exist in {session.timezone} (clocks jump forward)",
                    "skip that date, or move that occurrence with an override",
                )

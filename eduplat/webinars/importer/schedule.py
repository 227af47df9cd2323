"""The import itself: find the events of an export and map each one to a session.

This module walks the export and assembles each session; what a field means is decided by
the module of its concern: :mod:`.times` (zone, start, length), :mod:`.people`
(presenters), :mod:`.media` (recording, slides) and :mod:`.text` (titles, abstracts,
languages). All of them report into one :class:`~.values.Notes`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eduplat.errors import SourceError
from eduplat.textio import read_text
from eduplat.webinars.importer.media import media
from eduplat.webinars.importer.people import PERSON_KEYS, People
from eduplat.webinars.importer.text import abstract, language, one_line
from eduplat.webinars.importer.times import Clock, day_date, local_text, parse_moment
from eduplat.webinars.importer.values import (
    Notes,
    RawEvent,
    as_dict,
    scalar_text,
    show,
    slug,
    web_url,
)

_EXPORT_HINT = (
    "export the schedule as JSON: pretalx …/<event>/schedule/export/schedule.json, "
    "frab …/<conference>/schedule.json"
)
# Fields of an event in the c3voc schema (version 1), plus the hub's ``participants``.
_EVENT_KEYS = frozenset({
    "guid", "code", "id", "logo", "date", "start", "end", "duration", "room", "slug", "url",
    "title", "subtitle", "track", "type", "language", "abstract", "description",
    "recording_license", "do_not_record", "do_not_stream", "persons", "participants", "links",
    "feedback_url", "origin_url", "attachments",
})  # fmt: skip
_STATUS_MARKER = re.compile(
    r"^\s*[\[(]?\s*(?P<word>cancel+ed|abgesagt|entfällt|f[äa]llt aus|postponed|verschoben)"
    r"\s*[\])]?\s*(?:[:!\-–—|]+\s*)?",
    re.IGNORECASE,
)
_POSTPONED = ("postponed", "verschoben")


@dataclass(frozen=True)
class ImportResult:
    """What an import produced.

    Attributes:
        yaml_text: A complete ``webinars.yml`` document.
        warnings: Everything the importer could not understand, one sentence each, naming
            the event and the field.
        events: Events found in the export.
        sessions: Sessions written (events minus the skipped ones).
    """

    yaml_text: str
    warnings: list[str] = field(default_factory=list)
    events: int = 0
    sessions: int = 0


def import_schedule(path: Path) -> ImportResult:
    """Convert a frab or pretalx ``schedule.json`` file into ``webinars.yml`` text.

    Args:
        path: The exported JSON file.

    Returns:
        The YAML document and the warnings.

    Raises:
        SourceError: The file cannot be read, is not UTF-8, not JSON, or not a schedule.
    """
    try:
        text = read_text(path)
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    return import_schedule_text(text, path)


def import_schedule_text(text: str, path: Path) -> ImportResult:
    """Convert the text of a ``schedule.json`` export; ``path`` is only used in messages.

    Raises:
        SourceError: The text is not JSON, or not a schedule.
    """
    data = _parse_json(text, path)
    return _Importer(path, _find_schedule(data, path)).run()


def _parse_json(text: str, path: Path) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "check the brackets, commas and quotes around this place"
        if text.lstrip().startswith("<"):
            hint = "this looks like XML; " + _EXPORT_HINT
        raise SourceError(
            path, f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno, hint=hint
        ) from exc
    except (ValueError, RecursionError) as exc:  # numbers too long, nesting too deep
        raise SourceError(path, f"not valid JSON: {exc}", hint=_EXPORT_HINT) from exc


def _find_schedule(data: object, path: Path) -> dict[str, object]:
    schedule: dict[str, object] | None = None
    if isinstance(data, dict):
        if isinstance(data.get("schedule"), dict):
            schedule = data["schedule"]
        elif isinstance(data.get("conference"), dict):
            schedule = data
    if schedule is None:
        raise SourceError(
            path,
            "not a frab/pretalx schedule: there is no 'schedule' object at the top",
            hint=_EXPORT_HINT,
        )
    conference = schedule.get("conference")
    if not isinstance(conference, dict):
        raise SourceError(
            path,
            "not a frab/pretalx schedule: 'schedule' has no 'conference' object",
            hint=_EXPORT_HINT,
        )
    has_days = isinstance(conference.get("days"), list)
    if not has_days and not isinstance(schedule.get("events"), list):
        raise SourceError(
            path,
            "not a frab/pretalx schedule: the conference has no 'days' and there is no "
            "'events' list",
            hint=_EXPORT_HINT,
        )
    return schedule


@dataclass
class _Mapped:
    moment: dt.datetime
    number: int
    entry: dict[str, object]


class _Importer:
    def __init__(self, path: Path, schedule: dict[str, object]) -> None:
        self.path = path
        self.schedule = schedule
        self.conference: dict[str, object] = as_dict(schedule.get("conference")) or {}
        self.base_url = web_url(schedule.get("base_url"))
        self.notes = Notes()
        self.found = 0  # events in the export, objects or not
        self.clock = Clock(self.conference, self.notes)
        self.people = People(schedule, self.base_url, self.notes)
        self.tracks: dict[str, str] = {}
        tracks = self.conference.get("tracks")
        for track in tracks if isinstance(tracks, list) else []:
            entry = as_dict(track)
            if entry and scalar_text(entry.get("slug")) and scalar_text(entry.get("name")):
                self.tracks[str(entry["slug"])] = str(entry["name"])

    # -- the whole file ----------------------------------------------------------------------
    def run(self) -> ImportResult:
        clock = self.clock
        raw_events = list(self.events())
        used_ids: set[str] = set()
        mapped = [m for raw in raw_events if (m := self.session(raw, used_ids)) is not None]
        mapped.sort(key=lambda m: (m.moment, m.number))
        if not self.found:
            self.notes.add("the schedule has no events; wrote an empty list of sessions")
        if not clock.zone_given:
            self.notes.warnings.insert(0, clock.zone_warning())
        document: dict[str, object] = {"timezone": clock.zone_name}
        organizer = self.organizer()
        if organizer:
            document["organizer"] = organizer
        document["sessions"] = [m.entry for m in mapped]
        title = one_line(scalar_text(self.conference.get("title")) or "")
        source = one_line(self.path.name)
        header = f"# Imported from {source}" + (f" ({title})" if title else "")
        header += " by `eduplat webinars import`.\n"
        return ImportResult(
            yaml_text=header + _dump(document),
            warnings=self.notes.all_warnings(),
            events=self.found,
            sessions=len(mapped),
        )

    def organizer(self) -> dict[str, str]:
        name = one_line(scalar_text(self.conference.get("title")) or "")
        name = name or one_line(scalar_text(self.conference.get("acronym")) or "")
        if not name:
            return {}
        url = web_url(self.conference.get("url")) or self.base_url
        return {"name": name, "url": url} if url else {"name": name}

    def events(self) -> Iterator[RawEvent]:
        days = self.conference.get("days")
        day_list = days if isinstance(days, list) else []
        has_rooms = any(isinstance(d, dict) and "rooms" in d for d in day_list)
        flat = self.schedule.get("events")
        if has_rooms or not isinstance(flat, list):
            for day_number, day in enumerate(day_list, start=1):
                day_data = as_dict(day)
                if day_data is None:
                    self.notes.add(f"day {day_number} is not an object; skipped it")
                    continue
                listed_day = day_date(day_data.get("date"))
                day_start = parse_moment(day_data.get("day_start") or day_data.get("start"))
                rooms = day_data.get("rooms")
                if not isinstance(rooms, dict):
                    if rooms is not None:
                        self.notes.add(
                            f"day {day_number}: field 'rooms' is not an object; skipped the day"
                        )
                    continue
                for room, room_events in rooms.items():
                    if not isinstance(room_events, list):
                        where = f"day {day_number}, room '{one_line(str(room))}'"
                        self.notes.add(f"{where} is not a list of events; skipped the room")
                        continue
                    for event in room_events:
                        self.found += 1
                        yield from self.raw_event(event, listed_day, day_start, room)
            if isinstance(flat, list) and flat:
                self.notes.add(
                    "schedule: field 'events' is ignored because the days list events by room"
                )
            return
        for event in flat:
            self.found += 1
            yield from self.raw_event(event, None, None, "")

    def raw_event(
        self,
        event: object,
        day: dt.date | None,
        day_start: dt.datetime | None,
        room: str,
    ) -> Iterator[RawEvent]:
        data = as_dict(event)
        if data is None:
            shown = show(event)
            self.notes.add(f"event #{self.found} is not an object ({shown}); skipped it")
            return
        yield RawEvent(data, self.found, day, day_start, room)

    # -- one event -------------------------------------------------------------------------
    def session(self, raw: RawEvent, used_ids: set[str]) -> _Mapped | None:
        event = raw.data
        clock = self.clock
        raw_title = scalar_text(event.get("title")) or ""
        title = one_line(raw_title)
        ref = next(
            (
                text.strip()
                for key in ("guid", "slug", "id", "code")
                if (text := scalar_text(event.get(key))) and text.strip()
            ),
            f"#{raw.number}",
        )
        short = title if len(title) <= 60 else title[:59].rstrip() + "…"
        label = f"event '{one_line(ref)}'" + (f" ({short})" if short else "")
        self.check_fields(event, label)

        if not title:
            problem = (
                "is missing"
                if "title" not in event
                else f"{show(event.get('title'))} is empty or not text"
            )
            self.notes.warn(label, "title", problem, "skipped the session")
            return None
        status = "scheduled"
        marked = _STATUS_MARKER.match(title)
        if marked:
            status = "postponed" if marked.group("word").lower() in _POSTPONED else "cancelled"
            title = title[marked.end() :].strip() or title
        event_type = one_line(scalar_text(event.get("type")) or "")
        if re.search(r"cancel|abgesagt", event_type, re.IGNORECASE):
            status = "cancelled"
        subtitle = one_line(scalar_text(event.get("subtitle")) or "")
        if subtitle:
            joiner = " " if title.endswith((":", "–", "—", "-", "|", "!", "?", ".")) else ": "
            title = f"{title}{joiner}{subtitle}"

        moment = clock.start(raw, label)
        if moment is None:
            return None
        minutes = clock.duration(event, moment, label)
        if minutes is None:
            return None

        entry: dict[str, object] = {
            "id": self.session_id(event, title, label, used_ids),
            "title": title,
            "start": local_text(moment, clock.zone),
            **clock.length(moment, minutes, label),
            "timezone": clock.zone.key,
        }
        spoken = language(event, label, self.notes)
        if spoken:
            entry["language"] = spoken
        if status != "scheduled":
            entry["status"] = status
        tags = self.tags(event, event_type)
        if tags:
            entry["tags"] = tags
        presenters = self.people.presenters(event, label)
        if presenters:
            entry["presenters"] = presenters
        recording, slides = media(event, label, self.base_url, self.notes)
        if recording:
            entry["recording"] = recording
        if slides:
            entry["slides"] = slides
        summary = abstract(event, label, self.base_url, self.notes)
        if summary:
            entry["abstract"] = summary
        return _Mapped(moment, raw.number, entry)

    def check_fields(self, event: dict[str, object], label: str) -> None:
        for key in event:
            if key not in _EVENT_KEYS:
                self.notes.warn_once(
                    f"key:{key}",
                    label,
                    f"field '{one_line(str(key))}' is not part of the schedule format; ignored",
                )
        event_id = event.get("id")
        if event_id is not None and (isinstance(event_id, bool) or not isinstance(event_id, int)):
            self.notes.warn_once(
                "id-type",
                label,
                f"field 'id' {show(event_id)} should be a number; used only to name the event",
            )
        persons = event.get("persons")
        for person in persons if isinstance(persons, list) else []:
            for key in person if isinstance(person, dict) else []:
                if key not in PERSON_KEYS:
                    self.notes.warn_once(
                        f"person-key:{key}",
                        label,
                        f"field 'persons.{one_line(str(key))}' is not part of the schedule "
                        "format; ignored",
                    )

    def session_id(self, event: dict[str, object], title: str, label: str, used: set[str]) -> str:
        slug_value = scalar_text(event.get("slug")) or ""
        base = slug(slug_value)
        if not base:
            number = slug(scalar_text(event.get("id")) or scalar_text(event.get("code")) or "")
            stem = slug(title)[:60].rstrip("-_")
            base = "-".join(part for part in (stem, number) if part)
            if not base:
                base = slug(scalar_text(event.get("guid")) or "") or "session"
            if slug_value.strip():
                self.notes.warn(
                    label, "slug", f"{show(slug_value)} has no letters or digits", f"used '{base}'"
                )
        session_id = base
        suffix = 1
        while session_id in used:
            suffix += 1
            session_id = f"{base}-{suffix}"
        if suffix > 1:
            self.notes.warn(
                label,
                "slug",
                f"'{base}' is the id of an earlier event too",
                f"wrote id '{session_id}'",
            )
        used.add(session_id)
        return session_id

    def tags(self, event: dict[str, object], event_type: str) -> list[str]:
        tags: list[str] = []
        track = event.get("track")
        track_data = as_dict(track)
        if track_data is not None:
            track_slug = scalar_text(track_data.get("slug")) or ""
            name = scalar_text(track_data.get("name")) or self.tracks.get(track_slug, track_slug)
        else:
            name = scalar_text(track) or ""
        for tag in (one_line(name), event_type.lower() if event_type.isupper() else event_type):
            if tag and tag.lower() not in {t.lower() for t in tags}:
                tags.append(tag)
        return tags


class _Dumper(yaml.SafeDumper):
    """Safe YAML, lists indented under their key, multi-line text as ``|`` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def _dump(document: dict[str, object]) -> str:
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # long titles and URLs stay on one line
    )

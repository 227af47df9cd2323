"""What calendars need to remember between builds: SEQUENCE and DTSTAMP per session.

Calendar apps apply an update only when its SEQUENCE is higher, and a static site has no
memory, so eduplat keeps ``webinars.history.json`` next to the schedule: per session a
fingerprint of its times, the sequence number and when they last changed. Builds update it
when a session's time changes; commit it with the schedule. Identical builds read the same
history, so they write byte-identical calendars.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eduplat.textio import read_text
from eduplat.webinars.model import Session

__all__ = ["History", "Revision", "fingerprint"]

HISTORY_NAME = "webinars.history.json"


@dataclass(frozen=True)
class Revision:
    """A session's calendar revision: SEQUENCE and the time of its last change (DTSTAMP)."""

    sequence: int
    changed: dt.datetime


def fingerprint(session: Session) -> str:
    """Hash of everything that moves a session in a calendar (times, series, status)."""
    recurrence = session.recurrence
    data: dict[str, Any] = {
        "start": session.start.isoformat(),
        "end": session.end.isoformat(),
        "timezone": session.timezone,
        "status": session.status,
    }
    if recurrence is not None:
        data["rule"] = recurrence.rrule_text()
        data["until"] = recurrence.until.isoformat() if recurrence.until else None
        data["skip"] = [d.isoformat() for d in recurrence.skip]
        data["overrides"] = [
            [
                o.date.isoformat(),
                o.start.isoformat() if o.start else None,
                str(o.duration),
                o.status,
            ]
            for o in recurrence.overrides
        ]
    payload = json.dumps(data, sort_keys=True).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:16]


class History:
    """The history file, read once and written back only when something changed."""

    def __init__(self, path: Path, now: dt.datetime | None = None) -> None:
        self.path = path
        self.now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            # Not UTF-8 is the user's to fix (SourceError): starting over would reset SEQUENCE.
            data = json.loads(read_text(path))
            if isinstance(data, dict) and isinstance(data.get("sessions"), dict):
                self.entries = data["sessions"]
        except (OSError, ValueError):
            self.entries = {}  # missing or unreadable: start a new history

    def revision(self, session: Session) -> Revision:
        """The session's revision, bumping it when its times changed since last recorded."""
        current = fingerprint(session)
        entry = self.entries.get(session.id)
        try:
            if entry is not None and entry["fingerprint"] == current:
                return Revision(int(entry["sequence"]), dt.datetime.fromisoformat(entry["changed"]))
            sequence = int(entry["sequence"]) + 1 if entry is not None else 0
        except (KeyError, TypeError, ValueError):
            sequence = 0
        self.entries[session.id] = {
            "fingerprint": current,
            "sequence": sequence,
            "changed": self.now.isoformat(),
        }
        self.changed = True
        return Revision(sequence, self.now)

    def save(self) -> bool:
        """Write the file if anything changed (atomically); True when written."""
        if not self.changed:
            return False
        payload = {
            "about": "eduplat keeps calendar SEQUENCE and DTSTAMP here; commit this file.",
            "sessions": dict(sorted(self.entries.items())),
        }
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
        tmp.replace(self.path)
        self.changed = False
        return True

"""People of an imported schedule: an event's presenters, with the schedule's own persons.

frab lists presenters under ``persons``, the hub under ``participants`` with a role (only
presenting roles count); a person may be a name, an object, or a ``guid`` that points to the
schedule's top-level ``persons`` list, whose fields fill in what the event leaves out.
"""

from __future__ import annotations

from eduplat.webinars.importer.text import html_to_markdown, one_line
from eduplat.webinars.importer.values import Notes, as_dict, scalar_text, show, web_url

PERSON_KEYS = frozenset({
    "id", "guid", "code", "name", "public_name", "full_name", "url", "links", "avatar",
    "biography", "role",
})  # fmt: skip
# Participants of a hub event with these roles present it; others (e.g. CONTRIBUTOR) do not.
_PRESENTING_ROLES = frozenset({"", "speaker", "moderator", "host", "presenter"})


class People:
    """Presenters of events, looked up in the schedule's ``persons`` by ``guid``."""

    def __init__(self, schedule: dict[str, object], base_url: str, notes: Notes) -> None:
        self.notes = notes
        self.base_url = base_url
        self.persons: dict[str, dict[str, object]] = {}
        persons = schedule.get("persons")
        for person in persons if isinstance(persons, list) else []:
            entry = as_dict(person)
            guid = scalar_text(entry.get("guid")) if entry else None
            if entry and guid:
                self.persons[guid] = entry

    def presenters(self, event: dict[str, object], label: str) -> list[dict[str, str]]:
        people = event.get("participants")
        key = "participants"
        if not isinstance(people, list):
            people, key = event.get("persons"), "persons"
        if people is None:
            return []
        if not isinstance(people, list):
            self.notes.warn(label, key, f"{show(people)} is not a list", "no presenters")
            return []
        presenters = []
        for index, person in enumerate(people, start=1):
            if isinstance(person, str) and one_line(person):
                presenters.append({"name": one_line(person)})
                continue
            data = as_dict(person)
            if data is None:
                self.notes.warn(
                    label, f"{key}[{index}]", f"{show(person)} is not a person", "left it out"
                )
                continue
            guid = scalar_text(data.get("guid"))
            known = self.persons.get(guid, {}) if guid else {}
            merged = {**known, **{k: v for k, v in data.items() if v not in (None, "")}}
            role = (scalar_text(merged.get("role")) or "").strip().lower()
            if role not in _PRESENTING_ROLES:
                continue
            name = ""
            for name_key in ("public_name", "name", "full_name"):
                name = one_line(scalar_text(merged.get(name_key)) or "")
                if name:
                    break
            if not name:
                self.notes.warn(label, f"{key}[{index}]", "has no name", "left the person out")
                continue
            entry = {"name": name}
            bio = scalar_text(merged.get("biography"))
            if bio and (bio_text := html_to_markdown(bio, self.base_url)):
                entry["bio"] = bio_text
            avatar = merged.get("avatar")
            avatar_data = as_dict(avatar)
            if avatar_data is not None:
                avatar = avatar_data.get("url")
            for field, value in (("url", merged.get("url")), ("avatar", avatar)):
                if value in (None, ""):
                    continue
                if web := web_url(value, self.base_url):
                    entry[field] = web
                else:
                    problem = f"{show(value)} is not a web address"
                    self.notes.warn(label, f"{key}[{index}].{field}", problem, "left it out")
            presenters.append(entry)
        return presenters

"""Feeds for machines: Atom, schema.org Event JSON-LD, and "add to calendar" links."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from eduplat.webinars.history import Revision
from eduplat.webinars.model import Occurrence, Session

__all__ = ["atom_feed", "calendar_links", "event_jsonld", "plain_text"]

ATOM = "http://www.w3.org/2005/Atom"
_SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}
_MARKUP = re.compile(r"[*_`#>\[\]]|\((?=https?://)")


def plain_text(markdown: str, limit: int = 0) -> str:
    """Markdown → short plain text for feeds and calendar links (no markup survives)."""
    text = re.sub(r"<[^>]*>", "", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = _MARKUP.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


def _utc_stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_links(occurrence: Occurrence, page_url: str) -> dict[str, str]:
    """Links that open a pre-filled event in Google Calendar, Outlook.com and Office 365."""
    session = occurrence.session
    details = plain_text(session.abstract, 600)
    details = f"{details}\n\n{page_url}".strip()
    location = session.join or page_url
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": occurrence.title,
            "dates": f"{_utc_stamp(occurrence.start)}/{_utc_stamp(occurrence.end)}",
            "details": details,
            "location": location,
            "ctz": session.timezone,
        }
    )
    outlook_query = urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": occurrence.title,
            "startdt": _iso(occurrence.start.astimezone(dt.UTC)).replace("+00:00", "Z"),
            "enddt": _iso(occurrence.end.astimezone(dt.UTC)).replace("+00:00", "Z"),
            "body": details,
            "location": location,
        }
    )
    return {
        "google": google,
        "outlook": f"https://outlook.live.com/calendar/0/action/compose?{outlook_query}",
        "office365": f"https://outlook.office.com/calendar/0/action/compose?{outlook_query}",
    }


def event_jsonld(
    occurrences: Sequence[Occurrence],
    *,
    page_url: str,
    organizer: dict[str, str],
) -> str:
    """schema.org Event JSON-LD for a session page (one Event per listed occurrence).

    Returned as text that is safe inside ``<script type="application/ld+json">``.
    """
    events = []
    for occurrence in occurrences:
        session = occurrence.session
        event: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": occurrence.title,
            "startDate": _iso(occurrence.start),
            "endDate": _iso(occurrence.end),
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
            "eventStatus": (
                "https://schema.org/EventRescheduled"
                if occurrence.rescheduled
                else _SCHEMA_STATUS[occurrence.status]
            ),
            "location": {"@type": "VirtualLocation", "url": session.join or page_url},
            "url": page_url,
            "description": plain_text(session.abstract, 500),
            "organizer": {
                "@type": "Organization",
                "name": organizer.get("name", ""),
                "url": organizer.get("url", ""),
            },
        }
        if occurrence.rescheduled and occurrence.previous_start is not None:
            event["previousStartDate"] = _iso(occurrence.previous_start)
        if session.presenters:
            event["performer"] = [
                {"@type": "Person", "name": p.name, **({"url": p.url} if p.url else {})}
                for p in session.presenters
            ]
        if session.language:
            event["inLanguage"] = session.language
        if session.registration:
            event["offers"] = {
                "@type": "Offer",
                "url": session.registration,
                "price": "0",
                "priceCurrency": "USD",
                "availability": "https://schema.org/InStock",
            }
        if session.capacity:
            event["maximumAttendeeCapacity"] = session.capacity
        events.append(event)
    data: Any = events[0] if len(events) == 1 else events
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def atom_feed(
    sessions: Sequence[Session],
    *,
    title: str,
    feed_url: str,
    site_url: str,
    page_url: Callable[[Session], str],
    revision: Callable[[Session], Revision],
) -> bytes:
    """An Atom feed (RFC 4287) of the sessions, newest change first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM}}}link", href=feed_url, rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=site_url)
    revisions = {s.id: revision(s) for s in sessions}
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    newest = max((r.changed for r in revisions.values()), default=epoch)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(newest.astimezone(dt.UTC))
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "eduplat"
    ordered = sorted(sessions, key=lambda s: (revisions[s.id].changed, s.id), reverse=True)
    for session in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        url = page_url(session)
        status = "" if session.status == "scheduled" else f"[{session.status}] "
        ET.SubElement(entry, f"{{{ATOM}}}title").text = status + session.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url
        ET.SubElement(entry, f"{{{ATOM}}}link", href=url)
        changed = revisions[session.id].changed.astimezone(dt.UTC)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(changed)
        when = f"{session.start:%Y-%m-%d %H:%M} ({session.timezone})"
        summary = plain_text(session.abstract, 400)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = f"{when}. {summary}".strip()
        for presenter in session.presenters:
            author = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(author, f"{{{ATOM}}}name").text = presenter.name
        for tag in session.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"

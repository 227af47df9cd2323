"""Webinars: validation, occurrences across DST, calendars read back by two parsers, feeds."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from eduplat.errors import SourceError
from eduplat.i18n import translator
from eduplat.webinars.feeds import atom_feed, calendar_links, event_jsonld
from eduplat.webinars.history import History
from eduplat.webinars.ical import build_calendar
from eduplat.webinars.load import load_schedule, unknown_related
from eduplat.webinars.model import Presenter, Session
from eduplat.webinars.render import format_span, player_for, render_schedule
from tests.conftest import SHARED
from tests.support.ical import read_calendar

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "webinars"
BERLIN = ZoneInfo("Europe/Berlin")
FIXED = dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.UTC)


def schedule_from(tmp_path: Path, text: str):
    path = tmp_path / "webinars.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_schedule([path])


def error(tmp_path: Path, sessions: str, head: str = "timezone: Europe/Berlin\n") -> SourceError:
    with pytest.raises(SourceError) as info:
        schedule_from(
            tmp_path, head + "sessions:\n" + textwrap.indent(textwrap.dedent(sessions), "  ")
        )
    return info.value


def page_url(session: Session) -> str:
    """The golden site's page of ``session``."""
    return f"https://learn.example.org/webinars/{session.id}/"


def golden(history_file: Path, now: dt.datetime = FIXED) -> tuple[list[Session], History]:
    """The golden schedule's sessions, and their history kept in ``history_file``."""
    return load_schedule([GOLDEN / "schedule.yml"]).sessions, History(history_file, now=now)


def golden_calendar(history_dir: Path, now: dt.datetime = FIXED) -> bytes:
    """The golden schedule's feed, with the history kept in ``history_dir`` (saved)."""
    sessions, history = golden(history_dir / "history.json", now)
    calendar = build_calendar(
        sessions,
        host="learn.example.org",
        name="Golden Academy — Webinars",
        page_url=page_url,
        revision=history.revision,
    )
    history.save()
    return calendar


# -- the model -------------------------------------------------------------------------------


def test_series_keeps_wall_clock_time_across_dst(tmp_path):
    schedule = load_schedule([GOLDEN / "schedule.yml"])
    series = schedule.by_id()["weekly-ops"]
    occurrences = series.occurrences()
    starts = [o.start for o in occurrences]
    assert [s.strftime("%Y-%m-%d %H:%M") for s in starts] == [
        "2026-10-13 19:30",
        "2026-10-20 19:30",
        "2026-11-04 19:30",  # moved from 11-03 by an override
        "2026-11-10 19:30",
    ]  # 10-27 is skipped
    assert [s.utcoffset() for s in starts] == [
        dt.timedelta(hours=2),
        dt.timedelta(hours=2),
        dt.timedelta(hours=1),  # after the change to CET on 25 October
        dt.timedelta(hours=1),
    ]
    assert occurrences[2].title == "Weekly ops (moved)"
    assert occurrences[2].planned.date() == dt.date(2026, 11, 3)


# -- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sessions", "fragment", "hint"),
    [
        (
            "- {id: a, title: A, start: 2026-11-05 10:00, duration: 60, timezone: Europe/Berln}\n",
            "session 'a': unknown timezone 'Europe/Berln'",
            "did you mean 'Europe/Berlin'?",
        ),
        (
            "- {id: a, title: A, start: 2026-03-29 02:30, duration: 60}\n",
            "2026-03-29 02:30 does not exist in Europe/Berlin (clocks jump forward that night)",
            "pick a time outside the gap",
        ),
        (
            "- {id: a, title: A, start: 2026-10-25 02:30, duration: 60}\n",
            "2026-10-25 02:30 happens twice in Europe/Berlin (clocks go back that night)",
            "2026-10-25T02:30+02:00 or 2026-10-25T02:30+01:00",
        ),
        (
            "- {id: a, title: A, start: 2026-11-05 10:00, end: 2026-11-05 09:00}\n",
            "session 'a': ends (2026-11-05 09:00) before it starts (2026-11-05 10:00)",
            "same timezone",
        ),
        (
            (
                "- {id: a, title: A, start: 2026-11-05 10:00, duration: 60}\n"
                "- {id: a, title: B, start: 2026-11-06 10:00, duration: 60}\n"
            ),
            "duplicate session id 'a' (first at webinars.yml:3)",
            "calendar UIDs",
        ),
        (
            "- {id: a, title: A, start: 2026-11-05 10:00, duration: 60, join: 'meet.example.org/x'}\n",
            "session 'a': 'join' is not a web address: 'meet.example.org/x'",
            "https://",
        ),
        (
            (
                "- id: a\n  title: A\n  start: 2026-11-05 10:00\n  duration: 60\n"
                "  repeat: {frequency: weekly, count: 1, skip: [2026-11-05]}\n"
            ),
            "session 'a': the repeat rule yields no session",
            "check 'until', 'count'",
        ),
        (
            (
                "- id: a\n  title: A\n  start: 2026-11-05 10:00\n  duration: 60\n"
                "  repeat: {frequency: weekly}\n"
            ),
            "give 'count' or 'until', so the series ends",
            "count: 8",
        ),
        (
            "- {id: a, title: A, start: 2026-11-05 10:00, duration: 60, status: canceled}\n",
            "session 'a': unknown status 'canceled'",
            "did you mean 'cancelled'?",
        ),
        (
            "- {id: a, title: A, start: 2026-11-05 10:00, duration: 60, audiance: [users]}\n",
            "session 'a': unknown key 'audiance'",
            "did you mean 'audience'?",
        ),
        (
            "- {id: a, title: A, start: tomorrow, duration: 60}\n",
            "session 'a': 'start' is not a date and time: 'tomorrow'",
            "2026-12-01 19:30",
        ),
        (
            "- {id: Intro Talk, title: A, start: 2026-11-05 10:00, duration: 60}\n",
            "session 1: id 'Intro Talk' is not a valid id",
            "use lowercase letters, digits, '-' and '_' (it becomes the page URL)",
        ),
        (
            "- {id: a, title: A, start: 2026-11-05 10:00, duration: 60, level: expert}\n",
            "session 'a': unknown level 'expert'",
            "use one of: beginner, intermediate, advanced",
        ),
        (
            "- {id: a, title: A, start: 2026-11-05 10:00, duration: 60, capacity: 0}\n",
            "session 'a': 'capacity' must be a positive whole number, not 0",
            "",
        ),
        (
            (
                "- id: a\n  title: A\n  start: 2026-11-05 10:00\n  duration: 60\n"
                "  repeat: {frequency: weekley, count: 2}\n"
            ),
            "session 'a', repeat: unknown frequency 'weekley'",
            "did you mean 'weekly'?",
        ),
        (
            (
                "- id: a\n  title: A\n  start: 2026-11-05 10:00\n  duration: 60\n"
                "  repeat: {interval: two, count: 2}\n"
            ),
            "session 'a', repeat: 'interval' must be a positive whole number, not 'two'",
            "",
        ),
        (
            (
                "- id: a\n  title: A\n  start: 2026-11-05 10:00\n  duration: 60\n"
                "  repeat: {count: 3, skip: 2026-11-12}\n"
            ),
            "session 'a', repeat: 'skip' must be a list",
            "start each item with '- '",
        ),
        (
            "- {id: a, title: A, start: 2026-11-05 10:00, duration: 60, presenters: Ada}\n",
            "session 'a': 'presenters' must be a list",
            "start each item with '- '",
        ),
    ],
)
def test_validation_errors_name_file_line_and_fix(tmp_path, sessions, fragment, hint):
    err = error(tmp_path, sessions)
    text = str(err)
    assert text.startswith("webinars.yml:") or "webinars.yml:" in text
    assert err.line is not None
    assert fragment in text
    assert hint in text


@pytest.mark.parametrize(
    ("media", "line", "message"),
    [
        (
            "  captions: [{src: talk.en.vtt, langauge: en}]\n",
            8,
            (
                "webinars.yml:8: session 'a', caption 1: unknown key 'langauge'"
                " — did you mean 'lang'?"
            ),
        ),
        (
            "  captions:\n    - {src: talk.en.vtt, lang: en}\n    - {src: talk.srt, lang: zh}\n",
            10,
            (
                "webinars.yml:10: session 'a', caption 2: 'src' is not a WebVTT (.vtt) file:"
                " 'talk.srt' — browsers play captions from WebVTT files; convert SRT with e.g. ffmpeg"
            ),
        ),
        (
            "  chapters: ['0:00 Start', 'later End']\n",
            8,
            (
                "webinars.yml:8: session 'a', chapter 2: 'later End' is not 'time title'"
                " — write e.g. '1:15 Why proofs are short' (quote it in YAML)"
            ),
        ),
    ],
)
def test_recording_media_errors_read_like_the_other_fields(tmp_path, media, line, message):
    (tmp_path / "talk.en.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHi.\n", "utf-8")
    sessions = (
        "- id: a\n  title: A\n  start: 2026-11-05 10:00\n  duration: 60\n"
        "  recording: https://youtu.be/aqz-KE-bpKQ\n" + media
    )
    err = error(tmp_path, sessions)
    assert err.line == line
    assert str(err).replace(str(tmp_path) + "/", "") == message


def test_fold_with_explicit_offset_is_accepted(tmp_path):
    schedule = schedule_from(
        tmp_path,
        """\
        timezone: Europe/Berlin
        sessions:
          - {id: a, title: A, start: "2026-10-25T02:30+01:00", duration: 30}
        """,
    )
    start = schedule.sessions[0].start
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert start.astimezone(dt.UTC).hour == 1


def test_series_date_in_a_dst_gap_is_an_error(tmp_path):
    err = error(
        tmp_path,
        "- id: a\n  title: A\n  start: 2026-03-22 02:30\n  duration: 30\n"
        "  repeat: {frequency: weekly, count: 3}\n",
    )
    assert "the series falls on 2026-03-29 02:30, which does not exist" in str(err)


# -- calendars ---------------------------------------------------------------------------------


def test_golden_feed(tmp_path):
    expected = (GOLDEN / "webinars.ics").read_bytes()
    assert golden_calendar(tmp_path) == expected


def test_identical_builds_give_identical_calendars(tmp_path):
    first = golden_calendar(tmp_path, now=FIXED)
    # Three days later nothing changed: same SEQUENCE and DTSTAMP, same bytes.
    second = golden_calendar(tmp_path, now=FIXED + dt.timedelta(days=3))
    assert second == first


def test_sequence_bumps_when_a_session_moves(tmp_path):
    schedule = load_schedule([GOLDEN / "schedule.yml"])
    history = History(tmp_path / "h.json", now=FIXED)
    session = schedule.by_id()["wallet-safety"]
    assert history.revision(session).sequence == 0
    history.save()
    moved = schedule_from(
        tmp_path,
        (GOLDEN / "schedule.yml").read_text().replace("2026-11-05 12:00", "2026-11-06 12:00"),
    ).by_id()["wallet-safety"]
    later = History(tmp_path / "h.json", now=FIXED + dt.timedelta(days=1))
    revision = later.revision(moved)
    assert revision.sequence == 1
    assert revision.changed == FIXED + dt.timedelta(days=1)
    unchanged = later.revision(schedule.by_id()["weekly-ops"])
    assert unchanged.sequence == 0


def test_feed_parses_back_with_icalendar(tmp_path):
    calendar = icalendar.Calendar.from_ical(golden_calendar(tmp_path))
    events = list(calendar.walk("VEVENT"))
    uids = {str(e["UID"]) for e in events}
    assert uids == {"weekly-ops@learn.example.org", "wallet-safety@learn.example.org"}
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/Berlin", "America/New_York"}
    main = next(e for e in events if "RRULE" in e)
    assert main["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=5;BYDAY=TU"
    assert main["EXDATE"].dts[0].dt == dt.datetime(2026, 10, 27, 19, 30, tzinfo=BERLIN)
    assert main.decoded("DTSTART").tzinfo is not None
    assert str(main["CONFERENCE"]) == "https://meet.example.org/ops"
    assert main["CONFERENCE"].params["FEATURE"] == "AUDIO,VIDEO"
    assert str(main["URL"]) == "https://learn.example.org/webinars/weekly-ops/"
    moved = next(e for e in events if "RECURRENCE-ID" in e)
    assert moved.decoded("RECURRENCE-ID") == dt.datetime(2026, 11, 3, 19, 30, tzinfo=BERLIN)
    cancelled = next(e for e in events if str(e["UID"]).startswith("wallet-safety"))
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_second_parser_expands_the_series_across_dst(tmp_path):
    calendar = icalendar.Calendar.from_ical(golden_calendar(tmp_path))
    found = recurring_ical_events.of(calendar).between(dt.date(2026, 10, 1), dt.date(2026, 12, 1))
    series = sorted(
        (e.decoded("DTSTART") for e in found if str(e["UID"]).startswith("weekly-ops")),
    )
    assert [s.astimezone(dt.UTC).strftime("%m-%d %H:%M") for s in series] == [
        "10-13 17:30",
        "10-20 17:30",
        "11-04 18:30",  # moved, and an hour later in UTC after the DST change
        "11-10 18:30",
    ]


def test_our_reader_agrees_with_the_model(tmp_path):
    schedule = load_schedule([GOLDEN / "schedule.yml"])
    entries = read_calendar(golden_calendar(tmp_path), dt.date(2026, 10, 1), dt.date(2026, 12, 1))
    model = sorted(o.start for s in schedule.sessions for o in s.occurrences())
    assert [e.start for e in entries] == model
    assert {e.status for e in entries} == {"CONFIRMED", "CANCELLED"}


def test_golden_feed_is_readable_by_the_round_trip_reader_with_conference(tmp_path):
    entries = read_calendar(golden_calendar(tmp_path), dt.date(2026, 10, 1), dt.date(2026, 12, 1))
    assert entries[0].conferences == ("https://meet.example.org/ops",)


ICS = SHARED / "ics"


@pytest.mark.skipif(not ICS.is_dir(), reason="../shared acceptance inputs are absent")
def test_real_third_party_calendars_through_the_same_reader():
    counts = {
        p.name: len(read_calendar(p.read_bytes(), dt.date(1990, 1, 1), dt.date(2030, 1, 1), p.name))
        for p in sorted(ICS.glob("*.ics"))
    }
    assert counts["issue_1081_event_with_rrule.ics"] == 10  # a minimal RRULE, expanded
    assert counts["america_new_york.ics"] == 1
    assert counts["timezoned.ics"] == 1
    vienna = read_calendar(
        (ICS / "timezoned.ics").read_bytes(), dt.date(2012, 1, 1), dt.date(2013, 1, 1)
    )
    assert vienna[0].start.utcoffset() == dt.timedelta(hours=1)  # VTIMEZONE Europe/Vienna, winter
    assert counts["multiple_timezones.ics"] == 3  # invalid RDATE;VALUE=TIME dropped, events kept
    assert set(counts) >= {"rfc_7986_conferences.ics", "issue_722_missing_timezones.ics"}


def test_broken_calendar_is_a_clear_error():
    with pytest.raises(SourceError, match="not a valid iCalendar file"):
        read_calendar(
            b"BEGIN:VCALENDAR\nthis is not ical", dt.date(2020, 1, 1), dt.date(2021, 1, 1)
        )


# -- feeds, links, pages -----------------------------------------------------------------------


def test_atom_feed(tmp_path):
    sessions, history = golden(tmp_path / "h.json")
    xml = atom_feed(
        sessions,
        title="Webinars",
        feed_url="https://learn.example.org/webinars/feed.xml",
        site_url="https://learn.example.org/",
        page_url=page_url,
        revision=history.revision,
    )
    root = ET.fromstring(xml)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert sorted(titles) == ["Weekly ops", "[cancelled] Wallet safety"]
    assert root.findtext("a:updated", namespaces=ns) == "2026-10-01T08:00:00+00:00"
    summary = root.find("a:entry", ns).findtext("a:summary", namespaces=ns)
    assert "**" not in summary


def test_json_ld_event(tmp_path):
    schedule = load_schedule([GOLDEN / "schedule.yml"])
    series = schedule.by_id()["weekly-ops"]
    text = event_jsonld(
        series.occurrences()[:1],
        page_url="https://learn.example.org/webinars/weekly-ops/",
        organizer={"name": "Golden Academy", "url": "https://learn.example.org/"},
    )
    data = json.loads(text)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-10-13T19:30:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["performer"] == [{"@type": "Person", "name": "Lena"}]
    assert data["organizer"]["name"] == "Golden Academy"
    assert data["location"]["url"] == "https://meet.example.org/ops"


def test_a_moved_session_is_scheduled_and_keeps_its_first_announced_time(tmp_path):
    schedule = schedule_from(
        tmp_path,
        """\
        timezone: America/New_York
        sessions:
          - id: qa
            title: Wallet Q&A
            start: 2026-12-09 12:00
            previous_start: 2026-11-12 12:00
            duration: 60
        """,
    )
    (occurrence,) = schedule.sessions[0].occurrences()
    assert occurrence.status == "scheduled"
    assert occurrence.rescheduled
    assert occurrence.previous_start == dt.datetime(
        2026, 11, 12, 12, 0, tzinfo=ZoneInfo("America/New_York")
    )
    data = json.loads(event_jsonld([occurrence], page_url="https://x.org/", organizer={}))
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == "2026-11-12T12:00:00-05:00"
    assert data["startDate"] == "2026-12-09T12:00:00-05:00"


def test_an_override_that_moves_a_meeting_records_the_planned_start(tmp_path):
    schedule = schedule_from(
        tmp_path,
        """\
        timezone: Asia/Shanghai
        sessions:
          - id: ops
            title: Ops
            start: 2026-11-03 20:00
            duration: 60
            repeat:
              frequency: weekly
              count: 3
              overrides:
                - {date: 2026-11-10, start: 2026-11-12 20:00}
                - {date: 2026-11-17, title: Renamed}
        """,
    )
    first, moved, renamed = schedule.sessions[0].occurrences()
    assert first.previous_start is None
    assert not first.rescheduled
    assert moved.previous_start == dt.datetime(
        2026, 11, 10, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert moved.rescheduled
    assert renamed.previous_start is None
    assert "previousStartDate" not in json.loads(
        event_jsonld([renamed], page_url="https://x.org/", organizer={})
    )


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("previous_start: 2026-11-05 10:00", "'previous_start' is the same as 'start'"),
        (
            "previous_start: 2026-11-01 10:00\n  repeat: {frequency: weekly, count: 2}",
            "a series cannot have 'previous_start'",
        ),
        ("previous_start: soon", "'previous_start' is not a date and time"),
    ],
)
def test_previous_start_errors(tmp_path, extra, fragment):
    err = error(
        tmp_path, f"- id: a\n  title: A\n  start: 2026-11-05 10:00\n  duration: 60\n  {extra}\n"
    )
    assert fragment in str(err)
    assert err.line is not None


def test_json_ld_cannot_close_its_script(tmp_path):
    schedule = schedule_from(
        tmp_path,
        """\
        sessions:
          - {id: a, title: "</script><script>alert(1)</script>", start: 2026-11-05 10:00, duration: 60}
        """,
    )
    text = event_jsonld(schedule.sessions[0].occurrences(), page_url="https://x.org/", organizer={})
    assert "<" not in text
    assert json.loads(text)["name"].startswith("</script>")


def test_calendar_links_use_utc(tmp_path):
    schedule = load_schedule([GOLDEN / "schedule.yml"])
    occurrence = schedule.by_id()["wallet-safety"].occurrences()[0]
    links = calendar_links(occurrence, "https://learn.example.org/webinars/wallet-safety/")
    assert "dates=20261105T170000Z%2F20261105T174500Z" in links["google"]
    assert links["outlook"].startswith("https://outlook.live.com/calendar/0/action/compose?")
    assert "startdt=2026-11-05T17%3A00%3A00Z" in links["office365"]


@pytest.mark.parametrize(
    ("url", "provider", "src"),
    [
        (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        (
            "https://youtu.be/aqz-KE-bpKQ",
            "YouTube",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ),
        (
            "https://www.bilibili.com/video/BV1GJ411x7h7",
            "Bilibili",
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&autoplay=0",
        ),
        ("https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871"),
        (
            "https://media.example.org/talk.mp4",
            "media.example.org",
            "https://media.example.org/talk.mp4",
        ),
    ],
)
def test_recording_players(url, provider, src):
    player = player_for(url)
    assert (player.provider, player.src) == (provider, src)


def test_unknown_or_malicious_recording_links_are_plain_links():
    assert player_for('https://www.youtube.com/watch?v="><script>') is None
    assert player_for("https://example.org/page") is None


def test_times_in_chinese():
    start = dt.datetime(2026, 12, 1, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    text = format_span(start, start + dt.timedelta(hours=1), translator("zh"), "Asia/Shanghai")
    assert text == "2026年12月1日 周二, 20:00–21:00 (Asia/Shanghai, UTC+08:00)"


def test_schedule_page_splits_at_build_time_and_escapes(tmp_path):
    schedule = schedule_from(
        tmp_path,
        """\
        sessions:
          - {id: old, title: "Old <b>one</b>", start: 2026-01-05 10:00, duration: 60}
          - {id: new, title: New, start: 2027-01-05 10:00, duration: 60}
        """,
    )
    html = english_listing(schedule.sessions, now=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    upcoming, past = html.split('data-section="past"')
    assert "New" in upcoming
    assert "Old &lt;b&gt;one&lt;/b&gt;" in past
    assert "<b>one</b>" not in html


def english_listing(sessions: list[Session], now: dt.datetime) -> str:
    """The schedule list in English at ``now``, each session's page at ``<id>/``."""
    return render_schedule(
        sessions,
        translator("en"),
        now=now,
        session_url=lambda s: f"{s.id}/",
        feed_urls={"ics": "webinars.ics", "atom": "feed.xml"},
    )


SERIES = """\
timezone: Europe/Berlin
sessions:
  - id: weekly
    title: Weekly clinic
    start: 2026-10-06 18:00
    duration: 60
    language: zh
    repeat:
      frequency: weekly
      count: 6
      overrides:
        - {date: 2026-10-13, start: 2026-10-15 18:00}
  - id: moved
    title: Moved talk
    start: 2026-10-20 12:00
    previous_start: 2026-10-05 12:00
    status: postponed
    duration: 30
"""


def test_series_summary_language_names_and_rescheduled_labels(tmp_path):
    from eduplat.webinars.render import language_name, series_summary

    schedule = schedule_from(tmp_path, SERIES)
    weekly = schedule.sessions[0]
    assert series_summary(weekly, translator("en")) == "Weekly on Tuesdays"
    assert series_summary(weekly, translator("zh")) == "每周二"
    assert language_name("zh", "en") == "Chinese"
    assert language_name("en", "zh") == "英语"
    assert language_name("not a code", "en") == "not a code"
    html = english_listing(schedule.sessions, now=FIXED)
    assert html.count('class="eduplat-slot ') == 2, "a series is listed once"
    assert "Weekly on Tuesdays — next" in html
    assert "Tue 6 Oct 2026, 18:00–19:00" in html
    assert "Rescheduled (was 5 Oct)" in html
    assert "Postponed" not in html
    assert ">Chinese</span>" in html
    later = english_listing(schedule.sessions, now=dt.datetime(2026, 10, 7, tzinfo=dt.UTC))
    assert "Thu 15 Oct 2026, 18:00–19:00" in later, "the next meeting, moved by an override"
    assert "Rescheduled (was 13 Oct)" in later


def test_previous_start_is_for_single_sessions(tmp_path):
    problem = error(
        tmp_path,
        """\
        - id: s
          title: S
          start: 2026-10-06 18:00
          previous_start: 2026-10-01 18:00
          duration: 60
          repeat: {frequency: weekly, count: 2}
        """,
    )
    assert "a series cannot have 'previous_start'" in str(problem)
    assert problem.line == 6


def test_unknown_related_is_one_message_with_a_suggestion_when_ids_are_known(tmp_path):
    schedule = schedule_from(
        tmp_path,
        """\
        timezone: Europe/Berlin
        sessions:
          - id: ops
            title: Ops
            start: 2026-12-01 19:30
            duration: 60
        """,
    )
    session = schedule.sessions[0]
    built = unknown_related(session, "quiz", "basic")
    checked = unknown_related(session, "quiz", "basic", {"basics", "hashing"})
    unrelated = unknown_related(session, "quiz", "basic", {"hashing"})
    assert built.message == checked.message == unrelated.message
    assert built.message == "session 'ops': related quiz 'basic' does not exist"
    assert (built.path.name, built.line) == ("webinars.yml", 3)
    assert built.hint == "use the quiz's id (its file name without the suffix)"
    assert checked.hint == "did you mean 'basics'?"
    assert unrelated.hint == (
        "use the quiz's id (its file name without the suffix); quiz ids: hashing"
    )


def test_the_calendar_writer_cannot_be_made_to_inject_a_property(tmp_path):
    # Whatever reaches the writer (the loaders refuse line breaks already): no new property.
    evil = "x\r\nATTENDEE:evil"
    session = Session(
        id="intro",
        title=evil,
        start=dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC),
        end=dt.datetime(2030, 1, 1, 11, tzinfo=dt.UTC),
        timezone="UTC",
        abstract=evil,
        presenters=(Presenter(name=evil),),
        language=evil,
        tags=(evil,),
    )
    history = History(tmp_path / "history.json")
    for name in (evil, "Calendar"):
        data = build_calendar(
            [session],
            host="example.org",
            name=name,
            page_url=lambda s: "https://example.org/webinars/intro/",
            revision=history.revision,
        )
        assert not [line for line in data.split(b"\r\n") if line.startswith(b"ATTENDEE")]
        calendar = icalendar.Calendar.from_ical(data)
        assert not [c for c in calendar.walk() if "ATTENDEE" in c]

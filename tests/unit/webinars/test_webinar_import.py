"""`eduplat webinars import`: frab/pretalx schedule.json → a webinars.yml the loader accepts.

Small inline exports test each mapping rule and each error; the real exports in the shared
acceptance folder (skipped only when that folder is absent) test the whole path, always
through the real loader.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from eduplat.errors import SourceError
from eduplat.webinars.importer import ImportResult, html_to_markdown, import_schedule
from eduplat.webinars.load import Schedule, load_schedule
from eduplat.webinars.model import Session
from tests.conftest import SHARED

SCHEDULES = SHARED / "schedules"
BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")
DROP = object()  # a field value meaning "leave the field out"
# A '<' that could open an HTML tag (autolinks like <https://…> are Markdown, not HTML).
HTML_TAG = re.compile(r"<(?!https?://)[A-Za-z/!?]")


# -- helpers -------------------------------------------------------------------------------


def event(**fields: object) -> dict[str, object]:
    """A complete frab/pretalx event; keyword arguments replace (or, with DROP, remove) fields."""
    data: dict[str, object] = {
        "guid": "8079583e-8321-506c-95af-fd2903a5f075",
        "id": 25,
        "date": "2026-05-04T10:00:00+02:00",
        "start": "10:00",
        "duration": "01:30",
        "room": "Main Hall",
        "slug": "democon-25-intro-to-testing",
        "url": "https://pretalx.example.org/democon/talk/G9JGWY/",
        "title": "Intro to testing",
        "subtitle": "",
        "track": "Python",
        "type": "Talk",
        "language": "en",
        "abstract": "Why tests help.",
        "description": "",
        "recording_license": "",
        "do_not_record": False,
        "persons": [
            {
                "id": 26,
                "code": "NQTF8Y",
                "public_name": "Ada Lovelace",
                "biography": "Wrote the first program.",
            }
        ],
        "links": [],
        "attachments": [],
    }
    for key, value in fields.items():
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def schedule(
    *events: dict[str, object],
    timezone: object = "Europe/Berlin",
    day: str = "2026-05-04",
    day_start: str = "2026-05-04T09:00:00+02:00",
    day_end: str = "2026-05-05T04:00:00+02:00",
    **conference: object,
) -> dict[str, object]:
    """A version-1 export with one day and one room holding ``events``."""
    data: dict[str, object] = {
        "acronym": "democon",
        "title": "DemoCon",
        "start": day,
        "end": day,
        "daysCount": 1,
        "timeslot_duration": "00:05",
        "days": [
            {
                "index": 1,
                "date": day,
                "day_start": day_start,
                "day_end": day_end,
                "rooms": {"Main Hall": list(events)},
            }
        ],
    }
    if timezone is not DROP:
        data["time_zone_name"] = timezone
    data.update(conference)
    return {
        "schedule": {
            "version": "0.1",
            "base_url": "https://pretalx.example.org/democon/schedule/",
            "conference": data,
        }
    }


def run(tmp_path: Path, data: object) -> ImportResult:
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(data), "utf-8")  # \uXXXX escapes, lone surrogates included
    result = import_schedule(path)
    "\n".join(result.warnings).encode("utf-8")  # printable, whatever the input held
    return result


def load(tmp_path: Path, result: ImportResult) -> Schedule:
    """The real loader on the imported text: everything written must validate."""
    path = tmp_path / "webinars.yml"
    path.write_text(result.yaml_text, "utf-8")
    return load_schedule([path])


def single(tmp_path: Path, data: object) -> tuple[Session, ImportResult]:
    result = run(tmp_path, data)
    sessions = load(tmp_path, result).sessions
    assert len(sessions) == 1, result.warnings
    return sessions[0], result


def raw_sessions(result: ImportResult) -> list[dict[str, object]]:
    document = yaml.safe_load(result.yaml_text)
    sessions = document["sessions"]
    assert isinstance(sessions, list)
    return sessions


def starts(result: ImportResult, warnings: list[str] | None = None) -> dict[str, object]:
    """The start each written session has, by id; ``warnings``: the import's, checked."""
    if warnings is not None:
        assert result.warnings == warnings
    return {s["id"]: s["start"] for s in raw_sessions(result)}


# -- the mapping, field by field -----------------------------------------------------------


def test_a_complete_event_maps_every_field(tmp_path):
    session, result = single(tmp_path, schedule(event()))
    assert result.warnings == []
    assert (result.events, result.sessions) == (1, 1)
    assert session.id == "democon-25-intro-to-testing"
    assert session.title == "Intro to testing"
    assert session.timezone == "Europe/Berlin"
    assert session.start == dt.datetime(2026, 5, 4, 10, 0, tzinfo=BERLIN)
    assert session.duration == dt.timedelta(minutes=90)
    assert session.language == "en"
    assert session.tags == ("Python", "Talk")
    assert session.status == "scheduled"
    assert [(p.name, p.bio) for p in session.presenters] == [
        ("Ada Lovelace", "Wrote the first program.")
    ]
    assert (
        session.abstract
        == "Why tests help.\n\nMore: <https://pretalx.example.org/democon/talk/G9JGWY/>"
    )
    organizer = load(tmp_path, result).organizer
    assert organizer == {"name": "DemoCon", "url": "https://pretalx.example.org/democon/schedule/"}


def test_output_is_plain_safe_yaml_in_a_readable_order(tmp_path):
    long_text = "First paragraph, äöü 中文.\n\nSecond paragraph."
    result = run(tmp_path, schedule(event(abstract=long_text)))
    text = result.yaml_text
    assert text.startswith("# Imported from schedule.json (DemoCon)")
    assert "abstract: |" in text  # multi-line text as a literal block
    assert "äöü 中文" in text  # allow_unicode: no \u escapes
    document = yaml.safe_load(text)
    assert list(document) == ["timezone", "organizer", "sessions"]
    assert list(document["sessions"][0])[:5] == ["id", "title", "start", "duration", "timezone"]
    assert document["sessions"][0]["start"] == "2026-05-04 10:00"


def test_title_and_subtitle_are_joined(tmp_path):
    result = run(
        tmp_path,
        schedule(
            event(slug="a", title="Hacking Containers ", subtitle="Exploiting them"),
            event(slug="b", title="A Time-Trial AI for Need for Speed:", subtitle="Most Wanted"),
            event(slug="c", title="Achtung, Datenpannen!", subtitle="Die Show"),
            event(slug="d", title="Q&amp;A <b>live</b>", subtitle=None),
        ),
    )
    titles = {s.id: s.title for s in load(tmp_path, result).sessions}
    assert titles == {
        "a": "Hacking Containers: Exploiting them",
        "b": "A Time-Trial AI for Need for Speed: Most Wanted",
        "c": "Achtung, Datenpannen! Die Show",
        "d": "Q&A live",
    }


def test_start_is_the_instant_written_as_local_time_in_the_conference_zone(tmp_path):
    session, result = single(tmp_path, schedule(event(date="2026-05-04T08:00:00Z", start="08:00")))
    assert raw_sessions(result)[0]["start"] == "2026-05-04 10:00"
    assert session.start == dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)
    # 'start' says 08:00 but the conference zone makes it 10:00: said once, 'date' wins.
    assert any("field 'start' '08:00' disagrees with 'date'" in w for w in result.warnings)


def test_duration_in_minutes_from_hours_and_minutes(tmp_path):
    result = run(
        tmp_path,
        schedule(
            event(slug="a", duration="00:30"),
            event(slug="b", duration="2:10"),
            event(slug="c", duration="01:00:00"),
            event(slug="d", duration="PT45M"),
        ),
    )
    assert [s["duration"] for s in raw_sessions(result)] == [30, 130, 60, 45]
    load(tmp_path, result)


def test_unreadable_duration_skips_the_session_and_names_the_field(tmp_path):
    result = run(tmp_path, schedule(event(duration="1:xx"), event(slug="ok", guid="g2")))
    assert (result.events, result.sessions) == (2, 1)
    assert result.warnings == [
        "event '8079583e-8321-506c-95af-fd2903a5f075' (Intro to testing): field 'duration' '1:xx' is not a duration; skipped the session"
    ]
    assert [s.id for s in load(tmp_path, result).sessions] == ["ok"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"duration": "00:00"}, "field 'duration' '00:00' is zero; skipped the session"),
        ({"duration": DROP}, "field 'duration' is missing; skipped the session"),
        ({"duration": [90]}, "field 'duration' [90] is not a duration; skipped the session"),
        ({"date": DROP, "start": DROP}, "field 'date' is missing; skipped the session"),
        (
            {"date": "someday", "start": "soon"},
            "field 'date' 'someday' is not a date and time; skipped the session",
        ),
        (
            {"date": DROP, "start": "25:00"},
            "field 'start' '25:00' is not a time like 09:30; skipped the session",
        ),
        ({"title": "  "}, "field 'title' '' is empty or not text; skipped the session"),
        ({"title": DROP}, "field 'title' is missing; skipped the session"),
    ],
)
def test_events_without_time_length_or_title_are_skipped(tmp_path, fields, expected):
    result = run(tmp_path, schedule(event(**fields)))
    assert result.sessions == 0
    assert any(w.endswith(expected) for w in result.warnings), result.warnings
    assert load(tmp_path, result).sessions == []


def test_a_duration_given_as_a_number_is_read_as_minutes(tmp_path):
    session, result = single(tmp_path, schedule(event(duration=45)))
    assert session.duration == dt.timedelta(minutes=45)
    assert result.warnings[0].endswith(
        "field 'duration' 45 is a number, not 'HH:MM'; read it as minutes"
    )


def test_end_is_used_when_there_is_no_duration(tmp_path):
    session, result = single(
        tmp_path, schedule(event(duration=DROP, end="2026-05-04T10:40:00+02:00"))
    )
    assert session.duration == dt.timedelta(minutes=40)
    assert result.warnings == []
    session, result = single(
        tmp_path, schedule(event(duration="?", end="2026-05-04T11:00:00+02:00"))
    )
    assert session.duration == dt.timedelta(minutes=60)
    assert result.warnings[0].endswith("field 'duration' '?' is not a duration; used 'end'")


def test_days_running_past_midnight_keep_the_right_date(tmp_path):
    result = run(
        tmp_path,
        schedule(
            # 'date' is the exact instant: after midnight, on the next calendar day.
            event(slug="late", date="2026-05-05T00:15:00+02:00", start="00:15", duration="00:40"),
            # No 'date': 'start' before the day's start belongs to the night after the day.
            event(slug="night", date=DROP, start="01:30", duration="00:30"),
            event(slug="evening", date=DROP, start="23:00", duration="02:00"),
        ),
    )
    assert starts(result, warnings=[]) == {
        "late": "2026-05-05 00:15",
        "night": "2026-05-05 01:30",
        "evening": "2026-05-04 23:00",
    }
    sessions = load(tmp_path, result).by_id()
    assert sessions["evening"].end == dt.datetime(2026, 5, 5, 1, 0, tzinfo=BERLIN)


def test_dst_fold_writes_the_offset_so_both_hours_stay_apart(tmp_path):
    # 2026-10-25 in Berlin: 02:00–03:00 happens twice (CEST +02:00, then CET +01:00).
    result = run(
        tmp_path,
        schedule(
            event(slug="first", date="2026-10-25T02:30:00+02:00", start="02:30", duration="00:20"),
            event(slug="second", date="2026-10-25T01:30:00Z", start="02:30", duration="00:20"),
            event(slug="after", date="2026-10-25T10:00:00+01:00", start="10:00"),
            day="2026-10-24",
            day_start="2026-10-24T09:00:00+02:00",
        ),
    )
    assert starts(result, warnings=[]) == {
        "first": "2026-10-25T02:30+02:00",
        "second": "2026-10-25T02:30+01:00",
        "after": "2026-10-25 10:00",
    }
    sessions = load(tmp_path, result).by_id()
    # (PEP 495: a time in a fold never equals a time in another zone, so compare in UTC.)
    assert sessions["first"].start.astimezone(dt.UTC) == dt.datetime(
        2026, 10, 25, 0, 30, tzinfo=dt.UTC
    )
    assert sessions["second"].start.astimezone(dt.UTC) == dt.datetime(
        2026, 10, 25, 1, 30, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    ("date", "duration", "written", "end_utc"),
    [
        # Clocks go back at 03:00 CEST: 90 minutes from 02:30 CEST end at 03:00 CET.
        (
            "2026-10-25T02:30:00+02:00",
            "01:30",
            {"end": "2026-10-25 03:00"},
            dt.datetime(2026, 10, 25, 2, 0, tzinfo=dt.UTC),
        ),
        # Clocks jump forward at 02:00 CET: 90 minutes from 01:30 CET end at 04:00 CEST.
        (
            "2026-03-29T01:30:00+01:00",
            "01:30",
            {"end": "2026-03-29 04:00"},
            dt.datetime(2026, 3, 29, 2, 0, tzinfo=dt.UTC),
        ),
        # Ending in the repeated hour itself: the end with its offset.
        (
            "2026-10-25T01:30:00+02:00",
            "01:30",
            {"end": "2026-10-25T02:00+01:00"},
            dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC),
        ),
    ],
)
def test_sessions_across_a_clock_change_get_an_exact_end(
    tmp_path, date, duration, written, end_utc
):
    session, result = single(
        tmp_path, schedule(event(date=date, start=date[11:16], duration=duration))
    )
    entry = raw_sessions(result)[0]
    assert {k: entry[k] for k in ("end", "duration") if k in entry} == written
    assert session.end.astimezone(dt.UTC) == end_utc
    assert result.warnings == []


def test_a_session_ending_before_its_start_on_the_wall_clock_keeps_its_duration(tmp_path):
    # 02:50 CEST + 30 minutes = 02:20 CET: the loader would refuse that end.
    _, result = single(
        tmp_path, schedule(event(date="2026-10-25T02:50:00+02:00", start="02:50", duration="00:30"))
    )
    assert raw_sessions(result)[0]["duration"] == 30
    assert (
        "field 'duration' 30 minutes end at 02:20 (+01:00), before the start on the wall clock"
        in result.warnings[0]
    )


def test_local_times_without_offset_in_a_fold_or_a_gap_are_resolved_with_a_warning(tmp_path):
    result = run(
        tmp_path,
        schedule(
            event(slug="fold", date="2026-10-25T02:30:00", start="02:30"),
            event(slug="gap", date="2026-03-29T02:30:00", start="02:30"),
        ),
    )
    assert starts(result) == {"fold": "2026-10-25T02:30+02:00", "gap": "2026-03-29 03:30"}
    assert any(
        "field 'date' '2026-10-25T02:30:00' happens twice in Europe/Berlin" in w
        for w in result.warnings
    )
    assert any(
        "field 'date' '2026-03-29T02:30:00' does not exist in Europe/Berlin" in w
        and w.endswith("used 03:30, the time after the change")
        for w in result.warnings
    )
    load(tmp_path, result)


@pytest.mark.parametrize(
    ("zone", "warning"),
    [
        (
            DROP,
            "conference: field 'time_zone_name' is missing; wrote the times in UTC, the same instants (the events give their times at +02:00",
        ),
        (
            "Europe/Berln",
            "field 'time_zone_name' 'Europe/Berln' is not an IANA timezone (did you mean 'Europe/Berlin'?)",
        ),
        (42, "field 'time_zone_name' 42 is not an IANA timezone"),
    ],
)
def test_missing_or_unknown_timezone_falls_back_to_utc(tmp_path, zone, warning):
    session, result = single(tmp_path, schedule(event(), timezone=zone))
    assert session.timezone == "UTC"
    assert session.start == dt.datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    assert raw_sessions(result)[0]["start"] == "2026-05-04 08:00"
    assert any(warning in w for w in result.warnings), result.warnings
    # In UTC the 'start' field (local time) cannot match; that is no extra warning.
    assert not any("disagrees" in w for w in result.warnings)


def test_abstract_and_description_become_markdown_without_html(tmp_path):
    session, result = single(
        tmp_path,
        schedule(
            event(
                abstract='<p>Learn <a href="https://pytest.org">pytest</a> &amp; more.</p>',
                description="<p>Learn pytest &amp; more.</p><ul><li>fixtures</li><li>marks</li></ul>Bye<script>alert(1)</script>",
                url=DROP,
            )
        ),
    )
    assert session.abstract == (
        "Learn [pytest](https://pytest.org) & more.\n\nLearn pytest & more.\n\n- fixtures\n- marks\n\nBye"
    )
    assert result.warnings == []


def test_description_that_repeats_the_abstract_is_not_written_twice(tmp_path):
    session, _ = single(
        tmp_path,
        schedule(event(abstract="Short.", description="Short.\n\nAnd the long story.", url=DROP)),
    )
    assert session.abstract == "Short.\n\nAnd the long story."
    session, _ = single(tmp_path, schedule(event(abstract="Same.", description="Same.", url=DROP)))
    assert session.abstract == "Same."


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        ("<p>One &amp; two</p><p>Three<br>four</p>", "One & two\n\nThree\nfour"),
        ("Text</br>more<br/>end", "Text\nmore\nend"),
        ("<ul>\n  <li>\n    one\n  </li>\n  <li>two</li>\n</ul>", "- one\n- two"),
        ("<ol><li>a</li><li>b<ul><li>c</li></ul></li></ol>", "1. a\n2. b\n    - c"),
        ("<h2>Intro</h2>text", "**Intro**\n\ntext"),
        ("<b>bold</b> and <i> polis </i>, ok", "**bold** and *polis*, ok"),
        (
            '<a href="/talk/1">relative</a> <a href="javascript:alert(1)">click</a>',
            "[relative](https://pretalx.example.org/talk/1) click",
        ),
        ('<a href="https://x.org">https://x.org</a>', "<https://x.org>"),
        (
            '<a href="mailto:ada@example.org">ada@example.org</a>',
            "[ada@example.org](mailto:ada@example.org)",
        ),
        ("<script>alert(1)</script>Hi<style>p {}</style><!-- note -->", "Hi"),
        ("<div><img src=x onerror=alert(1)>ok</div>", "ok"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script>alert(1)&lt;/script>"),
        ("<p>a <code>x &lt; y</code> <code>run()</code></p>", "a x < y `run()`"),
        ("a < b and c > d, x <3 y", "a < b and c > d, x <3 y"),
        ("<b>never closed", "never closed"),
        ("a <![broken <b>declaration</b>", "a declaration"),  # the parser gives up; tags still go
        # Markdown without tags is kept as written (Windows line ends and tabs normalised).
        (
            "Use [pytest](https://docs.pytest.org/)\r\n\r\n* one\r\n* two  \r\n\tcode",
            "Use [pytest](https://docs.pytest.org/)\n\n* one\n* two\n    code",
        ),
    ],
)
def test_html_to_markdown(source, markdown):
    converted = html_to_markdown(source, "https://pretalx.example.org/democon/schedule/")
    assert converted == markdown
    assert not HTML_TAG.search(converted)


def test_presenters_from_persons(tmp_path):
    persons = [
        {"id": 1, "public_name": "Ada", "biography": "<p>Mathematician.</p><p>Poet</p>"},
        {"name": "Grace", "url": "https://grace.example.org", "avatar": "/media/grace.png"},
        {"id": 3, "public_name": ""},
        "Alan",
        {"name": "Linus", "url": "ftp://linus.example.org"},
    ]
    session, result = single(tmp_path, schedule(event(persons=persons)))
    assert [(p.name, p.bio, p.url, p.avatar) for p in session.presenters] == [
        ("Ada", "Mathematician.\n\nPoet", "", ""),
        ("Grace", "", "https://grace.example.org", "https://pretalx.example.org/media/grace.png"),
        ("Alan", "", "", ""),
        ("Linus", "", "", ""),
    ]
    assert any(
        w.endswith("field 'persons[3]' has no name; left the person out") for w in result.warnings
    )
    assert any(
        "field 'persons[5].url' 'ftp://linus.example.org' is not a web address" in w
        for w in result.warnings
    )


@pytest.mark.parametrize(
    ("language", "expected", "warned"),
    [
        ("en", "en", False),
        ("DE", "de", False),
        ("de_DE", "de-DE", False),
        ("zh-hans-cn", "zh-Hans-CN", False),
        ("English", "en", False),
        ("Deutsch", "de", False),
        ("en, de", "en", True),
        ("", "", False),
        (None, "", False),
        ("Klingon!!", "", True),
        (7, "", True),
    ],
)
def test_language_is_normalised(tmp_path, language, expected, warned):
    session, result = single(tmp_path, schedule(event(language=language)))
    assert session.language == expected
    assert any("field 'language'" in w for w in result.warnings) is warned


def test_tags_from_track_and_type(tmp_path):
    result = run(
        tmp_path,
        schedule(
            event(slug="a", track="Security", type="lecture"),
            event(slug="b", track=None, type="Workshop"),
            event(slug="c", track="Talk", type="talk"),
        ),
    )
    tags = {s.id: s.tags for s in load(tmp_path, result).sessions}
    assert tags == {"a": ("Security", "lecture"), "b": ("Workshop",), "c": ("Talk",)}


@pytest.mark.parametrize(
    ("fields", "title", "status"),
    [
        ({"title": "CANCELLED: Intro"}, "Intro", "cancelled"),
        ({"title": "[Abgesagt] Einführung"}, "Einführung", "cancelled"),
        ({"title": "Canceled - Intro"}, "Intro", "cancelled"),
        ({"title": "Postponed: Intro"}, "Intro", "postponed"),
        ({"title": "CANCELLED"}, "CANCELLED", "cancelled"),
        ({"title": "Intro", "type": "Cancelled talk"}, "Intro", "cancelled"),
        ({"title": "Cancel culture"}, "Cancel culture", "scheduled"),
    ],
)
def test_status_from_title_or_type(tmp_path, fields, title, status):
    session, _ = single(tmp_path, schedule(event(**fields)))
    assert (session.title, session.status) == (title, status)


def test_session_ids_are_valid_unique_slugs(tmp_path):
    result = run(
        tmp_path,
        schedule(
            event(guid="g1", slug="Camp2019-10386-opening_ceremony"),
            event(guid="g2", slug="MJA8QY"),
            event(guid="g3", slug="Ünïcode Tälk!"),
            event(guid="g4", slug=DROP, id=42, title="My First Talk"),
            event(guid="g5", slug="---", id=43, title="Zweiter Vortrag"),
            event(guid="g6", slug="intro"),
            event(guid="g7", slug="intro-2"),
            event(guid="g8", slug="intro"),
            event(guid="g9", slug="INTRO"),
            event(guid="g10", slug=DROP, id=DROP, code=DROP, title="中文"),
        ),
    )
    ids = [s["id"] for s in raw_sessions(result)]
    assert ids == [
        "camp2019-10386-opening_ceremony",
        "mja8qy",
        "unicode-talk",
        "my-first-talk-42",
        "zweiter-vortrag-43",
        "intro",
        "intro-2",
        "intro-3",
        "intro-4",
        "g10",
    ]
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9_-]*", i) for i in ids)
    assert any(
        w.startswith("event 'g8'")
        and "field 'slug' 'intro' is the id of an earlier event too; wrote id 'intro-3'" in w
        for w in result.warnings
    )
    assert any(
        "field 'slug' '---' has no letters or digits; used 'zweiter-vortrag-43'" in w
        for w in result.warnings
    )
    assert len(load(tmp_path, result).sessions) == 10


def test_recording_and_slides_from_links_and_attachments(tmp_path):
    session, result = single(
        tmp_path,
        schedule(
            event(
                links=[
                    {
                        "url": "https://www.youtube.com/watch?v=old",
                        "title": "My talk from last year",
                    },
                    {"url": "https://media.ccc.de/v/democon-25", "title": "Recording"},
                ],
                attachments=[
                    {"url": "/system/attachments/notes.txt", "title": "Notes"},
                    {"url": "/system/attachments/deck.pdf", "title": "Slides"},
                ],
            )
        ),
    )
    assert session.recording == "https://media.ccc.de/v/democon-25"
    assert session.slides == "https://pretalx.example.org/system/attachments/deck.pdf"
    assert result.warnings == []
    session, _ = single(
        tmp_path,
        schedule(
            event(
                links=[{"url": "https://www.youtube.com/watch?v=x", "title": "Related video essay"}]
            )
        ),
    )
    assert session.recording == "https://www.youtube.com/watch?v=x"  # the title says video
    session, _ = single(
        tmp_path, schedule(event(links=[{"url": "https://vimeo.com/1", "title": "Trailer"}]))
    )
    assert session.recording == ""  # some video, not said to be the recording


def test_unknown_fields_and_text_ids_are_named_once(tmp_path):
    result = run(
        tmp_path,
        schedule(
            event(guid="g1", slug="a", id="2814", answers=[]),
            event(guid="g2", slug="b", id="2815", answers=[]),
            event(guid="g3", slug="c", answers=[{"question": 1}]),
        ),
    )
    assert result.sessions == 3
    assert (
        "event 'g1' (Intro to testing) and 2 more events: field 'answers' is not part of the schedule format; ignored"
        in result.warnings
    )
    assert (
        "event 'g1' (Intro to testing) and 1 more event: field 'id' '2814' should be a number; used only to name the event"
        in result.warnings
    )
    load(tmp_path, result)


def test_hub_format_with_flat_events_and_participants(tmp_path):
    data = {
        "schedule": {
            "version": "2024-12-26 20:23",
            "base_url": "https://events.example.org/hub/",
            "conference": {
                "acronym": "38c3",
                "title": "38C3",
                "time_zone_name": "Europe/Berlin",
                "url": "https://events.example.org/congress/",
                "tracks": [{"name": "Hardware & Making", "slug": "hardware-making"}],
                "days": [
                    {
                        "index": 1,
                        "date": "2024-12-27",
                        "start": "2024-12-27T09:30:00+00:00",
                        "end": "2024-12-28T06:00:00+01:00",
                    }
                ],
            },
            "events": [
                {
                    "type": "TALK",
                    "guid": "b1740c2f-0c44-5f1b-89ed-456a9eecf0b8",
                    "start": "2024-12-28T00:15:00+01:00",
                    "end": "2024-12-28T00:55:00+01:00",
                    "room": {"name": "Saal ZIGZAG"},
                    "slug": "38c3-time-trial-ai",
                    "title": "A Time-Trial AI",
                    "track": {"slug": "hardware-making"},
                    "participants": [
                        {"guid": "p1", "name": "Sebastian", "role": "SPEAKER"},
                        {"guid": "p2", "name": "Helper", "role": "CONTRIBUTOR"},
                    ],
                    "attachments": [{"type": "SLIDES", "url": "https://example.net/deck.pdf"}],
                }
            ],
            "persons": [
                {
                    "guid": "p1",
                    "name": "Sebastian",
                    "biography": "Racer.",
                    "avatar": {"url": "https://example.net/s.png"},
                }
            ],
        }
    }
    session, result = single(tmp_path, data)
    assert result.warnings == []
    assert session.start == dt.datetime(2024, 12, 28, 0, 15, tzinfo=BERLIN)
    assert session.duration == dt.timedelta(minutes=40)
    assert session.tags == ("Hardware & Making", "talk")
    assert [(p.name, p.bio, p.avatar) for p in session.presenters] == [
        ("Sebastian", "Racer.", "https://example.net/s.png")
    ]
    assert session.slides == "https://example.net/deck.pdf"
    assert load(tmp_path, result).organizer["url"] == "https://events.example.org/congress/"


def test_an_empty_schedule_is_an_empty_list_of_sessions(tmp_path):
    data = schedule()
    data["schedule"]["conference"]["days"] = []  # type: ignore[index]
    result = run(tmp_path, data)
    assert (result.events, result.sessions) == (0, 0)
    assert result.warnings == ["the schedule has no events; wrote an empty list of sessions"]
    assert load(tmp_path, result).sessions == []


def test_broken_structure_is_skipped_with_warnings(tmp_path):
    data = schedule(event(slug="kept"), "not an event", 7)
    conference = data["schedule"]["conference"]  # type: ignore[index]
    conference["days"] += [
        "not a day",
        {"date": "2026-05-05", "rooms": {"Hall": "nope"}},
        {"date": "2026-05-06", "rooms": []},
    ]
    result = run(tmp_path, data)
    assert (result.events, result.sessions) == (3, 1)
    assert "event #2 is not an object ('not an event'); skipped it" in result.warnings
    assert "day 2 is not an object; skipped it" in result.warnings
    assert "day 3, room 'Hall' is not a list of events; skipped the room" in result.warnings
    assert "day 4: field 'rooms' is not an object; skipped the day" in result.warnings
    assert [s.id for s in load(tmp_path, result).sessions] == ["kept"]


# Odd values for every field: the import must never crash, and what it writes must load.
ODD_VALUES: list[object] = [
    None, True, 0, -5, 1.5, float("nan"), "", "   ", "x", "<b>", "9999-99-99T99:99",
    "2026-13-01T10:00:00+02:00", [], [1], [None], {}, {"url": 1}, {"a": {"b": []}},
    "http://[::1", "\x00\x07\ufeff\u2028\ud800", "https://example.org/\ud800", "<![if x]>",
]  # fmt: skip


@pytest.mark.parametrize("key", [*sorted(event()), "end", "participants", "answers"])
def test_no_value_of_any_event_field_crashes_the_import(tmp_path, key):
    for value in ODD_VALUES:
        result = run(tmp_path, schedule(event(**{key: value}), event(slug="other", guid="g2")))
        assert result.sessions >= 1, (key, value, result.warnings)
        load(tmp_path, result)


@pytest.mark.parametrize(
    "key", ["public_name", "name", "biography", "url", "avatar", "guid", "role"]
)
def test_no_value_of_any_person_field_crashes_the_import(tmp_path, key):
    for value in ODD_VALUES:
        result = run(
            tmp_path,
            schedule(
                event(
                    persons=[{key: value}],
                    links=[value],
                    attachments=[{"url": value, "title": value}],
                )
            ),
        )
        load(tmp_path, result)


@pytest.mark.parametrize(
    ("where", "key"),
    list(
        itertools.product(
            ["conference", "day", "schedule"],
            [
                "days",
                "rooms",
                "date",
                "day_start",
                "time_zone_name",
                "title",
                "url",
                "base_url",
                "events",
                "persons",
                "tracks",
            ],
        )
    ),
)
def test_no_value_of_any_structure_field_crashes_the_import(tmp_path, where, key):
    for value in ODD_VALUES:
        data = schedule(event())
        target = {
            "schedule": data["schedule"],
            "conference": data["schedule"]["conference"],  # type: ignore[index]
            "day": data["schedule"]["conference"]["days"][0],  # type: ignore[index]
        }[where]
        target[key] = value
        try:
            result = run(tmp_path, data)
        except SourceError:  # e.g. no 'days': not a schedule — an error, not a crash
            continue
        load(tmp_path, result)


# -- errors --------------------------------------------------------------------------------


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_text('{"schedule": {\n  "version": "1",,\n}}', "utf-8")
    with pytest.raises(SourceError) as info:
        import_schedule(path)
    assert (info.value.line, info.value.column) == (2, 18)
    assert "not valid JSON" in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "no 'schedule' object at the top"),
        ('{"version": "1"}', "no 'schedule' object at the top"),
        ('{"schedule": {"conference": []}}', "'schedule' has no 'conference' object"),
        ('{"schedule": {"conference": {"title": "X"}}}', "the conference has no 'days'"),
    ],
)
def test_json_that_is_not_a_schedule_is_an_error_with_a_hint(tmp_path, text, message):
    path = tmp_path / "other.json"
    path.write_text(text, "utf-8")
    with pytest.raises(SourceError) as info:
        import_schedule(path)
    assert message in info.value.message
    assert info.value.hint is not None
    assert "schedule.json" in info.value.hint


def test_xml_export_gets_a_hint(tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text('<?xml version="1.0"?>\n<schedule/>', "utf-8")
    with pytest.raises(SourceError) as info:
        import_schedule(path)
    assert info.value.hint is not None
    assert "looks like XML" in info.value.hint


def test_non_utf8_file_is_an_error(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_bytes('{"schedule": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(SourceError) as info:
        import_schedule(path)
    assert info.value.message == "not UTF-8 at line 1 (byte 0xE9)"


@pytest.mark.parametrize("text", ["", "[" * 100_000, "1" * 5_000, "nul"])
def test_degenerate_json_is_an_error_not_a_crash(tmp_path, text):
    path = tmp_path / "schedule.json"
    path.write_text(text, "utf-8")
    with pytest.raises(SourceError, match="not valid JSON"):
        import_schedule(path)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="cannot read the file"):
        import_schedule(tmp_path / "nope.json")
    with pytest.raises(SourceError, match="cannot read the file"):
        import_schedule(tmp_path)


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "schedule.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(schedule(event())).encode())
    assert import_schedule(path).sessions == 1


# -- the real exports ----------------------------------------------------------------------

real_exports = pytest.mark.skipif(not SCHEDULES.is_dir(), reason=f"{SCHEDULES} is absent")


def import_real(
    tmp_path: Path, name: str, events: int | None = None
) -> tuple[ImportResult, dict[str, Session]]:
    """Import and load a real export; with ``events``, every one of them became a session."""
    result = import_schedule(SCHEDULES / name)
    if events is not None:
        assert result.events == count_events(name) == result.sessions == events
    loaded = load(tmp_path, result)
    assert len(loaded.sessions) == result.sessions
    for session in loaded.sessions:
        assert not HTML_TAG.search(session.abstract), session.id
        assert not any(HTML_TAG.search(p.bio) for p in session.presenters), session.id
    return result, loaded.by_id()


def headline(session: Session) -> tuple[object, ...]:
    """Title, timezone, start, length and presenters: what a listing shows of a session."""
    return (
        session.title,
        session.timezone,
        session.start,
        session.duration,
        [p.name for p in session.presenters],
    )


def count_events(name: str) -> int:
    schedule = json.loads((SCHEDULES / name).read_text("utf-8"))["schedule"]
    if "events" in schedule:
        return len(schedule["events"])
    return sum(
        len(events) for day in schedule["conference"]["days"] for events in day["rooms"].values()
    )


@real_exports
@pytest.mark.parametrize(
    ("name", "events", "session_id", "expected"),
    [
        (
            "frab-camp2019.json",
            79,
            "camp2019-10386-opening_ceremony",
            ("Opening Ceremony", dt.datetime(2019, 8, 21, 11, 0, tzinfo=BERLIN), ["jinxx", "smtw"]),
        ),
        (
            "hub-schedule2.json",
            2,
            "38c3-opening-ceremony",
            (
                "38C3: Opening Ceremony",
                dt.datetime(2024, 12, 27, 10, 30, tzinfo=BERLIN),
                ["Gabriela Bogk", "Aline Blankertz"],
            ),
        ),
    ],
)
def test_real_frab_exports_open_with_their_ceremony(tmp_path, name, events, session_id, expected):
    result, sessions = import_real(tmp_path, name, events=events)
    assert result.warnings == []
    title, start, presenters = expected
    assert headline(sessions[session_id]) == (
        title,
        "Europe/Berlin",
        start,
        dt.timedelta(minutes=30),
        presenters,
    )


@real_exports
def test_real_frab_camp2019(tmp_path):
    _, sessions = import_real(tmp_path, "frab-camp2019.json")
    assert sessions["camp2019-10386-opening_ceremony"].tags == ("CCC", "lecture")
    # Starts at 23:00 on day 2, ends 00:30 on the next calendar day.
    show = sessions["camp2019-10344-achtung_datenpannen"]
    assert show.title == "Achtung, Datenpannen! Die große Datenschutz- und DSGVO-Show"
    assert show.start == dt.datetime(2019, 8, 22, 23, 0, tzinfo=BERLIN)
    assert show.end == dt.datetime(2019, 8, 23, 0, 30, tzinfo=BERLIN)
    assert (
        "- Welche Verschlüsselungs-Verfahren muss ein Datenverarbeiter verwenden" in show.abstract
    )
    assert "**Datenschutz- und DSGVO-Show**" in show.abstract
    spispy = sessions["camp2019-10186-spispy_spi_flash_device_emulation"]
    assert spispy.abstract.startswith(
        "[spispy](https://github.com/osresearch/spispy) is an open source"
    )
    containers = sessions["camp2019-10178-hacking_containers_and_kubernetes"]
    assert containers.slides.startswith("https://fahrplan.events.ccc.de/system/event_attachments/")
    # The YouTube links of this export point to earlier works, not to recordings.
    assert not any(s.recording for s in sessions.values())


@real_exports
def test_real_pretalx_democon(tmp_path):
    result, sessions = import_real(tmp_path, "pretalx-democon.json", events=36)
    first = sessions["democon-25-focused-5thgeneration-hardware"]
    assert first.title == "Focused 5thgeneration hardware"
    assert first.timezone == "UTC"
    # The export says UTC but writes its times with +01:00: the instant wins.
    assert first.start == dt.datetime(2020, 12, 14, 8, 0, tzinfo=UTC)
    assert first.duration == dt.timedelta(minutes=30)
    assert first.presenters[0].name == "Brian Robinson"
    assert first.presenters[0].bio.startswith("Break through direction.")
    assert len(result.warnings) == 2
    assert any(
        "and 35 more events: field 'start' '09:00' disagrees with 'date'" in w
        for w in result.warnings
    )
    assert any("field 'persons.answers'" in w for w in result.warnings)


@real_exports
def test_real_pretalx_rc3(tmp_path):
    result, sessions = import_real(tmp_path, "pretalx-rc3.json", events=48)
    assert result.warnings[0].startswith(
        "conference: field 'time_zone_name' is missing; wrote the times in UTC"
    )
    assert any(
        "and 47 more events: field 'answers' is not part of the schedule format" in w
        for w in result.warnings
    )
    first = sessions["mja8qy"]
    assert first.title == "Der faule Admin automatisiert: Gluon auf echter Hardware testen"
    assert first.timezone == "UTC"
    assert first.start == dt.datetime(2020, 12, 27, 10, 30, tzinfo=UTC)  # 11:30+01:00
    assert first.duration == dt.timedelta(minutes=40)
    assert first.language == "de"
    assert "[Gluon](https://gluon.readthedocs.io/)" in first.abstract  # Markdown kept
    esp = sessions["a9ebrk"]
    assert "**Einführung**" in esp.abstract
    assert "<" not in esp.abstract.replace("<https://", "")
    lost = sessions["kmvbdb"]
    assert "- IBM i, with emphasis on the Single Level Store" in lost.abstract


@real_exports
def test_real_hub_schedule2(tmp_path):
    _, sessions = import_real(tmp_path, "hub-schedule2.json")
    assert sessions["38c3-opening-ceremony"].slides == "https://example.net/foo/bar/1235.pdf"
    # Listed on the first congress day, it starts after midnight: the date is the 28th.
    night = sessions["38c3-a-competitive-time-trial-ai-for-need-for-speed"]
    assert (
        night.title
        == "A Competitive Time-Trial AI for Need for Speed: Most Wanted Using Deep Reinforcement Learning"
    )
    assert night.start == dt.datetime(2024, 12, 28, 0, 15, tzinfo=BERLIN)
    assert night.duration == dt.timedelta(minutes=40)


@real_exports
def test_real_invalid_example_gives_warnings_not_a_crash(tmp_path):
    result, sessions = import_real(tmp_path, "invalid-example.json")
    assert (result.events, result.sessions) == (1, 1)
    assert len(result.warnings) == 3
    assert any("field 'id' '2814' should be a number" in w for w in result.warnings)
    assert any("field 'answers' is not part of the schedule format" in w for w in result.warnings)
    session = sessions["2814-internal-network-penetration-testing-basics"]
    assert session.timezone == "Europe/Zurich"
    assert session.start == dt.datetime(2022, 12, 28, 14, 0, tzinfo=ZoneInfo("Europe/Zurich"))
    assert session.duration == dt.timedelta(minutes=45)
    assert session.presenters[0].name == "Mänu"
    assert (
        "* Einführung ins Active Directory\n* Analyse von Active Directory Umgebungen"
        in session.abstract
    )


@real_exports
def test_the_json_schema_itself_is_not_a_schedule(tmp_path):
    with pytest.raises(SourceError, match="not a frab/pretalx schedule"):
        import_schedule(SCHEDULES / "schema.json")

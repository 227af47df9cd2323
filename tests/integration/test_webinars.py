"""Webinars through real builds: pages, feeds, JSON-LD in <head>, history, links."""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
from click.testing import CliRunner

from eduplat.cli import cli

SCHEDULE = """\
timezone: Asia/Shanghai
sessions:
  - id: ops
    title: Node operations
    abstract: Weekly ops hour.
    start: 2026-10-13 20:00
    duration: 60
    join: https://meet.example.org/ops
    repeat: {frequency: weekly, count: 3}
  - id: workshop
    title: Audit workshop
    start: 2030-01-20 15:00
    timezone: Europe/Berlin
    duration: 90
    recording: https://www.youtube.com/watch?v=aqz-KE-bpKQ
"""


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_schedule_pages_and_feeds(make_site, chdir):
    config = make_site({"webinars.yml": SCHEDULE})
    chdir(config.parent)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    out = config.parent / "site" / "webinars"
    for name in (
        "index.html",
        "ops/index.html",
        "workshop/index.html",
        "ops.ics",
        "workshop.ics",
        "webinars.ics",
        "feed.xml",
    ):
        assert (out / name).is_file(), name
    feed = icalendar.Calendar.from_ical((out / "webinars.ics").read_bytes())
    uids = sorted(str(e["UID"]) for e in feed.walk("VEVENT"))
    assert uids == ["ops@example.org", "workshop@example.org"]  # site_url's host
    page = (out / "ops" / "index.html").read_text()
    head = page.split("</head>", 1)[0]
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S).group(1)
    )
    assert data["@type"] == "Event" or data[0]["@type"] == "Event"
    assert "application/ld+json" not in page.split("</head>", 1)[1], "not in the article"
    # The series is over: nothing left to add to a calendar (the .ics stays published).
    assert "Add to calendar" not in page
    assert "https://calendar.google.com/calendar/render?" not in page
    workshop = (out / "workshop" / "index.html").read_text()
    assert 'href="../workshop.ics"' in workshop
    assert "https://calendar.google.com/calendar/render?" in workshop
    assert '<button type="button" class="md-button eduplat-calendar__toggle"' in workshop
    index = (out / "index.html").read_text()
    assert index.count('class="eduplat-slot ') == 2, "the series is one entry"
    assert "Weekly on Tuesdays — last" in index
    assert 'href="webinars.ics"' in index
    assert 'href="feed.xml"' in index
    workshop = (out / "workshop" / "index.html").read_text()
    assert "youtube-nocookie.com/embed/aqz-KE-bpKQ" in workshop
    assert "<iframe" not in workshop, "nothing loads from YouTube before the reader clicks"


def test_history_is_written_once_and_builds_are_identical(make_site, chdir):
    config = make_site({"webinars.yml": SCHEDULE})
    chdir(config.parent)
    assert run("build").exit_code == 0
    history = config.parent / "webinars.history.json"
    assert json.loads(history.read_text())["sessions"]["ops"]["sequence"] == 0
    first = (config.parent / "site" / "webinars" / "webinars.ics").read_bytes()
    assert run("build").exit_code == 0
    assert (config.parent / "site" / "webinars" / "webinars.ics").read_bytes() == first
    (config.parent / "webinars.yml").write_text(
        SCHEDULE.replace("2030-01-20 15:00", "2030-01-21 15:00")
    )
    assert run("build").exit_code == 0
    data = json.loads(history.read_text())["sessions"]
    assert (data["ops"]["sequence"], data["workshop"]["sequence"]) == (0, 1)
    feed = icalendar.Calendar.from_ical(
        (config.parent / "site" / "webinars" / "webinars.ics").read_bytes()
    )
    sequences = {str(e["UID"]): int(e["SEQUENCE"]) for e in feed.walk("VEVENT")}
    assert sequences == {"ops@example.org": 0, "workshop@example.org": 1}


def test_related_tutorial_and_quiz_must_exist(make_site, chdir):
    schedule = SCHEDULE.replace(
        "    join: https://meet.example.org/ops\n",
        "    join: https://meet.example.org/ops\n    quizzes: [basics]\n",
    )
    config = make_site({"webinars.yml": schedule})
    chdir(config.parent)
    for command in ("build", "check"):
        result = run(command)
        assert result.exit_code == 1, command
        assert (
            "webinars.yml:3: session 'ops': related quiz 'basics' does not exist" in result.output
        )


def test_invalid_schedule_fails_with_location(make_site, chdir):
    config = make_site({"webinars.yml": SCHEDULE.replace("Europe/Berlin", "Europe/Berlim")})
    chdir(config.parent)
    result = run("check")
    assert result.exit_code == 1
    assert "webinars.yml:13: session 'workshop': unknown timezone 'Europe/Berlim'" in result.output
    assert "did you mean 'Europe/Berlin'?" in result.output


def test_no_schedule_no_pages(make_site, chdir):
    config = make_site()
    chdir(config.parent)
    assert run("build", "--strict").exit_code == 0
    assert not (config.parent / "site" / "webinars").exists()


def test_a_webinars_folder_is_used_when_there_is_no_webinars_yml(make_site, chdir):
    ops, workshop = SCHEDULE.split("  - id: workshop\n")
    config = make_site(
        {
            "webinars/ops.yml": ops,
            "webinars/workshop.yml": "timezone: Europe/Berlin\nsessions:\n  - id: workshop\n"
            + workshop,
            "webinars/_draft.yml": "this is: [not valid",  # names starting with _ are skipped
        }
    )
    chdir(config.parent)
    assert run("check").exit_code == 0
    assert run("build", "--strict").exit_code == 0
    feed = icalendar.Calendar.from_ical(
        (config.parent / "site" / "webinars" / "webinars.ics").read_bytes()
    )
    assert sorted(str(e["UID"]) for e in feed.walk("VEVENT")) == [
        "ops@example.org",
        "workshop@example.org",
    ]
    (config.parent / "webinars" / "more.yml").write_text(
        "timezone: UTC\nsessions:\n  - id: ops\n    title: Again\n"
        "    start: 2031-01-01 10:00\n    duration: 30\n"
    )
    result = run("check")
    assert result.exit_code == 1
    # Files are read in name order: more.yml comes first.
    assert "ops.yml:3: duplicate session id 'ops' (first at more.yml:3)" in result.output


PRETALX = """\
{"schedule": {"version": "1", "conference": {
  "acronym": "demo", "title": "Demo Con", "time_zone_name": "Europe/Berlin",
  "days": [{"index": 1, "date": "2026-03-29", "rooms": {"Main": [
    {"guid": "6b8f1d2e-0000-4000-8000-000000000001", "id": 7, "date": "2026-03-29T01:30:00+01:00",
     "start": "01:30", "duration": "01:00", "room": "Main", "slug": "demo-7-clocks",
     "title": "Clocks <b>forward</b>", "abstract": "<p>Across the <em>DST</em> gap.</p>",
     "language": "en", "type": "Talk", "track": "Ops",
     "persons": [{"public_name": "Ada", "biography": "<script>alert(1)</script>Ops lead"}]}
  ]}}]}}}
"""


def test_imported_pretalx_schedule_builds_into_a_site(make_site, chdir):
    config = make_site({"schedule.json": PRETALX})
    chdir(config.parent)
    result = run("webinars", "import", "schedule.json", "-o", "webinars.yml")
    assert result.exit_code == 0, result.output
    assert "Wrote webinars.yml" in result.output
    assert run("check").exit_code == 0
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    page = (config.parent / "site" / "webinars" / "demo-7-clocks" / "index.html").read_text()
    assert "Clocks forward" in page  # HTML in an exported title becomes plain text
    assert "<em>DST</em>" in page  # HTML in an abstract becomes Markdown, rendered again
    assert "Ops lead" in page
    assert "<script>alert(1)</script>" not in page
    calendar = icalendar.Calendar.from_ical(
        (config.parent / "site" / "webinars" / "demo-7-clocks.ics").read_bytes()
    )
    (event,) = calendar.walk("VEVENT")
    # 01:30 CET is 00:30 UTC; the session runs one hour, across the clock change.
    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(
        2026, 3, 29, 0, 30, tzinfo=dt.UTC
    )
    assert event.decoded("DTEND").astimezone(dt.UTC) == dt.datetime(
        2026, 3, 29, 1, 30, tzinfo=dt.UTC
    )


def test_import_refuses_to_overwrite_without_force(make_site, chdir):
    config = make_site({"schedule.json": PRETALX, "webinars.yml": SCHEDULE})
    chdir(config.parent)
    result = run("webinars", "import", "schedule.json", "-o", "webinars.yml")
    assert result.exit_code == 1
    assert "webinars.yml exists" in result.output
    assert "--force" in result.output
    assert (config.parent / "webinars.yml").read_text() == SCHEDULE
    assert (
        run("webinars", "import", "schedule.json", "-o", "webinars.yml", "--force").exit_code == 0
    )
    assert "demo-7-clocks" in (config.parent / "webinars.yml").read_text()

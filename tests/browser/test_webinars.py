"""Webinar pages in Chromium: reader timezones, a mocked clock, click-to-load recordings."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from eduplat import site as site_api
from tests.support.browser import follow, served_in_both_modes

pytestmark = pytest.mark.browser

SCHEDULE = """\
timezone: Europe/Berlin
sessions:
  - id: workshop
    title: Audit workshop
    start: 2030-01-20 15:00
    duration: 90
    join: https://meet.example.org/audit
    recording: https://www.youtube.com/watch?v=aqz-KE-bpKQ
  - id: early
    title: Early session
    start: 2029-06-01 09:00
    timezone: Asia/Shanghai
    duration: 60
  - id: clinic
    title: Weekly clinic
    start: 2030-01-01 10:00
    duration: 60
    language: zh
    repeat: {frequency: weekly, count: 3}
  - id: called-off
    title: Called off
    start: 2030-01-10 10:00
    duration: 60
    status: cancelled
  - id: moved
    title: Moved talk
    start: 2030-01-12 10:00
    previous_start: 2030-01-05 10:00
    status: postponed
    duration: 60
"""

MKDOCS = """\
site_name: Webinar test
site_url: {url}
theme:
  name: material
  font: false
  features: [{features}]
plugins:
  - search
  - eduplat
"""


def build_site(root: Path, instant: bool, url: str) -> None:
    features = "navigation.instant" if instant else ""
    (root / "mkdocs.yml").write_text(MKDOCS.format(url=url, features=features))
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n\n[All webinars](webinars/index.md)\n")
    (root / "webinars.yml").write_text(textwrap.dedent(SCHEDULE))
    site_api.build(root / "mkdocs.yml", strict=True)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Base URLs of the same schedule built with and without navigation.instant."""
    yield from served_in_both_modes(tmp_path_factory, build_site)


@pytest.fixture(scope="module")
def base_url(sites) -> str:
    return sites["instant"]


def open_page(browser, url, timezone, now=None):
    context = browser.new_context(timezone_id=timezone, locale="en-US")
    page = context.new_page()
    outside: list[str] = []

    def route(route):
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    if now is not None:
        page.clock.install(time=now)
    page.goto(url)
    return context, page, outside


@pytest.mark.parametrize(
    ("timezone", "expected"),
    [
        # The end falls on the next day in Tokyo.
        ("Asia/Tokyo", "Sun 20 Jan 2030, 23:00–Mon 21 Jan 2030 00:30 (your time, UTC+09:00)"),
        ("America/Los_Angeles", "Sun 20 Jan 2030, 06:00–07:30 (your time, UTC-08:00)"),
    ],
)
def test_times_lead_with_the_readers_timezone_in_the_pages_format(
    base_url, browser, timezone, expected
):
    context, page, _ = open_page(browser, base_url + "webinars/workshop/", timezone)
    when = page.locator(".eduplat-session__when")
    assert when.locator("time").inner_text() == expected
    local = when.locator(".eduplat-when__local")
    assert local.is_visible()
    assert local.inner_text() == (
        "Session time: Sun 20 Jan 2030, 15:00–16:30 (Europe/Berlin, UTC+01:00)"
    )
    context.close()
    context, page, _ = open_page(browser, base_url + "webinars/", timezone)
    slot = page.locator(".eduplat-slot", has_text="Audit workshop")
    assert slot.locator("time").inner_text() == expected
    assert not slot.locator(".eduplat-when__local").count(), "one format per entry"
    context.close()


def test_schedule_reads_at_a_glance(base_url, browser):
    now = dt.datetime(2029, 12, 20, 12, 0, tzinfo=dt.UTC)
    context, page, _ = open_page(browser, base_url + "webinars/", "Europe/Berlin", now=now)
    upcoming = page.locator('[data-section="upcoming"]')
    clinic = upcoming.locator(".eduplat-slot", has_text="Weekly clinic")
    assert clinic.count() == 1, "a series is shown once"
    assert clinic.locator(".eduplat-slot__when").inner_text() == (
        "Weekly on Tuesdays — next Tue 1 Jan 2030, 10:00–11:00 (Europe/Berlin, UTC+01:00)"
    )
    assert clinic.locator(".eduplat-badge").inner_text() == "Chinese"
    moved = upcoming.locator(".eduplat-slot", has_text="Moved talk")
    assert moved.locator(".eduplat-badge").inner_text() == "Rescheduled (was 5 Jan)"
    assert "Postponed" not in page.locator("article").inner_text()
    context.close()


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_series_entry_moves_on_with_the_readers_clock(sites, browser, mode):
    later = dt.datetime(2030, 1, 3, 12, 0, tzinfo=dt.UTC)
    context, page, _ = open_page(browser, sites[mode], "Europe/Berlin", now=later)
    link = page.locator("article").get_by_role("link", name="All webinars")
    assert follow(page, link, "**/webinars/") is (mode == "instant")
    clinic = page.locator('[data-section="upcoming"] .eduplat-slot', has_text="Weekly clinic")
    assert "Tue 8 Jan 2030, 10:00–11:00" in clinic.locator("time").inner_text()
    context.close()


@pytest.mark.parametrize("session", ["called-off", "early"])
def test_no_add_to_calendar_on_cancelled_or_past_sessions(base_url, browser, session):
    now = dt.datetime(2029, 12, 20, 12, 0, tzinfo=dt.UTC)
    context, page, _ = open_page(browser, base_url + f"webinars/{session}/", "UTC", now=now)
    # "called-off" has none at build time; "early" was upcoming then, and the reader's
    # clock says it is over.
    assert page.get_by_text("Add to calendar").filter(visible=True).count() == 0
    assert page.locator("a[href*='calendar.google.com']").filter(visible=True).count() == 0
    context.close()


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_add_to_calendar_is_a_button(sites, browser, mode):
    base_url = sites[mode]
    now = dt.datetime(2030, 1, 18, 12, 0, tzinfo=dt.UTC)
    context, page, _ = open_page(browser, base_url + "webinars/", "UTC", now=now)
    link = page.get_by_role("link", name="Audit workshop")
    assert follow(page, link, "**/webinars/workshop/") is (mode == "instant")
    button = page.get_by_role("button", name="Add to calendar")
    google = page.get_by_role("link", name="Google Calendar")
    assert button.get_attribute("aria-expanded") == "false"
    assert not google.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert google.is_visible()
    context.close()
    # Once the meeting is over (the page was built before), the button goes.
    after = dt.datetime(2030, 1, 21, 12, 0, tzinfo=dt.UTC)
    context, page, _ = open_page(browser, base_url + "webinars/workshop/", "UTC", now=after)
    assert not page.get_by_role("button", name="Add to calendar").is_visible()
    context.close()


def test_no_local_time_when_the_reader_is_in_the_sessions_zone(base_url, browser):
    context, page, _ = open_page(browser, base_url + "webinars/workshop/", "Europe/Berlin")
    assert not page.locator(".eduplat-session__when .eduplat-when__local").is_visible()
    context.close()


def test_mocked_clock_moves_a_session_from_upcoming_to_past(base_url, browser):
    before = dt.datetime(2030, 1, 20, 12, 0, tzinfo=dt.UTC)
    context, page, _ = open_page(browser, base_url + "webinars/", "UTC", now=before)
    upcoming = page.locator('[data-section="upcoming"]')
    past = page.locator('[data-section="past"]')
    assert "Audit workshop" in upcoming.inner_text()
    assert "Early session" in past.inner_text()
    context.close()

    after = dt.datetime(2030, 1, 20, 16, 0, tzinfo=dt.UTC)
    context, page, _ = open_page(browser, base_url + "webinars/", "UTC", now=after)
    assert "Audit workshop" not in page.locator('[data-section="upcoming"]').inner_text()
    assert "Audit workshop" in page.locator('[data-section="past"]').inner_text()
    assert page.locator('[data-section="upcoming"] .eduplat-schedule__empty').is_visible()
    context.close()


@pytest.mark.parametrize(
    ("now", "text"),
    [
        (dt.datetime(2030, 1, 18, 14, 0, tzinfo=dt.UTC), "Starts in 2 days"),
        (dt.datetime(2030, 1, 20, 14, 30, tzinfo=dt.UTC), "Live now"),
        (dt.datetime(2030, 1, 21, 9, 0, tzinfo=dt.UTC), "This session has ended"),
    ],
)
def test_countdown_live_and_ended(base_url, browser, now, text):
    context, page, _ = open_page(browser, base_url + "webinars/workshop/", "UTC", now=now)
    assert page.locator(".eduplat-countdown").inner_text() == text
    join = page.locator(".eduplat-join")
    assert join.is_visible() is (text != "This session has ended")
    context.close()


def test_recording_loads_only_after_a_click(base_url, browser):
    context, page, outside = open_page(browser, base_url + "webinars/workshop/", "UTC")
    page.wait_for_load_state("networkidle")
    assert not [u for u in outside if "youtube" in u], outside
    assert page.locator("iframe").count() == 0
    page.get_by_role("button", name="Play on YouTube").click()
    frame = page.locator("iframe.eduplat-video__media")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    page.wait_for_timeout(300)
    assert any("youtube-nocookie.com" in u for u in outside)
    context.close()

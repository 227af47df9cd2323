"""The flagship built with Zensical, in Chromium: eduplat's pages work without MkDocs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def zensical_flagship(flagship_by_engine):
    return flagship_by_engine("zensical")


def test_tutorial_output_on_zensical(zensical_flagship, serve_dir, page):
    page.goto(serve_dir(zensical_flagship) + "tutorials/hash-chain/")
    error_output = page.locator("pre.eduplat-output--error").first
    assert error_output.is_visible()
    assert "TamperError" in error_output.inner_text()
    assert "Tested with Python" in page.locator("article").inner_text()


def test_quiz_answered_on_zensical_after_instant_navigation(zensical_flagship, serve_dir, page):
    page.goto(serve_dir(zensical_flagship) + "quizzes/")
    page.get_by_role("link", name="Hashing quick check").first.click()
    page.wait_for_url("**/quizzes/hashing-quick-check/")
    question = page.locator('.eduplat-question[data-question="digest-size"]')
    question.get_by_label("32 bytes").check()
    question.get_by_role("button", name="Check").click()
    assert question.locator(".eduplat-question__verdict").inner_text() == "Correct."
    assert "Right. 256 bits are 32 bytes" in question.inner_text()


def test_session_in_the_readers_time_on_zensical(zensical_flagship, serve_dir, browser):
    context = browser.new_context(timezone_id="America/Los_Angeles", locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(serve_dir(zensical_flagship) + "webinars/audit-workshop-2027-01/")
    when = page.locator(".eduplat-session__when")
    assert when.locator("time").inner_text() == (
        "Wed 20 Jan 2027, 06:00–08:00 (your time, UTC-08:00)"
    )
    assert when.locator(".eduplat-when__local").inner_text() == (
        "Session time: Wed 20 Jan 2027, 15:00–17:00 (Europe/Berlin, UTC+01:00)"
    )
    context.close()
    assert errors == []

"""Learning paths and feedback in Chromium, with navigation.instant on and off: ticks after
scrolling to the end and after passing a quiz, Continue, reset, export/import, ?path=, the
prefilled issue link, and no request leaving 127.0.0.1 at page load."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from eduplat import site as site_api
from tests.conftest import serve_folder

pytestmark = pytest.mark.browser

LONG = "# Install the wallet\n\n" + "\n\n".join(
    f"Paragraph {n}: read every line before you install anything." for n in range(120)
)

FILES = {
    "docs/index.md": "# Home\n\nWelcome.\n",
    "docs/guide/install.md": LONG + "\n\nThe last line of the install guide.\n",
    "docs/guide/keys.md": "# Keep keys\n\nShort page.\n",
    "quizzes/basics.yml": """\
        id: basics
        title: Basics
        pass_mark: 100
        questions:
          - {id: one, type: true_false, prompt: Hashes are one-way., answer: true}
          - {id: two, type: true_false, prompt: Keys are public., answer: false}
        """,
    "paths/start.yml": """\
        id: start
        title: Getting started
        audience: users
        steps:
          - page: guide/install.md
          - quiz: basics
          - page: guide/keys.md
          - url: https://bitcoin.org/bitcoin.pdf
            title: The white paper
            optional: true
        """,
    "tutorials/squares.py": """\
        # %% [markdown]
        # # Squares

        # %% tags=["exercise"]
        def square(x):
            return 0

        # %% tags=["solution"]
        def square(x):
            return x * x

        # %% tags=["check"]
        assert square(3) == 9, "square(3) should be 9"
        """,
    "paths/practice.yml": """\
        id: practice
        title: Practice
        audience: developers
        steps:
          - tutorial: squares
        """,
    "paths/second.yml": """\
        id: second
        title: Second path
        audience: operators
        steps:
          - page: guide/keys.md
          - page: guide/install.md
        """,
}

MKDOCS = """\
site_name: Paths test
site_url: https://learn.example.org/
theme:
  name: material
  font: false
  features: [{features}]
nav:
  - Home: index.md
  - Learning paths: paths/index.md
  - Install: guide/install.md
  - Keys: guide/keys.md
plugins:
  - search
  - eduplat:
      tutorials:
        execute: false
      feedback:
        issue_url: https://github.com/acme/docs/issues/new?title={{title}}&body={{body}}
        endpoint: https://forms.example.org/feedback
"""


@pytest.fixture(scope="module", params=["instant", "plain"])
def base_url(request, tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp(f"paths-{request.param}")
    features = "navigation.instant" if request.param == "instant" else ""
    (root / "mkdocs.yml").write_text(MKDOCS.format(features=features), encoding="utf-8")
    for rel, content in FILES.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(content), encoding="utf-8")
    site_api.build(root / "mkdocs.yml", strict=True)
    server, url = serve_folder(root / "site")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def outside(page) -> list[str]:
    """Requests that would leave 127.0.0.1 are recorded and blocked."""
    seen: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if urlparse(url).hostname not in {"127.0.0.1"} and not url.startswith(("data:", "blob:")):
            seen.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    page.context.route("**/*", route)
    return seen


def steps(page) -> list[tuple[str, bool]]:
    items = page.locator(".eduplat-path-step")
    items.first.wait_for()
    return [
        (
            items.nth(i).get_attribute("data-step"),
            "eduplat-path-step--done" in (items.nth(i).get_attribute("class") or ""),
        )
        for i in range(items.count())
    ]


def open_path(page, base_url: str) -> None:
    page.goto(base_url + "paths/start/")
    page.locator(".eduplat-path__count").filter(has_text="done").wait_for()


def pass_quiz(page, base_url: str) -> None:
    page.goto(base_url + "quizzes/basics/")
    page.locator('[data-question="one"] input[value="true"]').check()
    page.locator('[data-question="two"] input[value="false"]').check()
    page.locator(".eduplat-quiz__check-all").click()
    page.locator(".eduplat-quiz__result--passed").wait_for()


def test_path_page_reads_as_a_plain_list_without_javascript(base_url, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "paths/start/")
    links = page.locator(".eduplat-path__steps a").all_inner_texts()
    assert links == ["Install the wallet", "Basics", "Keep keys", "The white paper"]
    assert not page.locator(".eduplat-path__progress").is_visible()
    context.close()


def test_scrolling_to_the_end_ticks_the_step_and_continue_moves_on(base_url, page, outside):
    open_path(page, base_url)
    assert page.locator(".eduplat-path__count").inner_text() == "0 of 3 done"
    assert (
        page.locator(".eduplat-path__continue")
        .get_attribute("href")
        .endswith("/guide/install/?path=start")
    )
    page.locator(".eduplat-path__continue").click()
    page.wait_for_url("**/guide/install/?path=start")
    bar = page.locator(".eduplat-pathbar:visible")
    assert bar.count() == 1  # ?path= keeps the path the reader came from
    assert "Path: Getting started — step 1 of 4" in bar.inner_text()
    page.wait_for_timeout(300)
    assert page.locator(".eduplat-pathbar__mark:visible").get_attribute("aria-pressed") == "false"
    page.get_by_text("The last line of the install guide.").scroll_into_view_if_needed()
    page.locator('.eduplat-pathbar:visible .eduplat-pathbar__mark[aria-pressed="true"]').wait_for()
    page.locator(".eduplat-pathbar__path:visible").click()  # back to the path page
    page.wait_for_url("**/paths/start/**")
    page.locator(".eduplat-path__count").filter(has_text="1 of 3 done").wait_for()
    assert steps(page)[0] == ("page:guide/install.md", True)
    assert (
        page.locator(".eduplat-path__continue")
        .get_attribute("href")
        .endswith("/quizzes/basics/?path=start")
    )
    assert outside == []


def test_passing_the_quiz_ticks_its_step_and_reset_clears(base_url, page):
    pass_quiz(page, base_url)
    open_path(page, base_url)
    assert dict(steps(page))["quiz:basics"] is True
    assert page.locator(".eduplat-path__count").inner_text() == "1 of 3 done"
    assert (
        page.locator(".eduplat-path__continue")
        .get_attribute("href")
        .endswith("/guide/install/?path=start")
    )  # the first step not done, before the quiz
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(".eduplat-path__reset").click()
    page.locator(".eduplat-path__count").filter(has_text="0 of 3 done").wait_for()
    assert not any(done for _, done in steps(page))
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('eduplat-'))") == []


def test_mark_as_done_and_complete_path(base_url, page):
    pressed = '.eduplat-pathbar:visible .eduplat-pathbar__mark[aria-pressed="true"]'
    page.goto(base_url + "guide/keys/?path=second")
    page.locator(pressed).wait_for()  # a short page: its end is on screen at once
    page.goto(base_url + "guide/install/?path=second")
    page.locator(".eduplat-pathbar:visible .eduplat-pathbar__mark").click()
    page.locator(pressed).wait_for()
    page.goto(base_url + "paths/second/")
    page.locator(".eduplat-path__count").filter(has_text="Path complete").wait_for()
    assert not page.locator(".eduplat-path__continue").is_visible()


def test_export_then_import_round_trips(base_url, page, tmp_path):
    pass_quiz(page, base_url)
    page.goto(base_url + "guide/keys/?path=start")  # short: done once its end shows
    page.locator('.eduplat-pathbar:visible .eduplat-pathbar__mark[aria-pressed="true"]').wait_for()
    open_path(page, base_url)
    before = steps(page)
    assert [done for _, done in before] == [False, True, True, False]
    with page.expect_download() as info:
        page.locator(".eduplat-path__export").click()
    exported = tmp_path / "progress.json"
    info.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["format"] == "eduplat-progress"
    assert "page:guide/keys.md" in data["paths"]["start"]["done"]
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".eduplat-path__count").filter(has_text="0 of 3 done").wait_for()
    page.locator(".eduplat-path__import input").set_input_files(str(exported))
    page.locator(".eduplat-path__count").filter(has_text="2 of 3 done").wait_for()
    assert steps(page) == before
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    page.locator(".eduplat-path__import input").set_input_files(str(bad))
    page.get_by_text("This file is not an eduplat progress file.").wait_for()


def test_a_tutorial_step_counts_the_exercises_passed_in_the_page(base_url, page, tmp_path):
    # What exercises.js records when a Check passes (see tests/browser/test_run_in_page.py).
    page.goto(base_url + "tutorials/squares/")
    page.evaluate(
        "localStorage.setItem('eduplat-exercise:/tutorials/squares/:1',"
        " JSON.stringify({attempted: true, passed: '2026-12-01T10:00:00Z'}))"
    )
    page.goto(base_url + "paths/practice/")
    status = page.locator('[data-step="tutorial:squares"] .eduplat-path-step__status')
    status.filter(has_text="Exercises passed: 1").wait_for()
    with page.expect_download() as info:
        page.locator(".eduplat-path__export").click()
    exported = tmp_path / "progress.json"
    info.value.save_as(exported)
    assert json.loads(exported.read_text())["exercises"] == {
        "eduplat-exercise:/tutorials/squares/:1": {
            "attempted": True,
            "passed": "2026-12-01T10:00:00Z",
        }
    }
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".eduplat-path__count").filter(has_text="0 of 1 done").wait_for()
    assert status.inner_text() == ""
    page.locator(".eduplat-path__import input").set_input_files(str(exported))
    status.filter(has_text="Exercises passed: 1").wait_for()


def test_a_page_in_two_paths_shows_both_bars_without_path_parameter(base_url, page):
    page.goto(base_url + "guide/install/")
    bars = page.locator(".eduplat-pathbar:visible")
    bars.first.wait_for()
    assert bars.count() == 2
    page.goto(base_url + "guide/install/?path=second")
    page.locator(".eduplat-pathbar:visible").first.wait_for()
    assert page.locator(".eduplat-pathbar:visible").count() == 1
    previous = page.locator(".eduplat-pathbar:visible .eduplat-pathbar__previous")
    assert previous.get_attribute("href").endswith("/guide/keys/?path=second")


def test_feedback_link_is_prefilled_and_nothing_leaves_at_load(base_url, page, outside):
    page.goto(base_url + "guide/keys/")
    page.wait_for_load_state("networkidle")
    assert outside == []  # no third-party request at page load
    widget = page.locator(".eduplat-feedback")
    widget.get_by_role("button", name="Yes").click()
    # The endpoint is off 127.0.0.1, so the route blocks it: the reader is told.
    widget.get_by_text("Your feedback could not be sent; please try again later.").wait_for()
    assert outside == ["https://forms.example.org/feedback"]
    page.locator("article p", has_text="Short page.").select_text()
    with page.expect_popup() as popup_info:
        widget.get_by_role("link", name="Report a problem").click()
    popup = popup_info.value
    popup.wait_for_load_state()
    # The popup's request, blocked by the route (a loaded browser may retry it: same URL).
    popup_requests = outside[1:]
    assert len(set(popup_requests)) == 1, outside
    url = urlparse(popup_requests[0])
    assert (url.hostname, url.path) == ("github.com", "/acme/docs/issues/new")
    query = parse_qs(url.query)
    assert query["title"] == ["Problem on: Keys"]  # the page title (from the nav)
    body = query["body"][0]
    assert "URL: " + base_url + "guide/keys/" in body
    assert "> Short page." in body
    assert "Site version: -" in body
    popup.close()
    page.reload()
    page.get_by_text("Thanks for your feedback!").wait_for()  # remembered in this browser
    assert not page.locator(".eduplat-feedback__question").is_visible()


def test_feedback_posts_json_to_the_endpoint_only_on_click(base_url, page, outside):
    posted: list[dict] = []

    def endpoint(request_route):
        posted.append(json.loads(request_route.request.post_data))
        request_route.fulfill(status=200, body="ok")

    page.route("https://forms.example.org/feedback", endpoint)  # before the catch-all
    page.goto(base_url + "quizzes/basics/")
    page.wait_for_load_state("networkidle")
    assert posted == []
    widget = page.locator(".eduplat-feedback")
    widget.get_by_role("button", name="No").click()
    widget.locator("textarea").fill("Question 2 is ambiguous.")
    widget.get_by_role("button", name="Send").click()
    widget.get_by_text("Thank you: your feedback was sent.").wait_for()
    assert [p["helpful"] for p in posted] == ["no", "no"]
    assert posted[1]["comment"] == "Question 2 is ambiguous."
    assert posted[1]["page"] == "quizzes/basics/"
    assert posted[1]["url"] == base_url + "quizzes/basics/"
    assert outside == []

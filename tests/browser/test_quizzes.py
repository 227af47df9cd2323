"""Quizzes in Chromium: scoring, feedback, saved progress, keyboard, instant navigation, XSS."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from eduplat import site as site_api
from tests.support.browser import follow, served_in_both_modes

pytestmark = pytest.mark.browser

ALL_TYPES = """\
id: all-types
title: All types
pass_mark: 75
questions:
  - id: single
    type: single
    prompt: Which hash does Bitcoin use for block headers?
    options:
      - {text: Double SHA-256, correct: true, feedback: "Right: SHA-256, twice."}
      - {text: MD5, feedback: MD5 collisions are cheap.}
    explanation: Bitcoin hashes each header twice with SHA-256.
  - id: multi
    type: multiple
    prompt: Which are hash functions?
    options:
      - {text: SHA-256, correct: true}
      - {text: Keccak-256, correct: true}
      - {text: AES, feedback: AES is a block cipher.}
  - id: tf
    type: true_false
    prompt: A Lamport key may safely sign twice.
    answer: false
    incorrect_feedback: Signing twice reveals more secret halves.
  - id: short
    type: short
    prompt: Name the hash function (any spelling).
    accepted: [{regex: "sha-?256"}]
  - id: num
    type: numeric
    prompt: How many blocks between difficulty retargets?
    value: 2016
    incorrect_feedback: It is 2016 blocks, about two weeks.
  - id: match
    type: matching
    prompt: Match each idea with what it gives.
    pairs:
      - {left: Proof of work, right: Costly history}
      - {left: Merkle tree, right: Inclusion proofs}
      - {right: Free lunch}
  - id: order
    type: ordering
    prompt: Put incident response in order.
    items: [Detect, Contain, Recover]
"""

MINI = """\
id: mini
title: Mini quiz
questions:
  - {id: tf, type: true_false, prompt: Hashes are one-way., answer: true}
  - {id: short, type: short, prompt: Name the hash., accepted: [sha256]}
"""

XSS = """\
id: xss
title: "<script>alert('title')</script>"
description: "<img src=x onerror=\\"alert('description')\\"> <script>window.__xss = 1</script>"
questions:
  - type: single
    prompt: "<img src=x onerror=\\"alert('prompt')\\"> pick <script>alert('prompt2')</script>"
    options:
      - text: "<img src=y onerror=\\"alert('option')\\">A"
        correct: true
        feedback: "<script>alert('feedback')</script><svg onload=\\"alert('svg')\\"></svg>"
      - text: "<a href=\\"javascript:alert('href')\\">B</a>"
        feedback: "<iframe srcdoc=\\"<script>alert(1)</script>\\"></iframe>"
    explanation: "<details open ontoggle=\\"alert('toggle')\\">x</details>"
  - type: short
    prompt: "</script><script>alert('breakout')</script>"
    accepted: ["</script><script>alert('answer')</script>"]
"""

MKDOCS = """\
site_name: Quiz test
theme:
  name: material
  font: false
{features}
nav:
  - Home: index.md
  - Next: next.md
  - Quizzes: quizzes/index.md
plugins:
  - search
  - eduplat
"""


def build_site(root: Path, instant: bool, site_url: str) -> Path:
    features = "  features: [navigation.instant]" if instant else ""
    (root / "mkdocs.yml").write_text(MKDOCS.format(features=features))
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(
        "# Home\n\n[Go to the mini quiz](quizzes/mini.md)\n\n[Next page](next.md)\n"
    )
    (docs / "next.md").write_text(
        "# Next\n\nThe mini quiz, embedded:\n\n<!-- eduplat:quiz mini -->\n"
    )
    quizzes = root / "quizzes"
    quizzes.mkdir()
    for name, text in (("all-types", ALL_TYPES), ("mini", MINI), ("xss", XSS)):
        (quizzes / f"{name}.yml").write_text(textwrap.dedent(text))
    # Material's instant loading only follows links listed in sitemap.xml, whose URLs come
    # from site_url: build for the address the test server really has.
    site_api.build(root / "mkdocs.yml", strict=True, site_url=site_url)
    return root / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Base URLs of two built sites, with and without navigation.instant."""
    yield from served_in_both_modes(tmp_path_factory, build_site)


@pytest.fixture
def dialogs(page):
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    return seen


def question(page, qid):
    return page.locator(f'.eduplat-question[data-question="{qid}"]')


def sort_ordering(item, expected_count):
    """Click the move buttons until items are in order 0..n-1 (as a user would)."""
    for _ in range(expected_count * expected_count):
        order = [
            int(x)
            for x in item.locator(".eduplat-order__item").evaluate_all(
                "els => els.map(e => e.dataset.item)"
            )
        ]
        if order == sorted(order):
            return
        position = next(i for i in range(1, len(order)) if order[i] < order[i - 1])
        item.locator(".eduplat-order__item").nth(position).locator(".eduplat-order__up").click()
    raise AssertionError("could not sort the ordering question")


def answer_all_correctly(page):
    question(page, "single").get_by_label("Double SHA-256").check()
    multi = question(page, "multi")
    multi.get_by_label("SHA-256", exact=True).check()
    multi.get_by_label("Keccak-256").check()
    question(page, "tf").get_by_label("False").check()
    question(page, "short").locator("input").fill("SHA256")
    question(page, "num").locator("input").fill("2016")
    selects = question(page, "match").locator("select")
    selects.nth(0).select_option(label="Costly history")
    selects.nth(1).select_option(label="Inclusion proofs")
    sort_ordering(question(page, "order"), 3)


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_correct_answers_reach_100_percent_and_pass(sites, page, mode):
    page.goto(sites[mode] + "quizzes/all-types/")
    answer_all_correctly(page)
    page.get_by_role("button", name="Check all answers").click()
    result = page.locator(".eduplat-quiz__score")
    assert result.inner_text() == (
        "7 of 7 points (100%). Passed: you reached the pass mark of 75%."
    )
    assert page.locator(".eduplat-quiz__first-try").inner_text() == "First try 7/7, now 7/7."
    verdicts = page.locator(".eduplat-question__verdict").all_inner_texts()
    assert verdicts == ["Correct."] * 7
    assert "Right: SHA-256, twice." in question(page, "single").inner_text()


def test_wrong_answers_show_their_feedback(sites, page):
    page.goto(sites["plain"] + "quizzes/all-types/")
    single = question(page, "single")
    single.get_by_label("MD5").check()
    single.get_by_role("button", name="Check").click()
    assert single.locator(".eduplat-question__verdict").inner_text() == "Not quite."
    assert single.get_by_text("MD5 collisions are cheap.").is_visible()
    assert not single.get_by_text("Right: SHA-256, twice.").is_visible()

    multi = question(page, "multi")
    multi.get_by_label("SHA-256", exact=True).check()
    multi.get_by_label("AES").check()
    multi.get_by_role("button", name="Check").click()
    assert multi.locator(".eduplat-question__verdict").inner_text() == "Not quite."
    assert multi.get_by_text("AES is a block cipher.").is_visible()

    tf = question(page, "tf")
    tf.get_by_label("True").check()
    tf.get_by_role("button", name="Check").click()
    assert tf.get_by_text("Signing twice reveals more secret halves.").is_visible()

    num = question(page, "num")
    num.locator("input").fill("2015")
    num.get_by_role("button", name="Check").click()
    assert num.get_by_text("It is 2016 blocks, about two weeks.").is_visible()

    page.get_by_role("button", name="Check all answers").click()
    result = page.locator(".eduplat-quiz__score").inner_text()
    # The untouched short, matching and ordering questions are unanswered: no points.
    assert result.startswith("0 of 7 points (0%).")
    assert "Not passed yet: the pass mark is 75%." in result


def test_reload_restores_progress_and_retry_clears_it(sites, page):
    url = sites["plain"] + "quizzes/all-types/"
    page.goto(url)
    question(page, "single").get_by_label("Double SHA-256").check()
    question(page, "single").get_by_role("button", name="Check").click()
    question(page, "short").locator("input").fill("sha-256")
    sort_ordering(question(page, "order"), 3)
    page.reload()
    assert page.locator(".eduplat-quiz__restored").is_visible()
    assert question(page, "single").get_by_label("Double SHA-256").is_checked()
    assert question(page, "single").locator(".eduplat-question__verdict").inner_text() == "Correct."
    assert question(page, "short").locator("input").input_value() == "sha-256"
    order = (
        question(page, "order")
        .locator(".eduplat-order__item")
        .evaluate_all("els => els.map(e => e.dataset.item)")
    )
    assert order == ["0", "1", "2"]

    page.get_by_role("button", name="Start again").click()
    page.get_by_role("button", name="Yes, clear my answers").click()
    assert not question(page, "single").get_by_label("Double SHA-256").is_checked()
    page.reload()
    assert not page.locator(".eduplat-quiz__restored").is_visible()
    assert question(page, "short").locator("input").input_value() == ""


def test_keyboard_only_completion(sites, page):
    page.goto(sites["plain"] + "quizzes/mini/")
    question(page, "tf").get_by_label("True").focus()  # as if reached with Tab
    keyboard = page.keyboard
    keyboard.press("Space")  # select "True"
    keyboard.press("Tab")  # the radio group is one tab stop: on to "Check"
    keyboard.press("Enter")
    assert question(page, "tf").locator(".eduplat-question__verdict").inner_text() == "Correct."
    keyboard.press("Tab")  # the short-answer field
    keyboard.type("sha256")
    keyboard.press("Enter")  # must not submit or reload the page
    keyboard.press("Tab")  # its "Check"
    keyboard.press("Space")
    assert question(page, "short").locator(".eduplat-question__verdict").inner_text() == "Correct."
    keyboard.press("Tab")  # "Check all answers"
    keyboard.press("Enter")
    assert page.locator(".eduplat-quiz__score").inner_text().startswith("2 of 2 points (100%).")


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_quiz_works_after_navigation(sites, page, mode):
    page.goto(sites[mode])
    same = follow(page, page.get_by_role("link", name="Go to the mini quiz"), "**/quizzes/mini/")
    assert same is (mode == "instant"), "instant navigation keeps the document"
    page.locator(".eduplat-question__check").first.wait_for()
    tf = question(page, "tf")
    tf.get_by_label("True").check()
    tf.get_by_role("button", name="Check").click()
    assert tf.locator(".eduplat-question__verdict").inner_text() == "Correct."


def test_embedded_quiz_in_a_page_after_instant_navigation(sites, page):
    page.goto(sites["instant"])
    same = follow(page, page.get_by_role("link", name="Next page"), "**/next/")
    assert same, "reached by instant navigation"
    embedded = page.locator("article .eduplat-quiz")
    assert "Mini quiz" in embedded.inner_text()
    question(page, "short").locator("input").fill("SHA256")
    question(page, "short").get_by_role("button", name="Check").click()
    assert question(page, "short").locator(".eduplat-question__verdict").inner_text() == "Correct."


def test_progress_is_shared_between_embedded_and_quiz_page(sites, page):
    base = sites["plain"]
    page.goto(base + "next/")
    question(page, "tf").get_by_label("True").check()
    page.goto(base + "quizzes/mini/")
    assert question(page, "tf").get_by_label("True").is_checked()


def test_without_javascript_questions_and_answers_still_show(sites, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sites["plain"] + "quizzes/all-types/")
    assert page.locator(".eduplat-question").count() == 7
    assert not page.locator(".eduplat-question__check").first.is_visible()
    answer = question(page, "single").locator("details.eduplat-question__answer")
    answer.locator("summary").click()
    assert "Double SHA-256" in answer.inner_text()
    context.close()


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_script_payloads_in_quiz_text_never_run(sites, page, dialogs, mode):
    page.goto(sites[mode] + "quizzes/xss/")
    first = page.locator(".eduplat-question").first
    first.locator("label").nth(0).click()
    first.get_by_role("button", name="Check").click()
    first.locator("label").nth(1).click()
    first.get_by_role("button", name="Check").click()
    second = page.locator(".eduplat-question").nth(1)
    second.locator("input").fill("</script><script>alert('answer')</script>")
    second.get_by_role("button", name="Check").click()
    assert second.locator(".eduplat-question__verdict").inner_text() == "Correct."
    for details in page.locator("details").all():
        details.evaluate("d => d.open = true")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert (
        page.locator("iframe, svg[onload], article script:not([type='application/json'])").count()
        == 0
    )


def visible_feedback(page):
    return [el.inner_text() for el in page.locator(".eduplat-feedback").all() if el.is_visible()]


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_untouched_check_all_scores_zero_and_reveals_nothing(sites, page, mode):
    page.goto(sites[mode] + "quizzes/all-types/")
    page.get_by_role("button", name="Check all answers").click()
    assert page.locator(".eduplat-quiz__score").inner_text().startswith("0 of 7 points (0%).")
    assert visible_feedback(page) == []
    assert (
        page.locator(".eduplat-question__verdict").all_inner_texts()
        == ["Not answered: 0 points."] * 7
    )
    assert not question(page, "order").locator(".eduplat-question__explanation").is_visible()
    # Focus moves to the result (below the screen on a phone), a status region.
    focused = page.evaluate("document.activeElement.className")
    assert "eduplat-quiz__result" in focused
    assert page.locator(".eduplat-quiz__result").get_attribute("role") == "status"


def test_ordering_question_counts_only_once_an_item_moved(sites, page):
    page.goto(sites["plain"] + "quizzes/all-types/")
    order = question(page, "order")
    order.get_by_role("button", name="Check").click()
    assert order.locator(".eduplat-question__verdict").inner_text() == "Answer the question first."
    sort_ordering(order, 3)
    order.get_by_role("button", name="Check").click()
    assert order.locator(".eduplat-question__verdict").inner_text() == "Correct."


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_first_try_is_kept_and_shown_next_to_the_current_score(sites, page, mode):
    page.goto(sites[mode] + "quizzes/all-types/")
    single = question(page, "single")
    single.get_by_label("MD5").check()
    single.get_by_role("button", name="Check").click()
    # The checked question's feedback and explanation, and nothing from other questions.
    assert visible_feedback(page) == [
        "MD5 collisions are cheap.",
        "Explanation\n\nBitcoin hashes each header twice with SHA-256.",
    ]
    single.get_by_label("Double SHA-256").check()
    single.get_by_role("button", name="Check").click()
    assert single.locator(".eduplat-question__verdict").inner_text() == "Correct."
    question(page, "tf").get_by_label("False").check()
    page.get_by_role("button", name="Check all answers").click()
    assert page.locator(".eduplat-quiz__score").inner_text().startswith("2 of 7 points")
    assert page.locator(".eduplat-quiz__first-try").inner_text() == "First try 1/7, now 2/7."

    page.reload()
    assert page.locator(".eduplat-quiz__first-try").inner_text() == "First try 1/7, now 2/7."
    # Starting again asks first; "Keep my answers" keeps them.
    page.get_by_role("button", name="Start again").click()
    assert page.get_by_text("Clear all your answers and start again?").is_visible()
    page.get_by_role("button", name="Keep my answers").click()
    assert single.get_by_label("Double SHA-256").is_checked()
    # Clearing the answers keeps the first try: a second attempt cannot rewrite it.
    page.get_by_role("button", name="Start again").click()
    page.get_by_role("button", name="Yes, clear my answers").click()
    assert not single.get_by_label("Double SHA-256").is_checked()
    assert page.locator(".eduplat-quiz__score").inner_text() == ""
    single.get_by_label("Double SHA-256").check()
    question(page, "tf").get_by_label("False").check()
    page.get_by_role("button", name="Check all answers").click()
    assert page.locator(".eduplat-quiz__first-try").inner_text() == "First try 1/7, now 2/7."


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_quizzes_index_shows_the_saved_result(sites, page, mode):
    base = sites[mode]
    page.goto(base + "quizzes/mini/")
    question(page, "tf").get_by_label("False").check()
    question(page, "tf").get_by_role("button", name="Check").click()
    question(page, "tf").get_by_label("True").check()
    question(page, "short").locator("input").fill("sha256")
    page.get_by_role("button", name="Check all answers").click()
    page.goto(base)
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Quizzes").first.click()
    page.wait_for_url("**/quizzes/")
    card = page.locator(".eduplat-quiz-cards li", has_text="Mini quiz")
    saved = card.locator(".eduplat-card-result")
    saved.wait_for()
    assert saved.inner_text() == "Passed 2/2 · first try 1/2"
    untouched = page.locator(".eduplat-quiz-cards li", has_text="All types")
    assert not untouched.locator(".eduplat-card-result").is_visible()

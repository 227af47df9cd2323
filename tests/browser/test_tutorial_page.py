"""A tutorial page in Chromium: outputs are there, collapsed cells open, downloads work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.kernel]


def test_tutorial_page_shows_output_and_downloads_notebook(flagship_site, serve_dir, page):
    base = serve_dir(flagship_site)
    page.goto(base + "tutorials/")
    page.get_by_role("link", name="Hash chains and tamper detection").click()
    page.wait_for_url("**/tutorials/hash-chain/")
    article = page.locator("article")
    assert "Tested with Python" in article.inner_text()
    error_output = page.locator("pre.eduplat-output--error").first
    assert "TamperError" in error_output.inner_text()

    # Exercises use `solutions: after-attempt`: hidden until the reader gives up.
    solution = page.locator("details.eduplat-solution__details").first
    assert not solution.is_visible()
    page.get_by_role("button", name="I give up: show the solution").first.click()
    solution.locator("summary").click()
    assert solution.locator("pre").first.is_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download notebook (.ipynb)").click()
    download = info.value
    assert download.suggested_filename == "hash-chain.ipynb"
    notebook = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    outputs = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert outputs, "the downloaded notebook carries the executed outputs"
    sources = "".join("".join(c["source"]) for c in notebook["cells"])
    assert "if block.index != position or block.prev_hash != prev" not in sources
    assert "the tampered chain first breaks at block 2" in sources  # checks kept


def test_tutorial_prose_is_found_by_search(flagship_site, serve_dir, page):
    page.goto(serve_dir(flagship_site))
    page.keyboard.press("s")
    page.keyboard.type("reentrancy")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=10_000)
    assert "token contract" in page.locator(".md-search-result").inner_text().lower()


def test_quiz_embedded_in_a_tutorial(flagship_site, serve_dir, page):
    page.goto(serve_dir(flagship_site) + "tutorials/hash-chain/")
    quiz = page.locator("article .eduplat-quiz")
    assert "Hashing quick check" in quiz.inner_text()
    digest = quiz.locator('.eduplat-question[data-question="digest-size"]')
    digest.get_by_label("32 bytes").check()
    digest.get_by_role("button", name="Check").click()
    assert digest.locator(".eduplat-question__verdict").inner_text() == "Correct."
    assert digest.get_by_text("256 bits are 32 bytes").is_visible()

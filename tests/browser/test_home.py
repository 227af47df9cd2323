"""The flagship site in Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_home_renders_and_search_finds_a_manual_word(flagship_site, serve_dir, page):
    base = serve_dir(flagship_site)
    page.goto(base)
    assert "eduplat" in page.title()
    assert page.locator("article h1").first.inner_text().rstrip("¶") == "eduplat"
    page.keyboard.press("s")  # Material's search shortcut
    page.keyboard.type("pointed")  # a word only the Getting started page uses
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    result = page.locator(".md-search-result__item", has_text="Getting started").first
    result.locator("a").first.click()
    page.wait_for_url("**/getting-started/**")
    assert "temporary folder" in page.locator("article").inner_text()

"""A versioned site in Chromium: selector, outdated banner, single webinar schedule."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.versions import make_repo, serve_versions

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    yield from serve_versions(tmp_path_factory, "versions", make_repo)


def test_selector_lists_versions_and_switching_keeps_the_page(base_url, page):
    page.goto(base_url + "1.0/guide/")
    page.wait_for_load_state("networkidle")
    selector = page.locator(".md-version")
    selector.wait_for()
    assert page.locator(".md-version__current").inner_text() == "v1.0"
    items = page.locator(".md-version__list .md-version__link").all_inner_texts()
    assert len(items) == 3
    assert items[0].strip() == "main"
    assert items[1].startswith("v2.0")
    assert "latest" in items[1]  # the alias is shown with its version
    assert items[2].strip() == "v1.0"
    page.locator(".md-version__current").focus()  # opens the list, as Tab would
    page.locator(".md-version__link", has_text="v2.0").click()
    page.wait_for_url("**/2.0/guide/")
    assert "Guide v1" in page.locator("article").inner_text()  # the guide did not change


def test_outdated_banner_on_old_versions_only(base_url, page):
    page.goto(base_url + "1.0/guide/")
    banner = page.locator('[data-md-component="outdated"]')
    banner.wait_for()
    assert "You are reading an older version of this site." in banner.inner_text()
    link = banner.locator(".eduplat-outdated-link")
    page.wait_for_function(
        "document.querySelector('.eduplat-outdated-link').href.endsWith('/latest/guide/')"
    )
    link.click()
    page.wait_for_url("**/2.0/guide/")  # latest redirects to 2.0, same page
    page.goto(base_url + "2.0/guide/")
    page.wait_for_load_state("networkidle")
    assert not page.locator('[data-md-component="outdated"]').is_visible()


def test_webinars_link_from_an_old_version_reaches_the_one_schedule(base_url, page):
    page.goto(base_url + "1.0/")
    page.get_by_role("link", name="Webinars").first.click()
    page.wait_for_url(base_url + "webinars/")
    assert "Intro" in page.locator("article").inner_text()

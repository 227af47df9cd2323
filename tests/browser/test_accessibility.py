"""axe-core on the flagship in Chromium: no serious or critical violations.

The home page, a tutorial, a quiz before and after checking, the webinar schedule and a
session page, in the light and dark schemes, on a 390 px phone and a 1280 px desktop (as
Quarto's ``axe`` check does for its sites). axe-core comes bundled with
axe-playwright-python: nothing is fetched from the network.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.kernel]

SERIOUS = ("serious", "critical")


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # Colours are judged at rest: Material fades the header title between the site name and
    # the page title while a page scrolls (focus moving to a quiz result scrolls it), and a
    # half-faded title measured mid-transition is not what a reader sees for long.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.wait_for_timeout(50)
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:5]]} "
        f"{v['nodes'][0].get('failureSummary', '')}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture(scope="module")
def base(flagship_site):
    from tests.conftest import serve_folder

    server, url = serve_folder(flagship_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_violations(base, browser, scheme, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, locale="en-US"
    )
    page = context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for name, path in (
            ("home", ""),
            ("tutorial", "tutorials/hash-chain/"),
            ("quiz", "quizzes/blockchain-basics/"),
            ("schedule", "webinars/"),
            ("session", "webinars/wallet-safety-2026-12/"),
        ):
            page.goto(base + path)
            expected = "slate" if scheme == "dark" else "default"
            assert page.locator("body").get_attribute("data-md-color-scheme") == expected
            found[name] = violations(page)
            if name == "quiz":
                first = page.locator(".eduplat-question").first
                first.locator("input").nth(1).check()
                first.get_by_role("button", name="Check").click()
                page.get_by_role("button", name="Check all answers").click()
                assert page.locator(".eduplat-quiz__first-try").is_visible()
                found["quiz after checking"] = violations(page)
    finally:
        context.close()
    assert {name: problems for name, problems in found.items() if problems} == {}

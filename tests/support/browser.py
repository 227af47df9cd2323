"""Sites served on 127.0.0.1 with and without Material's navigation.instant, and the one way
the browser tests tell an instant navigation from a page load."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serve_folder

__all__ = ["MODES", "follow", "served_in_both_modes"]

MODES = ("instant", "plain")


def served_in_both_modes(
    factory: pytest.TempPathFactory, build: Callable[[Path, bool, str], object]
) -> Iterator[dict[str, str]]:
    """Base URLs, by mode, of the site ``build(root, instant, url)`` writes to ``root/site``.

    The server starts first so that the site can be built for its address (Material's
    instant loading only follows links of the sitemap, whose URLs come from site_url). For a
    module-scoped fixture: ``yield from served_in_both_modes(tmp_path_factory, build)``.
    """
    servers, urls = [], {}
    try:
        for mode in MODES:
            root = factory.mktemp(mode)
            (root / "site").mkdir()
            server, url = serve_folder(root / "site")
            servers.append(server)
            build(root, mode == "instant", url)
            urls[mode] = url
        yield urls
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def follow(page: Any, link: Any, url: str) -> bool:
    """Click ``link`` (a locator) and wait for ``url`` (a glob); True when the document was
    kept, that is when navigation.instant replaced the page without loading it."""
    page.wait_for_load_state("networkidle")  # instant loading starts once it has the sitemap
    page.evaluate("window.__sameDocument = true")
    link.click()
    page.wait_for_url(url)
    return bool(page.evaluate("window.__sameDocument === true"))

"""Shared fixtures: tiny sites in tmp_path, a static server on 127.0.0.1, a Chromium page."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from eduplat.pytest_plugin import TutorialItem

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The flagship site and the tutorials/ items (eduplat's pytest plugin) run notebooks
    # unless a warm cache is at hand, as in a fresh clone: they need a kernel.
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if any(f.startswith("flagship_") for f in fixtures) or isinstance(item, TutorialItem):
            item.add_marker(pytest.mark.kernel)


#: What the stand-in ``python3`` kernel of a test without the ``kernel`` marker says, and does.
UNMARKED_KERNEL = "this test starts a kernel: give it the 'kernel' marker"


@pytest.fixture(scope="session")
def trap_kernels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JUPYTER_PATH whose ``python3`` kernel dies at once, saying ``UNMARKED_KERNEL``."""
    folder = tmp_path_factory.mktemp("trap-jupyter")
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-c", f"raise SystemExit({UNMARKED_KERNEL!r})", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3 (trap)", "language": "python"}),
        encoding="utf-8",
    )
    return folder


@pytest.fixture(autouse=True)
def _kernels_only_with_the_marker(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, trap_kernels: Path
) -> None:
    # `-m "not kernel"` must start no kernel: without the marker, python3 is the trap (in
    # this process and in the builds it starts), so such a test fails instead of being slow.
    if request.node.get_closest_marker("kernel") is None:
        monkeypatch.setenv("JUPYTER_PATH", str(trap_kernels))


SHARED = REPO.parent / "shared" / "acceptance" / "inputs"
CHROMIUM = Path("/usr/bin/chromium")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

MINIMAL_MKDOCS_YML = """\
site_name: Test site
site_url: https://example.org/course/
theme:
  name: material
  font: false
plugins:
  - search
  - eduplat{plugin_options}
"""


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Write a tiny site into tmp_path; returns the path of its mkdocs.yml.

    ``files`` maps relative paths to contents (dedented); ``plugin_options`` is YAML text
    placed under ``- eduplat:``.
    """

    def make(
        files: dict[str, str] | None = None,
        *,
        plugin_options: str = "",
        mkdocs_yml: str | None = None,
    ) -> Path:
        options = ":\n" + textwrap.indent(textwrap.dedent(plugin_options), " " * 6)
        config = mkdocs_yml or MINIMAL_MKDOCS_YML.format(
            plugin_options=options.rstrip() if plugin_options else ""
        )
        (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
        all_files = {"docs/index.md": "# Home\n\nWelcome to the test site.\n", **(files or {})}
        for rel, content in all_files.items():
            target = tmp_path / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(content), encoding="utf-8")
        return tmp_path / "mkdocs.yml"

    return make


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def chdir(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        monkeypatch.chdir(path)

    return change


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 (a free port), in a thread; returns server and base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over HTTP on 127.0.0.1 (a free port); returns the base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(folder: Path) -> str:
        server, url = serve_folder(folder)
        servers.append(server)
        return url

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (``make test`` installs it when missing)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test', which installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page per test; console errors fail the test."""
    context = browser.new_context(locale="en-US")  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def flagship_mkdocs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built with MkDocs once per session into a temporary folder."""
    from eduplat import site

    out = tmp_path_factory.mktemp("flagship") / "site"
    site.build(REPO / "mkdocs.yml", strict=True, site_dir=str(out))
    return out


@pytest.fixture(scope="session")
def flagship_site(flagship_mkdocs: Path) -> Path:
    """The flagship built with MkDocs (a module may override it to cover every engine)."""
    return flagship_mkdocs


ENGINE_NAMES = ("mkdocs", "properdocs", "zensical")
"""Every engine the flagship is built with (eduplat.engines.ENGINES)."""


@pytest.fixture(scope="session")
def flagship_by_engine(
    flagship_mkdocs: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """The flagship site built with an engine (each built once per session, on first use)."""
    from eduplat import site

    built = {"mkdocs": flagship_mkdocs}

    def get(engine: str) -> Path:
        if engine not in built:
            out = tmp_path_factory.mktemp(f"flagship-{engine}") / "site"
            site.build(REPO / "mkdocs.yml", strict=True, site_dir=str(out), engine=engine)  # type: ignore[arg-type]
            built[engine] = out
        return built[engine]

    return get

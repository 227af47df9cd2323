"""Run-in-page in Chromium, against the npm `pyodide` package served from 127.0.0.1.

One tutorial, instant navigation on and off: run a cell and see its output, fail a check
with its message, pass it after editing, find the solution only after an attempt, and
reload to find the edits. Every request that is not to 127.0.0.1 is blocked and recorded:
none may happen (no CDN, nothing third-party).
"""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from eduplat import site as site_api
from eduplat.tutorials.runinpage import PYODIDE_VERSION, REQUIRED_FILES
from tests.conftest import REPO

pytestmark = pytest.mark.browser

PYODIDE = REPO / ".cache" / "npm" / "node_modules" / "pyodide"

MKDOCS = """\
site_name: Run test
theme:
  name: material
  font: false
{features}
nav:
  - Home: index.md
plugins:
  - search
  - eduplat:
      tutorials:
        execute: false
        run_in_page: pyodide
        pyodide_url: {pyodide}
"""

TUTORIAL = """\
# %% [markdown]
# # Squares
#
# Write `square(x)`.

# %%
print("hello from the page")
6 * 7

# %% tags=["exercise"]
def square(x):
    return 0  # your code here

# %% tags=["solution"]
def square(x):
    return x * x  # the-worked-answer

# %% tags=["check"]
assert square(3) == 9, "square(3) should be 9"
"""


def local_pyodide() -> Path:
    """The pinned npm package (``make test`` installs it; so does this, the same way)."""
    if not all((PYODIDE / name).is_file() for name in REQUIRED_FILES):
        command = ["npm", "install", "--no-save", "--no-audit", "--no-fund"]
        command += ["--prefix", str(REPO / ".cache" / "npm"), f"pyodide@{PYODIDE_VERSION}"]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=300)
        except (OSError, subprocess.SubprocessError) as exc:
            pytest.fail(
                f"cannot install pyodide@{PYODIDE_VERSION} with npm ({exc}): run 'make test'"
            )
    installed = json.loads((PYODIDE / "package.json").read_text())["version"]
    assert installed == PYODIDE_VERSION, "run 'make test' to install the pinned pyodide"
    return PYODIDE


class _Recorder(http.server.SimpleHTTPRequestHandler):
    requested: list[str]

    def log_message(self, format: str, *args: object) -> None:
        self.requested.append(self.path)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[dict[str, tuple[str, list[str]]]]:
    pyodide = local_pyodide()
    servers, found = [], {}
    for mode in ("instant", "plain"):
        root = tmp_path_factory.mktemp(f"run-{mode}")
        features = "  features: [navigation.instant]" if mode == "instant" else ""
        (root / "mkdocs.yml").write_text(MKDOCS.format(features=features, pyodide=pyodide))
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# Home\n\n[Squares](tutorials/squares.md)\n")
        (root / "tutorials").mkdir()
        (root / "tutorials" / "squares.py").write_text(TUTORIAL)
        requested: list[str] = []
        handler = type("Handler", (_Recorder,), {"requested": requested})
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(root / "site"))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        # site_url: instant navigation needs the sitemap's addresses to be this server's.
        site_api.build(root / "mkdocs.yml", strict=True, site_url=url)
        found[mode] = (url, requested)
    yield found
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("mode", ["instant", "plain"])
def test_run_check_edit_and_reload_in_the_page(sites, page, mode: str) -> None:
    url, requested = sites[mode]
    outside: list[str] = []

    def block(route) -> None:
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", block)
    page.goto(url)
    page.wait_for_load_state("networkidle")  # instant loading starts once it has the sitemap
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="Squares").click()
    page.wait_for_url("**/tutorials/squares/")
    run = page.get_by_role("button", name="Run", exact=True).first
    run.wait_for()
    assert page.evaluate("window.__sameDocument === true") is (mode == "instant")
    page.wait_for_load_state("networkidle")
    assert not [p for p in requested if "pyodide" in p], "nothing is fetched before Run"
    solution = page.get_by_text("Show solution")
    assert not solution.is_visible()  # after-attempt: not before an attempt

    run.click()
    first = page.locator(".eduplat-live-output").first
    first.get_by_text("hello from the page").wait_for(timeout=60_000)
    assert "42" in first.inner_text()
    assert any(p.endswith("/assets/pyodide/pyodide.asm.wasm") for p in requested)

    check = page.get_by_role("button", name="Check")
    check.click()
    page.get_by_text("Not yet: square(3) should be 9").wait_for(timeout=30_000)
    assert solution.is_visible()  # the attempt unlocks the solution

    editor = page.get_by_role("textbox", name="Code of cell 3, editable")
    editor.fill("def square(x):\n    return x ** 2\n")
    check.click()
    page.get_by_text("Passed: well done!").wait_for(timeout=30_000)
    stored = page.evaluate(
        "JSON.parse(localStorage.getItem('eduplat-exercise:/tutorials/squares/:1'))"
    )
    assert stored["attempted"] is True
    assert stored["passed"]

    page.reload()
    editor = page.get_by_role("textbox", name="Code of cell 3, editable")
    assert editor.input_value() == "def square(x):\n    return x ** 2\n"
    assert page.get_by_text("Show solution").is_visible()
    page.get_by_role("button", name="Reset").nth(1).click()
    assert "your code here" in editor.input_value()
    assert not outside, f"requests left 127.0.0.1: {outside}"


def test_stop_ends_an_endless_cell_and_a_pyodide_that_cannot_load_says_so(sites, page) -> None:
    url, _ = sites["plain"]
    page.goto(url + "tutorials/squares/")
    editor = page.get_by_role("textbox", name="Code of cell 2, editable")
    editor.fill('while True:\n    print("spam")\n')
    page.get_by_role("button", name="Run", exact=True).first.click()
    status = page.locator(".eduplat-run-bar__status").first
    status.filter(has_text="Running…").wait_for(timeout=60_000)
    page.get_by_text("Output cut here").wait_for(timeout=30_000)  # the page stays small
    assert len(page.locator(".eduplat-live-output").first.inner_text()) < 110_000
    page.get_by_role("button", name="Stop").click()  # the page never froze: it can click
    status.filter(has_text="Stopped").wait_for()
    page.get_by_role("button", name="Reset").first.click()
    page.get_by_role("button", name="Run", exact=True).first.click()  # a fresh session
    first = page.locator(".eduplat-live-output").first
    first.get_by_text("hello from the page").wait_for(timeout=60_000)

    page.goto(url + "tutorials/squares/")
    page.evaluate(
        "document.querySelector('.eduplat-run').dataset.pyodideUrl = 'http://127.0.0.1:9/none/'"
    )
    page.get_by_role("button", name="Check").click()
    page.get_by_text("Python could not start in this browser").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Check").is_enabled()

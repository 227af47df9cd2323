"""`run_in_page: pyodide` in the built site: what pages carry, where Pyodide comes from.

No kernel: the tutorials are rendered with `execute: false`; the browser tests run them.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from eduplat.tutorials.runinpage import DEFAULT_PYODIDE_URL, PYODIDE_VERSION, REQUIRED_FILES
from tests.integration.test_tutorials import build, tutorial

SECRET = "secret_solution_marker_42"


def exercise(extra: str = "") -> str:
    return tutorial(
        "Squares",
        [
            '# %%\nprint("hello")',
            '# %% tags=["exercise"]\ndef square(x):\n    return 0  # your code here',
            f'# %% tags=["solution"]\ndef square(x):\n    {SECRET} = x * x\n    return {SECRET}',
            '# %% tags=["check"]\nassert square(3) == 9, "square(3) should be 9"',
        ],
        extra=extra,
    )


def make(make_site, chdir, options: str, source: str | None = None) -> Path:
    config = make_site(
        {"tutorials/squares.py": source or exercise()},
        plugin_options="tutorials:\n  execute: false\n" + options,
    )
    chdir(config.parent)
    return config.parent


def run_data(page: str) -> dict[str, object] | None:
    match = re.search(r'class="eduplat-run"[^>]*data-cells="([^"]*)"', page)
    return json.loads(html.unescape(match.group(1))) if match else None


def page_of(site: Path) -> str:
    return (site / "site" / "tutorials" / "squares" / "index.html").read_text()


def test_pages_carry_cells_and_checks_but_never_solutions(make_site, chdir) -> None:
    site = make(make_site, chdir, "  run_in_page: pyodide\n  solutions: omit\n")
    result = build(site)
    assert result.exit_code == 0, result.output
    page = page_of(site)
    data = run_data(page)
    assert data is not None
    assert [c["code"] for c in data["cells"]] == [  # type: ignore[index]
        'print("hello")',
        "def square(x):\n    return 0  # your code here",
    ]
    assert data["checks"] == {"1": 'assert square(3) == 9, "square(3) should be 9"'}
    assert page.count('class="eduplat-cell"') == 2  # both cells get an editor and Run
    everything = "\n".join(
        p.read_text(errors="replace") for p in (site / "site").rglob("*") if p.is_file()
    )
    assert SECRET not in everything
    index = (site / "site" / "search" / "search_index.json").read_text()
    assert "square(3) should be 9" not in index  # check code is data, not page text
    # Nothing loads at page load: the CDN address is data for the script, not a <script>.
    assert f'data-pyodide-url="{DEFAULT_PYODIDE_URL}"' in page
    assert not re.search(r"<(script|link)[^>]+jsdelivr", page)
    assert (site / "site" / "assets" / "eduplat" / "pyodide-worker.js").is_file()
    assert not (site / "site" / "assets" / "pyodide").exists()


def test_default_is_off_and_a_tutorial_can_turn_it_on_or_off(make_site, chdir) -> None:
    site = make(make_site, chdir, "")
    assert build(site).exit_code == 0
    assert run_data(page_of(site)) is None
    assert "eduplat-cell" not in page_of(site)

    source = exercise(extra="# run_in_page: pyodide\n")
    site = make(make_site, chdir, "", source)
    assert build(site).exit_code == 0
    assert run_data(page_of(site)) is not None

    source = exercise(extra="# run_in_page: false\n")
    site = make(make_site, chdir, "  run_in_page: pyodide\n", source)
    assert build(site).exit_code == 0
    assert run_data(page_of(site)) is None


def test_a_local_pyodide_folder_is_copied_into_the_site(make_site, chdir) -> None:
    site = make(make_site, chdir, "  run_in_page: pyodide\n  pyodide_url: vendor/pyodide\n")
    folder = site / "vendor" / "pyodide"
    folder.mkdir(parents=True)
    for name in (*REQUIRED_FILES, "pyodide.asm.mjs", "README.md"):
        (folder / name).write_text(f"fake {name}")
    result = build(site)
    assert result.exit_code == 0, result.output
    copied = site / "site" / "assets" / "pyodide"
    assert (copied / "pyodide.asm.wasm").read_text() == "fake pyodide.asm.wasm"
    assert (copied / "pyodide.asm.mjs").is_file()
    assert not (copied / "README.md").exists()  # not a page of the site
    assert 'data-pyodide-url=""' in page_of(site)
    assert 'data-pyodide-folder="assets/pyodide/"' in page_of(site)


def test_a_folder_without_pyodide_is_a_clear_error(make_site, chdir) -> None:
    site = make(make_site, chdir, "  run_in_page: pyodide\n  pyodide_url: vendor/pyodide\n")
    (site / "vendor" / "pyodide").mkdir(parents=True)
    (site / "vendor" / "pyodide" / "pyodide.mjs").write_text("")
    result = build(site)
    assert result.exit_code != 0
    assert re.search(
        r"mkdocs\.yml:\d+: tutorials\.pyodide_url 'vendor/pyodide' lacks pyodide\.asm\.wasm",
        result.output,
    )
    assert f"npm install pyodide@{PYODIDE_VERSION}" in result.output
    assert "Traceback" not in result.output
    assert not (site / "site").exists()


def test_run_in_page_takes_pyodide_or_false(make_site, chdir) -> None:
    site = make(make_site, chdir, "  run_in_page: jupyterlite\n")
    result = build(site)
    assert result.exit_code != 0
    assert "expected 'pyodide' or false" in result.output
    source = exercise(extra="# run_in_page: yes\n")
    site = make(make_site, chdir, "", source)
    result = build(site)
    assert result.exit_code != 0
    assert "squares.py" in result.output
    assert "run_in_page" in result.output
    assert "Traceback" not in result.output


def test_the_makefile_installs_the_pyodide_release_pages_load() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert f"PYODIDE_VERSION := {PYODIDE_VERSION}\n" in makefile
    assert f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/" == DEFAULT_PYODIDE_URL

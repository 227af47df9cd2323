"""Exercises: solutions stay out of student downloads (and of the site with `omit`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_tutorials import build, tutorial

pytestmark = pytest.mark.kernel

SECRET = "secret_solution_marker_42"
EXERCISE = tutorial(
    "Squares",
    [
        "# %% [markdown]\n# Write `square(x)`.",
        '# %% tags=["exercise"]\ndef square(x):\n    return 0  # your code here',
        (
            f'# %% tags=["solution"]\ndef square(x):\n    {SECRET} = x * x\n    return {SECRET}\n'
            f'print("{SECRET}-output")'
        ),
        '# %% tags=["check"]\nassert square(3) == 9, "square(3) should be 9"',
    ],
)


def make(make_site, chdir, options: str, source: str = EXERCISE) -> Path:
    config = make_site({"tutorials/squares.py": source}, plugin_options=options)
    chdir(config.parent)
    return config.parent


def site_text(site: Path) -> str:
    return "\n".join(
        p.read_text(errors="replace") for p in sorted((site / "site").rglob("*")) if p.is_file()
    )


def test_omit_keeps_every_trace_of_the_solution_out_of_the_site(make_site, chdir) -> None:
    site = make(make_site, chdir, "tutorials:\n  solutions: omit\n")
    result = build(site)
    assert result.exit_code == 0, result.output
    assert SECRET not in site_text(site)
    page = (site / "site" / "tutorials" / "squares" / "index.html").read_text()
    assert "your code here" in page  # the starter is shown
    assert "Exercise 1" in page
    assert "square(3) should be 9" not in page  # checks are never shown
    student = json.loads((site / "site" / "tutorials" / "squares.ipynb").read_text())
    sources = ["".join(c["source"]) for c in student["cells"]]
    assert any("assert square(3) == 9" in s for s in sources)  # checks run locally
    assert not (site / "site" / "tutorials" / "squares-solutions.ipynb").exists()


@pytest.mark.parametrize("mode", ["reveal", "after-attempt"])
def test_solution_on_page_but_not_in_downloads_or_search(make_site, chdir, mode: str) -> None:
    site = make(make_site, chdir, f"tutorials:\n  solutions: {mode}\n  publish_solutions: true\n")
    result = build(site)
    assert result.exit_code == 0, result.output
    out = site / "site" / "tutorials"
    page = (out / "squares" / "index.html").read_text()
    assert SECRET in page
    assert "Show solution" in page
    assert ("I give up" in page) == (mode == "after-attempt")
    assert SECRET not in (out / "squares.ipynb").read_text()
    assert SECRET not in (out / "squares.py").read_text()
    assert SECRET in (out / "squares-solutions.ipynb").read_text()
    index = (site / "site" / "search" / "search_index.json").read_text()
    assert "Write" in index
    assert SECRET not in index


def test_appendix_moves_solutions_to_their_own_page(make_site, chdir) -> None:
    site = make(make_site, chdir, "tutorials:\n  solutions: appendix\n")
    result = build(site)
    assert result.exit_code == 0, result.output
    out = site / "site" / "tutorials"
    page = (out / "squares" / "index.html").read_text()
    assert SECRET not in page
    assert 'href="solutions/#exercise-1"' in page
    appendix = (out / "squares" / "solutions" / "index.html").read_text()
    assert SECRET in appendix
    assert f"{SECRET}-output" in appendix
    index = (site / "site" / "search" / "search_index.json").read_text()
    assert SECRET not in index


def test_a_broken_solution_fails_the_build(make_site, chdir) -> None:
    broken = EXERCISE.replace(f"return {SECRET}\n", f"return {SECRET} + 1\n")
    site = make(make_site, chdir, "tutorials:\n  solutions: omit\n", broken)
    result = build(site)
    assert result.exit_code == 1, result.output
    assert "square(3) should be 9" in result.output
    assert "tutorials/squares.py: cell " in result.output
    assert not (site / "site" / "tutorials").exists()


MANUAL = """\
# Manual

!!! exercise "Exercise"
    Compute the double of 21.

!!! solution
    The answer is `manual_secret_answer_42`.

After the exercise.
"""


@pytest.mark.parametrize("mode", ["omit", "reveal", "after-attempt"])
def test_markdown_exercise_blocks_on_manual_pages(make_site, chdir, mode: str) -> None:
    config = make_site(
        {"docs/manual.md": MANUAL}, plugin_options=f"tutorials:\n  solutions: {mode}\n"
    )
    chdir(config.parent)
    result = build(config.parent)
    assert result.exit_code == 0, result.output
    html = (config.parent / "site" / "manual" / "index.html").read_text()
    index = (config.parent / "site" / "search" / "search_index.json").read_text()
    assert "Compute the double of 21." in html
    assert "After the exercise." in html
    assert ("manual_secret_answer_42" in html) is (mode != "omit")
    assert "manual_secret_answer_42" not in index
    assert ("I give up" in html) is (mode == "after-attempt")

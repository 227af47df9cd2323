"""The manual's engine support table is eduplat.engines.SUPPORT, and every "yes" is tested."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from eduplat.engines import ENGINES, SUPPORT, support_table

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "guide" / "engines.md"

FLAGSHIP = "tests/integration/test_engines.py::test_flagship_has_every_generated_page_and_file"
FEEDS = (
    "tests/integration/test_engines.py::test_calendars_and_feeds_are_byte_identical_across_engines"
)
PATH_BAR = "tests/integration/test_flagship_paths.py::test_home_links_the_paths_first_and_pages_carry_the_bar"
EMBEDS = "tests/integration/test_flagship_content.py::test_user_operator_and_developer_pages_embed_their_quizzes"
ENGINE_FAILS = (
    "tests/integration/test_engines.py::test_failing_engine_shows_its_message_and_the_site_stays"
)
LEAD_ON = "tests/integration/test_engines.py::test_generated_pages_lead_on_with_plugin_engines"

# (feature, engine) -> the tests that build that feature with that engine and look at it.
COVERED: dict[tuple[str, str], list[str]] = {}


def _cover(feature_start: str, engines: tuple[str, ...], *tests: str) -> None:
    row = next(r for r in SUPPORT if r.feature.startswith(feature_start))
    for engine in engines:
        COVERED.setdefault((row.feature, engine), []).extend(tests)


ALL = ("mkdocs", "properdocs", "zensical")
_cover("Tutorial pages", ALL, FLAGSHIP)
_cover(
    "Tutorial pages",
    ("zensical",),
    "tests/browser/test_engines.py::test_tutorial_output_on_zensical",
)
_cover(
    "Tutorial pages",
    ("mkdocs",),
    "tests/browser/test_tutorial_page.py::test_tutorial_page_shows_output_and_downloads_notebook",
)
_cover("Quiz pages", ALL, FLAGSHIP, EMBEDS)
_cover(
    "Quiz pages",
    ("zensical",),
    "tests/browser/test_engines.py::test_quiz_answered_on_zensical_after_instant_navigation",
)
_cover(
    "Exercises",
    ("mkdocs",),
    "tests/integration/test_exercises.py::test_solution_on_page_but_not_in_downloads_or_search",
    "tests/integration/test_exercises.py::test_omit_keeps_every_trace_of_the_solution_out_of_the_site",
)
LESSONS = "tests/integration/test_engines.py::test_flagship_lecture_and_run_in_page_exercises_on_every_engine"
_cover("Run in the page", ALL, LESSONS)
_cover(
    "Run in the page",
    ("mkdocs",),
    "tests/browser/test_run_in_page.py::test_run_check_edit_and_reload_in_the_page",
)
_cover("Video lessons", ALL, LESSONS)
_cover(
    "Video lessons",
    ("mkdocs",),
    "tests/browser/test_media.py::test_site_video_plays_seeks_and_switches_captions",
    "tests/browser/test_media.py::test_search_finds_a_word_only_spoken_in_the_lecture",
)
_cover("Webinar schedule", ALL, FLAGSHIP)
_cover(
    "Webinar schedule",
    ("mkdocs",),
    "tests/browser/test_webinars.py::test_times_lead_with_the_readers_timezone_in_the_pages_format",
)
_cover(
    "Webinar schedule",
    ("zensical",),
    "tests/browser/test_engines.py::test_session_in_the_readers_time_on_zensical",
)
_cover("Calendar", ("mkdocs",), "tests/integration/test_webinars.py::test_schedule_pages_and_feeds")
_cover("Calendar", ("properdocs", "zensical"), FEEDS)
_cover("Event JSON-LD", ALL, FLAGSHIP)
_cover("Learning paths", ALL, PATH_BAR)
_cover("Feedback widget", ALL, PATH_BAR)
_cover("Previous/next", ("mkdocs", "properdocs"), LEAD_ON)
_cover(
    "Previous/next",
    ("mkdocs",),
    "tests/integration/test_pathways.py::test_tutorials_quizzes_and_sessions_lead_on",
)
_cover("Versions", ("mkdocs",), "tests/integration/test_versions.py::test_build_versions_layout")
_cover(
    "Live preview",
    ("mkdocs",),
    "tests/integration/test_tutorials.py::test_under_serve_editing_one_tutorial_reruns_only_that_one",
)
_cover(
    "Atomic build",
    ("mkdocs",),
    "tests/integration/test_build.py::test_failed_build_leaves_previous_site_and_no_temp_folder",
)
_cover("Atomic build", ("properdocs", "zensical"), ENGINE_FAILS)
_cover(
    "Live preview",
    ("zensical",),
    "tests/integration/test_engines.py::test_serve_with_zensical_stages_again_on_change",
)


def test_the_manual_shows_the_table_of_the_code():
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(
        r"<!-- engine-support-table -->\n\n(.*?)\n<!-- /engine-support-table -->", text, re.S
    )
    assert found is not None, "the markers around the table are gone"
    assert found.group(1) == support_table()


def test_every_cell_says_yes_no_or_untested():
    for row in SUPPORT:
        for engine in ENGINES:
            cell = row.on(engine)
            assert cell == "yes" or cell.startswith(("yes: ", "no: ", "untested: ")), cell


@pytest.mark.parametrize(
    ("feature", "engine"),
    [(r.feature, e) for r in SUPPORT for e in ENGINES if r.on(e).startswith("yes")],
)
def test_every_yes_has_tests_that_exist(feature, engine):
    tests = COVERED.get((feature, engine))
    assert tests, f"'{feature}' says yes on {engine}: name its tests in COVERED"
    for test in tests:
        path, _, name = test.partition("::")
        tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert name in names, f"{test} does not exist"


def test_engine_tests_run_on_the_engine_they_claim():
    # An engine test names the engines it runs on: as parameters or in its body.
    source = (REPO / "tests" / "integration" / "test_engines.py").read_text(encoding="utf-8")
    chunks = source.split("\n\n\n")
    for (_feature, engine), tests in COVERED.items():
        for test in tests:
            if test.startswith("tests/integration/test_engines.py::"):
                name = test.partition("::")[2]
                text = next(c for c in chunks if f"def {name}(" in c)
                assert "ENGINE_NAMES" in text or f'"{engine}"' in text or f"{engine}\\n" in text, (
                    test,
                    engine,
                )

"""Markers are found outside code only: fences of any kind and length, indented code, spans."""

from __future__ import annotations

import textwrap

import pytest

from eduplat.markers import find_markers, replace_markers


def lines_of(markdown: str) -> list[int]:
    return [m.line for m in find_markers(textwrap.dedent(markdown), "quiz")]


def test_a_marker_alone_on_its_line_is_found_with_its_argument_and_place():
    markdown = "# Page\n\n  <!--  eduplat:quiz   basics  -->\n\nText.\n"
    (marker,) = find_markers(markdown, "quiz")
    assert (marker.kind, marker.argument, marker.line) == ("quiz", "basics", 3)
    assert markdown[marker.start : marker.end] == "  <!--  eduplat:quiz   basics  -->"
    assert find_markers(markdown, "video") == []


CODE = {
    "backticks": """\
        ```markdown
        <!-- eduplat:quiz a -->
        ```
        """,
    "tildes": """\
        ~~~
        <!-- eduplat:quiz a -->
        ~~~
        """,
    "a longer fence holding a shorter one": """\
        ````markdown
        ```
        ```
        <!-- eduplat:quiz a -->
        ````
        """,
    "a fence inside a content tab": """\
        === "Markdown"

            ```markdown
            <!-- eduplat:quiz a -->
            ```
        """,
    "indented code": """\
        Put this line in a page:

            <!-- eduplat:quiz a -->
        """,
    "indented code in an admonition": """\
        !!! example

            Like this:

                <!-- eduplat:quiz a -->
        """,
    "a code span over lines": """\
        Write ``
        <!-- eduplat:quiz a -->
        `` in a page.
        """,
    "a fence that is never closed": """\
        ```
        <!-- eduplat:quiz a -->
        """,
}


@pytest.mark.parametrize("markdown", CODE.values(), ids=CODE.keys())
def test_a_marker_in_code_is_text(markdown):
    assert lines_of(markdown) == []


NOT_CODE = {
    "after a closed fence": ("```\n<!-- eduplat:quiz a -->\n```\n\n<!-- eduplat:quiz b -->\n", 5),
    "after a closed tilde fence with backticks inside": (
        "~~~~\n```\n~~~~\n<!-- eduplat:quiz b -->\n",
        4,
    ),
    "in an admonition": ("!!! tip\n    <!-- eduplat:quiz b -->\n", 2),
    "in an admonition after a blank line": ("!!! tip\n\n    <!-- eduplat:quiz b -->\n", 3),
    "in a content tab": ('=== "Quiz"\n\n    <!-- eduplat:quiz b -->\n', 3),
    "in a list item": ("- Step one\n\n    <!-- eduplat:quiz b -->\n", 3),
    "after an unmatched backtick": ("It costs 5` a month\n<!-- eduplat:quiz b -->\n", 2),
    "after a closed code span": ("Use `x`\n<!-- eduplat:quiz b -->\n", 2),
}


@pytest.mark.parametrize(("markdown", "line"), NOT_CODE.values(), ids=NOT_CODE.keys())
def test_a_marker_outside_code_is_found(markdown, line):
    assert lines_of(markdown) == [line]


def test_a_marker_inside_inline_code_on_its_line_is_text():
    assert lines_of("Write `<!-- eduplat:quiz a -->` in a page.\n") == []
    assert lines_of("`<!-- eduplat:quiz a -->`\n") == []


def test_replace_keeps_everything_else_byte_for_byte():
    markdown = "A\r\n<!-- eduplat:quiz x -->\r\n```\n<!-- eduplat:quiz y -->\n```\n"
    replaced = replace_markers(markdown, "quiz", lambda m: f"[{m.argument}]")
    assert replaced == "A\r\n[x]\r\n```\n<!-- eduplat:quiz y -->\n```\n"

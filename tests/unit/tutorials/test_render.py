"""Rendering a prepared tutorial: cells, tags, outputs, header, index."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from eduplat.i18n import translator
from eduplat.tutorials.model import ExecutionRecord, Prerequisite, TutorialMeta, TutorialSource
from eduplat.tutorials.pipeline import PreparedTutorial
from eduplat.tutorials.render import LaunchOptions, RenderOptions, render_index, render_tutorial

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


def code(source, outputs=(), tags=()):
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"tags": list(tags)},
        "outputs": list(outputs),
        "execution_count": 1,
    }


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def tutorial(cells, meta=None, rel="chain.py"):
    return PreparedTutorial(
        source=TutorialSource(path=Path("/site/tutorials") / rel, rel=rel),
        meta=meta or TutorialMeta(title="Chains", level="beginner", duration=15, tags=("x",)),
        notebook={
            "cells": [
                {"cell_type": "markdown", "source": "# Chains\n\nIntro.", "metadata": {}},
                *cells,
            ],
            "metadata": {"language_info": {"name": "python", "version": "3.11.7"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        record=ExecutionRecord(executed=True, language_version="3.11.7", date="2026-11-25"),
        py_text="# %%\nx = 1\n",
        status="ran",
    )


def no_prerequisites(prerequisite, page_uri):
    raise AssertionError("no prerequisites expected")


def render(cells, options=None, language="en", **kwargs):
    return render_tutorial(
        tutorial(cells, **kwargs),
        translator(language),
        options or RenderOptions(),
        no_prerequisites,
    )


def test_prose_code_and_output_in_order():
    page = render([code("print('hi')", [stream("hi\n")])])
    md = page.markdown
    assert md.index("# Chains") < md.index("Intro.") < md.index("```python\nprint('hi')\n```")
    assert '<pre class="eduplat-output eduplat-output--stdout"><code>hi</code></pre>' in md
    assert md.startswith('---\n{"title": "Chains"')


@pytest.mark.parametrize(
    ("tag", "code_shown", "output_shown", "wrapper"),
    [
        ("remove-cell", False, False, None),
        ("remove-input", False, True, None),
        ("remove-output", True, False, None),
        (
            "hide-input",
            True,
            True,
            '<details class="eduplat-hidden-input" data-search-exclude markdown>',
        ),
        ("hide-output", True, True, '<details class="eduplat-hidden-output" markdown>'),
    ],
)
def test_display_tags(tag, code_shown, output_shown, wrapper):
    md = render([code("secret_code()", [stream("secret output\n")], tags=[tag])]).markdown
    assert ("secret_code()" in md) is code_shown
    assert ("secret output" in md) is output_shown
    if wrapper:
        assert wrapper in md
        summary = "Show code" if tag == "hide-input" else "Show output"
        assert f"<summary>{summary}</summary>" in md


def test_hidden_solution_hides_its_output_too():
    """An exercise's solution must not print its answer below the collapsed code."""
    md = render([code("answer()", [stream("the answer is 42\n")], tags=["hide-input"])]).markdown
    details = md[md.index("<details") : md.index("</details>")]
    assert "answer()" in details
    assert "the answer is 42" in details
    assert md.count("the answer is 42") == 1


def test_error_output_is_styled_and_ansi_free():
    error = {
        "output_type": "error",
        "ename": "ZeroDivisionError",
        "evalue": "division by zero",
        "traceback": ["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"],
    }
    md = render([code("1/0", [error], tags=["raises-exception"])]).markdown
    assert 'class="eduplat-output eduplat-output--error"' in md
    assert "ZeroDivisionError: division by zero" in md
    assert "\x1b" not in md


def test_long_output_is_truncated_with_a_note_and_tail_excluded_from_search():
    text = "".join(f"line {i}\n" for i in range(500))
    options = RenderOptions(max_output_lines=100, searchable_output_lines=10)
    md = render([code("spam()", [stream(text)])], options=options).markdown
    assert "line 99" in md
    assert "line 100\n" not in md
    assert "Output truncated: 400 more lines" in md
    searchable, excluded = md.split('<span data-search-exclude="">', 1)
    assert searchable.endswith("line 9")
    assert "line 10" not in searchable
    assert "line 10" in excluded


def test_images_become_files_not_base64():
    output = {"output_type": "display_data", "data": {"image/png": PNG, "text/plain": "<Figure>"}}
    page = render([code("plot()", [output])])
    assert PNG not in page.markdown
    assert "](chain.assets/cell2-0.png)" in page.markdown
    assert page.files["tutorials/chain.assets/cell2-0.png"].startswith(b"\x89PNG")


def test_html_outputs_are_sanitized_by_default():
    output = {
        "output_type": "execute_result",
        "data": {
            "text/html": '<table><tr><td onclick="x()">1</td></tr></table><script>x()</script>'
        },
    }
    md = render([code("df", [output])]).markdown
    assert "<table>" in md
    assert "<td>1</td>" in md
    assert "<script" not in md
    assert "onclick" not in md
    raw = render([code("df", [output])], options=RenderOptions(raw_html_outputs=True)).markdown
    assert "<script>x()</script>" in raw


def test_text_plain_result_is_escaped():
    output = {"output_type": "execute_result", "data": {"text/plain": "<b>not bold</b>"}}
    md = render([code("x", [output])]).markdown
    assert "&lt;b&gt;not bold&lt;/b&gt;" in md


def test_header_has_facts_downloads_and_tested_with():
    page = render([code("x = 1")])
    md = page.markdown
    assert "<strong>Level:</strong> Beginner" in md
    assert "15 min" in md
    assert (
        "[Download notebook (.ipynb)](chain.ipynb){ .md-button .eduplat-download download }" in md
    )
    assert "[Download source (.py)](chain.py)" in md
    assert "Tested with Python 3.11.7 on 2026-11-25" in md
    assert set(page.files) == {"tutorials/chain.ipynb", "tutorials/chain.py"}


def test_header_in_chinese():
    md = render([code("x = 1")], language="zh").markdown
    assert "入门" in md
    assert "15 分钟" in md
    assert "下载笔记本" in md


def test_launch_buttons():
    options = RenderOptions(
        site_url="https://learn.example.org/",
        launch=LaunchOptions(
            repo="acme/course", notebooks_path="latest", jupyterlite="https://lite.example.org"
        ),
    )
    md = render([code("x = 1")], options=options).markdown
    assert (
        "https://colab.research.google.com/github/acme/course/blob/gh-pages/latest/"
        "tutorials/chain.ipynb" in md
    )
    assert (
        "https://mybinder.org/v2/gh/acme/course/main?urlpath=lab%2Ftree%2Ftutorials%2Fchain.py"
        in md
    )
    assert (
        "https://lite.example.org/lab/index.html?fromURL="
        "https%3A%2F%2Flearn.example.org%2Ftutorials%2Fchain.ipynb" in md
    )


@pytest.mark.parametrize("rel", ["chain.py", "chain.ipynb"])
def test_launch_buttons_of_a_tutorial_with_exercises_open_the_student_notebook(rel):
    options = RenderOptions(
        site_url="https://learn.example.org/",
        launch=LaunchOptions(
            repo="acme/course", notebooks_path="latest", jupyterlite="https://lite.example.org"
        ),
    )
    cells = [
        code("def f():\n    return 0", tags=["exercise"]),
        code("def f():\n    return 1", tags=["solution"]),
        code("assert f() == 1", tags=["check"]),
    ]
    md = render(cells, options=options, rel=rel).markdown
    assert (
        "https://colab.research.google.com/github/acme/course/blob/gh-pages/latest/"
        "tutorials/chain.ipynb" in md
    )
    assert (
        "https://mybinder.org/v2/gh/acme/course/gh-pages?urlpath="
        "lab%2Ftree%2Flatest%2Ftutorials%2Fchain.ipynb" in md
    )
    assert "fromURL=https%3A%2F%2Flearn.example.org%2Ftutorials%2Fchain.ipynb" in md
    assert "acme/course/main" not in md  # never the source, which has the solutions


def test_no_launch_buttons_without_repo():
    assert "Open in" not in render([code("x = 1")]).markdown


def test_prerequisites_are_markdown_links_so_mkdocs_checks_them():
    meta = TutorialMeta(title="Chains", prerequisites=(Prerequisite("intro"),))
    page = render_tutorial(
        tutorial([code("x = 1")], meta=meta),
        translator("en"),
        RenderOptions(),
        lambda prerequisite, page_uri: ("Intro *tutorial*", "intro.md"),
    )
    assert r"[Intro \*tutorial\*](intro.md)" in page.markdown


def test_title_markup_is_escaped():
    meta = TutorialMeta(title="<img src=x onerror=alert(1)>")
    cells = [code("x = 1")]
    prepared = tutorial(cells, meta=meta)
    prepared.notebook["cells"] = cells  # no heading cell: the title is written by eduplat
    md = render_tutorial(prepared, translator("en"), RenderOptions(), no_prerequisites).markdown
    assert "<img" not in md
    assert "&lt;img" in md


def test_index_cards_sorted_by_order_then_title():
    first = tutorial([], meta=TutorialMeta(title="Zeta", order=1, description="Starts here"))
    second = tutorial([], meta=TutorialMeta(title="Alpha", order=2), rel="alpha.py")
    third = tutorial([], meta=TutorialMeta(title="Beta"), rel="beta.py")
    md = render_index([third, second, first], translator("en"))
    assert md.index("Zeta") < md.index("Alpha") < md.index("Beta")
    assert '<div class="grid cards eduplat-tutorial-cards" markdown>' in md
    assert "Starts here" in md


def test_split_stream_chunks_are_merged():
    from eduplat.tutorials.execute import coalesce_streams

    outputs = [stream("a: "), stream("1\n"), stream("warn\n", "stderr"), stream("b\n")]
    merged = coalesce_streams(outputs)
    assert [(o["name"], o["text"]) for o in merged] == [
        ("stdout", "a: 1\n"),
        ("stderr", "warn\n"),
        ("stdout", "b\n"),
    ]


def test_one_huge_line_is_cut_by_bytes_on_the_page_and_in_search():
    text = "y" * 2_000_000 + "\n"
    options = RenderOptions(max_output_bytes=50_000)
    md = render([code("spam()", [stream(text)])], options=options).markdown
    assert len(md.encode()) < 60_000
    assert "Output truncated: 1.9 MB more" in md
    searchable, excluded = md.split('<span data-search-exclude="">', 1)
    assert searchable.rsplit("<code>", 1)[1] == "y" * 4_000
    assert excluded.count("y") > 40_000


def test_output_cut_while_running_is_said_on_the_page():
    note = {
        "output_type": "display_data",
        "data": {"text/plain": "[eduplat] 18 MB of output cut"},
        "metadata": {"eduplat": {"output_cut": 18_000_000}},
    }
    md = render([code("spam()", [stream("start\n"), note])], language="zh").markdown
    assert "单元运行时又有 18 MB 的输出被丢弃" in md
    assert "[eduplat]" not in md


def run_marker(markdown):
    import html
    import json
    import re

    match = re.search(r'<div class="eduplat-run"[^>]*data-cells="([^"]*)"', markdown)
    return json.loads(html.unescape(match.group(1))) if match else None


def test_run_in_page_is_off_by_default():
    md = render([code("x = 1")]).markdown
    assert run_marker(md) is None
    assert "eduplat-cell" not in md


@pytest.mark.parametrize("mode", ["reveal", "after-attempt", "appendix", "omit"])
def test_run_in_page_carries_cells_and_checks_never_solutions(mode):
    cells = [
        code("setup = 1", tags=["remove-input"]),
        code('print("</div><script>alert(1)</script>")'),
        code("hidden = 2", tags=["hide-input"]),
        code("def f():\n    return 0", tags=["exercise"]),
        code("def f():\n    return 'the-secret-answer'", tags=["solution"]),
        code("assert f() == 'the-secret-answer'", tags=["check"]),
    ]
    options = RenderOptions(run_in_page="pyodide", solutions=mode)
    md = render(cells, options=options).markdown
    data = run_marker(md)
    assert [c["code"] for c in data["cells"]] == [
        "setup = 1",
        'print("</div><script>alert(1)</script>")',
        "hidden = 2",
        "def f():\n    return 0",
    ]
    assert [c["exercise"] for c in data["cells"]] == [None, None, None, 1]
    assert data["checks"] == {"1": "assert f() == 'the-secret-answer'"}
    marker = re.search(r'<div class="eduplat-run"[^\n]*', md).group(0)
    assert "return 'the-secret-answer'" not in marker
    assert "<script>" not in marker  # the code is data in an escaped attribute
    assert "</div>" not in marker[: -len("</div>")]
    # Only visible code becomes an editor: not the removed or hidden input.
    assert [int(n) for n in re.findall(r'class="eduplat-cell" data-cell="(\d+)"', md)] == [3, 5]


def test_a_tutorial_overrides_the_site_run_in_page():
    off = TutorialMeta(title="Chains", run_in_page=False)
    md = render([code("x = 1")], options=RenderOptions(run_in_page="pyodide"), meta=off).markdown
    assert run_marker(md) is None
    on = TutorialMeta(title="Chains", run_in_page="pyodide")
    assert run_marker(render([code("x = 1")], meta=on).markdown) is not None

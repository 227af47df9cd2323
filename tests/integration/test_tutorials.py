"""Tutorials end to end: real kernels, the cache, failures, parallel runs, eduplat test."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from eduplat import upstream
from eduplat.cli import cli
from tests.conftest import tree_digest

pytestmark = pytest.mark.kernel

HEADER = "# ---\n# title: {title}\n{extra}# ---\n\n"


def tutorial(title: str, cells: list[str], extra: str = "") -> str:
    """A percent-format tutorial: a heading cell, then the given cells (with their markers)."""
    body = "\n\n".join(cells)
    return HEADER.format(title=title, extra=extra) + f"# %% [markdown]\n# # {title}\n\n{body}\n"


COUNTING = tutorial(
    "Counting",
    [
        "# %% [markdown]\n# Each run appends to runs.txt, so tests can count executions.",
        '# %%\nwith open("runs.txt", "a") as f:\n    f.write("x")\nprint("counted")',
    ],
)


def runs(site: Path) -> int:
    path = site / "tutorials" / "runs.txt"
    return len(path.read_text()) if path.exists() else 0


def build(site: Path, *args: str):
    return CliRunner().invoke(cli, ["build", "-f", str(site / "mkdocs.yml"), *args])


@pytest.fixture
def site(make_site, chdir) -> Path:
    config = make_site({"tutorials/counting.py": COUNTING})
    chdir(config.parent)
    return config.parent


def page(site: Path, tutorial_id: str) -> str:
    return (site / "site" / "tutorials" / tutorial_id / "index.html").read_text()


# -- rendering through a real build -------------------------------------------------------

TAGS = tutorial(
    "Tags",
    [
        '# %% tags=["remove-cell"]\nprint("removed-cell-output")',
        '# %% tags=["remove-input"]\nprint("only-the-output")',
        '# %% tags=["remove-output"]\nprint("hidden-result")',
        '# %% tags=["hide-input"]\nprint("behind-details-input")',
        '# %% tags=["hide-output"]\nprint("behind-details-output")',
        '# %% tags=["raises-exception"]\nraise ValueError("expected failure")',
        '# %% tags=["skip-execution"]\nprint("never-ran")',
        "# %%\nprint('after the error, execution went on')",
    ],
)


def test_each_tag_through_a_real_build(make_site, chdir):
    config = make_site({"tutorials/tags.py": TAGS})
    chdir(config.parent)
    result = build(config.parent, "--strict")
    assert result.exit_code == 0, result.output
    html = page(config.parent, "tags")
    assert "removed-cell-output" not in html
    assert "only-the-output" in html
    assert 'print</span><span class="p">(</span><span class="s2">&quot;only' not in html
    assert "hidden-result" in html  # the code stays
    assert html.count("hidden-result") == 1  # the output does not
    assert '<details class="eduplat-hidden-input">' in html
    hidden = html[html.index('<details class="eduplat-hidden-input"') :]
    hidden = hidden[: hidden.index("</details>")]
    assert 'eduplat-output--stdout"><code>behind-details-input' in hidden  # output hidden too
    # A hidden solution is an answer key: not in search (Material strips the attribute
    # from the page once it has indexed it).
    index = (config.parent / "site" / "search" / "search_index.json").read_text()
    assert "behind-details-input" not in index
    assert "behind-details-output" in index
    assert '<details class="eduplat-hidden-output">' in html
    assert "ValueError: expected failure" in html
    assert 'class="eduplat-output eduplat-output--error"' in html
    assert html.count("never-ran") == 1  # shown as code, not executed
    assert "after the error, execution went on" in html


def test_downloads_index_and_header(site):
    result = build(site, "--strict")
    assert result.exit_code == 0, result.output
    out = site / "site" / "tutorials"
    notebook = json.loads((out / "counting.ipynb").read_text())
    assert notebook["cells"][-1]["outputs"][0]["text"] == "counted\n"
    assert (out / "counting.py").read_text() == COUNTING
    html = page(site, "counting")
    assert 'href="../counting.ipynb"' in html
    assert "Tested with Python 3." in html
    index = (out / "index.html").read_text()
    assert 'href="counting/"' in index


def test_images_are_files(make_site, chdir):
    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
        "awAAAABJRU5ErkJggg=="
    )
    code = (
        "# %%\nimport base64\nfrom IPython.display import Image, display\n"
        f"display(Image(data=base64.b64decode('{png}'), format='png'))"
    )
    config = make_site({"tutorials/plot.py": tutorial("Plot", [code])})
    chdir(config.parent)
    assert build(config.parent, "--strict").exit_code == 0
    html = page(config.parent, "plot")
    assert "data:image/png;base64" not in html
    assert 'src="../plot.assets/cell2-0.png"' in html
    image = config.parent / "site" / "tutorials" / "plot.assets" / "cell2-0.png"
    assert image.read_bytes().startswith(b"\x89PNG")


def test_prerequisite_to_unknown_tutorial_fails_with_hint(make_site, chdir):
    config = make_site(
        {
            "tutorials/counting.py": COUNTING,
            "tutorials/next.py": tutorial(
                "Next", ["# %%\nx = 1"], extra="# prerequisites: [countng]\n"
            ),
        }
    )
    chdir(config.parent)
    result = build(config.parent)
    assert result.exit_code == 1
    assert "prerequisite 'countng' is not a tutorial, page or URL" in result.output
    assert "did you mean 'counting'?" in result.output


# -- the cache ----------------------------------------------------------------------------


def test_prose_edit_does_not_execute_code_edit_does(site):
    assert build(site).exit_code == 0
    assert runs(site) == 1
    assert build(site).exit_code == 0
    assert runs(site) == 1, "unchanged: served from the cache"
    source = site / "tutorials" / "counting.py"
    source.write_text(source.read_text().replace("so tests can count", "so we can count"))
    assert build(site).exit_code == 0
    assert runs(site) == 1, "prose edit: not executed again"
    assert "so we can count" in page(site, "counting")
    source.write_text(source.read_text().replace('print("counted")', 'print("counted!")'))
    assert build(site).exit_code == 0
    assert runs(site) == 2, "code edit: executed again"
    assert "counted!" in page(site, "counting")


def test_dependency_edit_executes_again(make_site, chdir):
    code = '# %%\nprint(open("data.txt").read())\nopen("runs.txt", "a").write("x")'
    config = make_site(
        {
            "tutorials/data.txt": "first",
            "tutorials/reader.py": tutorial("Reader", [code], extra="# dependencies: [data.txt]\n"),
        }
    )
    chdir(config.parent)
    assert build(config.parent).exit_code == 0
    (config.parent / "tutorials" / "data.txt").write_text("second")
    assert build(config.parent).exit_code == 0
    assert runs(config.parent) == 2
    assert "second" in page(config.parent, "reader")


def test_corrupt_cache_entries_are_executed_again(site):
    assert build(site).exit_code == 0
    cache = site / ".eduplat-cache"
    for entry in [*cache.glob("sources/*.json"), *cache.glob("executions/*.json")]:
        entry.write_text("{ not json")
    result = build(site)
    assert result.exit_code == 0, result.output
    assert runs(site) == 2
    assert "counted" in page(site, "counting")


def test_cache_entry_of_another_format_is_ignored(site):
    assert build(site).exit_code == 0
    for entry in (site / ".eduplat-cache").glob("*/*.json"):
        data = json.loads(entry.read_text())
        entry.write_text(json.dumps({**data, "format": 999}))
    assert build(site).exit_code == 0
    assert runs(site) == 2


def test_two_builds_at_once_share_the_cache(site):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    commands = [
        [sys.executable, "-m", "eduplat", "build", "-q", "-d", str(site / f"out{i}")]
        for i in range(2)
    ]
    processes = [subprocess.Popen(c, cwd=site, env=env, stderr=subprocess.PIPE) for c in commands]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()
    for i in range(2):
        assert "counted" in (site / f"out{i}" / "tutorials" / "counting" / "index.html").read_text()
    # Both may have executed; each entry was written whole and is readable.
    for entry in (site / ".eduplat-cache").glob("*/*.json"):
        json.loads(entry.read_text())


def test_cache_clear(site):
    assert build(site).exit_code == 0
    result = CliRunner().invoke(cli, ["cache", "clear"])
    assert result.exit_code == 0
    assert "Removed" in result.output
    assert not (site / ".eduplat-cache").exists()
    assert build(site).exit_code == 0
    assert runs(site) == 2


def test_warm_build_imports_no_notebook_machinery(site):
    assert build(site).exit_code == 0
    code = textwrap.dedent(
        """
        import sys
        from eduplat import site
        site.build("mkdocs.yml", site_dir="warm")
        heavy = ["nbformat", "nbclient", "nbconvert", "jupytext", "jsonschema", "jupyter_client"]
        print(sorted(m for m in heavy if m in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=site, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert runs(site) == 1


def test_execute_false_renders_without_running(make_site, chdir):
    config = make_site(
        {"tutorials/counting.py": COUNTING}, plugin_options="tutorials:\n  execute: false\n"
    )
    chdir(config.parent)
    result = build(config.parent, "--strict")
    assert result.exit_code == 0, result.output
    assert runs(config.parent) == 0
    assert "Not executed in this build" in page(config.parent, "counting")


# -- parallel execution -------------------------------------------------------------------

SLOW = tutorial(
    "Slow {n}",
    [
        (
            "# %%\nimport time\nstart = time.time()\ntime.sleep(1.5)\n"
            'open("spans.txt", "a").write(f"{start} {time.time()}\\n")'
        )
    ],
)


def most_at_once(spans: list[tuple[float, float]]) -> int:
    """The largest number of spans that overlap at one moment."""
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    running = peak = 0
    for _, step in events:
        running += step
        peak = max(peak, running)
    return peak


@pytest.mark.parametrize(("workers", "count"), [(2, 3), (1, 2)])
def test_tutorials_run_in_parallel_never_more_than_workers(make_site, chdir, workers, count):
    files = {f"tutorials/slow{n}.py": SLOW.replace("{n}", str(n)) for n in range(count)}
    config = make_site(files, plugin_options=f"tutorials:\n  workers: {workers}\n")
    chdir(config.parent)
    result = build(config.parent)
    assert result.exit_code == 0, result.output
    spans = [
        tuple(map(float, line.split()))
        for line in (config.parent / "tutorials" / "spans.txt").read_text().splitlines()
    ]
    assert len(spans) == count
    assert most_at_once(spans) == workers


# -- failures -----------------------------------------------------------------------------

FAILING = tutorial(
    "Failing",
    [
        "# %% [markdown]\n# Some prose first.",
        "# %%\ntotal = 10\ncount = 0",
        "# %%\nprint('about to divide')\nratio = total / count\nprint(ratio)",
    ],
)


@pytest.fixture
def failing_site(make_site, chdir):
    """A site that built once; then a broken tutorial is added."""
    config = make_site({"tutorials/counting.py": COUNTING})
    chdir(config.parent)
    assert build(config.parent).exit_code == 0
    return config.parent, tree_digest(config.parent / "site")


def add_tutorial(site: Path, name: str, text: str) -> None:
    (site / "tutorials" / name).write_text(text)


def assert_failed(site: Path, before: dict[str, str], *fragments: str) -> str:
    result = build(site)
    assert result.exit_code == 1, result.output
    assert "Traceback (most recent call last)" not in result.output
    for fragment in fragments:
        assert fragment in result.output
    assert tree_digest(site / "site") == before, "the previous site must stay intact"
    return result.output


#: A broken tutorial added to a built site -> what the failed build's message says.
BROKEN = {
    "timeout": (
        "slow.py",
        tutorial("Slow", ["# %%\nimport time\ntime.sleep(60)"], extra="# timeout: 2\n"),
        "tutorials/slow.py: cell 2 (source line 10): cell timed out after 2 s",
        "'timeout: SECONDS'",
    ),
    "kernel death": (
        "dies.py",
        tutorial("Dies", ["# %%\nimport os\nos._exit(1)"]),
        "tutorials/dies.py: cell 2",
        "the kernel died",
    ),
    "missing kernel": (
        "julia.py",
        tutorial("Julia", ["# %%\nx = 1"], extra="# kernel: julia-1.10\n"),
        "kernel 'julia-1.10' is not installed",
        "install the 'julia-1.10' Jupyter kernel",
        "installed kernels: python3",
    ),
    "syntax error": (
        "syntax.py",
        tutorial("Syntax", ["# %%\nx = 1\ny = (x,\nprint(y"]),
        "tutorials/syntax.py: cell 2",
        "SyntaxError",
    ),
    "missing dependency": (
        "deps.py",
        tutorial("Deps", ["# %%\nx = 1"], extra="# dependencies: [data/prices.csv]\n"),
        "tutorials/deps.py: dependency 'data/prices.csv' matches no file",
        "relative to the tutorial's folder",
    ),
    "invalid metadata": (
        "meta.py",
        tutorial("Meta", ["# %%\nx = 1"], extra="# level: expert\n"),
        (
            "tutorials/meta.py:3: tutorial metadata: unknown level 'expert' "
            "— use one of: beginner, intermediate, advanced"
        ),
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_tutorial_fails_the_build_saying_where_and_why(failing_site, case):
    site, before = failing_site
    name, text, *fragments = BROKEN[case]
    add_tutorial(site, name, text)
    assert_failed(site, before, *fragments)


def test_raising_cell_names_file_cell_line_excerpt_and_log(failing_site):
    site, before = failing_site
    add_tutorial(site, "failing.py", FAILING)
    output = assert_failed(
        site,
        before,
        "tutorials/failing.py: cell 4 (source line 17): ZeroDivisionError: division by zero",
        ">  17 | ratio = total / count",
        "full log: .eduplat-cache/logs/failing.log",
    )
    assert "raises-exception" in output  # the hint
    lines = (site / "tutorials" / "failing.py").read_text().splitlines()
    assert lines[16] == "ratio = total / count"
    log = (site / ".eduplat-cache" / "logs" / "failing.log").read_text()
    assert "about to divide" in log
    assert "ZeroDivisionError" in log


def ipynb(kernelspec: str, eduplat: dict | None = None) -> str:
    metadata: dict = {"kernelspec": {"name": kernelspec, "display_name": kernelspec}}
    if eduplat is not None:
        metadata["eduplat"] = eduplat
    cell = {"cell_type": "code", "metadata": {}, "source": "print('ran')", "outputs": []}
    cell["execution_count"] = None
    heading = {"cell_type": "markdown", "metadata": {}, "source": "# R notebook"}
    notebook = {"cells": [heading, cell], "metadata": metadata, "nbformat": 4}
    return json.dumps({**notebook, "nbformat_minor": 5})


def test_a_notebook_naming_a_missing_kernel_fails_clearly(failing_site):
    site, before = failing_site
    add_tutorial(site, "r-stats.ipynb", ipynb("ir"))
    add_tutorial(
        site,
        "julia.py",
        tutorial(
            "Julia",
            ["# %%\nx = 1"],
            extra="# jupyter:\n#   kernelspec:\n#     name: julia-1.9\n#     display_name: Julia\n",
        ),
    )
    assert_failed(
        site,
        before,
        "tutorials/r-stats.ipynb: kernel 'ir' is not installed",
        "install the 'ir' Jupyter kernel",
        "tutorials/julia.py: kernel 'julia-1.9' is not installed",
    )


def test_eduplat_kernel_metadata_overrides_the_notebooks_kernelspec(site):
    add_tutorial(site, "r-stats.ipynb", ipynb("ir", eduplat={"kernel": "python3"}))
    result = build(site)
    assert result.exit_code == 0, result.output
    assert "ran" in page(site, "r-stats")


def test_kernel_that_dies_while_starting(failing_site, tmp_path, monkeypatch):
    spec = tmp_path / "jupyter" / "kernels" / "broken"
    spec.mkdir(parents=True)
    exits = "import sys; sys.stderr.write('cannot import ipykernel\\n'); sys.exit(3)"
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-c", exits, "{connection_file}"],
                "display_name": "Broken",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    site, before = failing_site
    add_tutorial(site, "broken.py", tutorial("Broken", ["# %%\nx = 1"], extra="# kernel: broken\n"))
    assert_failed(
        site,
        before,
        "tutorials/broken.py: kernel 'broken' did not start: Kernel died before replying",
        "jupyter kernelspec list",
        "full log: .eduplat-cache/logs/broken.log",
    )
    log = (site / ".eduplat-cache" / "logs" / "broken.log").read_text()
    assert "cannot import ipykernel" in log


def test_plain_mkdocs_build_reports_the_same_message(failing_site, caplog):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, PluginError

    site, _ = failing_site
    add_tutorial(site, "failing.py", FAILING)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort) as info:
        mkdocs_build(load_config(str(site / "mkdocs.yml")))
    assert isinstance(upstream.build_error(info.value), PluginError)
    message = "tutorials/failing.py: cell 4 (source line 17): ZeroDivisionError: division by zero"
    assert message in caplog.text


# -- eduplat test -------------------------------------------------------------------------


def eduplat_test(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "eduplat", "test", *args],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_eduplat_test_records_compares_and_shares_the_cache(site):
    first = eduplat_test(site)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "no reference outputs" in first.stdout
    assert "eduplat test --update" in first.stdout
    assert runs(site) == 1

    recorded = eduplat_test(site, "--update")
    assert recorded.returncode == 0, recorded.stdout
    reference = site / "tutorials" / "_references" / "counting.ipynb"
    assert json.loads(reference.read_text())["cells"][0]["outputs"][0]["text"] == "counted\n"

    again = eduplat_test(site)
    assert again.returncode == 0, again.stdout
    assert "1 passed" in again.stdout
    assert "no reference outputs" not in again.stdout

    assert build(site).exit_code == 0
    assert runs(site) == 1, "eduplat test then eduplat build executes nothing twice"

    source = site / "tutorials" / "counting.py"
    source.write_text(source.read_text().replace('print("counted")', 'print("changed")'))
    failed = eduplat_test(site)
    assert failed.returncode == 1
    assert "outputs differ from" in failed.stdout
    assert "-  counted" in failed.stdout
    assert "+  changed" in failed.stdout


def test_eduplat_test_masks_volatile_output(make_site, chdir):
    code = (
        "# %%\nimport uuid, datetime\n"
        "print(object())\nprint(uuid.uuid4())\nprint(datetime.datetime.now().isoformat())\n"
        "print('SECRET-' + str(id(object())))"
    )
    config = make_site(
        {"tutorials/volatile.py": tutorial("Volatile", [code])},
        plugin_options="tutorials:\n  masks: ['SECRET-\\d+']\n",
    )
    site = config.parent
    chdir(site)
    assert eduplat_test(site, "--update").returncode == 0
    result = CliRunner().invoke(cli, ["cache", "clear"])
    assert result.exit_code == 0
    again = eduplat_test(site)
    assert again.returncode == 0, again.stdout


def test_eduplat_test_reports_a_failing_tutorial(site):
    add_tutorial(site, "failing.py", FAILING)
    result = eduplat_test(site)
    assert result.returncode == 1
    assert "cell 4 (source line 17): ZeroDivisionError: division by zero" in result.stdout
    assert "1 passed" in result.stdout  # the other tutorial still ran


def test_plain_pytest_in_the_site_folder_collects_tutorials(site):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "tutorials/counting.py" in result.stdout or "1 passed" in result.stdout
    assert result.returncode == 0, result.stdout


def test_eduplat_new_scaffolds_a_working_tutorial(tmp_path, chdir):
    target = tmp_path / "course"
    assert CliRunner().invoke(cli, ["new", str(target)]).exit_code == 0
    chdir(target)
    result = CliRunner().invoke(cli, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    tutorials = list((target / "site" / "tutorials").glob("*/index.html"))
    assert tutorials, "the starter site has a tutorial page"
    assert 'class="eduplat-output' in tutorials[0].read_text()


# -- serve --------------------------------------------------------------------------------


def serve_build(config_file: Path) -> None:
    """One rebuild as ``mkdocs serve`` does it (on_startup with command='serve')."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")


def test_under_serve_editing_one_tutorial_reruns_only_that_one(make_site, chdir):
    other = COUNTING.replace("runs.txt", "other-runs.txt").replace("Counting", "Other")
    config = make_site({"tutorials/counting.py": COUNTING, "tutorials/other.py": other})
    chdir(config.parent)
    serve_build(config)
    other_runs = config.parent / "tutorials" / "other-runs.txt"
    assert (runs(config.parent), len(other_runs.read_text())) == (1, 1)
    source = config.parent / "tutorials" / "counting.py"
    source.write_text(source.read_text().replace('print("counted")', 'print("edited")'))
    serve_build(config)
    assert (runs(config.parent), len(other_runs.read_text())) == (2, 1)


def test_execute_on_serve_false_previews_without_running(make_site, chdir):
    config = make_site(
        {"tutorials/counting.py": COUNTING},
        plugin_options="tutorials:\n  execute_on_serve: false\n",
    )
    chdir(config.parent)
    serve_build(config)
    assert runs(config.parent) == 0
    assert build(config.parent).exit_code == 0, "a real build still executes"
    assert runs(config.parent) == 1

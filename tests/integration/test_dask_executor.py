"""`executor: dask`: tutorials run as tasks on a Dask cluster (two worker processes here)."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import tree_digest
from tests.integration.test_tutorials import FAILING, build, page, tutorial

distributed = pytest.importorskip("distributed")  # the 'test' extra installs it

pytestmark = pytest.mark.kernel

DEPS = tutorial(
    "Deps",
    [
        '# %%\nprint(open("../data/prices.csv").read().strip(), open("note.txt").read().strip())',
        "# %%\nimport sys\nprint(sys.version_info[0], 'x' * 20)",
    ],
    extra="# dependencies: [../data/prices.csv, note.txt]\n",
)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster


def dask_options(cluster) -> str:
    return f"tutorials:\n  executor: dask\n  dask:\n    scheduler: {cluster.scheduler_address}\n"


def test_same_pages_as_the_local_executor_with_dependencies_shipped(make_site, chdir, cluster):
    files = {
        "tutorials/deps/deps.py": DEPS,
        "tutorials/deps/note.txt": "next to it",
        "tutorials/data/prices.csv": "a,b",
        "tutorials/one.py": tutorial("One", ["# %%\nprint(6 * 7)"]),
    }
    config = make_site(files)
    chdir(config.parent)
    assert build(config.parent).exit_code == 0
    local = tree_digest(config.parent / "site" / "tutorials")
    shutil.rmtree(config.parent / ".eduplat-cache")
    make_site(files, plugin_options=dask_options(cluster))
    result = build(config.parent)
    assert result.exit_code == 0, result.output
    assert "a,b next to it" in page(config.parent, "deps/deps")
    assert tree_digest(config.parent / "site" / "tutorials") == local


def test_a_failing_cell_has_the_same_message_and_log(make_site, chdir, cluster):
    config = make_site({"tutorials/failing.py": FAILING}, plugin_options=dask_options(cluster))
    chdir(config.parent)
    result = build(config.parent)
    assert result.exit_code == 1, result.output
    assert "Traceback (most recent call last)" not in result.output
    for fragment in (
        "tutorials/failing.py: cell 4 (source line 17): ZeroDivisionError: division by zero",
        ">  17 | ratio = total / count",
        "full log: .eduplat-cache/logs/failing.log",
    ):
        assert fragment in result.output
    log = (config.parent / ".eduplat-cache" / "logs" / "failing.log").read_text()
    assert "about to divide" in log


def test_a_file_missing_on_the_worker_is_reported_clearly(make_site, chdir, cluster):
    undeclared = tutorial("Undeclared", ['# %%\nprint(open("note.txt").read())'])
    config = make_site(
        {"tutorials/undeclared.py": undeclared, "tutorials/note.txt": "here, not shipped"},
        plugin_options=dask_options(cluster),
    )
    chdir(config.parent)
    result = build(config.parent)
    assert result.exit_code == 1, result.output
    assert "tutorials/undeclared.py: cell 2 (source line 9): FileNotFoundError" in result.output
    assert "add the file to the tutorial's 'dependencies'" in result.output


def test_a_worker_killed_during_a_task_still_builds_the_tutorial(
    make_site, chdir, cluster, tmp_path
):
    marker = tmp_path / "killed-once"
    code = (
        "# %%\nimport os, pathlib, signal, time\n"
        f"marker = pathlib.Path({str(marker)!r})\n"
        "if not marker.exists():\n"
        "    marker.write_text('x')\n"
        "    os.kill(os.getppid(), signal.SIGKILL)  # the Dask worker running this task\n"
        "    time.sleep(60)\n"
        "print('survived')"
    )
    config = make_site(
        {"tutorials/victim.py": tutorial("Victim", [code])}, plugin_options=dask_options(cluster)
    )
    chdir(config.parent)
    result = build(config.parent)
    assert result.exit_code == 0, result.output
    assert marker.exists(), "the first attempt did not run"
    assert "survived" in page(config.parent, "victim")


def test_eduplat_test_uses_the_same_executor(make_site, cluster):
    from eduplat.pytest_plugin import _site_from

    config = make_site(plugin_options=dask_options(cluster))
    options = _site_from(config, update=False).pipeline.options
    assert (options.executor, options.dask.scheduler) == ("dask", cluster.scheduler_address)


def test_interrupting_cancels_the_tasks(cluster, tmp_path):
    import time

    from eduplat.tutorials.dask_executor import DaskOptions, run_on_dask
    from eduplat.tutorials.execute import ExecutionJob

    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None}
    notebook = {"cells": [{**cell, "source": "import time\ntime.sleep(3)"}], "metadata": {}}
    jobs = [
        ExecutionJob(f"s{n}", f"s{n}.py", notebook, [1], str(tmp_path), "python3", 60, "x.log")
        for n in range(6)
    ]
    submitted = []

    def on_start(job: ExecutionJob) -> None:
        submitted.append(job.tutorial_id)
        if len(submitted) == 3:
            raise KeyboardInterrupt

    options = DaskOptions(scheduler=cluster.scheduler_address)
    with pytest.raises(KeyboardInterrupt):
        list(run_on_dask(jobs, options, on_start))
    with distributed.Client(cluster) as client:
        deadline = time.monotonic() + 20
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)):
            assert time.monotonic() < deadline, "the interrupted tasks were not cancelled"
            time.sleep(0.2)

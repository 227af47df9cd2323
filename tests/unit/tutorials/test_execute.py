"""Running jobs: the kernels stop when the build is interrupted."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from eduplat.tutorials.execute import ExecutionJob, run_jobs


def sleeper(tmp_path, number: int) -> ExecutionJob:
    code = (
        "import os, pathlib, time\n"
        f"pathlib.Path('pid{number}').write_text(str(os.getpid()))\n"
        "time.sleep(60)"
    )
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "id": "sleep",
                "metadata": {},
                "source": code,
                "outputs": [],
                "execution_count": None,
            }
        ],
    }
    return ExecutionJob(
        tutorial_id=f"sleeper{number}",
        path=f"tutorials/sleeper{number}.py",
        notebook=notebook,
        cell_lines=[1],
        cwd=str(tmp_path),
        kernel="python3",
        timeout=120,
        log_path=str(tmp_path / "logs" / f"sleeper{number}.log"),
    )


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def child_processes() -> set[int]:
    """Our process's live children (Linux: /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        children = (task / "children").read_text().split()
        found.update(int(pid) for pid in children)
    return {pid for pid in found if alive(pid) and "Z" not in status(pid)}


def status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return "Z"


@pytest.mark.kernel
def test_interrupting_a_run_stops_every_kernel(tmp_path):
    # Three jobs, two workers: two run their cells, the third kernel waits for a slot.
    before = child_processes()
    jobs = [sleeper(tmp_path, n) for n in range(3)]
    began = time.monotonic()

    def on_start(job: ExecutionJob) -> None:
        # Give the kernels time to start their cells, then press Ctrl-C.
        deadline = time.monotonic() + 20
        while len(list(tmp_path.glob("pid*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        for _ in run_jobs(jobs, 2, on_start=on_start):
            pass
    assert time.monotonic() - began < 30, "the interrupted run waited for the cells"
    pids = [int(path.read_text()) for path in tmp_path.glob("pid*")]
    assert len(pids) == 2, "two workers: only two tutorials started their cells"
    assert not [pid for pid in pids if alive(pid)], "a kernel outlived the interrupted run"
    assert child_processes() - before == set(), "the waiting kernel outlived the run"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    assert [str(w.message) for w in caught if "Unclosed" in str(w.message)] == []


@pytest.mark.kernel
def test_reading_and_running_a_tutorial_skips_only_the_iri_grammar(tmp_path):
    # A fresh interpreter, as in `eduplat build`: the test session itself has loaded
    # jsonschema already (pytest-notebook's plugin), where the skip does nothing.
    (tmp_path / "t.py").write_text("# %%\nprint(6 * 7)\n")
    code = """
import sys
from pathlib import Path
from eduplat.tutorials.source import discover, parse
from eduplat.tutorials.execute import ExecutionJob, execute_job

(source,) = discover(Path("."))
parsed = parse(source)
assert "rfc3987_syntax" not in sys.modules, "the IRI grammar was compiled"
assert "jsonschema" in sys.modules
outcome = execute_job(ExecutionJob("t", "t.py", parsed.notebook, parsed.cell_lines, ".",
                                   "python3", 60, "log.txt"))
assert outcome.failure is None, outcome.failure
print(outcome.outputs[0][0]["text"].strip())
import nbformat
nbformat.validate(nbformat.from_dict(parsed.notebook))  # validation still works
import rfc3987_syntax  # and the package is importable again for anyone who wants it
"""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"

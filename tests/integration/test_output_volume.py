"""Whatever a cell prints, a build stays bounded: memory, time, page and notebook sizes.

Each build runs as a child process (`python -m eduplat build`), measured from outside:
``os.wait4`` gives the peak RSS of the build and of the kernels it waited for.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.kernel

GB = 1024**3


def build_in_child(site: Path, limit: float = 120) -> tuple[int, str, int, float]:
    """Exit code, output, peak RSS in bytes (build or any kernel), seconds."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = site / "build.log"
    began = time.monotonic()
    with log.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "eduplat", "build"], cwd=site, env=env, stdout=out, stderr=out
        )
        deadline = began + limit
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                pytest.fail(f"the build still ran after {limit} s:\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - began
    return child.returncode, log.read_text(), usage.ru_maxrss * 1024, seconds


def test_a_cell_printing_without_end_stops_at_its_timeout_in_bounded_memory(make_site):
    config = make_site(
        {
            "tutorials/endless.py": (
                '# %% [markdown]\n# # Endless\n\n# %%\nwhile True:\n    print("x" * 1000)\n'
            )
        },
        plugin_options="tutorials:\n  timeout: 5\n",
    )
    code, output, peak, seconds = build_in_child(config.parent)
    assert code == 1, output
    assert "tutorials/endless.py: cell 2 (source line 5): cell timed out after 5 s" in output
    assert "Traceback (most recent call last)" not in output
    assert peak < GB, f"peak RSS {peak / 2**20:.0f} MB"
    assert seconds < 5 + 40, "the cell ran on well past its timeout"
    log = config.parent / ".eduplat-cache" / "logs" / "endless.log"
    assert log.stat().st_size < 3_000_000, "the failure log keeps only what max_output kept"
    assert "of output cut: past the limit (max_output: cell 2 MB, tutorial 5 MB)" in log.read_text()


def test_a_20_mb_line_gives_a_small_page_index_and_notebook(make_site):
    config = make_site(
        {
            "tutorials/big.py": (
                '# %% [markdown]\n# # Big\n\n# %%\nprint("y" * 20_000_000)\n\n'
                '# %%\nprint("small output after it")\n'
            )
        },
    )
    code, output, peak, _ = build_in_child(config.parent)
    assert code == 0, output
    assert peak < GB, f"peak RSS {peak / 2**20:.0f} MB"
    site = config.parent / "site"
    page = (site / "tutorials" / "big" / "index.html").read_text()
    assert len(page.encode()) < 1_000_000
    assert "18 MB more output was discarded while the cell ran" in page
    assert "small output after it" in page
    assert (site / "search" / "search_index.json").stat().st_size < 1_000_000
    notebook = (site / "tutorials" / "big.ipynb").stat().st_size
    assert 2_000_000 < notebook < 2_100_000, "the notebook keeps the first 2 MB (max_output)"

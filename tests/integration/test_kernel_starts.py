"""Hundreds of kernels started by one build: none may fail to start.

With TCP, jupyter_client picks each kernel's five ports by binding to port 0 and releasing
it; two kernels starting together could get the same port (`ZMQError: Address already in
use`), and a cold build of 400 tutorials failed at random. On POSIX, eduplat's kernels talk
over Unix sockets in a private folder instead, where names cannot collide.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eduplat.tutorials.cache import TutorialCache
from eduplat.tutorials.pipeline import PipelineOptions, TutorialPipeline

pytestmark = [pytest.mark.kernel, pytest.mark.slow]

KERNELS = 200

TRIVIAL = """\
# %% [markdown]
# # Kernel {n}

# %%
import json
from ipykernel.connect import get_connection_file

with open(get_connection_file()) as f:
    print(json.load(f)["transport"], {n})
"""


@pytest.fixture
def own_tempdir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary folder for this test alone (short: kernels put Unix sockets there), so
    that the kernel folders of builds running at the same time are not taken for ours."""
    folder = Path(tempfile.mkdtemp(prefix="eduplat-test-"))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(os.name == "nt", reason="Windows kernels use TCP")
def test_hundreds_of_kernels_start_without_a_single_failure(tmp_path, own_tempdir):
    folder = tmp_path / "tutorials"
    folder.mkdir()
    for n in range(KERNELS):
        (folder / f"k{n:03}.py").write_text(TRIVIAL.format(n=n))
    pipeline = TutorialPipeline(
        folder, TutorialCache(tmp_path / "cache"), PipelineOptions(workers=16, timeout=60)
    )
    began = time.monotonic()
    prepared = pipeline.prepare()  # raises ExecutionFailed naming any kernel that failed
    seconds = time.monotonic() - began
    assert [t.status for t in prepared] == ["ran"] * KERNELS
    printed = [t.notebook["cells"][1]["outputs"][0]["text"] for t in prepared]
    assert printed == [f"ipc {n}\n" for n in range(KERNELS)]
    left = list(own_tempdir.glob("eduplat-kernels-*"))
    assert left == [], "the kernels' private folder was left behind"
    print(f"{KERNELS} kernels in {seconds:.1f} s")

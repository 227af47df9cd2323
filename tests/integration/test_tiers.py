"""The test tiers hold: a test without the ``kernel`` marker cannot start a real kernel, so
``-m "not kernel"`` (``make test-fast``) stays fast whatever a new test does."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from jupyter_client.kernelspec import KernelSpecManager

from eduplat.cli import cli
from tests.conftest import UNMARKED_KERNEL

TUTORIAL = "# %% [markdown]\n# # Runs\n\n# %%\nprint('ran')\n"


def python3_argv() -> str:
    return " ".join(KernelSpecManager().get_kernel_spec("python3").argv)


def test_without_the_marker_a_build_cannot_start_a_kernel(make_site, chdir):
    assert UNMARKED_KERNEL in python3_argv()
    root = make_site({"tutorials/runs.py": TUTORIAL}).parent
    chdir(root)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1, result.output
    assert "tutorials/runs.py: kernel 'python3' did not start" in result.output
    assert UNMARKED_KERNEL in (root / ".eduplat-cache" / "logs" / "runs.log").read_text()


@pytest.mark.kernel
def test_with_the_marker_python3_is_the_real_kernel():
    assert UNMARKED_KERNEL not in python3_argv()

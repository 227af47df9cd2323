"""Cold builds with the local executor against `executor: dask` (a LocalCluster).

Generates a site with N tutorials, each sleeping a little and computing a little (a stand-in
for a notebook that waits on I/O and uses a core), and times cold `eduplat build`s (empty
cache) as subprocesses, so imports and cluster start-up count:

- ``local``: `workers: auto`, kernels driven from the build process;
- ``dask``: `executor: dask` with `dask: {scheduler: local, n_workers: W}`.

It prints each build's time and peak RSS (the build or any process it waited for). A report,
not a test.

    .venv/bin/python bench/executors.py --tutorials 40 --workers 2
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _common import BenchError, run_build

TUTORIAL = """\
# %% [markdown]
# # Tutorial {n}

# %%
import time

time.sleep({sleep})
print(sum(i * i for i in range({work})))
"""

CONFIG = """\
site_name: Executors bench
theme:
  name: material
  font: false
plugins:
  - search
  - eduplat:
      tutorials:
        workers: {workers}
{extra}"""

DASK = """\
        executor: dask
        dask:
          scheduler: local
          n_workers: {workers}
"""


def make_site(root: Path, tutorials: int, sleep: float, work: int) -> None:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "tutorials").mkdir()
    for n in range(tutorials):
        text = TUTORIAL.format(n=n, sleep=sleep, work=work)
        (root / "tutorials" / f"t{n:03}.py").write_text(text)


def cold_build(root: Path, executor: str, workers: int) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one cold build."""
    extra = DASK.format(workers=workers) if executor == "dask" else ""
    (root / "mkdocs.yml").write_text(CONFIG.format(workers=workers, extra=extra))
    shutil.rmtree(root / ".eduplat-cache", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        measured = run_build([sys.executable, "-m", "eduplat", "build"], root, env)
    except BenchError as exc:
        sys.exit(f"{executor} build failed:\n{str(exc)[-3000:]}")
    return measured.seconds, measured.peak_rss_mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tutorials", type=int, default=40)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sleep", type=float, default=0.5, help="seconds each tutorial waits")
    parser.add_argument("--work", type=int, default=300_000, help="squares each one sums")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eduplat-bench-") as folder:
        root = Path(folder)
        make_site(root, args.tutorials, args.sleep, args.work)
        print(
            f"{args.tutorials} tutorials, {args.workers} workers, {os.cpu_count()} cores, "
            f"median of {args.runs} cold builds"
        )
        for executor in ("local", "dask"):
            runs = [cold_build(root, executor, args.workers) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            print(f"{executor:>6}: {seconds:6.1f} s  (peak RSS {peak:.0f} MiB)")


if __name__ == "__main__":
    main()

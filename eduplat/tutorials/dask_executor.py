"""Running tutorials on a Dask cluster (``executor: dask``).

Each tutorial that misses the cache is one Dask task: the build ships the job (notebook,
kernel name, timeout, output limits) and the bytes of its declared dependencies; the task
writes them into a temporary folder on the worker, runs the tutorial there in a fresh
kernel, and returns the outcome (outputs, or a failure as data) with its log. A tutorial
that fails returns a failure, so Dask never retries it; a task whose worker dies is
rescheduled by the scheduler, and an unexpected error of the task itself is retried
(``retries``).

``distributed`` is an optional dependency (``pip install 'eduplat[dask]'``), imported only
here and only when a build chooses this executor.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import posixpath
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eduplat.errors import EduplatError
from eduplat.tutorials.execute import ExecutionJob, ExecutionOutcome, Failure, execute_job

__all__ = ["DaskOptions", "run_on_dask", "run_remote"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DaskOptions:
    """Where and how tutorials run with ``executor: dask``.

    Attributes:
        scheduler: ``tcp://host:8786`` (an existing scheduler) or ``local`` (a
            ``distributed.LocalCluster`` on this machine, for the build's duration).
        n_workers: Workers of the local cluster.
        threads_per_worker: Tutorials a worker runs at once (each in its own kernel).
        retries: How often a task that raised (not a tutorial that failed) is retried.
    """

    scheduler: str = "local"
    n_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    threads_per_worker: int = 1
    retries: int = 2


def _files(job: ExecutionJob) -> dict[str, bytes]:
    """The declared dependency files of a job, as bytes, by path relative to its folder."""
    return {rel: (Path(job.cwd) / rel).read_bytes() for rel in job.dependencies}


def run_remote(job: ExecutionJob, files: dict[str, bytes]) -> tuple[ExecutionOutcome, str | None]:
    """The Dask task: run ``job`` in a temporary folder holding ``files``.

    Returns:
        The outcome, and the text of the failure log (written on the worker) or None.
    """
    with tempfile.TemporaryDirectory(prefix="eduplat-task-") as work:
        root = Path(work)
        # '../data/x.csv' must land inside the temporary folder: nest the tutorial's
        # folder as deep as its dependencies climb.
        climb = max((posixpath.normpath(rel).split("/").count("..") for rel in files), default=0)
        cwd = root.joinpath("tutorial", *["up"] * climb)
        cwd.mkdir(parents=True)
        for rel, data in files.items():
            target = Path(os.path.normpath(cwd / rel))
            if not target.is_relative_to(root):
                continue  # an absolute dependency: nowhere to put it on the worker
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        log_file = root / "logs" / "tutorial.log"
        outcome = execute_job(dataclasses.replace(job, cwd=str(cwd), log_path=str(log_file)))
        failure = outcome.failure
        if failure is None:
            return outcome, None
        if failure.message.startswith(("FileNotFoundError", "No such file")):
            failure = dataclasses.replace(
                failure,
                hint="on a Dask worker a tutorial sees only the files it declares: add the "
                "file to the tutorial's 'dependencies' (relative to its folder)",
            )
        text = log_file.read_text("utf-8", "replace") if log_file.is_file() else None
        return dataclasses.replace(outcome, failure=failure), text


def _failed(job: ExecutionJob, message: str, hint: str) -> ExecutionOutcome:
    return ExecutionOutcome(
        tutorial_id=job.tutorial_id,
        outputs=[],
        execution_counts=[],
        language="",
        language_version="",
        date="",
        seconds=0.0,
        failure=Failure(message=message, hint=hint),
    )


def _connect(options: DaskOptions) -> tuple[Any, Any]:
    """A Dask client (and the local cluster it owns, or None)."""
    try:
        import distributed
    except ImportError as exc:
        raise EduplatError(
            "'executor: dask' needs Dask's distributed scheduler, which is not installed",
            hint="pip install 'eduplat[dask]', or set 'executor: local'",
        ) from exc
    if options.scheduler == "local":
        cluster = distributed.LocalCluster(
            n_workers=options.n_workers,
            threads_per_worker=options.threads_per_worker,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(options.scheduler, timeout="30s"), None
    except OSError as exc:
        raise EduplatError(
            f"cannot reach the Dask scheduler at {options.scheduler}: {exc}",
            hint="start one with 'dask scheduler' and workers with 'dask worker "
            f"{options.scheduler}', or set 'dask: {{scheduler: local}}'",
        ) from exc


def run_on_dask(
    jobs: Sequence[ExecutionJob],
    options: DaskOptions,
    on_start: Callable[[ExecutionJob], None] | None = None,
) -> Iterator[ExecutionOutcome]:
    """Run jobs as Dask tasks, yielding outcomes as they finish.

    At most a few tasks per worker thread are in flight, so the notebooks and files held
    in memory stay bounded however many tutorials there are. ``on_start`` is called when
    a job is submitted. Interrupting (Ctrl-C) cancels the tasks in flight.
    """
    if not jobs:
        return
    client, cluster = _connect(options)
    import distributed

    in_flight: dict[str, tuple[ExecutionJob, Any]] = {}
    queue = iter(jobs)
    finished = False
    try:
        window = max(4, 2 * sum(client.nthreads().values()))
        completed = distributed.as_completed()

        def submit_next() -> None:
            job = next(queue, None)
            if job is None:
                return
            future = client.submit(
                run_remote,
                job,
                _files(job),
                key=f"eduplat-{job.tutorial_id}-{uuid.uuid4().hex[:8]}",
                pure=False,
                retries=options.retries,
            )
            in_flight[future.key] = (job, future)
            completed.add(future)
            if on_start is not None:
                on_start(job)

        for _ in range(window):
            submit_next()
        for future in completed:
            job, _ = in_flight.pop(future.key)
            try:
                outcome, log_text = future.result()
            except distributed.KilledWorker as exc:
                outcome, log_text = (
                    _failed(
                        job,
                        f"the Dask workers running it died, again and again ({exc})",
                        "a tutorial that needs more memory than a worker has is killed; "
                        "look at the workers' logs",
                    ),
                    None,
                )
            except Exception as exc:  # noqa: BLE001 - reported as this tutorial's failure
                outcome, log_text = (
                    _failed(
                        job,
                        f"its Dask task failed: {type(exc).__name__}: {exc}",
                        "look at the Dask workers' logs; check that they run the same "
                        "eduplat and packages as this machine",
                    ),
                    None,
                )
            future.release()
            if outcome.failure is not None and log_text is not None:
                path = Path(job.log_path)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(log_text, encoding="utf-8")
                failure = dataclasses.replace(outcome.failure, log_path=str(path))
                outcome = dataclasses.replace(outcome, failure=failure)
            submit_next()
            yield outcome
        finished = True
    finally:
        if not finished and in_flight:
            client.cancel([future for _, future in in_flight.values()], force=True)
        client.close()
        if cluster is not None:
            cluster.close()

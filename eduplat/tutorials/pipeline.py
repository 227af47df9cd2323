"""From tutorial files to notebooks with outputs, through the cache.

For each tutorial, cheapest first:

1. **warm**: the file's bytes and its dependencies are unchanged since the last build:
   reuse the stored notebook (no jupytext, nbformat or nbclient import);
2. **cached**: the file changed, but its code did not (a prose edit): parse it and attach
   the stored outputs of its execution key;
3. **ran**: execute it (several at once) and store the outputs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from eduplat.errors import EduplatError, ExecutionError
from eduplat.textio import decode_text
from eduplat.tutorials.cache import TutorialCache
from eduplat.tutorials.dask_executor import DaskOptions
from eduplat.tutorials.execute import ExecutionJob, ExecutionOutcome, run_jobs
from eduplat.tutorials.model import ExecutionRecord, OutputLimits, TutorialMeta, TutorialSource
from eduplat.tutorials.source import (
    ParsedTutorial,
    dependency_hashes,
    discover,
    execution_key,
    parse,
    sha256_bytes,
)

__all__ = [
    "ExecutionFailed",
    "PipelineOptions",
    "PreparedTutorial",
    "Reporter",
    "TutorialPipeline",
    "notebook_kernel",
]

Status = Literal["warm", "cached", "ran", "failed", "not-executed"]


class Reporter(Protocol):
    """Receives progress; the plugin shows it as a progress bar or as log lines."""

    def start(self, total: int, to_run: int) -> None:
        """Called once: ``total`` tutorials, of which ``to_run`` will execute."""

    def running(self, tutorial_id: str) -> None:
        """A tutorial started executing."""

    def done(self, tutorial_id: str, status: Status, seconds: float) -> None:
        """A tutorial is ready (or failed)."""

    def finish(self) -> None:
        """All tutorials are ready."""


class _SilentReporter:
    def start(self, total: int, to_run: int) -> None:
        pass

    def running(self, tutorial_id: str) -> None:
        pass

    def done(self, tutorial_id: str, status: Status, seconds: float) -> None:
        pass

    def finish(self) -> None:
        pass


class ExecutionFailed(EduplatError):
    """One or more tutorials failed; ``errors`` has one ExecutionError each."""

    def __init__(self, errors: Sequence[EduplatError]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        lead = "a tutorial failed" if count == 1 else f"{count} tutorials failed"
        super().__init__("\n\n".join(str(e) for e in self.errors) or lead)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PipelineOptions:
    """Site-wide settings for running tutorials (from the plugin config)."""

    execute: bool = True
    kernel: str = "python3"
    timeout: int = 120
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    max_output: OutputLimits = field(default_factory=OutputLimits)
    #: ``local`` runs kernels on this machine; ``dask`` runs each tutorial as a Dask task.
    executor: Literal["local", "dask"] = "local"
    dask: DaskOptions | None = None

    def run(
        self, jobs: Sequence[ExecutionJob], on_start: Callable[[ExecutionJob], None]
    ) -> Iterator[ExecutionOutcome]:
        """Run jobs with the chosen executor, yielding outcomes as they finish."""
        if self.executor == "dask":
            from eduplat.tutorials.dask_executor import run_on_dask

            return run_on_dask(jobs, self.dask or DaskOptions(), on_start)
        return run_jobs(jobs, self.workers, on_start=on_start)


@dataclass
class PreparedTutorial:
    """A tutorial ready to render: metadata, notebook with outputs, and its record."""

    source: TutorialSource
    meta: TutorialMeta
    notebook: dict[str, Any]
    record: ExecutionRecord
    py_text: str
    status: Status

    @property
    def id(self) -> str:
        """The tutorial's id."""
        return self.source.id


@dataclass(frozen=True)
class _Changed:
    """A tutorial whose file is not in the cache as it is: its bytes and their hash."""

    source: TutorialSource
    data: bytes
    sha: str


@dataclass(frozen=True)
class _Pending:
    """A tutorial to execute, with what storing its result needs."""

    job: ExecutionJob
    parsed: ParsedTutorial
    sha: str
    deps: dict[str, str]
    key: str


def _merge_outputs(notebook: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any] | None:
    """A copy of ``notebook`` with the stored outputs; None if they do not fit."""
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    outputs, counts = entry["outputs"], entry["execution_counts"]
    if len(outputs) != len(code) or len(counts) != len(code):
        return None
    merged = {**notebook, "cells": [dict(c) for c in notebook["cells"]]}
    it = iter(zip(outputs, counts, strict=True))
    for cell in merged["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = next(it)
    metadata = dict(merged.get("metadata", {}))
    metadata.setdefault("language_info", {"name": entry["record"].get("language", "python")})
    if entry["record"].get("language_version"):
        metadata["language_info"] = {
            **metadata["language_info"],
            "version": entry["record"]["language_version"],
        }
    merged["metadata"] = metadata
    return merged


def notebook_kernel(notebook: dict[str, Any]) -> str | None:
    """The kernel a notebook names in ``metadata.kernelspec.name`` (jupytext keeps it for
    ``.py`` and ``.md`` sources too), or None."""
    spec = notebook.get("metadata", {}).get("kernelspec")
    name = spec.get("name") if isinstance(spec, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    return name.strip()


def _normalise(notebook: dict[str, Any]) -> dict[str, Any]:
    """Stable cell ids and nbformat 4.5 fields, so downloads are identical across builds."""
    cells = []
    for index, cell in enumerate(notebook["cells"], start=1):
        cell = {**cell, "id": f"cell-{index}"}
        cell.setdefault("metadata", {})
        if cell["cell_type"] == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
        cells.append(cell)
    return {**notebook, "cells": cells, "nbformat": 4, "nbformat_minor": 5}


class TutorialPipeline:
    """Prepares every tutorial of a folder, using and filling the cache."""

    def __init__(
        self,
        folder: Path,
        cache: TutorialCache,
        options: PipelineOptions,
        reporter: Reporter | None = None,
    ) -> None:
        self.folder = folder
        self.cache = cache
        self.options = options
        self.reporter: Reporter = reporter or _SilentReporter()

    def _wants_execution(self, meta: TutorialMeta) -> bool:
        return self.options.execute and meta.execute

    def _warm(self, source: TutorialSource, source_sha: str) -> PreparedTutorial | None:
        entry = self.cache.source(source.id)
        if entry is None or entry.get("source_sha") != source_sha:
            return None
        try:
            meta = TutorialMeta.from_json(entry["meta"])
            record = ExecutionRecord.from_json(entry["record"])
            if self._wants_execution(meta) and not record.executed:
                return None
            if dependency_hashes(source, meta.dependencies) != entry["dependencies"]:
                return None
            return PreparedTutorial(
                source, meta, entry["notebook"], record, entry["py_text"], "warm"
            )
        except (KeyError, TypeError, ValueError):
            return None  # corrupt entry: prepare it again

    def prepare(self, only: Sequence[str] | None = None) -> list[PreparedTutorial]:
        """Prepare all tutorials (or the ids in ``only``); execute what the cache lacks.

        Raises:
            SourceError: A tutorial cannot be read or has invalid metadata.
            ExecutionFailed: Tutorials whose code failed, each with cell and line.
        """
        sources = discover(self.folder)
        if only is not None:
            wanted = set(only)
            sources = [s for s in sources if s.id in wanted or s.rel in wanted]
        ready: dict[str, PreparedTutorial] = {}
        cold: list[_Changed] = []
        for source in sources:
            data = source.path.read_bytes()
            sha = sha256_bytes(data)
            warm = self._warm(source, sha)
            if warm is not None:
                ready[source.id] = warm
            else:
                cold.append(_Changed(source, data, sha))

        pending: list[_Pending] = []
        for changed in cold:
            source, sha = changed.source, changed.sha
            parsed = parse(source, decode_text(source.path, changed.data))
            deps = dependency_hashes(source, parsed.meta.dependencies)
            kernel = parsed.meta.kernel or notebook_kernel(parsed.notebook) or self.options.kernel
            if not self._wants_execution(parsed.meta):
                ready[source.id] = self._not_executed(parsed, sha, deps)
                continue
            limits = parsed.meta.max_output or self.options.max_output
            key = execution_key(parsed.notebook, kernel, deps, limits)
            entry = self.cache.execution(key)
            merged = _merge_outputs(parsed.notebook, entry) if entry else None
            if entry is not None and merged is not None:
                ready[source.id] = self._store(parsed, sha, deps, merged, entry, "cached")
                continue
            job = ExecutionJob(
                tutorial_id=source.id,
                path=str(source.path),
                notebook=parsed.notebook,
                cell_lines=parsed.cell_lines,
                cwd=str(source.path.parent),
                kernel=kernel,
                timeout=parsed.meta.timeout or self.options.timeout,
                log_path=str(self.cache.log_path(source.id)),
                max_output=limits,
                dependencies=tuple(deps),
            )
            pending.append(_Pending(job, parsed, sha, deps, key))

        self.reporter.start(len(sources), len(pending))
        for tutorial in ready.values():
            self.reporter.done(tutorial.id, tutorial.status, 0.0)
        failures: list[ExecutionError] = []
        by_id = {p.job.tutorial_id: p for p in pending}
        try:
            for outcome in self.options.run(
                [p.job for p in pending], lambda job: self.reporter.running(job.tutorial_id)
            ):
                done = by_id[outcome.tutorial_id]
                if outcome.failure is not None:
                    failures.append(outcome.failure.to_error(done.job.path))
                    self.reporter.done(outcome.tutorial_id, "failed", outcome.seconds)
                    continue
                entry = self._execution_entry(outcome, done.job.kernel)
                self.cache.store_execution(done.key, entry)
                merged = _merge_outputs(done.parsed.notebook, entry)
                assert merged is not None  # same notebook, same code cells
                ready[outcome.tutorial_id] = self._store(
                    done.parsed, done.sha, done.deps, merged, entry, "ran"
                )
                self.reporter.done(outcome.tutorial_id, "ran", outcome.seconds)
        finally:
            self.reporter.finish()
        if failures:
            failures.sort(key=lambda e: str(e.path))
            raise ExecutionFailed(failures)
        return [ready[s.id] for s in sources]

    @staticmethod
    def _execution_entry(outcome: ExecutionOutcome, kernel: str) -> dict[str, Any]:
        record = ExecutionRecord(
            executed=True,
            kernel=kernel,
            language=outcome.language,
            language_version=outcome.language_version,
            date=outcome.date,
            seconds=outcome.seconds,
        )
        return {
            "outputs": outcome.outputs,
            "execution_counts": outcome.execution_counts,
            "record": record.to_json(),
        }

    def _store(
        self,
        parsed: ParsedTutorial,
        sha: str,
        deps: dict[str, str],
        notebook: dict[str, Any],
        entry: dict[str, Any],
        status: Status,
    ) -> PreparedTutorial:
        record = ExecutionRecord.from_json(entry["record"])
        prepared = PreparedTutorial(
            parsed.source, parsed.meta, _normalise(notebook), record, parsed.py_text, status
        )
        self._remember(prepared, sha, deps)
        return prepared

    def _not_executed(
        self, parsed: ParsedTutorial, sha: str, deps: dict[str, str]
    ) -> PreparedTutorial:
        prepared = PreparedTutorial(
            parsed.source,
            parsed.meta,
            _normalise(parsed.notebook),
            ExecutionRecord(executed=False),
            parsed.py_text,
            "not-executed",
        )
        self._remember(prepared, sha, deps)
        return prepared

    def _remember(self, prepared: PreparedTutorial, sha: str, deps: dict[str, str]) -> None:
        self.cache.store_source(
            prepared.id,
            {
                "source_sha": sha,
                "dependencies": deps,
                "meta": prepared.meta.to_json(),
                "record": prepared.record.to_json(),
                "notebook": prepared.notebook,
                "py_text": prepared.py_text,
            },
        )

"""Running tutorials: one fresh kernel per tutorial, several tutorials at once.

Jobs and outcomes are plain data. The imports of nbformat/nbclient (about a second)
happen only when a job runs, never on the warm path.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import functools
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eduplat.errors import ExecutionError
from eduplat.tutorials.imports import jupyter_imports
from eduplat.tutorials.model import OutputLimits, format_size, utf8_head, utf8_size

if TYPE_CHECKING:  # asyncio costs a warm build 13 ms it never needs
    import asyncio

__all__ = [
    "CUT_KEY",
    "ExecutionJob",
    "ExecutionOutcome",
    "Failure",
    "OutputBudget",
    "coalesce_streams",
    "execute_job",
    "run_jobs",
]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_LINE = re.compile(r"(?:Cell In\s*\[\d*\]|<ipython-input-[^>]*>|File <[^>]*>), line (\d+)")
_EXCERPT_LINES = 3


def strip_ansi(text: str) -> str:
    """Remove terminal colour codes (IPython tracebacks are coloured)."""
    return _ANSI.sub("", text)


@dataclass(frozen=True)
class ExecutionJob:
    """Everything a worker needs to run one tutorial.

    Attributes:
        tutorial_id: For progress and logs.
        path: Source file, for messages.
        notebook: nbformat v4 JSON data.
        cell_lines: First source line of each cell, for messages.
        cwd: Working directory of the kernel (the tutorial's folder).
        kernel: Kernel name.
        timeout: Seconds each cell may run.
        log_path: Where to write the full log if it fails.
        max_output: Output kept per cell and for the whole tutorial.
        dependencies: The declared dependency files, relative to ``cwd`` (an executor that
            runs the job elsewhere ships them).
    """

    tutorial_id: str
    path: str
    notebook: dict[str, Any]
    cell_lines: Sequence[int | None]
    cwd: str
    kernel: str
    timeout: int
    log_path: str
    max_output: OutputLimits = field(default_factory=OutputLimits)
    dependencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failure:
    """Why a tutorial failed, as data (exceptions do not pickle well across processes)."""

    message: str
    cell: int | None = None
    line: int | None = None
    excerpt: str | None = None
    log_path: str | None = None
    hint: str | None = None

    def to_error(self, path: str) -> ExecutionError:
        """The user-facing error."""
        return ExecutionError(
            path,
            self.message,
            cell=self.cell,
            line=self.line,
            excerpt=self.excerpt,
            log_path=self.log_path,
            hint=self.hint,
        )


@dataclass(frozen=True)
class ExecutionOutcome:
    """Result of one job: outputs per code cell, or a failure."""

    tutorial_id: str
    outputs: list[list[dict[str, Any]]]
    execution_counts: list[int | None]
    language: str
    language_version: str
    date: str
    seconds: float
    failure: Failure | None = None


def coalesce_streams(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge consecutive stdout (or stderr) chunks: how a kernel splits a stream depends
    on timing, so unmerged outputs would differ between identical runs."""
    merged: list[dict[str, Any]] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and output.get("output_type") == "stream"
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = _text(previous.get("text", "")) + _text(output.get("text", ""))
        else:
            merged.append(dict(output))
    return merged


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _cell_text(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _excerpt(source: str, line: int | None, first_line: int | None = None) -> str:
    """The cell's last lines up to ``line`` (counted in the cell), marked, numbered as in
    the source file when the cell's ``first_line`` there is known."""
    lines = source.splitlines()
    if not lines:
        return ""
    if line is None or not 1 <= line <= len(lines):
        chosen = range(max(0, len(lines) - _EXCERPT_LINES), len(lines))
        return "\n".join(lines[i] for i in chosen)
    start = max(0, line - _EXCERPT_LINES)
    offset = (first_line or 1) - 1
    width = len(str(offset + line))
    return "\n".join(
        f"{'>' if i + 1 == line else ' '} {offset + i + 1:>{max(width, 3)}} | {lines[i]}"
        for i in range(start, line)
    )


def _write_log(job: ExecutionJob, notebook: Any, header: str, detail: str) -> str:
    path = Path(job.log_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = [header, "", detail.rstrip(), "", "=" * 72, "Cells and outputs up to the failure:"]
    for index, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        parts += ["", f"--- cell {index} ---", _cell_text(cell)]
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(f"[{output.get('name')}] {''.join(output.get('text', ''))}")
            elif output.get("output_type") == "error":
                parts.append(strip_ansi("\n".join(output.get("traceback", []))))
            else:
                text = output.get("data", {}).get("text/plain")
                if text:
                    parts.append("".join(text) if isinstance(text, list) else str(text))
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return str(path)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return ""


def _kernel_hint(kernel: str) -> str:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        available = sorted(KernelSpecManager().find_kernel_specs())
    except Exception:  # noqa: BLE001 - only used to improve a message
        available = []
    how = (
        "install it with 'pip install ipykernel' in the environment that runs eduplat"
        if kernel == "python3"
        else f"install the '{kernel}' Jupyter kernel (see 'jupyter kernelspec list')"
    )
    known = f"; installed kernels: {', '.join(available)}" if available else ""
    return f"{how}, or set 'kernel:' in the tutorial's metadata{known}"


#: Metadata key of the note eduplat adds to a cell whose output was cut.
CUT_KEY = "eduplat"
#: An error output past the limit keeps its name, message and this many last frames.
_ERROR_FRAMES = 20
_ERROR_TEXT = 2_000
_OUTPUT_MESSAGES = frozenset({"stream", "display_data", "execute_result", "error"})


class OutputBudget:
    """Keeps a tutorial's output within its limits while its cells run.

    Each output message is weighed before it reaches the notebook: what fits is kept,
    a stream is cut at the limit, and everything after is counted and dropped at once,
    so an endless print costs neither memory nor time. ``cut`` gives, per cell index,
    the bytes discarded; [add_cut_notes][eduplat.tutorials.execute.OutputBudget.add_cut_notes]
    records them in the notebook.
    """

    def __init__(self, limits: OutputLimits) -> None:
        self.limits = limits
        self.cut: dict[int, int] = {}
        self._cell: int | None = None
        self._cell_kept = 0
        self._earlier_cells = 0
        self._clear_pending = False

    def _room(self) -> int:
        return max(
            0,
            min(
                self.limits.cell - self._cell_kept,
                self.limits.tutorial - self._earlier_cells - self._cell_kept,
            ),
        )

    def _cut(self, size: int) -> None:
        assert self._cell is not None
        self.cut[self._cell] = self.cut.get(self._cell, 0) + size

    def admit(
        self, msg_type: str, content: dict[str, Any], cell_index: int
    ) -> dict[str, Any] | None:
        """The message content to keep (maybe shortened), or None to drop the message.

        Messages that carry no output (status, clear_output, comms) pass unchanged.
        """
        if cell_index != self._cell:
            self._earlier_cells += self._cell_kept
            self._cell, self._cell_kept, self._clear_pending = cell_index, 0, False
        if msg_type == "clear_output":
            if content.get("wait"):
                self._clear_pending = True  # cleared when the next output arrives
            else:
                self._cell_kept = 0
            return content
        if msg_type == "update_display_data":
            # Replaces an output in place: allowed when it fits in what is left.
            size = utf8_size(content.get("data", {}))
            if size > self._room():
                self._cut(size)
                return None
            return content
        if msg_type not in _OUTPUT_MESSAGES:
            return content
        if self._clear_pending:
            self._cell_kept, self._clear_pending = 0, False
        if msg_type == "stream":
            text = str(content.get("text", ""))
            size = utf8_size(text)
            room = self._room()
            if size <= room:
                self._cell_kept += size
                return content
            kept = utf8_head(text, room)
            self._cut(size - utf8_size(kept))
            if not kept:
                return None
            self._cell_kept += utf8_size(kept)
            return {**content, "text": kept}
        if msg_type == "error":
            size = utf8_size(content.get("traceback", [])) + utf8_size(content.get("evalue", ""))
            if size > self._room():
                # An error is always shown (it explains the failure), shortened.
                traceback = [str(frame)[:_ERROR_TEXT] for frame in content.get("traceback", [])]
                content = {
                    **content,
                    "evalue": str(content.get("evalue", ""))[:_ERROR_TEXT],
                    "traceback": traceback[-_ERROR_FRAMES:],
                }
                self._cut(
                    max(0, size - utf8_size(content["traceback"]) - utf8_size(content["evalue"]))
                )
            self._cell_kept += utf8_size(content["traceback"]) + utf8_size(content["evalue"])
            return content
        data = content.get("data", {})
        size = utf8_size(data)
        room = self._room()
        if size <= room:
            self._cell_kept += size
            return content
        plain = data.get("text/plain") if isinstance(data, dict) else None
        if isinstance(plain, str) and room > 0:
            # A huge result (a long string's repr): keep the start of its text form only.
            kept = utf8_head(plain, room)
            self._cut(size - utf8_size(kept))
            self._cell_kept += utf8_size(kept)
            return {**content, "data": {"text/plain": kept}}
        self._cut(size)
        return None

    def add_cut_notes(self, cells: list[Any]) -> None:
        """Append to each cell whose output was cut an output saying how much."""
        for index, size in sorted(self.cut.items()):
            if size <= 0:
                continue
            note = (
                f"[eduplat] {format_size(size)} of output cut: past the limit "
                f"(max_output: {self.limits.describe()})\n"
            )
            cells[index].setdefault("outputs", []).append(
                {
                    "output_type": "display_data",
                    "data": {"text/plain": note},
                    "metadata": {CUT_KEY: {"output_cut": size}},
                }
            )


@functools.cache
def _client_class() -> type[Any]:
    """nbclient's NotebookClient with eduplat's output budget and kernel transport.

    Built on first use (importing nbclient costs a second), only through public hooks:
    ``process_message`` (weighs each message), ``create_kernel_manager`` (ipc
    transport, private folder) and the kernel client's ``iopub_channel_class`` trait.
    """
    import asyncio

    with jupyter_imports():
        from jupyter_client.asynchronous.client import AsyncKernelClient
        from jupyter_client.channels import AsyncZMQSocketChannel
        from nbclient import NotebookClient
        from traitlets import Type

    class FairChannel(AsyncZMQSocketChannel):
        """Lets other tasks run between two messages.

        A message already queued is returned without a pause, so a kernel that prints
        without end kept the client's loop busy: the cell's timeout never fired, and
        other kernels' tutorials waited.
        """

        async def get_msg(  # type: ignore[override]  # async, as in its parent
            self, timeout: float | None = None
        ) -> dict[str, Any]:
            await asyncio.sleep(0)
            msg: dict[str, Any] = await super().get_msg(timeout)
            return msg

    class FairKernelClient(AsyncKernelClient):
        iopub_channel_class = Type(FairChannel)

    class BoundedClient(NotebookClient):
        """Keeps outputs within ``budget``; kernels talk over ipc in ``kernel_dir``."""

        budget: OutputBudget
        kernel_dir: str | None = None

        def create_kernel_manager(self) -> Any:
            km = super().create_kernel_manager()
            km.client_factory = FairKernelClient
            if self.kernel_dir is not None:
                # Unix sockets in a folder of our own: unlike TCP ports picked by
                # bind-and-release, two kernels starting at once cannot collide.
                handle, connection_file = tempfile.mkstemp(dir=self.kernel_dir, suffix=".json")
                os.close(handle)
                km.transport = "ipc"
                km.ip = connection_file.removesuffix(".json")  # sockets: <ip>-1, <ip>-2, ...
                km.connection_file = connection_file
            return km

        def process_message(self, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
            content = self.budget.admit(msg["msg_type"], msg["content"], cell_index)
            if content is None:
                return None
            if content is not msg["content"]:
                msg = {**msg, "content": content}
            return super().process_message(msg, cell, cell_index)

    return BoundedClient


@contextlib.contextmanager
def kernel_folder() -> Iterator[str | None]:
    """A private folder for kernels' connection files and sockets, removed afterwards.

    None on Windows, which has no Unix sockets: kernels use TCP there.
    """
    if os.name == "nt":
        yield None
        return
    folder = tempfile.mkdtemp(prefix="eduplat-kernels-")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def execute_job(job: ExecutionJob) -> ExecutionOutcome:
    """Run one tutorial in a fresh kernel and wait for it."""
    import asyncio

    with kernel_folder() as folder:
        return asyncio.run(_execute(job, None, None, folder))


async def _execute(
    job: ExecutionJob,
    slots: asyncio.Semaphore | None,
    on_start: Callable[[ExecutionJob], None] | None,
    kernel_dir: str | None,
) -> ExecutionOutcome:
    """Run one tutorial in a fresh kernel of its own.

    The kernel starts at once; its cells run only when one of ``slots`` is free, so a
    kernel can start (half a second, mostly waiting) while others still run their cells.
    """
    import asyncio

    with jupyter_imports():
        import nbformat
        from jupyter_client.kernelspec import NoSuchKernel
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebook = nbformat.from_dict(job.notebook)  # type: ignore[no-untyped-call]
    current: dict[str, int | None] = {"index": None}
    holding = False
    started = time.monotonic()

    async def on_notebook_start(notebook: Any) -> None:
        nonlocal holding, started
        ready = time.monotonic()
        if slots is not None:
            await slots.acquire()
            holding = True
        started += time.monotonic() - ready  # a tutorial's time leaves out its wait for a slot
        if on_start is not None:
            on_start(job)

    def on_cell_start(cell: Any, cell_index: int) -> None:
        current["index"] = cell_index

    budget = OutputBudget(job.max_output)
    client = _client_class()(
        notebook,
        timeout=job.timeout,
        kernel_name=job.kernel,
        resources={"metadata": {"path": job.cwd}},
        shutdown_kernel="immediate",  # the graceful default sometimes takes 3.4 s
        record_timing=False,  # no timestamps in outputs: identical builds stay identical
        on_notebook_start=on_notebook_start,
        on_cell_start=on_cell_start,
    )
    client.budget = budget
    client.kernel_dir = kernel_dir
    failure: Failure | None = None
    kernel_log = Path(job.log_path).with_suffix(".kernel.log")
    kernel_log.parent.mkdir(parents=True, exist_ok=True)
    try:
        # The kernel's own stderr (warnings, crash reports) goes to a file, not the build log.
        with kernel_log.open("wb") as kernel_stderr:
            try:
                await client.async_execute(stderr=kernel_stderr)
            finally:
                budget.add_cut_notes(notebook.cells)  # before a failure's log is written
    except CellExecutionError as exc:
        failure = _cell_failure(job, notebook, current["index"], exc)
    except CellTimeoutError as exc:
        index = current["index"]
        failure = _located(
            job,
            notebook,
            index,
            f"cell timed out after {job.timeout} s",
            None,
            detail=str(exc),
            hint="make the cell faster, or raise the limit with 'timeout: SECONDS' in the "
            "tutorial's metadata (or 'tutorials.timeout' in mkdocs.yml)",
        )
    except DeadKernelError as exc:
        failure = _located(
            job,
            notebook,
            current["index"],
            "the kernel died while running this cell (a crash, or out of memory)",
            None,
            detail=f"{exc}\n\nKernel stderr:\n{_tail(kernel_log)}",
            hint="run the tutorial in Jupyter to see why; reduce its memory use",
        )
    except NoSuchKernel:
        failure = Failure(
            message=f"kernel '{job.kernel}' is not installed", hint=_kernel_hint(job.kernel)
        )
    except asyncio.CancelledError:
        # Interrupted: nbclient cleans up after the cells started, not while the kernel
        # starts or waits for a slot.
        await _stop_kernel(client)
        raise
    except RuntimeError as exc:  # nbclient's word for a kernel that died starting, or hung
        if current["index"] is None:
            failure = Failure(
                message=f"kernel '{job.kernel}' did not start: {exc}",
                log_path=_write_log(
                    job,
                    notebook,
                    f"{job.path}: kernel '{job.kernel}' did not start",
                    _tail(kernel_log),
                ),
                hint="run 'jupyter kernelspec list' and try the kernel in Jupyter; its own "
                "messages are at the end of the log",
            )
        else:
            failure = _located(
                job,
                notebook,
                current["index"],
                f"the kernel stopped responding: {exc}",
                None,
                detail=f"{exc}\n\nKernel stderr:\n{_tail(kernel_log)}",
                hint="run the tutorial in Jupyter to see why",
            )
    finally:
        if holding:
            assert slots is not None
            slots.release()
        _drop_exit_hook(client)
    data = json.loads(json.dumps(notebook))
    code_cells = [c for c in data["cells"] if c["cell_type"] == "code"]
    for cell in code_cells:
        cell["outputs"] = coalesce_streams(cell.get("outputs", []))
    info = data.get("metadata", {}).get("language_info", {})
    return ExecutionOutcome(
        tutorial_id=job.tutorial_id,
        outputs=[c.get("outputs", []) for c in code_cells],
        execution_counts=[c.get("execution_count") for c in code_cells],
        language=str(info.get("name", "python")),
        language_version=str(info.get("version", "")),
        date=dt.datetime.now(dt.UTC).date().isoformat(),
        seconds=round(time.monotonic() - started, 3),
        failure=failure,
    )


def _drop_exit_hook(client: Any) -> None:
    """Forget the exit hook nbclient registered for ``client``'s kernel.

    nbclient leaves it behind when a kernel fails to start; it would fail at exit
    ("Exception ignored in atexit callback"), the kernel being gone already. The one read
    of a private nbclient attribute: ``async_setup_kernel`` registers
    ``atexit.register(self._cleanup_kernel)`` and offers no public way to undo it.
    tests/unit/tutorials/test_upstream_hooks.py checks that this is still the hook.
    """
    atexit.unregister(client._cleanup_kernel)


async def _stop_kernel(client: Any) -> None:
    """Close the client's channels and kill its kernel, whatever state they are in."""
    if client.kc is not None:
        client.kc.stop_channels()
        client.kc = None
    if client.km is not None:
        with contextlib.suppress(Exception):  # already gone: nothing more to stop
            if await client.km.is_alive():
                await client.km.shutdown_kernel(now=True)
            else:
                await client.km.cleanup_resources()
        client.km = None


def _cell_failure(job: ExecutionJob, notebook: Any, index: int | None, exc: Any) -> Failure:
    traceback = strip_ansi(str(exc.traceback or ""))
    # The last mention is the innermost frame inside the cell itself.
    mentions = _CELL_LINE.findall(traceback)
    line_in_cell = int(mentions[-1]) if mentions else None
    evalue = strip_ansi(str(exc.evalue)).strip()
    message = f"{exc.ename}: {evalue}" if evalue else str(exc.ename)
    hint = None
    if exc.ename == "SyntaxError":
        hint = "fix the syntax; the line is marked above"
    elif exc.ename in {"ModuleNotFoundError", "ImportError"}:
        hint = "install the package in the environment that runs eduplat"
    else:
        hint = "fix the code, or tag the cell 'raises-exception' if the error is the lesson"
    return _located(job, notebook, index, message, line_in_cell, detail=traceback, hint=hint)


def _located(
    job: ExecutionJob,
    notebook: Any,
    index: int | None,
    message: str,
    line_in_cell: int | None,
    *,
    detail: str,
    hint: str,
) -> Failure:
    cell_source = _cell_text(notebook.cells[index]) if index is not None else ""
    start = job.cell_lines[index] if index is not None and index < len(job.cell_lines) else None
    line = start + line_in_cell - 1 if start is not None and line_in_cell else start
    cell_number = index + 1 if index is not None else None
    header = f"{job.path}: cell {cell_number}: {message}"
    log = _write_log(job, notebook, header, detail)
    return Failure(
        message=message,
        cell=cell_number,
        line=line,
        excerpt=_excerpt(cell_source, line_in_cell, start),
        log_path=log,
        hint=hint,
    )


def run_jobs(
    jobs: Sequence[ExecutionJob],
    workers: int,
    on_start: Callable[[ExecutionJob], None] | None = None,
) -> Iterator[ExecutionOutcome]:
    """Run jobs, at most ``workers`` at a time, yielding outcomes as they finish.

    Each job gets a fresh kernel: its own process, so tutorials run on separate cores.
    This process only drives the kernels (one asyncio loop in a thread of its own), which
    spares each tutorial the second it takes a new process to import nbclient. Kernels for
    the next ``workers`` jobs start while earlier jobs run their cells: starting a kernel
    is mostly waiting. ``on_start`` is called, in the caller's thread, when a job's cells
    begin to run.
    """
    if not jobs:  # a warm build: no asyncio import (13 ms)
        return
    import asyncio
    import queue

    events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
    state: dict[str, Any] = {}
    started = threading.Event()
    kernel_dir: str | None = None

    def report_start(job: ExecutionJob) -> None:
        events.put(("start", job))

    async def run_one(
        job: ExecutionJob, starting: asyncio.Semaphore, slots: asyncio.Semaphore
    ) -> None:
        async with starting:
            events.put(("done", await _execute(job, slots, report_start, kernel_dir)))

    async def run_all() -> None:
        state["loop"] = asyncio.get_running_loop()
        state["task"] = asyncio.current_task()
        started.set()
        slots = asyncio.Semaphore(max(1, workers))
        starting = asyncio.Semaphore(2 * max(1, workers))
        tasks = [asyncio.create_task(run_one(job, starting, slots)) for job in jobs]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            # gather cancelled every job once; a second cancel would cut their kernels'
            # shutdown short, so only wait for it.
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    def main() -> None:
        nonlocal kernel_dir
        try:
            with kernel_folder() as kernel_dir:
                asyncio.run(run_all())
        except asyncio.CancelledError:
            pass
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            events.put(("error", exc))
        finally:
            started.set()
            events.put(("end", None))

    thread = threading.Thread(target=main, name="eduplat-kernels", daemon=True)
    thread.start()
    finished = False
    try:
        while True:
            kind, value = events.get()
            if kind == "start":
                if on_start is not None:
                    on_start(value)
            elif kind == "done":
                yield value
            elif kind == "error":
                raise value
            else:
                finished = True
                return
    finally:
        if not finished:
            # Interrupted (Ctrl-C, or the caller stopped early): stop the kernels cleanly.
            started.wait()
            loop, task = state.get("loop"), state.get("task")
            if loop is not None and task is not None and not loop.is_closed():
                loop.call_soon_threadsafe(task.cancel)
        thread.join()

"""The nbclient / jupyter_client hooks eduplat's execution relies on still exist.

eduplat subclasses NotebookClient (``process_message``, ``create_kernel_manager``) and sets
public traits of jupyter_client (``client_factory``, ``iopub_channel_class``, ``transport``,
``ip``, ``connection_file``), and reads one private attribute (``_cleanup_kernel``, in
``_drop_exit_hook``). If an upgrade renames one, this fails here, loudly, instead of output
limits or ipc kernels silently doing nothing.
"""

from __future__ import annotations

import asyncio
import atexit
import inspect
from concurrent.futures import ThreadPoolExecutor

import pytest

from eduplat.tutorials.execute import _client_class, _drop_exit_hook


def test_notebook_client_hooks_keep_their_signatures():
    from nbclient import NotebookClient

    assert list(inspect.signature(NotebookClient.process_message).parameters) == [
        "self",
        "msg",
        "cell",
        "cell_index",
    ]
    assert list(inspect.signature(NotebookClient.create_kernel_manager).parameters) == ["self"]
    assert _client_class().__mro__[1] is NotebookClient


def test_kernel_manager_and_client_traits_exist():
    from jupyter_client.asynchronous.client import AsyncKernelClient
    from jupyter_client.channels import AsyncZMQSocketChannel
    from jupyter_client.manager import AsyncKernelManager

    manager = AsyncKernelManager(kernel_name="python3")
    for trait in ("client_factory", "transport", "ip", "connection_file"):
        assert manager.has_trait(trait), trait
    manager.transport = "ipc"  # raises if ipc stops being a choice
    assert AsyncKernelClient.class_traits()["iopub_channel_class"].klass is not None
    assert inspect.iscoroutinefunction(AsyncZMQSocketChannel.get_msg)


def test_the_exit_hook_nbclient_leaves_after_a_failed_start_is_the_one_dropped(monkeypatch):
    """No kernel starts: the kernel is not installed, the hook is registered before that."""
    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient

    registered: list[object] = []
    unregistered: list[object] = []
    monkeypatch.setattr(atexit, "register", registered.append)
    monkeypatch.setattr(atexit, "unregister", unregistered.append)
    client = NotebookClient(nbformat.v4.new_notebook(), kernel_name="eduplat-no-such-kernel")
    # In a thread of its own: a browser test's Playwright may hold this thread's loop.
    with ThreadPoolExecutor(1) as pool, pytest.raises(NoSuchKernel):
        pool.submit(asyncio.run, client.async_execute()).result()
    assert registered, "nbclient no longer registers an exit hook: drop _drop_exit_hook"
    assert unregistered == [], "nbclient now unregisters it itself: drop _drop_exit_hook"
    _drop_exit_hook(client)
    assert unregistered == registered

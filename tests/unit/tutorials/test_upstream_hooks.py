"""The nbclient / jupyter_client hooks eduplat's execution relies on still exist.

eduplat subclasses NotebookClient (``process_message``, ``create_kernel_manager``) and sets
public traits of jupyter_client (``client_factory``, ``iopub_channel_class``, ``transport``,
``ip``, ``connection_file``). If an upgrade renames one, this fails here, loudly, instead of
output limits or ipc kernels silently doing nothing.
"""

from __future__ import annotations

import inspect

from eduplat.tutorials.execute import _client_class


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

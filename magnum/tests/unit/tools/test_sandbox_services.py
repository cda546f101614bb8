"""A sandbox process that fails to start says who holds its port
(tools/sandboxlib/services.py), with real processes and sockets."""

import os
import socket
import sys
import types

import pytest
from sandboxlib import services
from sandboxlib.layout import Layout
from sandboxlib.procs import ProcessTable
from sandboxlib.runner import SandboxError


@pytest.fixture
def ctx(tmp_path):
    layout = Layout(tmp_path / '.sandbox')
    layout.make_dirs()
    table = ProcessTable(layout)
    yield types.SimpleNamespace(
        layout=layout, procs=table, log=lambda *args: None
    )
    table.stop_all(grace=1)


def _start_one_that_exits(ctx, port):
    services.ensure_process(
        ctx,
        'test',
        'short-lived',
        [sys.executable, '-c', 'pass'],
        ready=lambda: False,
        url=f'http://127.0.0.1:{port}/v1',
        timeout=20,
    )


def test_a_process_that_exits_names_the_holder_of_its_port(ctx):
    with socket.socket() as held:
        held.bind(('127.0.0.1', 0))
        held.listen()
        port = held.getsockname()[1]
        with pytest.raises(SandboxError) as caught:
            _start_one_that_exits(ctx, port)
    message = str(caught.value)
    assert 'short-lived (pid' in message and 'exited' in message
    assert f'port {port} (short-lived) is held by pid {os.getpid()}' in message


def test_a_process_that_exits_on_a_free_port_blames_no_one(ctx):
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    with pytest.raises(SandboxError) as caught:
        _start_one_that_exits(ctx, port)
    message = str(caught.value)
    assert 'exited' in message
    assert 'is held by' not in message

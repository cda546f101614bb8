"""kill -9 of the conductor in the middle of an operation (issue 4).

The sandbox's magnum-conductor is killed with SIGKILL while it works on a
bay, then started again by ``tools/sandbox up``; the bay must still reach
the operation's final status. The restarted conductor drops the
reservations its previous run held, and resumes what no conductor had
handed to Heat; what Heat already had goes on and is settled by the
status sync.
"""

import os
import signal
import time

import pytest

from magnum.tests.e2e import bays
from magnum.tests.e2e import clients
from magnum.tests.e2e import testbed

PID_FILE = testbed.HOME / 'run' / 'magnum-conductor.pid'


def kill_conductor():
    """SIGKILL the sandbox's conductor and wait until it is gone."""
    pid = int(PID_FILE.read_text().split()[0])
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError('conductor %d survived SIGKILL' % pid)


@pytest.fixture
def demo(sandbox):
    return clients.CLI(sandbox, 'demo')


@pytest.fixture
def bay_template(demo):
    name = bays.template(demo)
    yield name
    demo.openstack('coe', 'cluster', 'template', 'delete', name)


def _create(demo, template, name):
    result = demo.openstack(
        'coe',
        'cluster',
        'create',
        '--cluster-template',
        template,
        '--node-count',
        '1',
        name,
    )
    assert result.returncode == 0, result.output


@pytest.mark.parametrize('delay', [0.0, 1.0, 3.0])
def test_create_survives_kill(demo, bay_template, delay):
    name = bays.unique('kc')
    try:
        _create(demo, bay_template, name)
        time.sleep(delay)
        kill_conductor()
        testbed.ensure_up()
        doc = bays.wait_status(demo, name, 'CREATE_COMPLETE')
        assert doc['api_address']
    finally:
        testbed.ensure_up()
        bays.delete(demo, name)


def test_scale_and_delete_survive_kill(demo, sandbox, bay_template):
    name = bays.unique('ks')
    try:
        _create(demo, bay_template, name)
        bays.wait_status(demo, name, 'CREATE_COMPLETE')

        result = demo.openstack('coe', 'cluster', 'resize', name, '2')
        assert result.returncode == 0, result.output
        kill_conductor()
        testbed.ensure_up()
        doc = bays.wait_status(demo, name, 'UPDATE_COMPLETE')
        assert doc['node_count'] == 2
        assert len(doc['node_addresses']) == 2

        stack = doc['cluster_id']
        result = demo.openstack('coe', 'cluster', 'delete', name)
        assert result.returncode == 0, result.output
        kill_conductor()
        testbed.ensure_up()
        bays.wait_gone(demo, name)
        assert not bays.stack_exists(sandbox, stack)
    finally:
        testbed.ensure_up()
        bays.delete(demo, name)

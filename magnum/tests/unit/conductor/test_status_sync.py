"""The status sync: which stacks decide a bay's operation; one settling
or resumption per bay at a time."""

from unittest import mock

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from magnum.common import context
from magnum.conductor import states
from magnum.conductor import status_sync
from magnum.conductor import task as bay_task
from magnum.db import api as db_api
from magnum.tests.fakes import bays


def groups():
    default = bays.make_groups()
    extra = bays.make_nodegroup(
        'extra', 'worker', 1, 3, is_default=False, stack_id='ng-stack'
    )
    return default + [extra]


@pytest.mark.parametrize(
    'operation',
    [states.DELETE, states.ROTATE_CA, states.ROTATE_CREDENTIAL],
    ids=lambda op: op.name,
)
def test_deletes_and_rotations_watch_the_nodegroup_stacks(operation):
    bay = bays.make_cluster(operation=operation.name, operation_args={})
    assert status_sync.watched_stacks(bay, groups()) == [
        bays.STACK_ID,
        'ng-stack',
    ]


def test_updates_watch_the_bay_s_stack():
    bay = bays.make_cluster(operation='update', operation_args={})
    assert status_sync.watched_stacks(bay, groups()) == [bays.STACK_ID]


def test_nodegroup_operations_watch_the_nodegroup_s_stack():
    bay = bays.make_cluster(
        operation='nodegroup_create', operation_args={'nodegroup': 'extra'}
    )
    assert status_sync.watched_stacks(bay, groups()) == ['ng-stack']


class QueueingExecutor:
    """Keeps what is submitted until the test runs it."""

    def __init__(self):
        self.queued = []

    def submit(self, fn, *args):
        self.queued.append((fn, args))

    def run_all(self):
        queued, self.queued = self.queued, []
        for fn, args in queued:
            fn(*args)


@pytest.fixture
def sync():
    return status_sync.StatusSync('host-1', None, QueueingExecutor())


def test_work_on_a_bay_is_queued_once(sync):
    done = []
    assert sync._submit('bay-1', done.append, 1)
    assert not sync._submit('bay-1', done.append, 2)
    assert sync._submit('bay-2', done.append, 3)
    sync.executor.run_all()
    assert done == [1, 3]
    assert sync._submit('bay-1', done.append, 4)


def test_a_failed_run_frees_the_bay(sync):
    def boom():
        raise RuntimeError('boom')

    sync._submit('bay-1', boom)
    with pytest.raises(RuntimeError):
        sync.executor.run_all()
    assert sync._submit('bay-1', boom)


def _bay(operation, submitted):
    admin = context.get_admin_context()
    values = {
        'uuid': uuidutils.generate_uuid(),
        'name': 'bay',
        'project_id': 'project-1',
        'user_id': 'user-1',
        'cluster_template_id': uuidutils.generate_uuid(),
        'status': states.S.UPDATE_IN_PROGRESS
        if operation
        else states.S.UPDATE_COMPLETE,
        'operation': operation,
        'operation_submitted_at': timeutils.utcnow() if submitted else None,
    }
    row, _ngs = db_api.get_instance().create_cluster_with_nodegroups(
        admin, values, [], 10
    )
    return row.uuid


@pytest.mark.parametrize(
    'operation,submitted', [(None, False), ('update', False), ('resize', True)]
)
def test_finish_leaves_a_bay_that_owes_nothing_alone(
    sync, operation, submitted
):
    uuid = _bay(operation, submitted)
    with mock.patch.object(bay_task, 'BayTask', autospec=True) as task:
        sync.finish(context.get_admin_context(), uuid, 'update', None)
        sync.finish(context.get_admin_context(), 'no-such-bay', 'update', None)
    task.assert_not_called()


def test_finish_settles_a_bay_that_owes_the_operation(sync):
    uuid = _bay('update', True)
    with mock.patch.object(bay_task, 'BayTask', autospec=True) as task:
        sync.finish(context.get_admin_context(), uuid, 'update', None)
    task.assert_called_once_with(mock.ANY, 'host-1', uuid, retry_seconds=0)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class ClockedStop:
    """A stop event on the fake clock, set after ``rounds`` waits."""

    def __init__(self, clock, rounds):
        self.clock = clock
        self.waits = rounds

    def wait(self, timeout):
        self.clock.now += timeout
        self.waits -= 1
        return self.waits < 0


def test_rounds_start_every_interval_whatever_they_take(conf):
    conf.config(group='conductor', sync_interval=1.0)
    clock = Clock()
    durations = [0.4, 1.5, 0.2, RuntimeError('Heat is down'), 0.1]
    starts = []

    class TimedSync(status_sync.StatusSync):
        def sync_round(self, context):
            starts.append(clock.now)
            took = durations.pop(0)
            if isinstance(took, Exception):
                raise took
            clock.now += took

    sync = TimedSync('host', operations=None, executor=None)
    sync.clock = clock
    sync.run(context.get_admin_context(), ClockedStop(clock, 5))
    # The second round took longer than the interval: the third starts at
    # once, and the schedule goes on from there. A failed round is logged
    # and the next one runs on time.
    assert starts == [1.0, 2.0, 3.5, 4.5, 5.5]
    assert durations == []

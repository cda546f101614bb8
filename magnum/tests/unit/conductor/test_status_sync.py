"""Which stacks decide a bay's operation."""

import pytest

from magnum.conductor import states
from magnum.conductor import status_sync
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

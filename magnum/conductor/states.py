"""The state machine of bays and nodegroups.

A bay is either settled (``*_COMPLETE``/``*_FAILED``) or busy with one
operation (``*_IN_PROGRESS``). An operation may start only from the
statuses listed for it here; the API starts it with one conditional
UPDATE (``expected_status``), so of two conflicting requests exactly one
wins and the other gets 409. The conductor settles it with the status the
operation's outcome maps to.

The status strings are upstream's (they mirror Heat's stack statuses).
"""

import dataclasses

from magnum.common import exception
from magnum.objects import fields

S = fields.ClusterStatus

#: Statuses from which a bay may be changed (upstream's allowed set).
SETTLED_OK = (
    S.CREATE_COMPLETE,
    S.UPDATE_COMPLETE,
    S.RESUME_COMPLETE,
    S.RESTORE_COMPLETE,
    S.ROLLBACK_COMPLETE,
    S.SNAPSHOT_COMPLETE,
    S.CHECK_COMPLETE,
    S.ADOPT_COMPLETE,
)
IN_PROGRESS = S.IN_PROGRESS
FAILED = S.STATUS_FAILED


@dataclasses.dataclass(frozen=True)
class Operation:
    """One kind of long operation on a bay."""

    #: The name stored in ``cluster.operation``.
    name: str
    #: Statuses the bay must have for the operation to start.
    allowed_from: tuple
    #: The status while the operation runs.
    in_progress: str
    #: The status when it succeeds and when it fails.
    complete: str
    failed: str
    #: The Heat action whose completion ends it (CREATE, UPDATE, DELETE).
    action: str


_UPDATE = dict(
    in_progress=S.UPDATE_IN_PROGRESS,
    complete=S.UPDATE_COMPLETE,
    failed=S.UPDATE_FAILED,
    action='UPDATE',
)

CREATE = Operation(
    'create',
    (),
    S.CREATE_IN_PROGRESS,
    S.CREATE_COMPLETE,
    S.CREATE_FAILED,
    'CREATE',
)
UPDATE = Operation('update', SETTLED_OK, **_UPDATE)
RESIZE = Operation('resize', SETTLED_OK + (S.UPDATE_FAILED,), **_UPDATE)
UPGRADE = Operation('upgrade', SETTLED_OK, **_UPDATE)
ROTATE_CA = Operation('rotate_ca', SETTLED_OK, **_UPDATE)
ROTATE_CREDENTIAL = Operation(
    'rotate_credential', SETTLED_OK + (S.UPDATE_FAILED,), **_UPDATE
)
# A nodegroup of its own has its own stack: the bay is UPDATE_* while
# that stack is created or deleted.
NODEGROUP_CREATE = Operation(
    'nodegroup_create',
    SETTLED_OK + (S.UPDATE_FAILED,),
    **dict(_UPDATE, action='CREATE'),
)
NODEGROUP_DELETE = Operation(
    'nodegroup_delete',
    SETTLED_OK + (S.UPDATE_FAILED,),
    **dict(_UPDATE, action='DELETE'),
)
DELETE = Operation(
    'delete',
    tuple(s for s in S.ALL if s != S.DELETE_IN_PROGRESS),
    S.DELETE_IN_PROGRESS,
    S.DELETE_COMPLETE,
    S.DELETE_FAILED,
    'DELETE',
)

OPERATIONS = {
    op.name: op
    for op in (
        CREATE,
        UPDATE,
        RESIZE,
        UPGRADE,
        ROTATE_CA,
        ROTATE_CREDENTIAL,
        NODEGROUP_CREATE,
        NODEGROUP_DELETE,
        DELETE,
    )
}


def operation(name):
    """Return the :class:`Operation` called ``name``."""
    return OPERATIONS[name]


def check_status(cluster, op):
    """Refuse operation ``op`` unless the bay's status allows it.

    :raises: InvalidStateTransition (HTTP 409).
    """
    if cluster.status not in op.allowed_from:
        raise exception.InvalidStateTransition(
            event=op.name,
            resource='cluster',
            ident=cluster.name or cluster.uuid,
            status=cluster.status,
        )


def is_in_progress(status):
    """Return whether ``status`` means an operation is running."""
    return status in IN_PROGRESS


def outcome(op, stack_status):
    """Map a stack status to the bay status of operation ``op``.

    :returns: ``op.complete``, ``op.failed`` or None while it still runs
        (or when the stack is in an unrelated state).
    """
    if stack_status == '%s_COMPLETE' % op.action:
        return op.complete
    if stack_status == '%s_FAILED' % op.action:
        return op.failed
    if op.action == 'UPDATE' and stack_status == 'ROLLBACK_COMPLETE':
        return op.failed
    if op.action == 'UPDATE' and stack_status == 'ROLLBACK_FAILED':
        return op.failed
    return None

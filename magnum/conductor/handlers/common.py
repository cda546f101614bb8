"""Helpers shared by the conductor's operation handlers."""

from oslo_utils import timeutils


def record_started(task, op, started):
    """Record that the driver started operation ``op`` on the bay.

    :param started: what the driver answered (False: already done).
    :returns: ``started``.
    """
    if not started:
        return False
    cluster = task.cluster
    now = timeutils.utcnow()
    cluster.status = op.in_progress
    cluster.status_reason = None
    cluster.operation = op.name
    cluster.operation_args = {}
    cluster.status_started_at = now
    cluster.operation_submitted_at = now
    cluster.save(expected_status=op.allowed_from)
    return True

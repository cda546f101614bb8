"""Ending an operation: the bay's final status, outputs and clean-up."""

from oslo_log import log as logging

from magnum.common import trust
from magnum.conductor import certificates
from magnum.conductor import notify
from magnum.conductor import states
from magnum.conductor.handlers import k8s_resources

LOG = logging.getLogger(__name__)

_CLEARED = {
    'operation': None,
    'operation_args': None,
    'operation_submitted_at': None,
    'status_started_at': None,
}


def _affected_nodegroups(task, op):
    """Nodegroups whose status follows the operation's outcome."""
    args = task.cluster.operation_args or {}
    if op in (states.CREATE, states.DELETE):
        return task.nodegroups
    if 'nodegroup' in args:
        return [
            ng
            for ng in task.nodegroups
            if args['nodegroup'] in (ng.uuid, ng.name)
        ]
    if op is states.UPDATE:
        return [
            ng
            for ng in task.nodegroups
            if ng.is_default and ng.role == 'worker'
        ]
    return []


def _nodegroup_status(op, status):
    """The status an affected nodegroup ends with."""
    succeeded = status == op.complete
    if op is states.NODEGROUP_CREATE:
        return (
            states.S.CREATE_COMPLETE if succeeded else states.S.CREATE_FAILED
        )
    if op is states.NODEGROUP_DELETE:
        return None if succeeded else states.S.DELETE_FAILED
    return status


def apply_outputs(task, outputs):
    """Copy what a finished stack reports onto the bay and nodegroups."""
    cluster = task.cluster
    if outputs.api_address:
        cluster.api_address = outputs.api_address
    for field in ('coe_version', 'container_version'):
        value = getattr(outputs, field)
        if value:
            setattr(cluster, field, value)
    for ng in task.nodegroups:
        found = outputs.nodegroups.get(ng.name)
        if found is None:
            continue
        ng.node_addresses = list(found.node_addresses)
        if found.node_count is not None:
            ng.node_count = found.node_count


def settle(context, task, op, status, reason=None, outputs=None):
    """Give the bay its final status for operation ``op``.

    A finished delete removes the bay: its certificates, trust and trustee,
    nodegroups and row. A finished nodegroup delete removes that nodegroup.
    Notifications report success or failure.

    :param task: the BayTask holding the bay's reservation.
    :param outputs: ClusterOutputs of a successful stack, if any.
    """
    cluster = task.cluster
    if op is states.DELETE and status == op.complete:
        _destroy(context, task)
        return
    for ng in _affected_nodegroups(task, op):
        ng_status = _nodegroup_status(op, status)
        if ng_status is None:
            ng.destroy()
            task.nodegroups.remove(ng)
            continue
        ng.status = ng_status
        ng.status_reason = reason
    if outputs is not None:
        apply_outputs(task, outputs)
    for ng in task.nodegroups:
        ng.save()
    for key, value in _CLEARED.items():
        setattr(cluster, key, value)
    cluster.status = status
    cluster.status_reason = reason
    cluster.save()
    outcome = notify.SUCCESS if status == op.complete else notify.FAILURE
    notify.bay_operation(context, op.name, outcome, cluster)
    LOG.info(
        'Bay %s: %s ended %s%s',
        cluster.uuid,
        op.name,
        status,
        ': %s' % reason if reason else '',
    )


def _destroy(context, task):
    cluster = task.cluster
    certificates.delete_for_bay(context, cluster)
    trust.delete_trustee_and_trust(context, cluster)
    k8s_resources.forget_bay(context, cluster)
    cluster.status = states.S.DELETE_COMPLETE
    notify.bay_operation(context, 'delete', notify.SUCCESS, cluster)
    cluster.destroy()
    LOG.info('Bay %s deleted', cluster.uuid)

"""Bay upgrades (an RPC call: the driver decides synchronously)."""

from magnum import objects
from magnum.conductor import states
from magnum.conductor import task as bay_task
from magnum.conductor.handlers import common


def upgrade(
    context, host, cluster_uuid, template_uuid, max_batch_size, nodegroup_uuid
):
    """Ask the bay's driver to upgrade it to ``template_uuid``.

    :returns: True when the bay went UPDATE_IN_PROGRESS.
    :raises: NotSupported (HTTP 400) when the driver cannot upgrade;
        ClusterLocked, InvalidStateTransition (HTTP 409).
    """
    op = states.UPGRADE
    with bay_task.BayTask(context, host, cluster_uuid) as task:
        states.check_status(task.cluster, op)
        new_template = objects.ClusterTemplate.get(context, template_uuid)
        nodegroup = task.nodegroup(nodegroup_uuid) if nodegroup_uuid else None
        started = task.driver.upgrade_cluster(
            context,
            task.cluster,
            task.template,
            new_template,
            nodegroup,
            max_batch_size,
        )
        return common.record_started(task, op, started)

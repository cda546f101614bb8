"""Loading bays and starting their operations, for every bay route."""

from oslo_utils import timeutils
import pecan

from magnum import objects
from magnum.common import policy
from magnum.db import api as db_api


def target(cluster):
    """The policy target of a bay."""
    return {'project_id': cluster.project_id, 'user_id': cluster.user_id}


def load_cluster(context, ident, rule, all_projects=None):
    """Authorize ``rule``, then load the bay once.

    :param all_projects: the ``*_all_projects`` rule that lets admins see
        every project, if any.
    :raises: PolicyNotAuthorized (HTTP 403); ClusterNotFound (HTTP 404);
        AmbiguousName (HTTP 409).
    """
    policy.authorize(context, rule)
    if (
        all_projects
        and context.is_admin
        and policy.check(context, all_projects)
    ):
        context.all_tenants = True
    cluster = objects.Cluster.get(context, ident)
    policy.authorize(context, rule, target(cluster))
    return cluster


def start(
    context, cluster, op, args=None, nodegroup=None, nodegroup_updates=None
):
    """Record operation ``op`` on the bay, then cast it to a conductor.

    :raises: InvalidStateTransition (HTTP 409) when the bay's status does
        not allow the operation.
    """
    values = {
        'status': op.in_progress,
        'status_reason': None,
        'operation': op.name,
        'operation_args': args or {},
        'operation_submitted_at': None,
        'status_started_at': timeutils.utcnow(),
    }
    ng_row = db_api.get_instance().start_cluster_operation(
        context,
        cluster.uuid,
        values,
        op.allowed_from,
        nodegroup=nodegroup,
        nodegroup_updates=nodegroup_updates,
    )[1]
    pecan.request.rpcapi.start_operation(context, cluster.uuid)
    return ng_row

"""Long operations on bays: the steps a conductor owes before Heat works.

The API records an operation on the bay (``cluster.operation`` and its
arguments, status ``*_IN_PROGRESS``) and casts ``start_operation``. Here
the conductor performs the operation's steps under the bay's reservation
and hands the work to the driver; ``operation_submitted_at`` then says the
driver accepted it, and the status sync settles the bay when the stack
finishes. Every step is idempotent, so after a crash the same operation is
simply run again (see ``magnum.conductor.status_sync``).
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.common import trust
from magnum.conductor import certificates
from magnum.conductor import notify
from magnum.conductor import settle
from magnum.conductor import states
from magnum.conductor import task as bay_task
from magnum.i18n import _

LOG = logging.getLogger(__name__)


def requester_context(context, cluster):
    """Return the context to act for the bay's owner.

    A resumed operation has no request behind it; the token and roles
    saved with the pending operation (kept only until the driver accepts
    it) stand in.
    """
    if context.auth_token:
        return context
    args = cluster.operation_args or {}
    if not args.get('token'):
        return context
    return magnum_context.RequestContext(
        auth_token=args['token'],
        user_id=cluster.user_id,
        project_id=cluster.project_id,
        roles=args.get('roles') or [],
        is_admin=False,
    )


class BayOperations:
    """Runs the pending operation of a bay; one instance per conductor."""

    def __init__(self, host):
        self.host = host

    def run(self, context, cluster_uuid):
        """Perform the bay's pending operation and hand it to the driver.

        Nothing happens when the bay owes no operation or the driver
        already accepted it (a duplicate or late cast).

        :raises: ClusterLocked (HTTP 409) when another conductor works on
            the bay; the operation is then resumed later if still owed.
        """
        with bay_task.BayTask(context, self.host, cluster_uuid) as task:
            cluster = task.cluster
            if not cluster.operation or cluster.operation_submitted_at:
                return
            op = states.operation(cluster.operation)
            ctx = requester_context(context, cluster)
            try:
                finished = getattr(self, '_' + op.name)(ctx, task)
            except exception.MagnumException as e:
                LOG.warning(
                    '%s of bay %s failed: %s', op.name, cluster.uuid, e
                )
                settle.settle(context, task, op, op.failed, str(e))
                return
            except Exception as e:  # noqa: BLE001 - settle, never stick
                LOG.exception('%s of bay %s failed', op.name, cluster.uuid)
                settle.settle(
                    context, task, op, op.failed, _('Unexpected error: %s') % e
                )
                return
            for ng in task.nodegroups:
                ng.save()
            if finished:
                settle.settle(context, task, op, op.complete)
                return
            self._mark_submitted(cluster, op)
            notify.bay_operation(context, op.name, notify.PENDING, cluster)

    @staticmethod
    def _mark_submitted(cluster, op):
        """Record that the driver accepted ``op``.

        What the steps produced (stack id, certificates, trust) is saved
        whatever happened meanwhile; the submission only if the bay still
        owes ``op`` (a delete may have replaced it, and must then run).
        """
        cluster.save()
        args = dict(cluster.operation_args or {})
        args.pop('token', None)
        args.pop('roles', None)
        cluster.operation_args = args
        cluster.operation_submitted_at = timeutils.utcnow()
        try:
            cluster.save(expected_operation=op.name)
        except exception.InvalidStateTransition:
            LOG.info(
                'Bay %s no longer owes %s; another operation replaced it',
                cluster.uuid,
                op.name,
            )

    def _create(self, context, task):
        cluster = task.cluster
        certificates.generate_for_bay(context, cluster)
        trust.create_trustee_and_trust(context, cluster)
        cluster.save()
        timeout = cluster.create_timeout or None
        stack_id = task.driver.create_cluster(
            context, cluster, task.template, task.nodegroups, timeout
        )
        cluster.stack_id = stack_id
        for ng in task.nodegroups:
            if ng.is_default:
                ng.stack_id = stack_id
        return False

    def _update(self, context, task):
        args = task.cluster.operation_args or {}
        worker = task.default_nodegroup('worker')
        worker.node_count = args['node_count']
        worker.status = states.S.UPDATE_IN_PROGRESS
        task.driver.update_cluster(
            context, task.cluster, task.template, task.nodegroups
        )
        return False

    def _resize(self, context, task):
        args = task.cluster.operation_args or {}
        ng = task.nodegroup(args['nodegroup'])
        ng.node_count = args['node_count']
        ng.status = states.S.UPDATE_IN_PROGRESS
        task.driver.resize_cluster(
            context,
            task.cluster,
            task.template,
            ng,
            args['node_count'],
            args.get('nodes_to_remove') or [],
        )
        return False

    def _delete(self, context, task):
        for ng in task.nodegroups:
            ng.status = states.S.DELETE_IN_PROGRESS
        return task.driver.delete_cluster(
            context, task.cluster, task.nodegroups
        )

    def _nodegroup_create(self, context, task):
        ng = task.nodegroup(task.cluster.operation_args['nodegroup'])
        ng.stack_id = task.driver.create_nodegroup(
            context, task.cluster, task.template, ng
        )
        return False

    def _nodegroup_delete(self, context, task):
        ng = task.nodegroup(task.cluster.operation_args['nodegroup'])
        ng.status = states.S.DELETE_IN_PROGRESS
        return task.driver.delete_nodegroup(context, task.cluster, ng)

"""A COE driver whose stacks live in memory, for tests without Heat."""

import itertools
import threading

from oslo_utils import timeutils

from magnum.drivers import base
from magnum.drivers.heat import provides


class FakeStack:
    """A stack whose status the test moves along."""

    def __init__(self, stack_id, kind, owner, params):
        self.id = stack_id
        self.kind = kind
        self.owner = owner
        self.params = dict(params)
        self.status = 'CREATE_IN_PROGRESS'
        self.reason = None
        self.updated_at = timeutils.utcnow(True)

    def set(self, status, reason=None):
        self.status = status
        self.reason = reason
        self.updated_at = timeutils.utcnow(True)


class FakeDriver(base.Driver):
    """Implements the driver contract with in-memory stacks.

    Stacks finish when the test says so (:meth:`finish`), or at once with
    ``auto_complete``. Every call is recorded in :attr:`calls`.
    """

    provides = provides.K8S_VM
    #: How the n-th stack is named.
    STACK_ID = 'stack-%d'

    def __init__(self, auto_complete=False):
        self.stacks = {}
        self.calls = []
        self.auto_complete = auto_complete
        self.fail_next = None
        self.get_states_requests = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def _record(self, name, *args):
        with self._lock:
            self.calls.append((name,) + args)
            if self.fail_next is not None:
                error, self.fail_next = self.fail_next, None
                raise error

    def _new_stack(self, kind, owner, params):
        stack = FakeStack(self.STACK_ID % next(self._ids), kind, owner, params)
        self.stacks[stack.id] = stack
        if self.auto_complete:
            stack.set('CREATE_COMPLETE')
        return stack.id

    def _stack_of(self, owner):
        for stack in self.stacks.values():
            if stack.owner == owner and stack.status != 'DELETE_COMPLETE':
                return stack
        return None

    def _start(self, stack, action):
        stack.set('%s_IN_PROGRESS' % action)
        if self.auto_complete:
            stack.set('%s_COMPLETE' % action)

    def create_cluster(self, context, cluster, template, nodegroups, timeout):
        self._record('create_cluster', cluster.uuid, timeout)
        existing = self._stack_of(cluster.uuid)
        if existing is not None:
            return existing.id
        counts = {ng.name: ng.node_count for ng in nodegroups}
        return self._new_stack('cluster', cluster.uuid, counts)

    def update_cluster(self, context, cluster, template, nodegroups):
        self._record('update_cluster', cluster.uuid)
        stack = self.stacks[cluster.stack_id]
        stack.params.update({ng.name: ng.node_count for ng in nodegroups})
        self._start(stack, 'UPDATE')

    def resize_cluster(
        self,
        context,
        cluster,
        template,
        nodegroup,
        node_count,
        nodes_to_remove,
    ):
        self._record(
            'resize_cluster',
            cluster.uuid,
            nodegroup.name,
            node_count,
            tuple(nodes_to_remove),
        )
        stack = self.stacks[nodegroup.stack_id or cluster.stack_id]
        stack.params[nodegroup.name] = node_count
        self._start(stack, 'UPDATE')

    def delete_cluster(self, context, cluster, nodegroups):
        self._record('delete_cluster', cluster.uuid)
        ids = {cluster.stack_id} | {ng.stack_id for ng in nodegroups}
        live = [self.stacks[i] for i in ids if i in self.stacks]
        for stack in live:
            self._start(stack, 'DELETE')
        return not live

    def create_nodegroup(self, context, cluster, template, nodegroup):
        self._record('create_nodegroup', cluster.uuid, nodegroup.name)
        existing = self._stack_of(nodegroup.uuid)
        if existing is not None:
            return existing.id
        return self._new_stack(
            'nodegroup', nodegroup.uuid, {nodegroup.name: nodegroup.node_count}
        )

    def delete_nodegroup(self, context, cluster, nodegroup):
        self._record('delete_nodegroup', cluster.uuid, nodegroup.name)
        stack = self.stacks.get(nodegroup.stack_id)
        if stack is None:
            return True
        self._start(stack, 'DELETE')
        return False

    def get_states(self, context, stack_ids):
        with self._lock:
            self.get_states_requests += 1
        result = {}
        for sid in stack_ids:
            stack = self.stacks.get(sid)
            if stack is None:
                result[sid] = base.StackState(
                    sid, 'DELETE_COMPLETE', 'Stack not found'
                )
            else:
                result[sid] = base.StackState(
                    sid, stack.status, stack.reason, stack.updated_at
                )
        return result

    def get_failure_reason(self, context, cluster, stack_id):
        stack = self.stacks[stack_id]
        return 'Resource kube_masters failed: %s' % stack.reason

    def get_outputs(self, context, cluster, template, nodegroups):
        stack = self.stacks[cluster.stack_id]
        groups = {}
        for ng in nodegroups:
            source = self.stacks.get(ng.stack_id) or stack
            count = source.params.get(ng.name, ng.node_count)
            groups[ng.name] = base.NodeGroupOutputs(
                node_count=count,
                node_addresses=tuple(
                    '127.42.0.%d' % (10 + i) for i in range(count or 0)
                ),
            )
        return base.ClusterOutputs(
            api_address='https://127.42.0.10:6443',
            coe_version='v1.32.4',
            nodegroups=groups,
        )

    def finish(self, stack_id=None, status=None, reason=None):
        """Move a stack (or every unfinished one) to its final status."""
        targets = (
            [self.stacks[stack_id]]
            if stack_id
            else [
                s
                for s in self.stacks.values()
                if s.status.endswith('_IN_PROGRESS')
            ]
        )
        for stack in targets:
            action = stack.status.split('_', 1)[0]
            stack.set(status or '%s_COMPLETE' % action, reason)


class RotatingFakeDriver(FakeDriver):
    """The fake driver with the optional CA and credential rotations: each
    updates the bay's stack."""

    def rotate_ca_certificate(self, context, cluster, template, nodegroups):
        self._record('rotate_ca_certificate', cluster.uuid)
        self._start(self.stacks[cluster.stack_id], 'UPDATE')
        return True

    def rotate_credential(self, context, cluster, template, nodegroups):
        self._record('rotate_credential', cluster.uuid)
        self._start(self.stacks[cluster.stack_id], 'UPDATE')
        return True

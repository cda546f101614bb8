"""The interface every COE driver implements.

The conductor calls a driver inside a :class:`magnum.conductor.task.BayTask`
(the bay is reserved, its template and nodegroups loaded). Drivers raise
only classes of :mod:`magnum.common.exception`: whatever their backend
raises (Heat, Kubernetes…) is translated inside the driver.

Every method that starts work on the cloud must be **idempotent**: after a
conductor crash the same call is made again, and it must neither fail
because the first call took effect nor do the work twice (for example,
``create_cluster`` returns the existing stack of the bay).
"""

import abc
import dataclasses
import datetime

from magnum.common import exception


@dataclasses.dataclass(frozen=True)
class StackState:
    """What the cloud says about the stack of a bay or nodegroup.

    ``status`` uses the upstream strings (``CREATE_IN_PROGRESS``,
    ``UPDATE_COMPLETE``, ``DELETE_FAILED`` …); ``DELETE_COMPLETE`` also
    stands for a stack that no longer exists.
    """

    stack_id: str
    status: str
    reason: str | None = None
    #: When the stack last changed (its last create/update/delete started).
    updated_at: datetime.datetime | None = None


@dataclasses.dataclass(frozen=True)
class NodeGroupOutputs:
    """What a finished stack says about one nodegroup."""

    node_count: int | None = None
    node_addresses: tuple = ()


@dataclasses.dataclass(frozen=True)
class ClusterOutputs:
    """What a finished stack says about the bay."""

    api_address: str | None = None
    coe_version: str | None = None
    container_version: str | None = None
    #: nodegroup name -> NodeGroupOutputs
    nodegroups: dict = dataclasses.field(default_factory=dict)


class Driver(abc.ABC):
    """A COE driver: builds, changes and removes bays on a cloud.

    Arguments named ``cluster``, ``template`` and ``nodegroup(s)`` are
    :mod:`magnum.objects` instances; the driver may set fields on them but
    the conductor saves them.
    """

    #: ``({'server_type': ..., 'os': ..., 'coe': ...}, ...)``: the kinds of
    #: bays the driver builds (see ``magnum.drivers.registry``).
    provides = ()

    @abc.abstractmethod
    def create_cluster(self, context, cluster, template, nodegroups, timeout):
        """Start building the bay; return the id of its stack.

        :param context: the requesting user's context (its token works).
        :param timeout: minutes the build may take.
        :raises: InvalidParameterValue (HTTP 400) when the cloud refuses
            the parameters.
        """

    @abc.abstractmethod
    def update_cluster(self, context, cluster, template, nodegroups):
        """Apply the nodegroups' node counts to the bay's stack.

        :param nodegroups: the bay's nodegroups, with their new counts.
        """

    @abc.abstractmethod
    def resize_cluster(
        self,
        context,
        cluster,
        template,
        nodegroup,
        node_count,
        nodes_to_remove,
    ):
        """Resize one nodegroup, optionally removing given nodes.

        :param nodes_to_remove: server names or ids to remove first.
        """

    @abc.abstractmethod
    def delete_cluster(self, context, cluster, nodegroups):
        """Start deleting the bay's stacks.

        :returns: True when nothing is left to wait for (no stack).
        """

    @abc.abstractmethod
    def create_nodegroup(self, context, cluster, template, nodegroup):
        """Start building a nodegroup of its own; return its stack id."""

    @abc.abstractmethod
    def delete_nodegroup(self, context, cluster, nodegroup):
        """Start deleting a nodegroup's stack.

        :returns: True when nothing is left to wait for.
        """

    @abc.abstractmethod
    def get_states(self, context, stack_ids):
        """Return ``{stack_id: StackState}`` for the given stacks.

        Called by the status sync for every bay in progress at once: the
        implementation asks the cloud once (one list request), not once
        per stack. A stack the cloud does not know is reported
        ``DELETE_COMPLETE`` with a reason saying so.
        """

    @abc.abstractmethod
    def get_failure_reason(self, context, cluster, stack_id):
        """Return why a stack failed: its deepest failed resource and that
        resource's error, in one sentence."""

    @abc.abstractmethod
    def get_outputs(self, context, cluster, template, nodegroups):
        """Return the :class:`ClusterOutputs` of a finished stack."""

    def upgrade_cluster(
        self,
        context,
        cluster,
        template,
        new_template,
        nodegroup,
        max_batch_size,
    ):
        """Upgrade the bay to another template.

        :raises: NotSupported (HTTP 400) unless the driver overrides it.
        """
        raise exception.NotSupported(
            operation='Upgrading a cluster with this driver'
        )

    def rotate_ca_certificate(self, context, cluster, template, nodegroups):
        """Push the bay's new CA to its nodes after a rotation.

        :param nodegroups: the bay's nodegroups (some have stacks of their
            own).

        :returns: True when the driver started work on the stack (the bay
            then goes UPDATE_IN_PROGRESS until it ends), False when done.
        :raises: NotSupported (HTTP 400) unless the driver overrides it.
        """
        raise exception.NotSupported(
            operation='Rotating the CA certificate with this driver'
        )

    def rotate_credential(self, context, cluster, template, nodegroups):
        """Give the bay's nodes the bay's new trustee credentials.

        :param nodegroups: the bay's nodegroups.

        :returns: True when the driver started work on the stack, False
            when done.
        :raises: NotSupported (HTTP 400) unless the driver overrides it.
        """
        raise exception.NotSupported(
            operation='Credential rotation with this driver'
        )

    def supports(self, method):
        """Return whether the driver implements an optional method."""
        return getattr(type(self), method) is not getattr(Driver, method)

    def validate_master_size(self, node_count):
        """Refuse a master count the driver cannot build.

        :raises: MasterNGSizeInvalid (HTTP 400) for an even count.
        """
        if node_count % 2 == 0:
            raise exception.MasterNGSizeInvalid(requested_size=node_count)

    def validate_master_resize(self, node_count):
        """Refuse resizing masters unless the driver overrides it.

        :raises: MasterNGResizeNotSupported (HTTP 400).
        """
        raise exception.MasterNGResizeNotSupported()

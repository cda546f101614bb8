"""BayTask: what a conductor holds while it works on one bay.

::

    with task.BayTask(context, host, cluster_uuid) as t:
        t.driver.update_cluster(context, t.cluster, t.template,
                                t.nodegroups)

Entering reserves the bay for this conductor with an atomic conditional
UPDATE (retried a few seconds, then 409 ClusterLocked); a reservation held
by a conductor that stopped heartbeating is taken over. The bay, its
template, its nodegroups and its driver are loaded once. Leaving releases
the reservation, whatever happened inside.
"""

import time

from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils

from magnum import objects
from magnum.common import exception
from magnum.db import api as db_api
from magnum.drivers import loader

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
BINARY = 'magnum-conductor'


def dead_hosts(context):
    """Return hosts of conductors whose heartbeat is older than
    ``service_down_time``."""
    now = timeutils.utcnow(True)
    dead = []
    for service in objects.MagnumService.list(context):
        last = service.last_seen_up or service.updated_at or service.created_at
        if service.binary == BINARY and (
            last is None
            or timeutils.delta_seconds(last, now) > CONF.service_down_time
        ):
            dead.append(service.host)
    return dead


class BayTask:
    """Reservation of a bay plus everything loaded to work on it."""

    def __init__(
        self, context, host, cluster_uuid, retry_seconds=5.0, load_driver=True
    ):
        self.context = context
        self.host = host
        self.cluster_uuid = cluster_uuid
        self.retry_seconds = retry_seconds
        self.load_driver = load_driver
        self.cluster = None
        self.template = None
        self.nodegroups = None
        self.driver = None

    def __enter__(self):
        self._reserve()
        try:
            self._load()
        except BaseException:
            self.release()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        self.release()
        return False

    def _reserve(self):
        dbapi = db_api.get_instance()
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                dbapi.reserve_cluster(
                    self.context,
                    self.cluster_uuid,
                    self.host,
                    dead_hosts(self.context),
                )
                return
            except exception.ClusterLocked:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)

    def _load(self):
        self.cluster = objects.Cluster.get_by_uuid(
            self.context, self.cluster_uuid
        )
        self.nodegroups = objects.NodeGroup.list(
            self.context, self.cluster_uuid
        )
        admin = self.context.elevated()
        self.template = objects.ClusterTemplate.get(
            admin, self.cluster.cluster_template_id
        )
        if self.load_driver:
            self.driver = loader.for_template(self.template)

    def release(self):
        """Give the reservation back (idempotent)."""
        db_api.get_instance().release_cluster(
            self.context, self.cluster_uuid, self.host
        )

    def nodegroup(self, ident):
        """Return the loaded nodegroup whose uuid or name is ``ident``."""
        for ng in self.nodegroups:
            if ident in (ng.uuid, ng.name):
                return ng
        raise exception.NodeGroupNotFound(nodegroup=ident)

    def default_nodegroup(self, role):
        """Return the default nodegroup of ``role`` (master or worker)."""
        for ng in self.nodegroups:
            if ng.is_default and ng.role == role:
                return ng
        raise exception.NodeGroupNotFound(nodegroup='default-%s' % role)

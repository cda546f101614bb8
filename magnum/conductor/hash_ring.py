"""Which conductor owns which bay, for work done without a request.

Conductors that heartbeat (``magnum_service``) form a consistent hash ring
(tooz); each bay's periodic work (status sync, resuming lost operations,
health) is done by the one conductor the ring maps its uuid to, so it is
never done twice and moves to the others when a conductor dies.
"""

from oslo_config import cfg
from oslo_utils import timeutils
from tooz import hashring

from magnum import objects
from magnum.conductor import task as bay_task

CONF = cfg.CONF


def live_hosts(context):
    """Return the hosts of conductors that heartbeat, sorted."""
    now = timeutils.utcnow(True)
    hosts = set()
    for service in objects.MagnumService.list(context):
        last = service.last_seen_up
        if (
            service.binary == bay_task.BINARY
            and last is not None
            and timeutils.delta_seconds(last, now) <= CONF.service_down_time
        ):
            hosts.add(service.host)
    return sorted(hosts)


class Ring:
    """The ring as one conductor sees it at one moment."""

    def __init__(self, host, hosts):
        self.host = host
        self.hosts = sorted(set(hosts) | {host})
        self._ring = hashring.HashRing(self.hosts)

    @classmethod
    def current(cls, context, host):
        """Build the ring of the conductors alive now (self included)."""
        return cls(host, live_hosts(context))

    def owns(self, uuid):
        """Return whether this conductor owns the bay ``uuid``."""
        if len(self.hosts) == 1:
            return True
        return self.host in self._ring.get_nodes(uuid.encode('utf-8'))

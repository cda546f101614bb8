"""Health of bays, as their Kubernetes API reports it.

A bay is HEALTHY when its API answers ``ok`` on ``/healthz`` and every
node is Ready, UNHEALTHY otherwise, UNKNOWN when its API cannot be reached
(no address yet, or no answer). ``health_status_reason`` says why:
``{"api": "ok", "<node>.Ready": "True", ...}``. Each conductor checks the
bays the hash ring gives it, every ``[kubernetes] health_polling_interval``
seconds, several at once, with the client of ``magnum.common.k8s_client``
(the bay's own CA and client certificate).
"""

import functools

import kubernetes
from oslo_config import cfg
from oslo_log import log as logging

from magnum import objects
from magnum.common import k8s_client
from magnum.conductor import certificates
from magnum.conductor import hash_ring
from magnum.i18n import _
from magnum.objects import fields

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
S = fields.ClusterStatus
H = fields.ClusterHealthStatus

#: Statuses of bays whose health is checked (upstream's list).
CHECKED = (
    S.CREATE_IN_PROGRESS,
    S.CREATE_FAILED,
    S.CREATE_COMPLETE,
    S.UPDATE_IN_PROGRESS,
    S.UPDATE_COMPLETE,
    S.UPDATE_FAILED,
    S.DELETE_IN_PROGRESS,
    S.DELETE_FAILED,
    S.ROLLBACK_IN_PROGRESS,
)


def _ready(node):
    for condition in node.status.conditions or []:
        if condition.type == 'Ready':
            return condition.status == 'True'
    return False


def check(context, cluster):
    """Return ``(health_status, health_status_reason)`` of one bay."""
    if not cluster.api_address:
        return H.UNKNOWN, {
            'api': _('The cluster %s is not accessible.') % cluster.name
        }
    load = functools.partial(certificates.client_files, context, cluster)
    timeouts = k8s_client.timeouts()
    try:
        with k8s_client.client_for(cluster, load) as api:
            answer = api.rest_client.request(
                'GET',
                api.configuration.host + '/healthz',
                _request_timeout=timeouts,
            )
            healthz = answer.read().decode('utf-8', 'replace').strip()
            nodes = (
                kubernetes.client.CoreV1Api(api)
                .list_node(_request_timeout=timeouts)
                .items
            )
    except Exception as e:  # noqa: BLE001 - any failure means unknown
        LOG.debug('Health of bay %s is unknown: %s', cluster.uuid, e)
        return H.UNKNOWN, {
            'api': _('The cluster %s is not accessible.') % cluster.name
        }
    reason = {'api': healthz}
    for node in nodes:
        reason['%s.Ready' % node.metadata.name] = str(_ready(node))
    healthy = healthz == 'ok' and all(_ready(n) for n in nodes)
    return (H.HEALTHY if healthy else H.UNHEALTHY), reason


class HealthMonitor:
    """Checks the health of this conductor's bays."""

    def __init__(self, host, executor):
        self.host = host
        self.executor = executor

    def check_round(self, context):
        """Check every owned bay; return the futures of the checks."""
        ring = hash_ring.Ring.current(context, self.host)
        bays = [
            b
            for b in objects.Cluster.list_in_status(context, CHECKED)
            if ring.owns(b.uuid)
        ]
        return [
            self.executor.submit(self._update, context, bay) for bay in bays
        ]

    @staticmethod
    def _update(context, cluster):
        status, reason = check(context, cluster)
        if (status, reason) == (
            cluster.health_status,
            cluster.health_status_reason,
        ):
            return
        cluster.health_status = status
        cluster.health_status_reason = reason
        try:
            cluster.save()
        except Exception:  # noqa: BLE001 - the bay may be gone
            LOG.debug(
                'Cannot record the health of bay %s',
                cluster.uuid,
                exc_info=True,
            )

"""/v1/mservices: the conductors and their heartbeats (admin only)."""

from oslo_config import cfg
from oslo_utils import timeutils
import pecan
from pecan import rest

from magnum import objects
from magnum.api import expose
from magnum.api.controllers.v1 import cluster_template
from magnum.common import policy

CONF = cfg.CONF


def is_up(service):
    """Return whether a service reported within ``service_down_time``."""
    if service.forced_down:
        return False
    last = service.last_seen_up or service.updated_at or service.created_at
    if last is None:
        return False
    elapsed = timeutils.delta_seconds(last, timeutils.utcnow(True))
    return abs(elapsed) <= CONF.service_down_time


def view(service):
    """Return the API representation of a magnum service."""
    return {
        'id': service.id,
        'host': service.host,
        'binary': service.binary,
        'state': 'up' if is_up(service) else 'down',
        'report_count': service.report_count,
        'disabled': service.disabled,
        'disabled_reason': service.disabled_reason,
        'created_at': cluster_template.iso(service.created_at),
        'updated_at': cluster_template.iso(service.updated_at),
    }


class MagnumServiceController(rest.RestController):
    """List the magnum services."""

    @expose.handler()
    def get_all(self):
        """List every registered magnum service and its state.

        :raises: PolicyNotAuthorized (HTTP 403) for non-admins.
        """
        context = pecan.request.context
        policy.authorize(context, 'magnum-service:get_all')
        services = objects.MagnumService.list(context)
        return {'mservices': [view(s) for s in services]}

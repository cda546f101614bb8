"""Rules of bay requests the API checks before anything is written.

They need the template (loaded once by the controller) and the cloud
lookups, never a driver: driver capabilities come from
``magnum.drivers.registry``.
"""

from oslo_config import cfg

from magnum import objects
from magnum.api import validation
from magnum.common import exception
from magnum.drivers import registry
from magnum.i18n import _

CONF = cfg.CONF

#: Fields a bay takes from its template when the request leaves them out.
INHERITED = {
    'keypair': 'keypair_id',
    'docker_volume_size': 'docker_volume_size',
    'master_flavor_id': 'master_flavor_id',
    'flavor_id': 'flavor_id',
    'fixed_network': 'fixed_network',
    'fixed_subnet': 'fixed_subnet',
    'floating_ip_enabled': 'floating_ip_enabled',
    'master_lb_enabled': 'master_lb_enabled',
}


def inherit(fields, template):
    """Fill the bay's unset fields from its template; merge labels.

    :param fields: the bay's requested fields (changed in place).
    """
    for field, source in INHERITED.items():
        if fields.get(field) is None:
            fields[field] = getattr(template, source)
    labels = fields.get('labels')
    if not labels:
        fields['labels'] = dict(template.labels or {})
    elif fields.pop('merge_labels', False):
        fields['labels'] = dict(template.labels or {}, **labels)
    fields.pop('merge_labels', None)


def check_driver(template):
    """Refuse a template no enabled driver can build.

    :raises: ClusterTypeNotSupported, ClusterDriverNotSupported (HTTP 400).
    """
    return registry.driver_name_for(
        template.server_type,
        template.cluster_distro,
        template.coe,
        template.driver,
    )


def check_master_count(fields):
    """Masters must be an odd number, several ones need a load balancer.

    :raises: MasterNGSizeInvalid, InvalidParameterValue (HTTP 400).
    """
    count = fields['master_count']
    if count % 2 == 0:
        raise exception.MasterNGSizeInvalid(requested_size=count)
    if count > 1 and not fields.get('master_lb_enabled'):
        raise exception.InvalidParameterValue(
            err=_('master_count must be 1 when master_lb_enabled is False')
        )


def check_os_resources(context, fields, template):
    """Check the keypair, flavors and networks the bay itself names.

    Values equal to the template's were checked when the template was
    written and are not looked up again, except the keypair, which
    belongs to the requesting user.
    """
    wanted = {'keypair': fields.get('keypair')}
    for field in (
        'flavor_id',
        'master_flavor_id',
        'fixed_network',
        'fixed_subnet',
    ):
        if fields.get(field) and fields[field] != getattr(
            template, INHERITED[field]
        ):
            wanted[field] = fields[field]
    validation.check_os_resources(context, wanted)


def quota_limit(context, project_id):
    """Return how many bays the project may have."""
    quota = objects.Quota.get_by_project_id_resource(
        context, project_id, 'Cluster'
    )
    if quota is not None:
        return quota.hard_limit
    return CONF.quotas.max_clusters_per_project


def check_resize_bounds(nodegroup, node_count):
    """Keep a resize of a worker nodegroup within its min and max.

    :raises: MasterNGResizeNotSupported, NGResizeOutBounds (HTTP 400).
    """
    if nodegroup.role == 'master':
        raise exception.MasterNGResizeNotSupported()
    low = nodegroup.min_node_count or 0
    high = nodegroup.max_node_count
    if node_count < low or (high is not None and node_count > high):
        raise exception.NGResizeOutBounds(
            nodegroup=nodegroup.name, min_nc=low, max_nc=high
        )

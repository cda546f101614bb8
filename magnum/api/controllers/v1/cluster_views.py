"""The API representations of bays (clusters), new and legacy names."""

from magnum.api.controllers import link
from magnum.api.controllers.v1 import cluster_template
from magnum.objects import fields as m_fields

iso = cluster_template.iso

FULL = (
    'uuid',
    'name',
    'cluster_template_id',
    'keypair',
    'docker_volume_size',
    'labels',
    'master_flavor_id',
    'flavor_id',
    'create_timeout',
    'node_count',
    'master_count',
    'discovery_url',
    'status',
    'status_reason',
    'health_status',
    'health_status_reason',
    'api_address',
    'node_addresses',
    'master_addresses',
    'coe_version',
    'container_version',
    'stack_id',
    'fixed_network',
    'fixed_subnet',
    'floating_ip_enabled',
    'master_lb_enabled',
    'project_id',
    'user_id',
    'created_at',
    'updated_at',
)
SUMMARY = (
    'uuid',
    'name',
    'cluster_template_id',
    'keypair',
    'docker_volume_size',
    'labels',
    'node_count',
    'status',
    'master_flavor_id',
    'flavor_id',
    'create_timeout',
    'master_count',
    'health_status',
    'stack_id',
)
#: Legacy names of the bay API (``/v1/bays``).
BAY_NAMES = {
    'cluster_template_id': 'baymodel_id',
    'create_timeout': 'bay_create_timeout',
    'faults': 'bay_faults',
}
BAY_SUMMARY = (
    'uuid',
    'name',
    'cluster_template_id',
    'node_count',
    'master_count',
    'status',
    'create_timeout',
    'stack_id',
    'health_status',
)


def counts(nodegroups):
    """Return ``(node_count, master_count, node_addresses,
    master_addresses)`` aggregated over a bay's nodegroups."""
    nodes, masters, node_addr, master_addr = 0, 0, [], []
    for ng in nodegroups:
        if ng.role == 'master':
            masters += ng.node_count or 0
            master_addr += ng.node_addresses or []
        else:
            nodes += ng.node_count or 0
            node_addr += ng.node_addresses or []
    return nodes, masters, node_addr, master_addr


def faults(cluster, nodegroups):
    """``{nodegroup: reason}`` of the failed nodegroups of a failed bay."""
    if cluster.status not in m_fields.ClusterStatus.STATUS_FAILED:
        return {}
    return {
        ng.name: ng.status_reason
        for ng in nodegroups
        if ng.status in m_fields.ClusterStatus.STATUS_FAILED
    }


def label_diff(cluster, template):
    """Return how the bay's labels differ from its template's."""
    own = cluster.labels or {}
    base = template.labels or {} if template is not None else {}
    return {
        'labels_overridden': {
            k: v for k, v in own.items() if k in base and base[k] != v
        },
        'labels_added': {k: v for k, v in own.items() if k not in base},
        'labels_skipped': {k: v for k, v in base.items() if k not in own},
    }


def view(
    cluster,
    nodegroups,
    resource,
    version,
    fields=FULL,
    legacy=False,
    template=None,
    show_faults=False,
):
    """Return the representation of a bay.

    :param resource: ``clusters`` or ``bays`` (links).
    :param version: the request's microversion (1.13 renames stack_id).
    :param template: the bay's template, to show the label differences.
    :param show_faults: add the failed nodegroups' reasons.
    """
    node_count, master_count, node_addr, master_addr = counts(nodegroups)
    derived = {
        'node_count': node_count,
        'master_count': master_count,
        'node_addresses': node_addr,
        'master_addresses': master_addr,
    }
    body = {}
    for field in fields:
        value = derived[field] if field in derived else getattr(cluster, field)
        body[field] = iso(value) if field.endswith('_at') else value
    if 'stack_id' in body and version >= '1.13' and not legacy:
        body['cluster_id'] = body.pop('stack_id')
    if show_faults:
        body['faults'] = faults(cluster, nodegroups)
    if template is not None:
        body.update(label_diff(cluster, template))
    if legacy:
        body = {BAY_NAMES.get(k, k): v for k, v in body.items()}
    body['links'] = link.self_and_bookmark(resource, cluster.uuid)
    return body

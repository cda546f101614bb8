"""Bays, their templates and nodegroups as objects, without a database.

The defaults describe a sandbox bay (seeded image, flavors, keypair and
external network); keyword arguments override any field.
"""

from magnum import objects

BAY_UUID = '5d12f6fd-a196-4bf9-bd4c-7c3b8f1a9b22'
STACK_ID = '0b7c1b1e-3a8d-4a43-9f5f-1e8c8d1f2a31'


def make_template(**fields):
    values = dict(
        uuid='0a5d6c1e-8b43-4d4b-9a55-3f1f2b7f6a10',
        name='k8s',
        image_id='fedora-coreos-sandbox',
        flavor_id='m1.small',
        master_flavor_id='m1.magnum',
        keypair_id='testkey',
        external_network_id='public',
        dns_nameserver='8.8.8.8',
        network_driver='flannel',
        coe='kubernetes',
        server_type='vm',
        cluster_distro='fedora-coreos',
        tls_disabled=False,
        floating_ip_enabled=True,
        master_lb_enabled=False,
        labels={},
        http_proxy=None,
        https_proxy=None,
        no_proxy=None,
        fixed_network=None,
        fixed_subnet=None,
        docker_volume_size=None,
    )
    values.update(fields)
    return objects.ClusterTemplate(**values)


def make_cluster(**fields):
    values = dict(
        uuid=BAY_UUID,
        name='My_bay.one',
        project_id='p1',
        user_id='u1',
        keypair='testkey',
        labels={},
        fixed_network=None,
        fixed_subnet=None,
        floating_ip_enabled=True,
        master_lb_enabled=False,
        docker_volume_size=None,
        trustee_user_id='trustee-id',
        trustee_username='trustee',
        trustee_password='secret',
        trust_id='trust-id',
        discovery_url=None,
        coe_version=None,
        stack_id=STACK_ID,
    )
    values.update(fields)
    return objects.Cluster(**values)


def make_nodegroup(name, role, node_count, index, **fields):
    values = dict(
        uuid='7f7e1f3a-0000-4000-8000-%012d' % index,
        name=name,
        role=role,
        node_count=node_count,
        is_default=True,
        stack_id=STACK_ID,
        flavor_id=None,
        image_id=None,
        docker_volume_size=None,
    )
    values.update(fields)
    return objects.NodeGroup(**values)


def make_groups(masters=1, minions=2, **fields):
    """Return the default master and worker nodegroups of a bay."""
    return [
        make_nodegroup('default-master', 'master', masters, 1, **fields),
        make_nodegroup('default-worker', 'worker', minions, 2, **fields),
    ]

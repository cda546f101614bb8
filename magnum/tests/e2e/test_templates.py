"""Cluster templates and baymodels with the real clients (issue 3).

python-magnumclient 5.0.0 (``openstack coe cluster template …``) and
2.1.0 (``magnum baymodel-…``) talk to this checkout's magnum-api in the
sandbox, which checks images, flavors, keypairs and networks against the
real Glance, Nova and Neutron.
"""

import uuid

import pytest

from magnum.tests.e2e import clients

BASE = (
    '--coe',
    'kubernetes',
    '--image',
    'fedora-coreos-sandbox',
    '--external-network',
    'public',
    '--keypair',
    'testkey',
    '--flavor',
    'm1.small',
)


@pytest.fixture
def demo(sandbox):
    return clients.CLI(sandbox, 'demo')


def unique(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:6])


def test_template_lifecycle_with_openstack_coe(demo, sandbox):
    name = unique('tpl')
    created = demo.coe_json('cluster', 'template', 'create', *BASE, name)
    assert created['cluster_distro'] == 'fedora-coreos'
    assert created['image_id'] == 'fedora-coreos-sandbox'
    listed = demo.coe_json('cluster', 'template', 'list')
    assert name in {t['name'] for t in listed}
    shown = demo.coe_json('cluster', 'template', 'show', name)
    assert shown['uuid'] == created['uuid']
    renamed = unique('tpl')
    updated = demo.coe_json(
        'cluster', 'template', 'update', name, '--name', renamed
    )
    assert updated['name'] == renamed
    result = demo.openstack('coe', 'cluster', 'template', 'delete', renamed)
    assert result.returncode == 0, result.output
    # `coe … delete` exits 0 even when it failed: check the template went.
    gone = demo.openstack('coe', 'cluster', 'template', 'show', renamed)
    assert gone.returncode != 0 and '404' in gone.output


@pytest.mark.parametrize(
    'change,expected',
    [
        (
            ('--image', 'no-distro-sandbox'),
            "Image no-distro-sandbox doesn't contain os_distro field "
            '(HTTP 400)',
        ),
        (('--flavor', 'm1.nope'), 'Unable to find flavor m1.nope (HTTP 400)'),
        (('--keypair', 'nokey'), 'Unable to find keypair nokey (HTTP 404)'),
        (
            ('--external-network', 'nonet'),
            'Unable to find external network nonet (HTTP 400)',
        ),
    ],
)
def test_unknown_resources_are_refused(demo, change, expected):
    args = list(BASE)
    index = args.index(change[0])
    args[index + 1] = change[1]
    name = unique('bad')
    result = demo.openstack(
        'coe', 'cluster', 'template', 'create', *args, name
    )
    assert result.returncode != 0
    assert expected in result.output
    listed = demo.coe_json('cluster', 'template', 'list')
    assert name not in {t['name'] for t in listed}


def test_visibility_and_publishing(demo, sandbox):
    private = unique('private')
    demo.coe_json('cluster', 'template', 'create', *BASE, private)
    alt = clients.CLI(sandbox, 'alt_demo')
    assert private not in {
        t['name'] for t in alt.coe_json('cluster', 'template', 'list')
    }
    assert (
        alt.openstack('coe', 'cluster', 'template', 'show', private).returncode
        != 0
    )
    public = unique('public')
    refused = demo.openstack(
        'coe', 'cluster', 'template', 'create', *BASE, '--public', public
    )
    assert refused.returncode != 0 and '(HTTP 403)' in refused.output
    admin = clients.CLI(sandbox, 'admin')
    made = admin.coe_json(
        'cluster', 'template', 'create', *BASE, '--public', public
    )
    assert made['public'] is True
    assert public in {
        t['name'] for t in alt.coe_json('cluster', 'template', 'list')
    }
    for who, name in ((admin, public), (demo, private)):
        result = who.openstack('coe', 'cluster', 'template', 'delete', name)
        assert result.returncode == 0, result.output


def test_baymodels_with_the_legacy_shell(demo):
    name = unique('bm')
    result = demo.magnum(
        'baymodel-create',
        '--name',
        name,
        '--image-id',
        'fedora-coreos-sandbox',
        '--keypair-id',
        'testkey',
        '--external-network-id',
        'public',
        '--coe',
        'kubernetes',
        '--flavor-id',
        'm1.small',
    )
    assert result.returncode == 0, result.output
    assert name in demo.magnum('baymodel-list').stdout
    shown = demo.magnum('baymodel-show', name)
    assert shown.returncode == 0 and 'fedora-coreos' in shown.stdout
    assert name in {
        t['name'] for t in demo.coe_json('cluster', 'template', 'list')
    }
    result = demo.magnum('baymodel-delete', name)
    assert result.returncode == 0, result.output
    assert name not in demo.magnum('baymodel-list').stdout

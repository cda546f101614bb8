"""Acceptance checks of the sandbox cloud itself, with real clients."""

import ipaddress
import json
import os
from pathlib import Path
import subprocess
import time
import urllib.parse
import uuid

from heatclient import client as heat_client
from heatclient import exc as heat_exc
import openstack
import pytest

from magnum.tests.e2e import testbed

pytestmark = pytest.mark.e2e

LOOPBACK = ipaddress.ip_network('127.0.0.0/8')
FIXED_PORTS = (5000, 8004, 9292, 8774, 8778, 9696)
PROCESSES = (
    'keystone',
    'glance-api',
    'placement-api',
    'nova-api',
    'nova-conductor',
    'nova-scheduler',
    'nova-compute',
    'neutron-api',
    'heat-api',
    'heat-engine',
)

STACK_TEMPLATE = """
heat_template_version: 2018-08-31
parameters:
  image: {type: string}
  flavor: {type: string}
  key_name: {type: string}
  public_net: {type: string}
resources:
  net:
    type: OS::Neutron::Net
  subnet:
    type: OS::Neutron::Subnet
    properties: {network: {get_resource: net}, cidr: 10.0.0.0/24}
  router:
    type: OS::Neutron::Router
    properties: {external_gateway_info: {network: {get_param: public_net}}}
  router_interface:
    type: OS::Neutron::RouterInterface
    properties:
      router: {get_resource: router}
      subnet: {get_resource: subnet}
  port:
    type: OS::Neutron::Port
    properties:
      network: {get_resource: net}
      fixed_ips: [{subnet: {get_resource: subnet}}]
  server:
    type: OS::Nova::Server
    properties:
      image: {get_param: image}
      flavor: {get_param: flavor}
      key_name: {get_param: key_name}
      networks: [{port: {get_resource: port}}]
  floating_ip:
    type: OS::Neutron::FloatingIP
    depends_on: router_interface
    properties:
      floating_network: {get_param: public_net}
      port_id: {get_resource: port}
outputs:
  floating_ip: {value: {get_attr: [floating_ip, floating_ip_address]}}
  server_id: {value: {get_resource: server}}
"""


def _is_loopback(host):
    return ipaddress.ip_address(host) in LOOPBACK


def _url_host(url):
    return urllib.parse.urlsplit(url.replace('%(project_id)s', 'p')).hostname


def _connect(sandbox, user='demo'):
    return openstack.connection.Connection(
        session=sandbox.session(user),
        region_name=sandbox.region,
        interface='public',
    )


def _heat(sandbox, user='demo'):
    return heat_client.Client(
        '1',
        session=sandbox.session(user),
        service_type='orchestration',
        interface='public',
        region_name=sandbox.region,
    )


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.3)
    pytest.fail(f'timed out after {timeout} s waiting for {what}')


def _sandbox_cmd(*args):
    return subprocess.run(
        [str(testbed.TOOL), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def demo_net(sandbox):
    """A demo network with a subnet, deleted afterwards."""
    conn = _connect(sandbox)
    name = f'e2e-{uuid.uuid4().hex[:8]}'
    net = conn.network.create_network(name=name)
    subnet = conn.network.create_subnet(
        network_id=net.id, ip_version=4, cidr='10.0.1.0/24', name=name
    )
    yield conn, net, subnet
    for port in conn.network.ports(network_id=net.id):
        conn.network.delete_port(port, ignore_missing=True)
    conn.network.delete_subnet(subnet, ignore_missing=True)
    conn.network.delete_network(net, ignore_missing=True)


def test_second_up_is_fast_and_idempotent(sandbox):
    started = time.monotonic()
    result = _sandbox_cmd('up')
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:]
    assert elapsed < 15, f'up on a running sandbox took {elapsed:.1f}s'
    assert testbed.load().ids == sandbox.ids


def test_status_lists_every_process_with_pid_and_rss(sandbox):
    result = _sandbox_cmd('status')
    assert result.returncode == 0, result.stdout
    lines = {
        line.split()[0]: line.split()
        for line in result.stdout.splitlines()
        if line
    }
    for name in PROCESSES:
        assert name in lines, result.stdout
        assert lines[name][1].isdigit() and float(lines[name][2]) > 0, lines[
            name
        ]


def test_services_listen_on_loopback_only(sandbox):
    listening = set()
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port = local.rsplit(':', 1)
            if state == '0A' and int(port, 16) in FIXED_PORTS:
                listening.add((address, int(port, 16)))
    assert {port for _, port in listening} == set(FIXED_PORTS)
    # 0100007F is 127.0.0.1 in /proc's little-endian hex.
    assert all(address == '0100007F' for address, _ in listening), listening


def test_every_address_exposed_to_clients_is_loopback(sandbox):
    """Endpoints, catalog, openrc, external subnet, FIPs: all in 127/8."""
    urls = [sandbox.auth_url, *sandbox.catalog.values()]
    token_catalog = (
        sandbox.session('demo')
        .auth.get_access(sandbox.session('demo'))
        .service_catalog
    )
    for service in token_catalog.catalog:
        urls += [endpoint['url'] for endpoint in service['endpoints']]
    for openrc in sandbox.ids['openrc'].values():
        urls += [
            line.split('=', 1)[1]
            for line in Path(openrc).read_text().splitlines()
            if line.startswith('export OS_AUTH_URL=')
        ]
    assert urls
    for url in urls:
        assert _is_loopback(_url_host(url)), url

    conn = _connect(sandbox, 'admin')
    public = conn.network.get_network(sandbox.network_id('public'))
    assert public.is_router_external
    for subnet_id in public.subnet_ids:
        subnet = conn.network.get_subnet(subnet_id)
        assert ipaddress.ip_network(subnet.cidr).subnet_of(LOOPBACK), (
            subnet.cidr
        )
        assert _is_loopback(subnet.gateway_ip)
        for pool in subnet.allocation_pools:
            assert _is_loopback(pool['start']) and _is_loopback(pool['end'])
    for fip in conn.network.ips():
        assert _is_loopback(fip.floating_ip_address), fip
    for router in conn.network.routers():
        gateway = router.external_gateway_info or {}
        for fixed in gateway.get('external_fixed_ips', []):
            assert _is_loopback(fixed['ip_address']), router


def test_images_as_demo(sandbox):
    conn = _connect(sandbox)
    [coreos] = conn.image.images(name='fedora-coreos-sandbox')
    assert coreos.id == sandbox.image_id('fedora-coreos-sandbox')
    assert coreos.os_distro == 'fedora-coreos'
    plain = conn.image.get_image(sandbox.image_id('no-distro-sandbox'))
    assert plain.name == 'no-distro-sandbox' and not plain.os_distro


def test_flavors(sandbox):
    conn = _connect(sandbox)
    flavors = {f.name: f for f in conn.compute.flavors()}
    assert (
        flavors['m1.small'].vcpus,
        flavors['m1.small'].ram,
        flavors['m1.small'].disk,
    ) == (1, 2048, 20)
    assert (
        flavors['m1.magnum'].vcpus,
        flavors['m1.magnum'].ram,
        flavors['m1.magnum'].disk,
    ) == (2, 4096, 40)
    assert flavors['m1.magnum'].id == sandbox.flavor_id('m1.magnum')


@pytest.mark.parametrize('user', ['admin', 'demo', 'alt_demo'])
def test_keypair_testkey_per_user(sandbox, user):
    keypair = _connect(sandbox, user).compute.get_keypair(sandbox.keypair)
    private = sandbox.private_key(user)
    assert private.stat().st_mode & 0o077 == 0
    public = Path(str(private) + '.pub').read_text().split()[:2]
    assert keypair.public_key.split()[:2] == public


def test_identity_users_roles_and_domains(sandbox):
    roles = {
        'demo': {'member', 'reader'},
        'alt_demo': {'member', 'reader'},
        'demo_reader': {'reader'},
        'magnum': {'admin', 'service'},
    }
    for user, wanted in roles.items():
        sess = sandbox.session(user)
        access = sess.auth.get_access(sess)
        assert wanted <= set(access.role_names), (user, access.role_names)
        assert access.project_id == sandbox.ids['users'][user]['project_id']
    assert (
        'admin'
        not in sandbox.session('demo')
        .auth.get_access(sandbox.session('demo'))
        .role_names
    )

    from keystoneauth1 import session
    from keystoneauth1.identity import v3

    for user, domain in (
        ('trustee_domain_admin', 'magnum'),
        ('heat_domain_admin', 'heat'),
    ):
        creds = sandbox.credentials(user)
        auth = v3.Password(
            auth_url=creds.auth_url,
            username=user,
            password=creds.password,
            user_domain_name=domain,
            domain_name=domain,
        )
        access = auth.get_access(session.Session(auth=auth))
        assert 'admin' in access.role_names and access.domain_name == domain


def test_catalog_has_magnum_for_both_clients(sandbox):
    sess = sandbox.session('demo')
    catalog = sess.auth.get_access(sess).service_catalog
    for service_type in ('container-infra', 'container'):
        for interface in ('public', 'internal', 'admin'):
            assert catalog.url_for(
                service_type=service_type, interface=interface
            ) == ('http://127.0.0.1:9511/v1')
    for service_type in (
        'identity',
        'image',
        'compute',
        'placement',
        'network',
        'orchestration',
    ):
        assert catalog.url_for(service_type=service_type, interface='public')


def test_openrc_works_with_the_openstack_cli(sandbox):
    """The acceptance's CLI checks, as demo, from .sandbox/openrc-demo."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    for line in Path(sandbox.ids['openrc']['demo']).read_text().splitlines():
        if line.startswith('export '):
            key, _, value = line[len('export ') :].partition('=')
            env[key] = value
    assert env['OS_TENANT_NAME'] == 'demo'
    env['PYTHONWARNINGS'] = 'ignore'
    checks = {
        ('image', 'show', 'fedora-coreos-sandbox'): lambda d: (
            d['properties']['os_distro'] == 'fedora-coreos'
        ),
        ('flavor', 'list'): lambda d: (
            {'m1.small', 'm1.magnum'} <= {f['Name'] for f in d}
        ),
        ('keypair', 'show', 'testkey'): lambda d: d['name'] == 'testkey',
        ('network', 'show', 'public'): lambda d: d['router:external'] is True,
    }
    for args, check in checks.items():
        result = subprocess.run(
            [str(sandbox.openstack_cli), *args, '-f', 'json'],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, (args, result.stderr[-2000:])
        assert check(json.loads(result.stdout)), (args, result.stdout)


def test_server_on_demo_port_goes_active(sandbox, demo_net):
    conn, net, subnet = demo_net
    port = conn.network.create_port(
        network_id=net.id, fixed_ips=[{'subnet_id': subnet.id}]
    )
    server = conn.compute.create_server(
        name=f'e2e-{uuid.uuid4().hex[:8]}',
        image_id=sandbox.image_id(),
        flavor_id=sandbox.flavor_id('m1.small'),
        key_name=sandbox.keypair,
        networks=[{'port': port.id}],
    )
    try:
        server = conn.compute.wait_for_server(
            server, status='ACTIVE', wait=120, interval=0.5
        )
        assert server.status == 'ACTIVE'
        admin = _connect(sandbox, 'admin')  # binding:* is admin-only
        bound = _wait(
            lambda: (
                (p := admin.network.get_port(port.id)).status == 'ACTIVE' and p
            ),
            60,
            "the server's port to become ACTIVE",
        )
        assert (bound.binding_vif_type, bound.binding_host_id) == (
            'ovs',
            'sandbox',
        )
        assert bound.device_id == server.id
    finally:
        conn.compute.delete_server(server, ignore_missing=True)
        conn.compute.wait_for_delete(server, wait=120, interval=0.5)


def test_heat_stack_with_server_port_and_floating_ip(sandbox):
    heat = _heat(sandbox)
    name = f'e2e-{uuid.uuid4().hex[:8]}'
    stack_id = heat.stacks.create(
        stack_name=name,
        template=STACK_TEMPLATE,
        timeout_mins=10,
        disable_rollback=True,
        parameters={
            'image': 'fedora-coreos-sandbox',
            'flavor': 'm1.small',
            'key_name': sandbox.keypair,
            'public_net': 'public',
        },
    )['stack']['id']
    try:
        stack = _wait(
            lambda: (
                (s := heat.stacks.get(stack_id)).stack_status.endswith(
                    ('COMPLETE', 'FAILED')
                )
                and s
            ),
            300,
            'the stack to be created',
        )
        assert stack.stack_status == 'CREATE_COMPLETE', (
            stack.stack_status_reason
        )
        outputs = {o['output_key']: o['output_value'] for o in stack.outputs}
        assert _is_loopback(outputs['floating_ip']), outputs
        server = _connect(sandbox).compute.get_server(outputs['server_id'])
        assert server.status == 'ACTIVE'
    finally:
        heat.stacks.delete(stack_id)

    def gone():
        try:
            return heat.stacks.get(stack_id).stack_status == 'DELETE_COMPLETE'
        except heat_exc.HTTPNotFound:
            return True

    _wait(gone, 300, 'the stack to be deleted')


def test_magnum_service_user_lists_stacks_of_all_projects(sandbox):
    heat = _heat(sandbox, 'magnum')
    list(heat.stacks.list(global_tenant=True))
    with pytest.raises(heat_exc.HTTPForbidden):
        list(_heat(sandbox, 'demo').stacks.list(global_tenant=True))

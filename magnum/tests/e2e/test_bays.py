"""Bays through the real clients, Heat, Nova and Neutron (issue 4).

Every bay is built by the project's real HOT templates in the sandbox's
Heat; the sandbox node agent does what the nodes' boot scripts would:
fetch certificates from the API, serve the bay's Kubernetes API on the
master's floating IP (a 127.42.0.x address) and signal Heat.
"""

import ipaddress
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
import pytest

from magnum.tests.e2e import bays
from magnum.tests.e2e import clients

LOOPBACK = ipaddress.ip_network('127.0.0.0/8')


@pytest.fixture
def demo(sandbox):
    return clients.CLI(sandbox, 'demo')


@pytest.fixture
def bay_template(demo):
    name = bays.template(demo)
    yield name
    demo.openstack('coe', 'cluster', 'template', 'delete', name)


def _csr(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(
            x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'e2e-user')])
        )
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / 'user.csr'
    path.write_bytes(csr.public_bytes(serialization.Encoding.PEM))
    return path


def test_bay_lifecycle(demo, sandbox, bay_template, tmp_path):
    bay = bays.unique('k1')
    try:
        bays.create(demo, bay_template, bay, '--node-count', '2')
        doc = bays.wait_status(demo, bay, 'CREATE_COMPLETE')
        address = doc['api_address'].split('//')[1].rsplit(':', 1)[0]
        assert ipaddress.ip_address(address) in LOOPBACK
        for node in doc['node_addresses'] + doc['master_addresses']:
            assert ipaddress.ip_address(node) in LOOPBACK

        config = demo.openstack(
            'coe', 'cluster', 'config', bay, '--dir', str(tmp_path)
        )
        assert config.returncode == 0, config.output
        nodes = bays.kubectl(tmp_path / 'config', 'get', 'nodes')
        assert nodes.returncode == 0, nodes.stderr
        assert nodes.stdout.count(' Ready ') == 2

        ca = demo.openstack('coe', 'ca', 'show', bay)
        assert ca.stdout.startswith('-----BEGIN CERTIFICATE-----')
        signed = demo.openstack('coe', 'ca', 'sign', bay, _csr(tmp_path))
        assert '-----BEGIN CERTIFICATE-----' in signed.stdout, signed.output

        alt = clients.CLI(sandbox, 'alt_demo')
        assert bay not in {b['name'] for b in alt.coe_json('cluster', 'list')}
        assert '404' in alt.openstack('coe', 'cluster', 'show', bay).output
        assert alt.openstack('coe', 'ca', 'show', bay).returncode != 0

        result = demo.openstack('coe', 'cluster', 'resize', bay, '3')
        assert result.returncode == 0, result.output
        doc = bays.wait_status(demo, bay, 'UPDATE_COMPLETE')
        assert doc['node_count'] == 3
        stack = bays.heat(sandbox).stacks.get(doc['cluster_id'])
        assert stack.parameters['number_of_minions'] == '3'
        nodes = bays.kubectl(tmp_path / 'config', 'get', 'nodes')
        assert nodes.stdout.count(' Ready ') == 3

        stack_id = doc['cluster_id']
        result = demo.openstack('coe', 'cluster', 'delete', bay)
        assert result.returncode == 0, result.output
        bays.wait_gone(demo, bay)
        assert not bays.stack_exists(sandbox, stack_id)
    finally:
        bays.delete(demo, bay)


def test_failed_bay_names_the_resource_within_two_seconds(
    demo, sandbox, bay_template
):
    bay = bays.unique('kf')
    try:
        bays.create(
            demo,
            bay_template,
            bay,
            '--labels',
            'sandbox_fail_resource=kube_masters',
        )
        uuid = bays.show(demo, bay)['uuid']
        heat = bays.heat(sandbox)
        stack_failed = bay_failed = None
        deadline = time.monotonic() + bays.BAY_TIMEOUT
        while bay_failed is None and time.monotonic() < deadline:
            doc = bays.show(demo, bay)
            if doc['cluster_id'] and stack_failed is None:
                stack = heat.stacks.get(doc['cluster_id'])
                if stack.stack_status == 'CREATE_FAILED':
                    stack_failed = time.monotonic()
            if doc['status'] == 'CREATE_FAILED':
                bay_failed = time.monotonic()
            time.sleep(0.2)
        assert bay_failed is not None, 'the bay never failed'
        assert stack_failed is None or bay_failed - stack_failed <= 2.0
        doc = bays.show(demo, bay)
        assert 'kube_masters' in doc['status_reason']
        assert 'made to fail by the sandbox' in doc['status_reason']
        assert doc['faults']['default-master'] == doc['status_reason']
        assert uuid
    finally:
        bays.delete(demo, bay)


def test_a_bay_whose_stack_hangs_fails_at_its_timeout(
    demo, sandbox, bay_template
):
    """The masters never signal; the bay's 1-minute timeout ends it
    CREATE_FAILED, and nothing stays IN_PROGRESS.

    The conductor's own check and Heat's stack timeout (the same minute)
    race: whichever fails the bay, the stack must end CREATE_FAILED shortly
    after."""
    bay = bays.unique('kh')
    try:
        bays.create(
            demo,
            bay_template,
            bay,
            '--timeout',
            '1',
            '--labels',
            'sandbox_hang_resource=kube_masters',
        )
        started = time.monotonic()
        doc = bays.wait_status(demo, bay, 'CREATE_FAILED', timeout=180)
        took = time.monotonic() - started
        assert 55 <= took <= 120, took
        assert doc['create_timeout'] == 1
        assert 'timed out' in doc['status_reason'].lower(), doc
        heat = bays.heat(sandbox)
        deadline = time.monotonic() + 60
        stack = heat.stacks.get(doc['cluster_id'])
        while (
            stack.stack_status == 'CREATE_IN_PROGRESS'
            and time.monotonic() < deadline
        ):
            time.sleep(1)
            stack = heat.stacks.get(doc['cluster_id'])
        assert stack.stack_status == 'CREATE_FAILED', stack.stack_status
    finally:
        bays.delete(demo, bay)


def test_legacy_bay_commands(demo, bay_template):
    bay = bays.unique('b1')
    try:
        result = demo.magnum(
            'bay-create',
            '--name',
            bay,
            '--baymodel',
            bay_template,
            '--node-count',
            '1',
        )
        assert result.returncode == 0, result.output
        assert bay in demo.magnum('bay-list').stdout
        bays.wait_status(demo, bay, 'CREATE_COMPLETE')
        shown = demo.magnum('bay-show', bay)
        assert 'CREATE_COMPLETE' in shown.stdout
        result = demo.magnum('bay-update', bay, 'replace', 'node_count=2')
        assert result.returncode == 0, result.output
        doc = bays.wait_status(demo, bay, 'UPDATE_COMPLETE')
        assert doc['node_count'] == 2
        result = demo.magnum('bay-delete', bay)
        assert result.returncode == 0, result.output
        bays.wait_gone(demo, bay)
    finally:
        bays.delete(demo, bay)


def _node_params(sandbox, stack_id):
    """heat-params of the bay's servers, as the node agent reads them."""
    agent = bays.node_agent()
    session = sandbox.session('admin')
    servers = session.get(
        '/servers/detail?all_tenants=1',
        endpoint_filter={'service_type': 'compute', 'interface': 'public'},
        headers={'OpenStack-API-Version': 'compute 2.3'},
    ).json()['servers']
    stack = bays.heat(sandbox).stacks.get(stack_id)
    return {
        s['name']: agent.heat_params(s['OS-EXT-SRV-ATTR:user_data'])
        for s in servers
        if s['name'].startswith(stack.stack_name + '-')
    }


def test_bays_built_at_the_same_time(demo, sandbox, bay_template):
    """Heat builds the nodes of several bays at once (its engine threads
    once failed them at random on a shared yaql parser); every node gets
    its own values in place of each placeholder of its user data."""
    names = [bays.unique('kc') for _ in range(3)]
    try:
        for bay in names:
            bays.create(demo, bay_template, bay, '--node-count', '3')
        docs = [
            bays.wait_status(demo, bay, 'CREATE_COMPLETE') for bay in names
        ]
        for doc in docs:
            nodes = _node_params(sandbox, doc['cluster_id'])
            assert len(nodes) == 4, sorted(nodes)
            for name, params in nodes.items():
                assert params, name
                assert params['CLUSTER_UUID'] == doc['uuid']
                assert params['NODE_NAME'] == name
                assert params['NODE_IP'].startswith('10.0.0.')
                assert params['TRUST_ID'] and params['TRUSTEE_PASSWORD']
                assert params['WAIT_ENDPOINT'].endswith('/signal')
                assert params['FIXED_SUBNET_CIDR'] == '10.0.0.0/24'
                assert not [k for k, v in params.items() if '@@' in v], name
            roles = sorted(p['NODE_ROLE'] for p in nodes.values())
            assert roles == ['master'] + ['minion'] * 3
    finally:
        bays.delete(demo, *names)

"""The Heat driver and its real templates against the sandbox cloud.

The VM driver creates kubecluster.yaml stacks as ``demo`` (its token),
with the sandbox Heat environment ([cluster_heat] extra_environment_files)
standing in for Cinder and Octavia; Nova (fake driver), Neutron and Heat
are real. The sandbox node agent boots the nodes: it fetches certificates
with the bay's trustee (a real trustee user and trust) from a stand-in of
the magnum certificates API (certs_stub.py: no magnum database here),
serves the bay's Kubernetes API double on the master's floating IP and
signals the wait conditions. States, outputs and failure reasons are read
as magnum's service user, as the conductor does.

Skipped unless the sandbox's Heat answers on 127.0.0.1:8004 (the sandbox
is shared: these tests never start, stop or purge it). The sandbox's own
node agent is used when it runs (``MAGNUM_TEST_SANDBOX_HOME``, default
``.sandbox`` of this checkout), else the test starts one. The Kubernetes
API double must be importable (``MAGNUM_TEST_K8S_DOUBLE_PATH`` may name
the checkout that holds it).
"""

import hashlib
import http.server
import ipaddress
import json
import os
from pathlib import Path
import secrets
import signal
import subprocess
import sys
import threading
import time
import types
import uuid

from keystoneauth1 import loading as ka_loading
from keystoneauth1 import session as ka_session
from keystoneauth1.identity import v3
from oslo_config import cfg
import pytest
import requests

from magnum.common import context as magnum_context
from magnum.common import keystone
from magnum.drivers.heat import k8s_vm
from magnum.tests.e2e import bays as e2e_bays
from magnum.tests.e2e import certs_stub
from magnum.tests.e2e import testbed
from magnum.tests.fakes import bays

pytestmark = pytest.mark.e2e

CHECKOUT = Path(__file__).resolve().parents[3]
AUTH_URL = 'http://127.0.0.1:5000/v3'
HEAT_URL = 'http://127.0.0.1:8004'
SANDBOX_ENV = CHECKOUT / 'tools' / 'sandboxlib' / 'bay' / 'heat'
FLOATING = ipaddress.ip_network('127.42.0.0/24')
#: Upper bound of one stack operation in the sandbox (seconds).
DEADLINE = 300
TIMINGS = {}


@pytest.fixture(scope='module', autouse=True)
def report_timings():
    """Print the seconds each stack operation took (with ``-s``)."""
    yield
    if TIMINGS:
        print('\nstack operation timings (s): %s' % TIMINGS)


def _session(username, password, project=None, domain='Default'):
    kwargs = {'project_name': project, 'project_domain_name': domain}
    if project is None:
        kwargs = {'domain_name': domain}
    auth = v3.Password(
        auth_url=AUTH_URL,
        username=username,
        password=password,
        user_domain_name=domain,
        **kwargs,
    )
    return ka_session.Session(auth=auth)


#: magnum's options in the test: its service user, the sandbox environment.
OPTIONS = {
    'keystone_auth': {
        'auth_type': 'password',
        'auth_url': AUTH_URL,
        'username': 'magnum',
        'password': 'magnum-pass',
        'project_name': 'service',
        'user_domain_name': 'Default',
        'project_domain_name': 'Default',
        'region_name': 'RegionOne',
    },
    'cluster_heat': {
        'extra_environment_files': [str(SANDBOX_ENV / 'sandbox-env.yaml')],
        'create_timeout': 10,
    },
}


@pytest.fixture(scope='module')
def stub():
    """A stand-in of magnum's certificates API for the nodes; the sandbox
    cloud (brought up here, failing loudly) provides the rest."""
    try:
        testbed.ensure_up()
    except testbed.TestbedError as exc:
        pytest.fail('the sandbox cloud is not available: %s' % exc)
    server = certs_stub.CertsStub(
        _session('admin', 'admin', 'admin'), AUTH_URL
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope='module')
def magnum_conf(stub):
    """Override magnum's options (no configuration file is parsed)."""
    conf = cfg.CONF
    auth_opts = ka_loading.get_auth_plugin_conf_options('password')
    conf.register_opts(auth_opts, group='keystone_auth')
    options = dict(OPTIONS)
    options['cluster_heat'] = dict(
        OPTIONS['cluster_heat'], magnum_url=stub.url
    )
    for group, values in options.items():
        for name, value in values.items():
            conf.set_override(name, value, group=group)
    keystone.reset()
    yield
    for group, values in options.items():
        for name in values:
            conf.clear_override(name, group=group)
    # Left registered, the plugin's required auth_url would fail the next
    # parse of a configuration file in this process (tests/conftest.py).
    conf.unregister_opts(auth_opts, group='keystone_auth')
    keystone.reset()


def _double_path():
    path = os.environ.get('MAGNUM_TEST_K8S_DOUBLE_PATH', str(CHECKOUT))
    assert (Path(path) / 'magnum' / 'tests' / 'k8s_double').is_dir(), (
        'the Kubernetes API double is not in %s' % path
    )
    return path


@pytest.fixture(scope='module')
def node_agent(stub, tmp_path_factory):
    """The sandbox's node agent if it runs, else one of this test's."""
    home = Path(
        os.environ.get('MAGNUM_TEST_SANDBOX_HOME', CHECKOUT / '.sandbox')
    )
    try:
        pid = int((home / 'run' / 'node-agent.pid').read_text().split()[0])
        os.kill(pid, 0)
        yield 'sandbox'
        return
    except (OSError, ValueError, IndexError):
        pass
    state = tmp_path_factory.mktemp('node-agent')
    env = dict(os.environ, PYTHONPATH=str(CHECKOUT / 'tools'))
    proc = subprocess.Popen(
        [
            sys.executable,
            '-m',
            'sandboxlib.bay.node_agent',
            '--state-dir',
            str(state),
            '--log-file',
            str(state / 'node-agent.log'),
            '--double-path',
            _double_path(),
        ],
        env=env,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not (state / 'ready').exists():
        assert proc.poll() is None, (state / 'node-agent.log').read_text()
        assert time.monotonic() < deadline, 'the node agent is not ready'
        time.sleep(0.2)
    yield state
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


class Sandbox:
    """demo's side of a bay: its context, trustee and trust."""

    def __init__(self, stub):
        self.stub = stub
        self.demo = _session('demo', 'demo-pass', 'demo')
        self.trustee_admin = _session(
            'trustee_domain_admin', 'trustee-domain-pass', domain='magnum'
        )
        self.project_id = self.demo.get_project_id()
        self.user_id = self.demo.get_user_id()
        self.cleanups = []

    def context(self):
        return magnum_context.RequestContext(
            auth_token=self.demo.get_token(),
            project_id=self.project_id,
            user_id=self.user_id,
            is_admin=False,
        )

    def trust(self, bay_uuid):
        """Create the bay's trustee and demo's trust to it (as magnum)."""
        password = secrets.token_urlsafe(18)
        domain = self.trustee_admin.get(
            AUTH_URL + '/domains?name=magnum'
        ).json()['domains'][0]['id']
        user = self.trustee_admin.post(
            AUTH_URL + '/users',
            json={
                'user': {
                    'name': '%s_%s' % (bay_uuid, self.project_id),
                    'password': password,
                    'domain_id': domain,
                }
            },
        ).json()['user']
        self.cleanups.append(
            lambda: self.trustee_admin.delete(
                AUTH_URL + '/users/' + user['id'], raise_exc=False
            )
        )
        return user, password, self._trust_to(user['id'])

    def _trust_to(self, trustee_id):
        """Create demo's trust to the trustee (deleted at the end)."""
        trust = self.demo.post(
            AUTH_URL + '/OS-TRUST/trusts',
            json={
                'trust': {
                    'trustor_user_id': self.user_id,
                    'trustee_user_id': trustee_id,
                    'project_id': self.project_id,
                    'impersonation': True,
                    'roles': [{'name': 'member'}],
                }
            },
        ).json()['trust']
        self.cleanups.append(
            lambda: self.demo.delete(
                AUTH_URL + '/OS-TRUST/trusts/' + trust['id'], raise_exc=False
            )
        )
        return trust['id']

    def rotate_trust(self, cluster):
        """Give the bay's trustee a new password and the bay a new trust,
        deleting the old one (as magnum's credential rotation does);
        return (password, trust id)."""
        password = secrets.token_urlsafe(18)
        self.trustee_admin.patch(
            AUTH_URL + '/users/' + cluster.trustee_user_id,
            json={'user': {'password': password}},
        )
        trust_id = self._trust_to(cluster.trustee_user_id)
        self.demo.delete(AUTH_URL + '/OS-TRUST/trusts/' + cluster.trust_id)
        return password, trust_id

    def bay(self, labels=None, minions=1, **options):
        """Return (cluster, template, nodegroups) of a new sandbox bay.

        :param options: fields of the bay (master_lb_enabled...).
        """
        bay_uuid = str(uuid.uuid4())
        user, password, trust_id = self.trust(bay_uuid)
        self.stub.add_bay(trust_id, labels, uuid_=bay_uuid)
        template = bays.make_template(
            uuid=str(uuid.uuid4()),
            master_flavor_id='m1.small',
            dns_nameserver='127.0.0.1',
        )
        cluster = bays.make_cluster(
            uuid=bay_uuid,
            name='e2e-%s' % bay_uuid[:6],
            project_id=self.project_id,
            user_id=self.user_id,
            labels=dict(labels or {}),
            trustee_user_id=user['id'],
            trustee_username=user['name'],
            trustee_password=password,
            trust_id=trust_id,
            stack_id=None,
            **options,
        )
        groups = bays.make_groups(minions=minions, stack_id=None)
        return cluster, template, groups

    def close(self):
        for cleanup in reversed(self.cleanups):
            cleanup()


@pytest.fixture
def sandbox(stub, magnum_conf, node_agent):
    box = Sandbox(stub)
    yield box
    box.close()


def wait_for(driver, stack_id, what):
    """Poll the stack's state (the conductor's batched read) until it is
    no longer in progress; return (state, seconds)."""
    start = time.monotonic()
    while True:
        state = driver.get_states(None, [stack_id])[stack_id]
        if not state.status.endswith('_IN_PROGRESS'):
            elapsed = round(time.monotonic() - start, 1)
            TIMINGS[what] = elapsed
            return state, elapsed
        assert time.monotonic() - start < DEADLINE, (what, state)
        time.sleep(0.5)


def api_get(api, path, bay, tmp_path):
    cert, key = bay.client_cert()
    (tmp_path / 'ca.pem').write_text(bay.ca_pem)
    (tmp_path / 'client.pem').write_text(cert)
    (tmp_path / 'client-key.pem').write_text(key)
    return requests.get(
        api + path,
        verify=str(tmp_path / 'ca.pem'),
        cert=(str(tmp_path / 'client.pem'), str(tmp_path / 'client-key.pem')),
        timeout=10,
    )


def delete(driver, context, cluster, groups, what='delete'):
    if driver.delete_cluster(context, cluster, groups):
        return
    state, _ = wait_for(driver, cluster.stack_id, what)
    assert state.status == 'DELETE_COMPLETE', state


def test_bay_create_scale_delete(sandbox, stub, tmp_path):
    driver = k8s_vm.KubernetesVMDriver()
    context = sandbox.context()
    cluster, template, groups = sandbox.bay()
    cluster.stack_id = driver.create_cluster(
        context, cluster, template, groups, 10
    )
    for group in groups:  # as the conductor records it
        group.stack_id = cluster.stack_id
    try:
        # A conductor that retries gets the same stack.
        assert (
            driver.create_cluster(context, cluster, template, groups, 10)
            == cluster.stack_id
        )
        state, _ = wait_for(driver, cluster.stack_id, 'create')
        assert state.status == 'CREATE_COMPLETE', driver.get_failure_reason(
            None, cluster, cluster.stack_id
        )

        outputs = driver.get_outputs(None, cluster, template, groups)
        address = outputs.api_address.split('//')[1].split(':')[0]
        assert outputs.api_address == 'https://%s:6443' % address
        assert ipaddress.ip_address(address) in FLOATING
        master = outputs.nodegroups['default-master']
        worker = outputs.nodegroups['default-worker']
        assert (master.node_count, worker.node_count) == (1, 1)
        assert master.node_addresses == (address,)
        assert ipaddress.ip_address(worker.node_addresses[0]) in FLOATING

        bay = stub.bays[cluster.uuid]
        health = api_get(outputs.api_address, '/healthz', bay, tmp_path)
        assert (health.status_code, health.text) == (200, 'ok')
        nodes = api_get(outputs.api_address, '/api/v1/nodes', bay, tmp_path)
        assert len(nodes.json()['items']) == 1

        groups[1].node_count = 2
        driver.update_cluster(context, cluster, template, groups)
        state, _ = wait_for(driver, cluster.stack_id, 'scale 1->2')
        assert state.status == 'UPDATE_COMPLETE', driver.get_failure_reason(
            None, cluster, cluster.stack_id
        )
        outputs = driver.get_outputs(None, cluster, template, groups)
        assert outputs.nodegroups['default-worker'].node_count == 2
        assert len(outputs.nodegroups['default-worker'].node_addresses) == 2
        items = api_get(
            outputs.api_address, '/api/v1/nodes', bay, tmp_path
        ).json()['items']
        assert sorted(
            c['status']
            for n in items
            for c in n['status']['conditions']
            if c['type'] == 'Ready'
        ) == ['True', 'True']
        # Every node fetched its certificate with the bay's trust.
        assert len(bay.signed) == 3

        # Scale down, removing the first minion by its server name.
        names = sorted(n['metadata']['name'] for n in items)
        assert names[0].endswith('-minion-0')
        groups[1].node_count = 1
        driver.resize_cluster(
            context, cluster, template, groups[1], 1, [names[0]]
        )
        state, _ = wait_for(driver, cluster.stack_id, 'scale 2->1')
        assert state.status == 'UPDATE_COMPLETE', driver.get_failure_reason(
            None, cluster, cluster.stack_id
        )
        deadline = time.monotonic() + 30
        while True:
            items = api_get(
                outputs.api_address, '/api/v1/nodes', bay, tmp_path
            ).json()['items']
            left = [n['metadata']['name'] for n in items]
            if left == names[1:] or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert left == names[1:]
    finally:
        delete(driver, context, cluster, groups)


def test_nodegroup_of_its_own_joins_the_bay(sandbox, stub, tmp_path):
    """A nodegroup stack (is_cluster_stack=false) builds on the bay's
    network, security group and API: its minion registers Ready in the
    bay's Kubernetes double, and deleting the stack removes it."""
    driver = k8s_vm.KubernetesVMDriver()
    context = sandbox.context()
    cluster, template, groups = sandbox.bay()
    cluster.stack_id = driver.create_cluster(
        context, cluster, template, groups, 10
    )
    for group in groups:
        group.stack_id = cluster.stack_id
    extra = bays.make_nodegroup(
        'ng1', 'worker', 1, 3, is_default=False, stack_id=None
    )
    try:
        state, _ = wait_for(driver, cluster.stack_id, 'create')
        assert state.status == 'CREATE_COMPLETE', driver.get_failure_reason(
            None, cluster, cluster.stack_id
        )
        extra.stack_id = driver.create_nodegroup(
            context, cluster, template, extra
        )
        assert extra.stack_id != cluster.stack_id
        # A retried create finds the same stack.
        assert (
            driver.create_nodegroup(context, cluster, template, extra)
            == extra.stack_id
        )
        state, _ = wait_for(driver, extra.stack_id, 'nodegroup create')
        assert state.status == 'CREATE_COMPLETE', driver.get_failure_reason(
            None, cluster, extra.stack_id
        )
        outputs = driver.get_outputs(None, cluster, template, groups + [extra])
        added = outputs.nodegroups['ng1']
        assert added.node_count == 1
        assert ipaddress.ip_address(added.node_addresses[0]) in FLOATING
        bay = stub.bays[cluster.uuid]
        items = api_get(
            outputs.api_address, '/api/v1/nodes', bay, tmp_path
        ).json()['items']
        ready = {
            n['metadata']['name']: [
                c['status']
                for c in n['status']['conditions']
                if c['type'] == 'Ready'
            ]
            for n in items
        }
        assert len(ready) == 2, ready
        assert all(v == ['True'] for v in ready.values()), ready
        assert any('-ng1-' in name for name in ready), ready

        assert not driver.delete_nodegroup(context, cluster, extra)
        state, _ = wait_for(driver, extra.stack_id, 'nodegroup delete')
        assert state.status == 'DELETE_COMPLETE', state
        deadline = time.monotonic() + 30
        while True:
            items = api_get(
                outputs.api_address, '/api/v1/nodes', bay, tmp_path
            ).json()['items']
            if len(items) == 1 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert [n['metadata']['name'] for n in items] == [
            n for n in ready if '-ng1-' not in n
        ]
    finally:
        if extra.stack_id:
            driver.delete_nodegroup(context, cluster, extra)
            wait_for(driver, extra.stack_id, 'nodegroup delete (cleanup)')
        delete(driver, context, cluster, groups)


def agent_rotates(node_agent):
    """Whether the node agent behind the bays runs this checkout's code
    (the sandbox's runs its own checkout's until the lead deploys)."""
    if node_agent != 'sandbox':
        return True
    home = Path(
        os.environ.get('MAGNUM_TEST_SANDBOX_HOME', CHECKOUT / '.sandbox')
    )
    mine = hashlib.sha256(
        (CHECKOUT / 'tools/sandboxlib/bay/node_agent.py').read_bytes()
    ).hexdigest()
    try:
        running = (home / 'state/node-agent/code.sha256').read_text().strip()
    except OSError:
        return False
    return running == mine


def servers(stack_id):
    """``{name: (server id, metadata)}`` of a stack's nodes (Nova, admin)."""
    admin = _session('admin', 'admin', 'admin')
    name = _heat(admin).stacks.get(stack_id).stack_name
    found = admin.get(
        '/servers/detail?all_tenants=1&name=^%s-' % name,
        endpoint_filter={'service_type': 'compute'},
        headers={'OpenStack-API-Version': 'compute 2.47'},
    ).json()['servers']
    return {s['name']: (s['id'], s['metadata']) for s in found}


def _heat(session):
    from heatclient import client as heat_client

    return heat_client.Client('1', session=session)


def built(driver, context, sandbox, tmp_path, what, **options):
    """Create a bay with one minion and wait for it; return (cluster,
    template, groups, outputs)."""
    cluster, template, groups = sandbox.bay(**options)
    cluster.stack_id = driver.create_cluster(
        context, cluster, template, groups, 10
    )
    for group in groups:
        group.stack_id = cluster.stack_id
    state, _ = wait_for(driver, cluster.stack_id, what)
    assert state.status == 'CREATE_COMPLETE', driver.get_failure_reason(
        None, cluster, cluster.stack_id
    )
    return (
        cluster,
        template,
        groups,
        driver.get_outputs(None, cluster, template, groups),
    )


def eventually(check, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            return check()
        except (AssertionError, requests.RequestException):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def test_ca_rotation_in_place(sandbox, stub, node_agent, tmp_path):
    """The stack update changes every server's metadata in place (same
    servers, same addresses); the node agent then serves the API with a
    certificate of the new CA and accepts only clients of the new CA."""
    driver = k8s_vm.KubernetesVMDriver()
    context = sandbox.context()
    cluster, template, groups, outputs = built(
        driver, context, sandbox, tmp_path, 'create (CA rotation)'
    )
    try:
        bay = stub.bays[cluster.uuid]
        before = servers(cluster.stack_id)
        assert len(before) == 2
        old = tmp_path / 'old'
        old.mkdir()
        health = api_get(outputs.api_address, '/healthz', bay, old)
        assert health.status_code == 200

        bay.rotate_ca()
        cluster.ca_cert_ref = 'rotated-%s' % uuid.uuid4()
        assert driver.rotate_ca_certificate(context, cluster, template, groups)
        state, _ = wait_for(driver, cluster.stack_id, 'CA rotation')
        assert state.status == 'UPDATE_COMPLETE', driver.get_failure_reason(
            None, cluster, cluster.stack_id
        )
        after = servers(cluster.stack_id)
        assert {n: v[0] for n, v in after.items()} == {
            n: v[0] for n, v in before.items()
        }
        marks = {v[1].get('magnum_ca_rotation_id') for v in after.values()}
        assert len(marks) == 1 and marks != {''}, after
        again = driver.get_outputs(None, cluster, template, groups)
        assert again.api_address == outputs.api_address
        assert again.nodegroups == outputs.nodegroups

        assert agent_rotates(node_agent), (
            "the sandbox's node agent runs another checkout's code: run "
            'tools/sandbox up from this checkout'
        )
        new = tmp_path / 'new'
        new.mkdir()

        def served_by_the_new_ca():
            nodes = api_get(outputs.api_address, '/api/v1/nodes', bay, new)
            assert nodes.status_code == 200, nodes.text
            return nodes.json()['items']

        items = eventually(served_by_the_new_ca)
        assert len(items) == 1
        # What clients of the old CA hold no longer verifies.
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(
                outputs.api_address + '/healthz',
                verify=str(old / 'ca.pem'),
                cert=(str(old / 'client.pem'), str(old / 'client-key.pem')),
                timeout=10,
            )
    finally:
        delete(driver, context, cluster, groups, 'delete (CA rotation)')


def test_credential_rotation_replaces_the_nodes(
    sandbox, stub, node_agent, tmp_path
):
    """New trustee credentials reach the nodes on new servers that keep
    the old ones' names, ports and addresses; they boot with the new trust
    (the stub refuses the old one)."""
    driver = k8s_vm.KubernetesVMDriver()
    context = sandbox.context()
    cluster, template, groups, outputs = built(
        driver, context, sandbox, tmp_path, 'create (credential rotation)'
    )
    try:
        bay = stub.bays[cluster.uuid]
        before = servers(cluster.stack_id)
        signed = len(bay.signed)
        password, trust_id = sandbox.rotate_trust(cluster)
        cluster.trustee_password, cluster.trust_id = password, trust_id
        bay.trust_id = trust_id
        assert driver.rotate_credential(context, cluster, template, groups)
        state, _ = wait_for(driver, cluster.stack_id, 'credential rotation')
        assert state.status == 'UPDATE_COMPLETE', driver.get_failure_reason(
            None, cluster, cluster.stack_id
        )
        after = servers(cluster.stack_id)
        assert sorted(after) == sorted(before)
        assert not {v[0] for v in after.values()} & {
            v[0] for v in before.values()
        }
        again = driver.get_outputs(None, cluster, template, groups)
        assert again.api_address == outputs.api_address
        assert again.nodegroups == outputs.nodegroups

        assert agent_rotates(node_agent), (
            "the sandbox's node agent runs another checkout's code: run "
            'tools/sandbox up from this checkout'
        )

        def the_minion_rejoined_with_the_new_trust():
            assert len(bay.signed) > signed
            nodes = api_get(
                outputs.api_address, '/api/v1/nodes', bay, tmp_path
            )
            assert len(nodes.json()['items']) == 1
            return nodes

        eventually(the_minion_rejoined_with_the_new_trust)
    finally:
        delete(
            driver, context, cluster, groups, 'delete (credential rotation)'
        )


class Signals(http.server.BaseHTTPRequestHandler):
    """Stands in for Heat's wait condition handles (records signals)."""

    received = []

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get('Content-Length') or 0)
        Signals.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()


def test_node_agent_rotates_the_ca_of_a_bay(sandbox, stub, tmp_path):
    """This checkout's node agent, without Heat (the sandbox's own agent
    serves the sandbox's bays): a master and a minion of a bay with a
    real trust; when their metadata names a new CA rotation, the API
    double serves a certificate of the new CA, accepts clients of the new
    CA only, and the minion is registered again."""
    node_agent = e2e_bays.node_agent()
    cluster, _, _ = sandbox.bay()
    bay = stub.bays[cluster.uuid]
    signals = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Signals)
    threading.Thread(target=signals.serve_forever, daemon=True).start()
    address = '127.43.%d.%d' % (secrets.randbelow(250), secrets.randbelow(250))
    common = {
        'CLUSTER_UUID': cluster.uuid,
        'MAGNUM_URL': stub.url,
        'AUTH_URL': AUTH_URL,
        'TRUSTEE_USER_ID': cluster.trustee_user_id,
        'TRUSTEE_PASSWORD': cluster.trustee_password,
        'TRUST_ID': cluster.trust_id,
        'VERIFY_CA': 'true',
        'TLS_DISABLED': 'false',
        'KUBE_API_PORT': '6443',
        'WAIT_TOKEN': 't',
        'WAIT_ENDPOINT': 'http://127.0.0.1:%d/signal'
        % signals.server_address[1],
    }
    master = dict(
        common,
        NODE_ROLE='master',
        NODE_NAME='e2e-master-0',
        NODE_IP='10.0.0.5',
        NODE_PUBLIC_IP=address,
    )
    minion = dict(
        common,
        NODE_ROLE='minion',
        NODE_NAME='e2e-minion-0',
        NODE_IP='10.0.0.6',
        KUBE_API_PRIVATE_ADDRESS='10.0.0.5',
    )
    admin = _session('admin', 'admin', 'admin')
    owner = types.SimpleNamespace(
        state_dir=tmp_path / 'agent',
        python=sys.executable,
        double_path=_double_path(),
        # The agent reads a bay's labels with an administrator's token.
        _admin=admin.get_token,
    )
    agent_bay = node_agent.Bay(cluster.uuid, owner)

    def nodes(rotation):
        return [
            node_agent.Node('server-m', 'e2e-master-0', master, rotation),
            node_agent.Node('server-n', 'e2e-minion-0', minion, rotation),
        ]

    api = 'https://%s:6443' % address
    old, new = tmp_path / 'old', tmp_path / 'new'
    old.mkdir()
    new.mkdir()
    try:
        agent_bay.reconcile(nodes('first'))
        assert [s['status'] for s in Signals.received] == ['SUCCESS'] * 2
        items = api_get(api, '/api/v1/nodes', bay, old).json()['items']
        assert [n['metadata']['name'] for n in items] == ['e2e-minion-0']

        agent_bay.reconcile(nodes('first'))  # nothing new: nothing done
        api_get(api, '/healthz', bay, old).raise_for_status()

        bay.rotate_ca()
        agent_bay.reconcile(nodes('second'))
        items = api_get(api, '/api/v1/nodes', bay, new).json()['items']
        assert [n['metadata']['name'] for n in items] == ['e2e-minion-0']
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(
                api + '/healthz',
                verify=str(old / 'ca.pem'),
                cert=(str(old / 'client.pem'), str(old / 'client-key.pem')),
                timeout=10,
            )
        # A client of the old CA that trusts the new server is refused.
        (old / 'new-ca.pem').write_text(bay.ca_pem)
        refused = False
        try:
            answer = requests.get(
                api + '/healthz',
                verify=str(old / 'new-ca.pem'),
                cert=(str(old / 'client.pem'), str(old / 'client-key.pem')),
                timeout=10,
            )
            refused = answer.status_code in (401, 403)
        except requests.exceptions.SSLError:
            refused = True
        assert refused
        assert len(Signals.received) == 2
    finally:
        agent_bay.close()
        signals.shutdown()
        signals.server_close()


def test_bay_behind_the_api_load_balancer_with_volumes(
    sandbox, stub, tmp_path
):
    """The Octavia and Cinder stand-ins: the API is reached on the load
    balancer's floating IP, each node gets its docker volume."""
    driver = k8s_vm.KubernetesVMDriver()
    context = sandbox.context()
    cluster, template, groups = sandbox.bay(
        master_lb_enabled=True, docker_volume_size=5
    )
    cluster.stack_id = driver.create_cluster(
        context, cluster, template, groups, 10
    )
    for group in groups:
        group.stack_id = cluster.stack_id
    try:
        state, _ = wait_for(driver, cluster.stack_id, 'create (LB, volumes)')
        assert state.status == 'CREATE_COMPLETE', driver.get_failure_reason(
            None, cluster, cluster.stack_id
        )
        outputs = driver.get_outputs(None, cluster, template, groups)
        address = outputs.api_address.split('//')[1].split(':')[0]
        assert ipaddress.ip_address(address) in FLOATING
        assert (address,) != outputs.nodegroups[
            'default-master'
        ].node_addresses
        bay = stub.bays[cluster.uuid]
        health = api_get(outputs.api_address, '/healthz', bay, tmp_path)
        assert (health.status_code, health.text) == (200, 'ok')
    finally:
        delete(driver, context, cluster, groups, 'delete (LB, volumes)')


def test_bay_failure_reason(sandbox):
    driver = k8s_vm.KubernetesVMDriver()
    context = sandbox.context()
    cluster, template, groups = sandbox.bay(
        labels={'sandbox_fail_resource': 'kube_masters'}
    )
    cluster.stack_id = driver.create_cluster(
        context, cluster, template, groups, 10
    )
    for group in groups:  # as the conductor records it
        group.stack_id = cluster.stack_id
    try:
        state, _ = wait_for(driver, cluster.stack_id, 'create (failing)')
        assert state.status == 'CREATE_FAILED'
        reason = driver.get_failure_reason(None, cluster, cluster.stack_id)
        assert reason.startswith(
            'Resource kube_masters/0/node/wait_condition '
            '(OS::Heat::WaitCondition) failed: '
        ), reason
        assert 'sandbox_fail_resource=kube_masters' in reason
    finally:
        delete(driver, context, cluster, groups, 'delete (failed)')

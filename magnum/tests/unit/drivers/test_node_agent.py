"""The node contract as the sandbox node agent reads it (heat-params in the
Ignition user data, the wait condition's endpoint and token, loopback
only).

The agent is tooling (tools/sandboxlib/bay), loaded here by path.
"""

import base64
import http.server
import importlib.util
import json
from pathlib import Path
import threading
import time
import types
from unittest import mock
import urllib.parse

import pytest
import requests

from magnum.drivers.heat import ignition

PATH = (
    Path(__file__).resolve().parents[4] / 'tools/sandboxlib/bay/node_agent.py'
)
SPEC = importlib.util.spec_from_file_location('sandbox_node_agent', PATH)
agent = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(agent)

PARAMS = """CLUSTER_UUID='5d12f6fd-a196-4bf9-bd4c-7c3b8f1a9b22'
NODE_ROLE='master'
NODE_IP='10.0.0.5'
NODE_PUBLIC_IP='127.42.0.7'
KUBE_API_PUBLIC_ADDRESS=''
TRUSTEE_PASSWORD='it'\\''s "quoted" #1 %20'
"""


def user_data(params_text=PARAMS, path='/etc/sysconfig/heat-params'):
    config = {
        'ignition': {'version': '3.3.0'},
        'storage': {
            'files': [
                {
                    'path': '/usr/local/lib/magnum/common.sh',
                    'contents': {'source': 'data:,echo'},
                },
                {
                    'path': path,
                    'contents': {
                        'source': 'data:,' + urllib.parse.quote(params_text)
                    },
                },
            ]
        },
    }
    return base64.b64encode(json.dumps(config).encode()).decode()


def test_heat_params_are_read_from_the_ignition_config():
    params = agent.heat_params(user_data())
    assert params['NODE_ROLE'] == 'master'
    assert params['TRUSTEE_PASSWORD'] == 'it\'s "quoted" #1 %20'
    assert params['KUBE_API_PUBLIC_ADDRESS'] == ''


def test_the_agent_reads_the_configs_the_driver_renders():
    config = ignition.render(
        'minion',
        {
            'cluster_uuid': 'c-1',
            'kubelet_options': "--a='b c'\n--d=@@NODE_IP@@",
            'tls_disabled': True,
        },
    )
    filled = {
        'NODE_IP': '10.0.0.9',
        'WAIT_ENDPOINT': 'http://127.0.0.1:8004/v1/p/stacks/s/i/signal',
    }
    for name in ignition.placeholders('minion'):
        config = config.replace(
            ignition.placeholder(name), filled.get(name, 'x')
        )
    params = agent.heat_params(base64.b64encode(config.encode()).decode())
    assert params['CLUSTER_UUID'] == 'c-1'
    assert params['NODE_ROLE'] == 'minion'
    assert params['NODE_IP'] == '10.0.0.9'
    assert params['KUBELET_OPTIONS'] == "--a='b c'\n--d=@@NODE_IP@@"
    assert params['KUBE_API_PORT'] == '8080'
    assert params['WAIT_ENDPOINT'] == filled['WAIT_ENDPOINT']


@pytest.mark.parametrize(
    'data',
    [
        '',
        base64.b64encode(b'#cloud-config\n').decode(),
        user_data(path='/etc/other'),
        user_data(params_text="NODE_ROLE='master'\n"),
    ],
)
def test_other_servers_are_not_nodes_of_bays(data):
    assert agent.heat_params(data) is None


def test_a_master_serves_on_its_api_address():
    params = agent.heat_params(user_data())
    node = agent.Node('id', 'bay-master-0', params)
    assert (node.role, node.api_address, node.api_port) == (
        'master',
        '127.42.0.7',
        6443,
    )
    node = agent.Node(
        'id',
        'm',
        dict(
            params, KUBE_API_PUBLIC_ADDRESS='127.42.0.9', TLS_DISABLED='true'
        ),
    )
    assert (node.api_address, node.api_port, node.tls) == (
        '127.42.0.9',
        8080,
        False,
    )


@pytest.mark.parametrize(
    'url',
    [
        'http://127.0.0.1:8004/x',
        'https://127.42.0.7:6443',
        'http://localhost/',
    ],
)
def test_loopback_urls_are_allowed(url):
    assert agent.loopback(url) == url


@pytest.mark.parametrize(
    'url', ['http://10.0.0.5:6443', 'http://example.com/', 'http://[::2]/']
)
def test_other_urls_are_refused(url):
    with pytest.raises(agent.Refused):
        agent.loopback(url)


@pytest.fixture
def heat_api():
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers['Content-Length']))
            received.append((self.path, dict(self.headers), json.loads(body)))
            self.send_response(200)
            self.send_header('Content-Length', '0')
            self.end_headers()

    server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def test_the_wait_condition_is_signalled_with_its_token(heat_api):
    port, received = heat_api
    url = (
        'http://127.0.0.1:%d/v1/p/stacks/s/id/resources/wait_handle/signal'
        % port
    )
    node = agent.Node(
        'id',
        'bay-minion-1',
        {'WAIT_ENDPOINT': url, 'WAIT_TOKEN': 'gAAAA-token'},
    )
    agent.signal_heat(node, 'FAILURE', 'it broke')
    path, headers, body = received[0]
    assert path.endswith('/resources/wait_handle/signal')
    assert headers['X-Auth-Token'] == 'gAAAA-token'
    assert body == {
        'status': 'FAILURE',
        'reason': 'it broke',
        'data': 'it broke',
        'id': 'bay-minion-1',
    }


def test_signals_never_leave_loopback():
    node = agent.Node(
        'id',
        'n',
        {'WAIT_ENDPOINT': 'http://10.1.1.1:8004/signal', 'WAIT_TOKEN': 't'},
    )
    with pytest.raises(agent.Refused):
        agent.signal_heat(node, 'SUCCESS', 'ok')


def test_certificate_requests_carry_the_names_of_the_node():
    from cryptography import x509

    _, csr_pem = agent.make_csr(
        'system:node:n1', 'system:nodes', ('n1', '10.0.0.6')
    )
    csr = x509.load_pem_x509_csr(csr_pem)
    assert csr.subject.rfc4514_string() == 'O=system:nodes,CN=system:node:n1'
    sans = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert sans.value.get_values_for_type(x509.DNSName) == ['n1']
    assert [
        str(a) for a in sans.value.get_values_for_type(x509.IPAddress)
    ] == ['10.0.0.6']


def test_the_agent_refuses_slow_polling_and_remote_keystone():
    with pytest.raises(SystemExit):
        agent.parse_args(['--state-dir', '/tmp/x', '--interval', '2'])
    with pytest.raises(agent.Refused):
        agent.parse_args(
            ['--state-dir', '/tmp/x', '--auth-url', 'http://10.0.0.1:5000/v3']
        )


def test_nodes_carry_the_ca_rotation_of_their_server_metadata(tmp_path):
    args = agent.parse_args(['--state-dir', str(tmp_path)])
    poller = agent.Agent(args)
    response = mock.create_autospec(requests.Response, instance=True)
    response.status_code = 200
    response.json.return_value = {
        'servers': [
            {
                'id': 's1',
                'name': 'bay-master-0',
                'status': 'ACTIVE',
                'metadata': {'magnum_ca_rotation_id': 'r1'},
                'OS-EXT-SRV-ATTR:user_data': user_data(),
            },
            {
                'id': 's2',
                'name': 'other',
                'status': 'ACTIVE',
                'metadata': {},
                'OS-EXT-SRV-ATTR:user_data': '',
            },
        ]
    }
    poller._token, poller._token_until = 'token', time.time() + 3600
    poller._compute = 'http://127.0.0.1:8774/v2.1'
    with mock.patch.object(
        agent, '_request', autospec=True, return_value=response
    ):
        (node,) = poller.servers()
        assert (node.server_id, node.ca_rotation) == ('s1', 'r1')
        # The metadata changes in place; the user data is read once.
        response.json.return_value['servers'][0]['metadata'] = {
            'magnum_ca_rotation_id': 'r2'
        }
        del response.json.return_value['servers'][0][
            'OS-EXT-SRV-ATTR:user_data'
        ]
        (node,) = poller.servers()
    assert node.ca_rotation == 'r2'
    assert node.params['NODE_ROLE'] == 'master'
    poller.pool.shutdown()


def minion(server_id, password='p1'):
    return agent.Node(
        server_id,
        'bay-minion-0',
        {
            'NODE_ROLE': 'minion',
            'TRUSTEE_USER_ID': 'u',
            'TRUSTEE_PASSWORD': password,
            'TRUST_ID': 't-' + password,
        },
    )


def test_a_replaced_server_keeps_its_node_in_the_doubles(tmp_path):
    owner = types.SimpleNamespace(
        state_dir=tmp_path, python='python', double_path='.'
    )
    bay = agent.Bay('bay', owner)
    double = mock.create_autospec(agent.Double, instance=True)
    double.alive.return_value = True
    bay.doubles['127.42.0.7'] = double
    old = minion('old')
    bay.kubelets['old'] = (old, ('cert', 'key'))
    bay.done.add('old')
    bay.kubelets['gone'] = (minion('gone'), ('cert', 'key'))
    bay._forget('old', {'bay-minion-0'})
    double.request.assert_not_called()
    assert 'old' not in bay.kubelets and 'old' not in bay.done
    deleted = mock.create_autospec(requests.Response, instance=True)
    deleted.status_code = 200
    double.request.return_value = deleted
    bay._forget('gone', set())
    double.request.assert_called_once_with(
        'DELETE', '/api/v1/nodes/bay-minion-0', ('cert', 'key')
    )


def test_nodes_with_new_credentials_get_a_client_of_their_own(tmp_path):
    owner = types.SimpleNamespace(
        state_dir=tmp_path, python='python', double_path='.'
    )
    bay = agent.Bay('bay', owner)
    first = bay._client(minion('a'))
    assert bay._client(minion('b')) is first
    second = bay._client(minion('c', password='p2'))
    assert second is not first and bay.magnum is second
    assert second.params['TRUST_ID'] == 't-p2'


@pytest.mark.parametrize(
    'labels,signalled',
    [
        ({'sandbox_fail_resource': 'kube_minions'}, ['FAILURE']),
        ({'sandbox_hang_resource': 'kube_minions'}, []),
        ({'sandbox_hang_resource': 'kube_masters'}, None),
        ({'sandbox_fail_resource': 'nodes'}, None),
    ],
    ids=['fail', 'hang', 'other-role', 'not-honoured'],
)
def test_sandbox_labels_fail_or_hang_the_nodes_they_name(
    tmp_path, labels, signalled
):
    owner = types.SimpleNamespace(state_dir=tmp_path)
    bay = agent.Bay('bay-uuid', owner)
    bay.labels = labels
    node = agent.Node('s1', 'bay-minion-0', {'NODE_ROLE': 'minion'})
    with mock.patch.object(agent, 'signal_heat', autospec=True) as signal:
        ended = bay._made_to_fail_or_hang(node)
    assert ended is (signalled is not None)
    assert [c.args[1] for c in signal.call_args_list] == (signalled or [])
    assert ('s1' in bay.done) is ended

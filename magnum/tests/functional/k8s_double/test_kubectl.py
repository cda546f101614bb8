"""kubectl (the machine's) as a second contract client, over verified TLS.

The kubeconfig carries certificate-authority-data, client-certificate-data
and client-key-data.  Every command has ``--request-timeout 5s`` and a
subprocess timeout.  Note that kubectl never sends a bearer token over
plain HTTP, so token tests run over HTTPS.
"""

import base64
import json
import shutil
import subprocess
import time

import pytest
import yaml

from magnum.tests.functional.k8s_double.helpers import pod_body
from magnum.tests.functional.k8s_double.helpers import rc_body
from magnum.tests.functional.k8s_double.helpers import TOKEN
from magnum.tests.k8s_double import KubeDouble
from magnum.tests.k8s_double import TLSConfig

KUBECTL = shutil.which('kubectl') or '/usr/bin/kubectl'
pytestmark = pytest.mark.skipif(
    not shutil.which(KUBECTL), reason='kubectl is not installed'
)


def _b64(data):
    return base64.b64encode(data).decode()


def write_kubeconfig(path, kube, pki, user):
    config = {
        'apiVersion': 'v1',
        'kind': 'Config',
        'clusters': [
            {
                'name': 'bay',
                'cluster': {
                    'server': kube.url,
                    'certificate-authority-data': _b64(pki.read('ca')),
                },
            }
        ],
        'users': [{'name': 'admin', 'user': user}],
        'contexts': [
            {'name': 'bay', 'context': {'cluster': 'bay', 'user': 'admin'}}
        ],
        'current-context': 'bay',
    }
    path.write_text(yaml.safe_dump(config))
    return path


class Kubectl:
    """Runs kubectl against one kubeconfig with a private cache dir."""

    def __init__(self, kubeconfig, cache_dir):
        self.base = [
            KUBECTL,
            '--kubeconfig',
            str(kubeconfig),
            '--cache-dir',
            str(cache_dir),
            '--request-timeout',
            '5s',
        ]

    def __call__(self, *args, check=True, stdin=None):
        result = subprocess.run(
            self.base + list(args),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if check and result.returncode:
            raise AssertionError(f'kubectl {args} failed: {result.stderr}')
        return result

    def popen(self, *args):
        """Start kubectl in the background (for --watch)."""
        return subprocess.Popen(
            self.base + list(args),
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )


@pytest.fixture
def cluster(pki):
    tls = TLSConfig(pki.server_cert, pki.server_key, pki.ca)
    with KubeDouble(tls=tls, nodes=2, node_prefix='minion') as kube:
        yield kube


@pytest.fixture
def kubectl(cluster, pki, tmp_path):
    user = {
        'client-certificate-data': _b64(pki.read('client_cert')),
        'client-key-data': _b64(pki.read('client_key')),
    }
    return Kubectl(
        write_kubeconfig(tmp_path / 'config', cluster, pki, user),
        tmp_path / 'cache',
    )


def manifest(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(body))
    return str(path)


def test_client_and_server_version(kubectl, cluster):
    assert (
        'Client Version'
        in subprocess.run(
            [KUBECTL, 'version', '--client'],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    )
    versions = json.loads(kubectl('version', '-o', 'json').stdout)
    assert versions['serverVersion']['gitVersion'] == cluster.git_version


def test_get_nodes_shows_ready(kubectl):
    lines = kubectl('get', 'nodes').stdout.splitlines()
    assert lines[0].split()[:2] == ['NAME', 'STATUS']
    assert [line.split()[:2] for line in lines[1:]] == [
        ['minion-0', 'Ready'],
        ['minion-1', 'Ready'],
    ]


def test_create_get_apply_delete_pod(kubectl, tmp_path):
    path = manifest(
        tmp_path, 'pod.yaml', pod_body('web', labels={'app': 'web'})
    )
    assert (
        kubectl('create', '-f', path, '--validate=false').stdout.strip()
        == 'pod/web created'
    )
    listed = json.loads(kubectl('get', 'pods', '-o', 'json').stdout)
    assert [p['metadata']['name'] for p in listed['items']] == ['web']
    assert listed['items'][0]['status']['phase'] == 'Running'
    wide = kubectl('get', 'pods', '-o', 'wide').stdout.splitlines()
    assert wide[1].split()[:3] == ['web', '1/1', 'Running']
    changed = pod_body('web', image='nginx:1.26', labels={'app': 'web'})
    path = manifest(tmp_path, 'pod2.yaml', changed)
    assert (
        'pod/web configured'
        in kubectl('apply', '-f', path, '--validate=false').stdout
    )
    assert (
        kubectl(
            'get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[0].image}'
        ).stdout
        == 'nginx:1.26'
    )
    assert (
        kubectl('delete', 'pod', 'web').stdout.strip() == 'pod "web" deleted'
    )
    missing = kubectl('get', 'pod', 'web', check=False)
    assert missing.returncode != 0
    assert (
        'Error from server (NotFound): pods "web" not found' in missing.stderr
    )


def test_scale_rc(kubectl, tmp_path):
    path = manifest(tmp_path, 'rc.yaml', rc_body('redis'))
    kubectl('create', '-f', path, '--validate=false')
    assert (
        kubectl('scale', 'rc', 'redis', '--replicas=3').stdout.strip()
        == 'replicationcontroller/redis scaled'
    )
    assert (
        kubectl(
            'get', 'rc', 'redis', '-o', 'jsonpath={.status.readyReplicas}'
        ).stdout
        == '3'
    )
    names = kubectl(
        'get', 'pods', '-l', 'app=redis', '-o', 'name'
    ).stdout.split()
    assert len(names) == 3
    kubectl('delete', 'rc', 'redis')
    assert kubectl('get', 'pods', '-o', 'name').stdout.strip() == ''


def test_invalid_object_is_reported(kubectl, tmp_path):
    body = rc_body('redis')
    body['spec']['selector'] = {'app': 'other'}
    result = kubectl(
        'create',
        '-f',
        manifest(tmp_path, 'bad.yaml', body),
        '--validate=false',
        check=False,
    )
    assert result.returncode != 0
    assert 'ReplicationController "redis" is invalid' in result.stderr
    assert '`selector` does not match template `labels`' in result.stderr


def test_watch_is_bounded_by_request_timeout(kubectl, tmp_path):
    kubectl(
        'create',
        '-f',
        manifest(tmp_path, 'pod.yaml', pod_body('web')),
        '--validate=false',
    )
    started = time.monotonic()
    proc = kubectl.popen('get', 'pods', '--watch')
    try:
        time.sleep(1.5)
        kubectl('delete', 'pod', 'web', '--wait=false')
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert time.monotonic() - started < 15
    rows = [line.split()[0] for line in out.splitlines()[1:]]
    assert rows[0] == 'web' and len(rows) >= 2


def test_namespaces(kubectl, tmp_path):
    path = manifest(
        tmp_path,
        'ns.yaml',
        {'apiVersion': 'v1', 'kind': 'Namespace', 'metadata': {'name': 'bay'}},
    )
    created = kubectl('create', '-f', path, '--validate=false')
    assert created.stdout.strip() == 'namespace/bay created'
    names = kubectl('get', 'ns', '-o', 'name').stdout.split()
    assert {
        'namespace/bay',
        'namespace/default',
        'namespace/kube-system',
    } <= set(names)
    kubectl('delete', 'namespace', 'bay')
    # Typed-client generators send protobuf, which the double refuses.
    result = kubectl('create', 'namespace', 'other', check=False)
    assert 'UnsupportedMediaType' in result.stderr


def test_token_over_https(pki, tmp_path):
    tls = TLSConfig(pki.server_cert, pki.server_key, pki.ca)
    with KubeDouble(tls=tls, token=TOKEN, nodes=1) as kube:
        good = Kubectl(
            write_kubeconfig(tmp_path / 'good', kube, pki, {'token': TOKEN}),
            tmp_path / 'c1',
        )
        assert 'node-0' in good('get', 'nodes').stdout
        bad = Kubectl(
            write_kubeconfig(tmp_path / 'bad', kube, pki, {'token': 'wrong'}),
            tmp_path / 'c2',
        )
        result = bad('get', 'nodes', check=False)
        assert result.returncode != 0
        assert 'You must be logged in to the server' in result.stderr

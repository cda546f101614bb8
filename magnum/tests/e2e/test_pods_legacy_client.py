"""Pods, rcs and services with python-magnumclient 2.1.0 and kubectl.

The legacy ``magnum`` shell (``pod-*``, ``rc-*``, ``coe-service-*``) talks
to this checkout's magnum-api in the sandbox as the user ``demo``; after
every step ``kubectl``, with the bay's kubeconfig from
``openstack coe cluster config``, must show the same objects in the bay's
Kubernetes API (served by the sandbox node agent).

Needs the sandbox with magnum running, sandbox bays that reach
CREATE_COMPLETE, and the client venvs of ``tools/sandbox`` (see
``magnum.tests.e2e.clients``).
"""

import json
import pathlib
import subprocess
import time
import uuid

import pytest

from magnum.tests.fakes import manifests

pytestmark = pytest.mark.e2e

BAY_TIMEOUT = 900
KUBECTL_TIMEOUT = 60
POD = manifests.POD_YAML
RC = manifests.rc_json()
SERVICE = manifests.SERVICE_YAML


def _unique(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:6])


@pytest.fixture(scope='module')
def cli(sandbox):
    # Imported here: the client helpers come with the sandbox's clients
    # stage.
    from magnum.tests.e2e import clients

    return {
        'demo': clients.CLI(sandbox, 'demo'),
        'alt_demo': clients.CLI(sandbox, 'alt_demo'),
    }


def _wait_status(demo, name, wanted, timeout=BAY_TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        bay = demo.coe_json('cluster', 'show', name)
        if bay['status'] == wanted:
            return bay
        assert not bay['status'].endswith('FAILED'), bay
        assert time.monotonic() < deadline, bay
        time.sleep(5)


@pytest.fixture(scope='module')
def bay(cli, tmp_path_factory):
    """A CREATE_COMPLETE sandbox bay of demo and its kubeconfig."""
    demo = cli['demo']
    template = _unique('pods-tpl')
    demo.coe_json(
        'cluster',
        'template',
        'create',
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
        '--master-flavor',
        'm1.magnum',
        template,
    )
    name = _unique('pods-bay')
    created = demo.openstack(
        'coe',
        'cluster',
        'create',
        '--cluster-template',
        template,
        '--node-count',
        '1',
        name,
    )
    assert created.returncode == 0, created.output
    info = _wait_status(demo, name, 'CREATE_COMPLETE')
    directory = tmp_path_factory.mktemp('kubeconfig')
    config = demo.openstack(
        'coe', 'cluster', 'config', name, '--dir', str(directory), '--force'
    )
    assert config.returncode == 0, config.output
    yield {
        'name': name,
        'uuid': info['uuid'],
        'kubeconfig': directory / 'config',
        'dir': directory,
    }
    demo.openstack('coe', 'cluster', 'delete', name)
    deadline = time.monotonic() + BAY_TIMEOUT
    while demo.openstack('coe', 'cluster', 'show', name).returncode == 0:
        assert time.monotonic() < deadline, 'bay %s not deleted' % name
        time.sleep(5)
    demo.openstack('coe', 'cluster', 'template', 'delete', template)


def kubectl(bay, *args):
    """Run kubectl on the bay; return the parsed JSON output (``get``)."""
    output = ('-o', 'json') if args[0] == 'get' else ('-o', 'name')
    done = subprocess.run(
        [
            'kubectl',
            '--kubeconfig',
            str(bay['kubeconfig']),
            '--request-timeout',
            '10s',
            *args,
            *output,
        ],
        capture_output=True,
        text=True,
        timeout=KUBECTL_TIMEOUT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout) if args[0] == 'get' else done.stdout


def names(bay, plural):
    """Names of the objects of a kind in the bay's default namespace."""
    items = kubectl(bay, 'get', plural, '-n', 'default')['items']
    return sorted(i['metadata']['name'] for i in items)


def manifest(bay, name, text):
    path = pathlib.Path(bay['dir']) / name
    path.write_text(text)
    return str(path)


def magnum_ok(cli_, *args):
    result = cli_.magnum(*args)
    assert result.returncode == 0, result.output
    assert 'ERROR' not in result.output, result.output
    return result.stdout


def create_pod(cli_, bay):
    """``magnum pod-create`` of the pod ``web``; returns the output."""
    return magnum_ok(
        cli_,
        'pod-create',
        '--manifest',
        manifest(bay, 'pod.yaml', POD),
        '--bay',
        bay['name'],
    )


def listed(cli_, command, bay):
    """The names in a ``<kind>-list --bay`` table."""
    out = magnum_ok(cli_, command, '--bay', bay['name'])
    return sorted(
        cell.strip()
        for line in out.splitlines()
        if line.startswith('|') and not line.startswith('| uuid')
        for cell in [line.split('|')[2]]
    )


def test_pods(cli, bay):
    demo = cli['demo']
    out = create_pod(demo, bay)
    assert 'web' in out and bay['uuid'] in out
    assert names(bay, 'pods') == ['web']
    assert listed(demo, 'pod-list', bay) == ['web']
    shown = magnum_ok(demo, 'pod-show', '--bay', bay['name'], 'web')
    live = kubectl(bay, 'get', 'pod', 'web', '-n', 'default')
    assert live['metadata']['uid'] in shown
    assert live['status']['phase'] in shown
    magnum_ok(demo, 'pod-delete', '--bay', bay['name'], 'web')
    assert names(bay, 'pods') == []
    assert listed(demo, 'pod-list', bay) == []


def test_rcs(cli, bay):
    demo = cli['demo']
    magnum_ok(
        demo,
        'rc-create',
        '--manifest',
        manifest(bay, 'rc.yaml', RC),
        '--bay',
        bay['name'],
    )
    assert names(bay, 'rc') == ['redis']
    assert listed(demo, 'rc-list', bay) == ['redis']
    assert 'redis:7' in magnum_ok(
        demo, 'rc-show', '--bay', bay['name'], 'redis'
    )
    magnum_ok(
        demo,
        'rc-update',
        '--bay',
        bay['name'],
        'redis',
        'replace',
        'replicas=3',
    )
    rc = kubectl(bay, 'get', 'rc', 'redis', '-n', 'default')
    assert rc['spec']['replicas'] == 3
    magnum_ok(demo, 'rc-delete', '--bay', bay['name'], 'redis')
    assert names(bay, 'rc') == []
    assert listed(demo, 'rc-list', bay) == []


def test_services(cli, bay):
    demo = cli['demo']
    magnum_ok(
        demo,
        'coe-service-create',
        '--manifest',
        manifest(bay, 'svc.yaml', SERVICE),
        '--bay',
        bay['name'],
    )
    assert 'web' in names(bay, 'services')
    assert listed(demo, 'coe-service-list', bay) == ['web']
    live = kubectl(bay, 'get', 'service', 'web', '-n', 'default')
    shown = magnum_ok(demo, 'coe-service-show', '--bay', bay['name'], 'web')
    assert live['spec']['clusterIP'] in shown
    magnum_ok(demo, 'coe-service-delete', '--bay', bay['name'], 'web')
    assert 'web' not in names(bay, 'services')
    assert listed(demo, 'coe-service-list', bay) == []


def test_deleted_with_kubectl_leaves_the_list(cli, bay):
    demo = cli['demo']
    create_pod(demo, bay)
    kubectl(bay, 'delete', 'pod', 'web', '-n', 'default', '--wait=false')
    assert listed(demo, 'pod-list', bay) == []


def _fails(cli_, expected, *args):
    result = cli_.magnum(*args)
    assert result.returncode != 0 or 'ERROR' in result.output, result.output
    assert expected in result.output, result.output
    return result


def test_refusals_leave_nothing_behind(cli, bay):
    demo = cli['demo']
    bad = manifest(bay, 'bad.yaml', 'kind: Pod\nmetadata: {}\n')
    _fails(
        demo,
        'metadata.name is required',
        'pod-create',
        '--manifest',
        bad,
        '--bay',
        bay['name'],
    )
    create_pod(demo, bay)
    _fails(
        demo,
        'already exists',
        'pod-create',
        '--manifest',
        manifest(bay, 'pod.yaml', POD),
        '--bay',
        bay['name'],
    )
    for url, word in (
        ('http://127.0.0.1:9511/v1', 'loopback'),
        ('http://169.254.169.254/latest/meta-data/', 'link-local'),
    ):
        _fails(
            demo,
            word,
            'pod-create',
            '--manifest-url',
            url,
            '--bay',
            bay['name'],
        )
    assert names(bay, 'pods') == ['web']
    assert listed(demo, 'pod-list', bay) == ['web']
    magnum_ok(demo, 'pod-delete', '--bay', bay['name'], 'web')


def test_other_project_cannot_see_the_pods(cli, bay):
    demo, alt = cli['demo'], cli['alt_demo']
    create_pod(demo, bay)
    for args in (
        ('pod-list', '--bay', bay['uuid']),
        ('pod-show', '--bay', bay['uuid'], 'web'),
        ('pod-delete', '--bay', bay['uuid'], 'web'),
    ):
        result = alt.magnum(*args)
        assert 'could not be found' in result.output, result.output
    assert names(bay, 'pods') == ['web']
    magnum_ok(demo, 'pod-delete', '--bay', bay['name'], 'web')


def test_bay_not_ready(cli, sandbox, bay):
    """Through the API: the 2.1.0 shell itself refuses such bays."""
    demo = cli['demo']
    template = demo.coe_json('cluster', 'show', bay['name'])[
        'cluster_template_id'
    ]
    name = _unique('pods-busy')
    created = demo.openstack(
        'coe', 'cluster', 'create', '--cluster-template', template, name
    )
    assert created.returncode == 0, created.output
    try:
        busy = demo.coe_json('cluster', 'show', name)
        assert busy['status'] == 'CREATE_IN_PROGRESS'
        session = sandbox.session('demo')
        # The catalog's container-infra endpoint ends in /v1 already.
        resp = session.post(
            '/pods',
            json={'bay_uuid': busy['uuid'], 'manifest': POD},
            endpoint_filter={'service_type': 'container-infra'},
            raise_exc=False,
        )
        assert resp.status_code == 409, resp.text
        assert 'CREATE_IN_PROGRESS' in resp.text
    finally:
        demo.openstack('coe', 'cluster', 'delete', name)

"""Discovery, health and the generic 404/405 answers."""

import kubernetes
import pytest

NOT_FOUND = {
    'kind': 'Status',
    'apiVersion': 'v1',
    'metadata': {},
    'status': 'Failure',
    'message': 'the server could not find the requested resource',
    'reason': 'NotFound',
    'details': {},
    'code': 404,
}


def test_version_api(api_client, double):
    info = kubernetes.client.VersionApi(api_client).get_code()
    assert (info.major, info.minor) == ('1', '32')
    assert info.git_version == double.git_version
    assert info.platform == 'linux/amd64'


def test_core_api_versions(api_client, double):
    versions = kubernetes.client.CoreApi(api_client).get_api_versions()
    assert versions.versions == ['v1']
    assert (
        versions.server_address_by_client_cidrs[0].server_address
        == double.address
    )


def test_api_groups_are_empty(api_client):
    groups = kubernetes.client.ApisApi(api_client).get_api_versions()
    assert groups.groups == []


def test_api_resources(core):
    resources = {r.name: r for r in core.get_api_resources().resources}
    for name, short in (
        ('pods', 'po'),
        ('services', 'svc'),
        ('replicationcontrollers', 'rc'),
        ('namespaces', 'ns'),
        ('nodes', 'no'),
    ):
        assert resources[name].short_names == [short]
        assert 'watch' in resources[name].verbs
    assert resources['nodes'].namespaced is False
    assert resources['pods'].namespaced is True
    for sub in (
        'pods/status',
        'services/status',
        'replicationcontrollers/status',
    ):
        assert sub in resources
    scale = resources['replicationcontrollers/scale']
    assert (scale.group, scale.version, scale.kind) == (
        'autoscaling',
        'v1',
        'Scale',
    )


@pytest.mark.parametrize(
    'path',
    [
        '/api',
        '/api/',
        '/apis/',
        '/api/v1/',
        '/version/',
        '/api/v1/namespaces/',
    ],
)
def test_both_slash_forms(raw, path):
    response = raw('GET', path)
    assert response.status_code == 200
    assert response.headers['Content-Type'] == 'application/json'


@pytest.mark.parametrize(
    'path', ['/healthz', '/livez', '/readyz', '/healthz/ping']
)
def test_health_is_plain_ok_without_credentials(double, raw, path):
    raw.session.headers.pop('Authorization')
    response = raw('GET', path)
    assert response.status_code == 200
    assert response.text == 'ok'
    assert response.headers['Content-Type'].startswith('text/plain')


@pytest.mark.parametrize(
    'path',
    [
        '/nope',
        '/api/v2',
        '/api/v1/secrets',
        '/api/v1/namespaces/default/secrets',
        '/api/v1/namespaces/default/pods/x/log',
        '/api/v1/namespaces//pods',
        '/api/v1/nodes/x/scale',
        '/api/v1/namespaces/default/pods/a/status/x',
        '/api/v1/watch/namespaces/x/pods/a/status',
        '/api/v1/watch',
    ],
)
def test_unknown_path_is_404_status(raw, path):
    response = raw('GET', path)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize(
    'method,path',
    [
        ('POST', '/api/v1/namespaces/default/pods/x'),
        ('PUT', '/api/v1/namespaces/default/pods'),
        ('DELETE', '/api/v1/namespaces/default/pods'),
        ('POST', '/api/v1/pods'),
        ('DELETE', '/api/v1/namespaces/default/pods/x/status'),
        ('POST', '/version'),
    ],
)
def test_unsupported_verb_is_405(raw, method, path):
    response = raw(method, path, json={})
    assert response.status_code == 405
    body = response.json()
    assert (body['kind'], body['reason'], body['code']) == (
        'Status',
        'MethodNotAllowed',
        405,
    )


def test_root_lists_paths(raw):
    assert '/api' in raw('GET', '/').json()['paths']


def test_namespace_status_path(raw):
    response = raw('GET', '/api/v1/namespaces/default/status')
    assert response.json()['status']['phase'] == 'Active'

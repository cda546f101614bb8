"""/v1/pods, /v1/services and /v1/rcs through the real API pipeline.

The conductor's RPC client is autospec'd: these tests check routing (the
exact paths python-magnumclient 2.1.0 sends), fields, manifest checks and
what the API asks the conductor for.
"""

import datetime
from unittest import mock

import pytest

from magnum import objects
from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models
from magnum.tests.fakes import manifests
from magnum.tests.unit.api import conftest as c

# Fixed: they name parametrized tests, which pytest-xdist workers must
# collect alike.
BAY = '5a2a9c55-3d3e-4bd5-9f3c-0d6c7f1e2a01'
OTHER_BAY = '5a2a9c55-3d3e-4bd5-9f3c-0d6c7f1e2a02'
POD_UUID = 'b6f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c01'
RC_UUID = 'b6f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c02'
POD_YAML = manifests.POD_YAML
RC_JSON = manifests.rc_json()
POD_FIELDS = ('uuid', 'name', 'desc', 'bay_uuid', 'images', 'labels')
POD_FIELDS += ('status', 'host')
POD_LIST = POD_FIELDS + ('links',)
POD_FULL = POD_FIELDS + ('created_at', 'updated_at', 'manifest')
POD_FULL += ('manifest_url', 'links')
NOW = datetime.datetime(2026, 1, 2, 3, 4, 5)


def _insert_bay(uuid, name, project):
    with db_common.get_engine().begin() as connection:
        connection.execute(
            models.Cluster.__table__.insert().values(
                uuid=uuid,
                name=name,
                project_id=project,
                user_id='someone',
                status='CREATE_COMPLETE',
                api_address='https://127.0.0.9:6443',
            )
        )


@pytest.fixture
def bays():
    _insert_bay(BAY, 'k1', c.PROJECT_A)
    _insert_bay(OTHER_BAY, 'k2', c.PROJECT_B)


def pod(**fields):
    values = dict(
        id=1,
        uuid=POD_UUID,
        name='web',
        desc=None,
        bay_uuid=BAY,
        images=['nginx:1.25'],
        labels={'app': 'web'},
        status='Running',
        host='node-0',
        project_id=c.PROJECT_A,
        user_id=c.USER_A,
        created_at=NOW,
        updated_at=None,
    )
    values.update(fields)
    return objects.Pod(magnum_context.get_admin_context(), **values)


def rc(**fields):
    values = dict(
        id=2,
        uuid=RC_UUID,
        name='redis',
        bay_uuid=BAY,
        images=['redis:7'],
        labels={'app': 'redis'},
        replicas=2,
        project_id=c.PROJECT_A,
        user_id=c.USER_A,
        created_at=NOW,
        updated_at=NOW,
    )
    values.update(fields)
    return objects.ReplicationController(
        magnum_context.get_admin_context(), **values
    )


@pytest.fixture
def rpc(rpc, bays):
    """The conftest's RPC mocks, answering with a pod."""
    rpc.list_k8s_resources.return_value = [pod()]
    rpc.get_k8s_resource.return_value = pod()
    rpc.create_k8s_resource.return_value = pod()
    rpc.update_k8s_resource.return_value = pod()
    return rpc


def error(resp):
    return resp.json['errors'][0]['detail']


# -- routing: the paths python-magnumclient 2.1.0 sends --------------------


@pytest.mark.parametrize(
    'url',
    [
        '/v1/pods/?bay_ident=k1',
        '/v1/pods?bay_ident=k1',
        '/v1/pods/?bay_ident=%s' % BAY,
    ],
)
def test_list(api, rpc, url):
    resp = api.get(url)
    assert resp.status_int == 200, resp.body
    assert list(resp.json) == ['pods']
    item = resp.json['pods'][0]
    assert tuple(item) == POD_LIST
    assert item['uuid'] == POD_UUID and item['bay_uuid'] == BAY
    assert item['links'][0]['href'] == 'http://localhost/v1/pods/%s/%s' % (
        POD_UUID,
        BAY,
    )
    rpc.list_k8s_resources.assert_called_once_with(
        mock.ANY,
        mock.ANY,
        'pod',
        BAY,
        limit=1000,
        marker=None,
        sort_key='id',
        sort_dir='asc',
    )


def test_detail_and_next_link(api, rpc):
    resp = api.get('/v1/pods/detail?bay_ident=k1&limit=1')
    assert resp.status_int == 200, resp.body
    item = resp.json['pods'][0]
    assert tuple(item) == POD_FULL
    assert item['created_at'] == '2026-01-02T03:04:05+00:00'
    assert item['manifest'] is None
    assert 'bay_ident=k1' in resp.json['next']
    assert api.get('/v1/pods/detail/?bay_ident=k1').status_int == 200


@pytest.mark.parametrize(
    'url',
    [
        '/v1/pods/web/?bay_ident=k1',
        '/v1/pods/web?bay_ident=k1',
        '/v1/pods/web/k1',
        '/v1/pods/web/%s' % BAY,
    ],
)
def test_show(api, rpc, url):
    resp = api.get(url)
    assert resp.status_int == 200, resp.body
    assert tuple(resp.json) == POD_FULL
    rpc.get_k8s_resource.assert_called_once_with(
        mock.ANY, mock.ANY, 'pod', BAY, 'web'
    )


@pytest.mark.parametrize(
    'url', ['/v1/pods/web/?bay_ident=k1', '/v1/pods/web/k1']
)
def test_delete(api, rpc, url):
    resp = api.delete(url)
    assert resp.status_int == 204
    assert resp.body == b''
    rpc.delete_k8s_resource.assert_called_once_with(
        mock.ANY, mock.ANY, 'pod', BAY, 'web'
    )


def test_create_as_the_legacy_client_sends_it(api, rpc):
    body = {'manifest_url': None, 'bay_uuid': BAY, 'manifest': POD_YAML}
    resp = api.post('/v1/pods', body)
    assert resp.status_int == 201, resp.body
    assert tuple(resp.json) == POD_FULL
    assert resp.json['manifest'] == POD_YAML
    assert resp.json['links'][1]['rel'] == 'bookmark'
    assert resp.headers['Location'] == resp.json['links'][0]['href']
    args = rpc.create_k8s_resource.call_args.args
    assert args[2:4] == ('pod', BAY)
    manifest = args[4]
    assert manifest['metadata'] == {
        'name': 'web',
        'labels': {'app': 'web'},
        'namespace': 'default',
    }
    assert args[5] is None


def test_create_by_bay_name_with_desc(api, rpc):
    resp = api.post(
        '/v1/pods', {'bay_uuid': 'k1', 'manifest': POD_YAML, 'desc': 'front'}
    )
    assert resp.status_int == 201, resp.body
    assert rpc.create_k8s_resource.call_args.args[5] == {'desc': 'front'}


def test_rc_scale_by_patch(api, rpc):
    rpc.get_k8s_resource.return_value = rc()
    rpc.update_k8s_resource.return_value = rc(replicas=3)
    resp = api.patch(
        '/v1/rcs/redis/?bay_ident=k1',
        [{'op': 'replace', 'path': '/replicas', 'value': 3}],
    )
    assert resp.status_int == 200, resp.body
    assert resp.json['replicas'] == 3
    rpc.update_k8s_resource.assert_called_once_with(
        mock.ANY,
        mock.ANY,
        'rc',
        BAY,
        RC_UUID,
        manifest=None,
        replicas=3,
        values=None,
    )


def test_rc_patch_refusals(api, rpc):
    rpc.get_k8s_resource.return_value = rc()
    url = '/v1/rcs/redis/k1'
    for patch, text in (
        ([{'op': 'replace', 'path': '/replicas', 'value': -1}], 'greater'),
        ([{'op': 'replace', 'path': '/replicas', 'value': 'x'}], 'integer'),
        ([{'op': 'remove', 'path': '/replicas'}], 'cannot be removed'),
        ([{'op': 'replace', 'path': '/images', 'value': ['a']}], 'images'),
        ([{'op': 'replace', 'path': '/name', 'value': 'b'}], 'internal'),
        ([{'op': 'replace', 'path': '/bay_uuid', 'value': 'b'}], 'internal'),
        ([{'op': 'add', 'path': '/nope', 'value': 1}], 'not allowed'),
    ):
        resp = api.patch(url, patch)
        assert resp.status_int == 400, (patch, resp.body)
        assert text in error(resp), error(resp)
    assert not rpc.update_k8s_resource.called


def test_patch_manifest_replaces(api, rpc):
    rpc.get_k8s_resource.return_value = rc()
    rpc.update_k8s_resource.return_value = rc(replicas=4)
    text = manifests.rc_json(replicas=4)
    resp = api.patch(
        '/v1/rcs/redis/?bay_ident=k1',
        [{'op': 'replace', 'path': '/manifest', 'value': text}],
    )
    assert resp.status_int == 200, resp.body
    assert resp.json['manifest'] == text
    kwargs = rpc.update_k8s_resource.call_args.kwargs
    assert kwargs['manifest']['spec']['replicas'] == 4
    assert kwargs['replicas'] is None


def test_patch_pod_desc_and_bad_manifest(api, rpc):
    resp = api.patch(
        '/v1/pods/web/k1', [{'op': 'add', 'path': '/desc', 'value': 'x'}]
    )
    assert resp.status_int == 200, resp.body
    assert rpc.update_k8s_resource.call_args.kwargs['values'] == {'desc': 'x'}
    resp = api.patch(
        '/v1/pods/web/k1',
        [{'op': 'replace', 'path': '/manifest', 'value': RC_JSON}],
    )
    assert resp.status_int == 400
    assert 'kind must be Pod' in error(resp)
    resp = api.patch(
        '/v1/pods/web/k1', [{'op': 'replace', 'path': '/replicas', 'value': 3}]
    )
    assert resp.status_int == 400


# -- refusals before the conductor ---------------------------------------


@pytest.mark.parametrize(
    'body,status,text',
    [
        ({'bay_uuid': BAY, 'manifest': 'a: [1'}, 400, 'not valid YAML'),
        ({'bay_uuid': BAY, 'manifest': RC_JSON}, 400, 'kind must be Pod'),
        ({'bay_uuid': BAY}, 400, 'manifest or manifest_url is required'),
        (
            {'bay_uuid': BAY, 'manifest': POD_YAML, 'manifest_url': 'x'},
            400,
            'not both',
        ),
        (
            {'bay_uuid': BAY, 'manifest_url': 'http://127.0.0.1/pod.yaml'},
            400,
            'loopback',
        ),
        (
            {'bay_uuid': BAY, 'manifest_url': 'http://169.254.169.254/x'},
            400,
            'link-local',
        ),
        (
            {'bay_uuid': BAY, 'manifest_url': 'file:///etc/passwd'},
            400,
            'scheme',
        ),
        ({'manifest': POD_YAML}, 400, 'bay_uuid'),
        ({'bay_uuid': OTHER_BAY, 'manifest': POD_YAML}, 400, 'not be found'),
        ({'bay_uuid': 'k2', 'manifest': POD_YAML}, 400, 'not be found'),
    ],
)
def test_create_refused(api, rpc, body, status, text):
    resp = api.post('/v1/pods', body)
    assert resp.status_int == status, resp.body
    assert text in error(resp)
    assert not rpc.create_k8s_resource.called


def test_bay_ident_required(api, rpc):
    for url in ('/v1/pods', '/v1/pods/', '/v1/pods/web', '/v1/rcs/detail'):
        resp = api.get(url)
        assert resp.status_int == 400, url
        assert 'bay_ident is required' in error(resp)
    assert api.delete('/v1/services/web').status_int == 400


def test_unknown_query_argument(api, rpc):
    resp = api.get('/v1/pods/?bay_ident=k1&color=red')
    assert resp.status_int == 400
    assert 'color' in error(resp)


def test_another_projects_bay_is_not_found(api, rpc):
    for url in (
        '/v1/pods/?bay_ident=k2',
        '/v1/pods/?bay_ident=%s' % OTHER_BAY,
        '/v1/pods/web/k2',
        '/v1/services/web/?bay_ident=k2',
    ):
        assert api.get(url).status_int == 404, url
    assert api.delete('/v1/rcs/redis/k2').status_int == 404
    resp = api.patch(
        '/v1/rcs/redis/k2',
        [{'op': 'replace', 'path': '/replicas', 'value': 1}],
    )
    assert resp.status_int == 404
    assert not rpc.list_k8s_resources.called
    assert not rpc.get_k8s_resource.called
    admin = api.as_('admin')
    assert admin.get('/v1/pods/?bay_ident=k2').status_int == 200


def test_policy(api, rpc):
    reader = api.as_('reader')
    assert reader.get('/v1/pods/?bay_ident=k1').status_int == 200
    assert reader.get('/v1/pods/web/k1').status_int == 200
    assert reader.delete('/v1/pods/web/k1').status_int == 403
    resp = reader.post('/v1/pods', {'bay_uuid': BAY, 'manifest': POD_YAML})
    assert resp.status_int == 403
    resp = reader.patch(
        '/v1/pods/web/k1', [{'op': 'add', 'path': '/desc', 'value': 'x'}]
    )
    assert resp.status_int == 403
    assert not rpc.delete_k8s_resource.called


@pytest.mark.parametrize(
    'error_,status',
    [
        (exception.KubernetesAPIFailed(err='invalid', code=422), 422),
        (exception.KubernetesAPIFailed(err='exists', code=409), 409),
        (exception.KubernetesAPIFailed(err='down', code=503), 503),
        (exception.Conflict('Bay k1 is UPDATE_IN_PROGRESS'), 409),
        (exception.NotSupported(operation='Pods in a swarm bay'), 400),
        (exception.PodNotFound(pod='web'), 404),
        (exception.ConductorUnavailable(), 503),
    ],
)
def test_conductor_errors_reach_the_client(api, rpc, error_, status):
    rpc.create_k8s_resource.side_effect = error_
    resp = api.post('/v1/pods', {'bay_uuid': BAY, 'manifest': POD_YAML})
    assert resp.status_int == status
    body = resp.json['errors'][0]
    assert body['status'] == status
    assert body['detail'] == error_.message


def test_services_and_rcs_fields(api, rpc):
    rpc.list_k8s_resources.return_value = [
        objects.Service(
            magnum_context.get_admin_context(),
            id=3,
            uuid=POD_UUID,
            name='web',
            bay_uuid=BAY,
            labels={},
            selector={'app': 'web'},
            ip='10.254.0.2',
            ports=[{'port': 80, 'protocol': 'TCP', 'targetPort': 80}],
            created_at=NOW,
            updated_at=None,
        )
    ]
    item = api.get('/v1/services/?bay_ident=k1').json['services'][0]
    assert tuple(item) == (
        'uuid',
        'name',
        'bay_uuid',
        'labels',
        'selector',
        'ip',
        'ports',
        'links',
    )
    assert item['ports'][0]['port'] == 80
    rpc.list_k8s_resources.return_value = [rc()]
    item = api.get('/v1/rcs/?bay_ident=k1').json['rcs'][0]
    assert tuple(item) == (
        'uuid',
        'name',
        'images',
        'bay_uuid',
        'labels',
        'replicas',
        'links',
    )


def test_v1_document_links_them(api):
    body = api.get('/v1').json
    for name in ('pods', 'services', 'rcs'):
        assert body[name][0]['href'] == 'http://localhost/v1/%s' % name

"""Cluster templates and baymodels through the real API pipeline."""

import pytest

from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models
from magnum.tests.unit.api import conftest as c

#: The shared template without master flavor and labels: the defaults show.
TEMPLATE = {
    key: value
    for key, value in c.TEMPLATE.items()
    if key not in ('master_flavor_id', 'labels')
}


def create(api, url='/v1/clustertemplates', **fields):
    body = dict(TEMPLATE, **fields)
    resp = api.post(url, body)
    assert resp.status_int == 201, resp.body
    return resp.json


def error(resp):
    return resp.json['errors'][0]


def test_create_shows_every_field_and_defaults(api):
    resp = api.post('/v1/clustertemplates', TEMPLATE)
    assert resp.status_int == 201
    body = resp.json
    assert resp.headers['Location'] == body['links'][0]['href']
    assert body['cluster_distro'] == 'fedora-coreos'
    assert body['network_driver'] == 'flannel'
    assert body['server_type'] == 'vm'
    assert body['floating_ip_enabled'] is True
    assert body['public'] is False and body['hidden'] is False
    assert body['labels'] == {}
    assert body['project_id'] == c.PROJECT_A
    assert body['user_id'] == c.USER_A
    assert body['links'][1]['href'].endswith(
        '/clustertemplates/' + body['uuid']
    )
    assert body['created_at'].endswith('+00:00')


def test_create_coerces_strings_like_upstream(api):
    body = create(
        api,
        docker_volume_size='10',
        floating_ip_enabled='False',
        labels={'kube_tag': 'v1.30', 'on': True, 'n': 3},
    )
    assert body['docker_volume_size'] == 10
    assert body['floating_ip_enabled'] is False
    assert body['labels'] == {'kube_tag': 'v1.30', 'on': 'True', 'n': '3'}


def test_generated_name(api):
    body = dict(TEMPLATE)
    del body['name']
    resp = api.post('/v1/clustertemplates', body)
    assert resp.json['name'].endswith('-template')


@pytest.mark.parametrize(
    'field,value,status,fragment',
    [
        ('coe', 'swarm', 400, 'coe'),
        ('server_type', 'xx', 400, 'server_type'),
        ('network_driver', 'weave', 400, 'Network driver type weave'),
        ('volume_driver', 'rexray', 400, 'Volume driver type rexray'),
        ('docker_volume_size', 0, 400, 'docker_volume_size'),
        ('docker_volume_size', 'x', 400, 'docker_volume_size'),
        ('apiserver_port', 80, 400, 'apiserver_port'),
        ('dns_nameserver', 'not-an-ip', 400, 'dns_nameserver'),
        ('labels', ['a'], 400, 'labels'),
        ('name', '', 400, 'name'),
        ('image_id', 'missing-image', 400, 'Image missing-image could not'),
        ('image_id', 'no-distro-sandbox', 400, "doesn't contain os_distro"),
        ('flavor_id', 'm1.huge', 400, 'Unable to find flavor m1.huge'),
        ('master_flavor_id', 'm1.huge', 400, 'Unable to find flavor'),
        ('keypair_id', 'nokey', 404, 'Unable to find keypair nokey'),
        ('external_network_id', 'private', 400, 'external network private'),
        ('external_network_id', 'nonet', 400, 'external network nonet'),
        ('fixed_network', 'nonet', 400, 'fixed network nonet'),
        ('fixed_subnet', 'nosub', 400, 'fixed subnet nosub'),
        ('driver', 'no_such_driver', 400, 'no_such_driver'),
        ('bogus_field', 1, 400, 'bogus_field'),
    ],
)
def test_create_rejects_bad_input(api, field, value, status, fragment):
    resp = api.post('/v1/clustertemplates', dict(TEMPLATE, **{field: value}))
    assert resp.status_int == status, resp.body
    assert fragment in error(resp)['detail']
    assert error(resp)['status'] == status
    assert api.get('/v1/clustertemplates').json['clustertemplates'] == []


def test_devicemapper_needs_three_gigabytes(api):
    resp = api.post(
        '/v1/clustertemplates',
        dict(
            TEMPLATE,
            docker_storage_driver='devicemapper',
            docker_volume_size=2,
        ),
    )
    assert resp.status_int == 400
    create(api, docker_storage_driver='devicemapper', docker_volume_size=3)


def test_missing_mandatory_fields(api):
    for field in ('coe', 'image_id'):
        body = dict(TEMPLATE)
        del body[field]
        resp = api.post('/v1/clustertemplates', body)
        assert resp.status_int == 400
        assert 'Mandatory field missing' in error(resp)['detail']


def test_checks_can_be_switched_off(api, conf, fake_cloud_lookup):
    conf.config(
        validate_keypair=False, validate_flavor=False, group='cloud_lookup'
    )
    create(api, keypair_id='nokey', flavor_id='m1.huge')
    assert ('keypair', 'nokey') not in fake_cloud_lookup.calls


def test_public_needs_admin(api):
    resp = api.post('/v1/clustertemplates', dict(TEMPLATE, public=True))
    assert resp.status_int == 403
    assert 'public or hidden' in error(resp)['detail']
    admin = api.as_('admin')
    assert (
        admin.post(
            '/v1/clustertemplates', dict(TEMPLATE, public=True)
        ).status_int
        == 201
    )


def test_visibility(api):
    own = create(api)
    admin = api.as_('admin')
    public = admin.post(
        '/v1/clustertemplates', dict(TEMPLATE, public=True, name='pub')
    ).json
    hidden = admin.post(
        '/v1/clustertemplates',
        dict(TEMPLATE, public=True, hidden=True, name='hid'),
    ).json
    other = api.as_('other')
    names = {
        t['name']
        for t in other.get('/v1/clustertemplates').json['clustertemplates']
    }
    assert names == {'pub'}
    assert other.get('/v1/clustertemplates/%s' % own['uuid']).status_int == 404
    assert (
        other.get('/v1/clustertemplates/%s' % public['uuid']).status_int == 200
    )
    assert (
        other.get('/v1/clustertemplates/%s' % hidden['uuid']).status_int == 404
    )
    all_names = {
        t['name']
        for t in admin.get('/v1/clustertemplates').json['clustertemplates']
    }
    assert all_names == {'k8s', 'pub', 'hid'}


def test_get_by_name_and_ambiguous_name(api):
    first = create(api)
    assert api.get('/v1/clustertemplates/k8s').json['uuid'] == first['uuid']
    create(api)
    resp = api.get('/v1/clustertemplates/k8s')
    assert resp.status_int == 409
    assert 'Multiple clustertemplates' in error(resp)['detail']


def test_list_pagination_and_sorting(api):
    uuids = [create(api, name='t%d' % i)['uuid'] for i in range(5)]
    page = api.get('/v1/clustertemplates?limit=2').json
    assert [t['uuid'] for t in page['clustertemplates']] == uuids[:2]
    assert 'marker=%s' % uuids[1] in page['next']
    page2 = api.get('/v1/clustertemplates?limit=2&marker=%s' % uuids[1]).json
    assert [t['uuid'] for t in page2['clustertemplates']] == uuids[2:4]
    desc = api.get('/v1/clustertemplates?sort_key=name&sort_dir=desc').json
    assert [t['name'] for t in desc['clustertemplates']] == [
        't4',
        't3',
        't2',
        't1',
        't0',
    ]
    assert 'next' not in desc


@pytest.mark.parametrize(
    'query,fragment',
    [
        ('limit=0', 'Limit must be positive'),
        ('limit=abc', 'Limit must be an integer'),
        ('sort_dir=up', 'Invalid sort direction'),
        ('sort_key=nope', 'sort_key value "nope"'),
        ('unknown=1', 'Unknown argument: unknown'),
    ],
)
def test_list_rejects_bad_query(api, query, fragment):
    resp = api.get('/v1/clustertemplates?' + query)
    assert resp.status_int == 400
    assert fragment in error(resp)['detail']


def test_unknown_marker_is_404(api):
    resp = api.get(
        '/v1/clustertemplates?marker=8d1a3e4e-0000-4000-8000-000000000000'
    )
    assert resp.status_int == 404


def test_detail(api):
    create(api)
    body = api.get('/v1/clustertemplates/detail').json
    assert body['clustertemplates'][0]['image_id'] == 'fedora-coreos-sandbox'


def test_patch_replace_and_strings(api):
    uuid = create(api)['uuid']
    resp = api.patch(
        '/v1/clustertemplates/%s' % uuid,
        [
            {'op': 'replace', 'path': '/name', 'value': 'renamed'},
            {'op': 'replace', 'path': '/docker_volume_size', 'value': '20'},
            {
                'op': 'replace',
                'path': '/labels',
                'value': "{'kube_tag': 'v1.31.1'}",
            },
            {'op': 'add', 'path': '/dns_nameserver', 'value': '1.1.1.1'},
            {'op': 'remove', 'path': '/flavor_id'},
        ],
    )
    assert resp.status_int == 200, resp.body
    body = resp.json
    assert body['name'] == 'renamed'
    assert body['docker_volume_size'] == 20
    assert body['labels'] == {'kube_tag': 'v1.31.1'}
    assert body['dns_nameserver'] == '1.1.1.1'
    assert body['flavor_id'] is None
    assert api.get('/v1/clustertemplates/renamed').json['uuid'] == uuid


@pytest.mark.parametrize(
    'patch,fragment',
    [
        ([{'op': 'replace', 'path': '/uuid', 'value': 'x'}], 'internal'),
        ([{'op': 'remove', 'path': '/coe'}], 'mandatory attribute'),
        ([{'op': 'replace', 'path': '/nope', 'value': 1}], 'nope'),
        ([{'op': 'add', 'path': '/name', 'value': 'x'}], 'has existed'),
        ([{'op': 'move', 'path': '/name'}], 'Invalid patch operation'),
        (
            [{'op': 'replace', 'path': 'name', 'value': 'x'}],
            'Invalid patch path',
        ),
        ([{'op': 'replace', 'path': '/name'}], 'need a value'),
        (
            [{'op': 'replace', 'path': '/docker_volume_size', 'value': 'big'}],
            'docker_volume_size',
        ),
        (
            [{'op': 'replace', 'path': '/image_id', 'value': 'missing'}],
            'Image missing could not',
        ),
        ({'name': 'x'}, 'JSON-patch'),
    ],
)
def test_patch_rejects_bad_patches(api, patch, fragment):
    created = create(api)
    resp = api.patch('/v1/clustertemplates/%s' % created['uuid'], patch)
    assert resp.status_int == 400, resp.body
    assert fragment in error(resp)['detail']
    assert api.get('/v1/clustertemplates/%s' % created['uuid']).json == created


def test_patch_public_needs_admin(api):
    uuid = create(api)['uuid']
    patch = [{'op': 'replace', 'path': '/public', 'value': 'True'}]
    assert api.patch('/v1/clustertemplates/%s' % uuid, patch).status_int == 403
    resp = api.as_('admin').patch('/v1/clustertemplates/%s' % uuid, patch)
    assert resp.status_int == 200
    assert resp.json['public'] is True


def test_delete(api):
    uuid = create(api)['uuid']
    assert api.delete('/v1/clustertemplates/%s' % uuid).status_int == 204
    assert api.get('/v1/clustertemplates/%s' % uuid).status_int == 404
    assert api.delete('/v1/clustertemplates/%s' % uuid).status_int == 404


def test_other_project_cannot_touch(api):
    uuid = create(api)['uuid']
    other = api.as_('other')
    assert other.delete('/v1/clustertemplates/%s' % uuid).status_int == 404
    assert (
        other.patch(
            '/v1/clustertemplates/%s' % uuid,
            [{'op': 'replace', 'path': '/name', 'value': 'x'}],
        ).status_int
        == 404
    )


def test_reader_cannot_write(api):
    reader = api.as_('reader')
    resp = reader.post('/v1/clustertemplates', TEMPLATE)
    assert resp.status_int == 403
    uuid = create(api)['uuid']
    assert reader.get('/v1/clustertemplates/%s' % uuid).status_int == 200
    assert reader.delete('/v1/clustertemplates/%s' % uuid).status_int == 403


def test_policy_is_checked_before_the_body(api):
    reader = api.as_('reader')
    resp = reader.post('/v1/clustertemplates', {'coe': 'swarm'})
    assert resp.status_int == 403


def test_baymodels_are_the_same_resource(api):
    template = create(api)
    models = api.get('/v1/baymodels').json['baymodels']
    assert models == [
        {
            'uuid': template['uuid'],
            'name': 'k8s',
            'image_id': 'fedora-coreos-sandbox',
            'apiserver_port': None,
            'coe': 'kubernetes',
            'links': [
                {
                    'href': 'http://localhost/v1/baymodels/'
                    + template['uuid'],
                    'rel': 'self',
                },
                {
                    'href': 'http://localhost/baymodels/' + template['uuid'],
                    'rel': 'bookmark',
                },
            ],
        }
    ]
    detail = api.get('/v1/baymodels/detail').json['baymodels'][0]
    assert detail['keypair_id'] == 'testkey'
    bm = create(api, url='/v1/baymodels', name='bm')
    assert bm['links'][0]['href'].endswith('/v1/baymodels/' + bm['uuid'])
    assert api.get('/v1/clustertemplates/bm').status_int == 200
    assert api.delete('/v1/baymodels/bm').status_int == 204


@pytest.mark.parametrize('version', ['1.1', '1.10', '1.11', '1.14'])
def test_both_names_at_every_microversion(api, version):
    client = api.as_('member', version=version)
    assert client.get('/v1/baymodels').status_int == 200
    assert client.get('/v1/clustertemplates').status_int == 200


def test_referenced_template_rules(api):
    template = create(api)
    with db_common.get_engine().begin() as connection:
        connection.execute(
            models.Cluster.__table__.insert().values(
                uuid='4e2a0000-0000-4000-8000-000000000001',
                cluster_template_id=template['uuid'],
                project_id=c.PROJECT_A,
                name='bay',
            )
        )
    url = '/v1/clustertemplates/%s' % template['uuid']
    resp = api.delete(url)
    assert resp.status_int == 400
    assert 'referenced' in error(resp)['detail']
    resp = api.patch(
        url, [{'op': 'replace', 'path': '/flavor_id', 'value': 'm1.magnum'}]
    )
    assert resp.status_int == 400
    assert (
        api.patch(
            url, [{'op': 'replace', 'path': '/name', 'value': 'still-ok'}]
        ).status_int
        == 200
    )

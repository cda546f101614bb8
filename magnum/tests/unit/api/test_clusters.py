"""Bays (/v1/clusters and /v1/bays) through the real API pipeline.

The conductor's RPC client is replaced by autospec'd methods: these tests
check what the API writes and asks for, not the conductor.
"""

from unittest import mock

import pytest

from magnum import objects
from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.tests.unit.api import conftest as c


@pytest.fixture
def template(api):
    resp = api.post('/v1/clustertemplates', c.TEMPLATE)
    assert resp.status_int == 201, resp.body
    return resp.json


def create(api, template, url='/v1/clusters', **fields):
    body = {
        'name': 'k1',
        'cluster_template_id': template['uuid'],
        'node_count': 2,
    }
    body.update(fields)
    resp = api.post(url, body)
    assert resp.status_int == 202, resp.body
    return resp.json['uuid']


def admin_ctx():
    return magnum_context.get_admin_context()


def row(uuid):
    return objects.Cluster.get_by_uuid(admin_ctx(), uuid)


def nodegroups(uuid):
    return {ng.name: ng for ng in objects.NodeGroup.list(admin_ctx(), uuid)}


def error(resp):
    return resp.json['errors'][0]['detail']


def test_create_writes_the_bay_and_casts(api, template, rpc):
    resp = api.post(
        '/v1/clusters',
        {
            'name': 'k1',
            'cluster_template_id': 'k8s',
            'node_count': '3',
            'labels': {'extra': True},
            'merge_labels': True,
        },
    )
    assert resp.status_int == 202
    assert list(resp.json) == ['uuid']
    uuid = resp.json['uuid']
    bay = row(uuid)
    assert bay.status == 'CREATE_IN_PROGRESS'
    assert bay.operation == 'create'
    assert bay.operation_submitted_at is None
    assert bay.cluster_template_id == template['uuid']
    assert bay.keypair == 'testkey'
    assert bay.flavor_id == 'm1.small'
    assert bay.create_timeout == 60
    assert bay.labels == {'kube_tag': 'v1.32.4', 'extra': 'True'}
    ngs = nodegroups(uuid)
    assert ngs['default-worker'].node_count == 3
    assert ngs['default-worker'].flavor_id == 'm1.small'
    assert ngs['default-master'].node_count == 1
    assert ngs['default-master'].flavor_id == 'm1.magnum'
    assert all(ng.status == 'CREATE_IN_PROGRESS' for ng in ngs.values())
    rpc.start_operation.assert_called_once_with(mock.ANY, mock.ANY, uuid)


def test_create_as_magnum_ui_sends_it(api, template, rpc):
    body = {
        'discovery_url': '',
        'create_timeout': '60',
        'name': 'hz',
        'cluster_template_id': template['uuid'],
        'keypair': 'testkey',
        'master_lb_enabled': 'False',
        'master_count': '1',
        'master_flavor_id': 'm1.magnum',
        'node_count': '1',
        'flavor_id': 'm1.small',
        'labels': {'kube_tag': 'v1.32.4', 'auto_healing_enabled': False},
    }
    resp = api.as_('member', '1.13').post('/v1/clusters', body)
    assert resp.status_int == 202, resp.body
    bay = row(resp.json['uuid'])
    assert bay.labels['auto_healing_enabled'] == 'False'
    assert bay.discovery_url is None


@pytest.mark.parametrize(
    'fields,status,fragment',
    [
        ({'master_count': 2}, 400, 'size of 2 is invalid'),
        ({'master_count': 3}, 400, 'master_lb_enabled is False'),
        ({'node_count': 0}, 400, 'zero'),
        ({'keypair': 'nokey'}, 404, 'Unable to find keypair nokey'),
        ({'flavor_id': 'm1.huge'}, 400, 'Unable to find flavor'),
        ({'name': '1bad'}, 400, 'name'),
        ({'create_timeout': -1}, 400, 'create_timeout'),
        ({'cluster_template_id': 'nope'}, 400, 'nope could not be found'),
        ({'unknown': 1}, 400, 'unknown'),
    ],
)
def test_create_rejects(api, template, rpc, fields, status, fragment):
    body = {'name': 'k1', 'cluster_template_id': template['uuid']}
    body.update(fields)
    resp = api.post('/v1/clusters', body)
    assert resp.status_int == status, resp.body
    assert fragment in error(resp)
    assert api.get('/v1/clusters').json['clusters'] == []
    rpc.start_operation.assert_not_called()


def test_create_zero_nodes_and_unknown_template_at_1_10(api, template, rpc):
    client = api.as_('member', '1.10')
    assert (
        client.post(
            '/v1/clusters',
            {'cluster_template_id': template['uuid'], 'node_count': 0},
        ).status_int
        == 202
    )
    resp = client.post('/v1/clusters', {'cluster_template_id': 'nope'})
    assert resp.status_int == 404


def test_create_needs_a_driver(api, rpc, fake_cloud_lookup):
    from magnum.common.cloud import base

    fake_cloud_lookup.images['ubuntu'] = base.Image(
        id='ubuntu-id', name='ubuntu', os_distro='ubuntu'
    )
    with mock.patch(
        'magnum.api.controllers.v1.cluster_template.registry.driver_name_for',
        autospec=True,
    ):
        tpl = api.post(
            '/v1/clustertemplates', dict(c.TEMPLATE, image_id='ubuntu')
        ).json
    resp = api.post('/v1/clusters', {'cluster_template_id': tpl['uuid']})
    assert resp.status_int == 400
    assert 'ubuntu' in error(resp)


def test_quota(api, template, rpc, conf):
    conf.config(max_clusters_per_project=1, group='quotas')
    create(api, template)
    resp = api.post('/v1/clusters', {'cluster_template_id': 'k8s'})
    assert resp.status_int == 403
    assert 'maximum clusters per project, 1' in error(resp)
    admin = api.as_('admin')
    assert admin.post(
        '/v1/quotas', {'project_id': c.PROJECT_A, 'hard_limit': 2}
    ).status_int in (201, 404)


def test_hidden_template_is_refused_to_others(api, rpc):
    admin = api.as_('admin')
    tpl = admin.post(
        '/v1/clustertemplates', dict(c.TEMPLATE, public=True, hidden=True)
    ).json
    resp = api.post('/v1/clusters', {'cluster_template_id': tpl['uuid']})
    assert resp.status_int in (400, 403)


def test_show_list_detail(api, template, rpc):
    uuid = create(api, template)
    one = api.get('/v1/clusters/k1').json
    assert one['uuid'] == uuid
    assert one['node_count'] == 2 and one['master_count'] == 1
    assert one['stack_id'] is None
    assert one['faults'] == {}
    assert one['labels_added'] == {} and one['labels_skipped'] == {}
    assert one['links'][0]['href'].endswith('/v1/clusters/' + uuid)
    listed = api.get('/v1/clusters').json['clusters'][0]
    assert (
        'status_reason' not in listed
        and listed['status'] == 'CREATE_IN_PROGRESS'
    )
    detail = api.get('/v1/clusters/detail').json['clusters'][0]
    assert detail['api_address'] is None
    newer = api.as_('member', '1.13').get('/v1/clusters/k1').json
    assert 'cluster_id' in newer and 'stack_id' not in newer


def test_faults_of_a_failed_bay(api, template, rpc):
    uuid = create(api, template)
    c.set_status(uuid, 'CREATE_FAILED', status_reason='boom')
    ng = nodegroups(uuid)['default-master']
    ng.status = 'CREATE_FAILED'
    ng.status_reason = 'master failed'
    ng.save()
    body = api.get('/v1/clusters/%s' % uuid).json
    assert body['faults'] == {'default-master': 'master failed'}


def test_other_projects_see_nothing(api, template, rpc):
    uuid = create(api, template)
    other = api.as_('other')
    assert other.get('/v1/clusters').json['clusters'] == []
    assert other.get('/v1/clusters/%s' % uuid).status_int == 404
    assert other.delete('/v1/clusters/%s' % uuid).status_int == 404
    admin = api.as_('admin')
    assert len(admin.get('/v1/clusters').json['clusters']) == 1


def test_patch_node_count_starts_an_update(api, template, rpc):
    uuid = create(api, template)
    patch = [{'op': 'replace', 'path': '/node_count', 'value': 3}]
    resp = api.patch('/v1/clusters/%s' % uuid, patch)
    assert resp.status_int == 409
    assert 'CREATE_IN_PROGRESS' in error(resp)
    c.set_status(uuid, 'CREATE_COMPLETE')
    resp = api.patch('/v1/clusters/%s' % uuid, patch)
    assert resp.status_int == 202, resp.body
    bay = row(uuid)
    assert bay.status == 'UPDATE_IN_PROGRESS'
    assert bay.operation == 'update'
    assert bay.operation_args == {'node_count': 3}
    assert rpc.start_operation.call_count == 2


@pytest.mark.parametrize(
    'patch,fragment',
    [
        (
            [{'op': 'replace', 'path': '/name', 'value': 'x'}],
            'cannot change cluster property(ies) name',
        ),
        (
            [{'op': 'replace', 'path': '/api_address', 'value': 'x'}],
            'internal attribute',
        ),
        (
            [{'op': 'replace', 'path': '/node_count', 'value': 'x'}],
            'node_count',
        ),
    ],
)
def test_patch_rejects(api, template, rpc, patch, fragment):
    uuid = create(api, template)
    c.set_status(uuid, 'CREATE_COMPLETE')
    resp = api.patch('/v1/clusters/%s' % uuid, patch)
    assert resp.status_int == 400
    assert fragment in error(resp)
    assert row(uuid).status == 'CREATE_COMPLETE'


def test_patch_health_status(api, template, rpc):
    uuid = create(api, template)
    c.set_status(uuid, 'CREATE_COMPLETE')
    resp = api.patch(
        '/v1/clusters/%s' % uuid,
        [
            {'op': 'replace', 'path': '/health_status', 'value': 'HEALTHY'},
            {
                'op': 'replace',
                'path': '/health_status_reason',
                'value': "{'api': 'ok'}",
            },
        ],
    )
    assert resp.status_int == 202, resp.body
    bay = row(uuid)
    assert bay.health_status == 'HEALTHY'
    assert bay.health_status_reason == {'api': 'ok'}
    assert bay.status == 'CREATE_COMPLETE'


def test_delete(api, template, rpc):
    uuid = create(api, template)
    assert api.delete('/v1/clusters/%s' % uuid).status_int == 204
    bay = row(uuid)
    assert bay.status == 'DELETE_IN_PROGRESS'
    assert bay.operation == 'delete'
    assert api.delete('/v1/clusters/%s' % uuid).status_int == 204
    assert rpc.start_operation.call_count == 2
    assert api.as_('reader').delete('/v1/clusters/%s' % uuid).status_int == 403


def test_template_in_use_cannot_go(api, template, rpc):
    create(api, template)
    resp = api.delete('/v1/clustertemplates/%s' % template['uuid'])
    assert resp.status_int == 400


def test_legacy_bays(api, template, rpc):
    client = api.as_('member', '1.1')
    resp = client.post(
        '/v1/bays',
        {
            'name': 'b1',
            'baymodel_id': 'k8s',
            'node_count': 1,
            'master_count': 1,
            'discovery_url': None,
            'bay_create_timeout': 15,
        },
    )
    assert resp.status_int == 201, resp.body
    body = resp.json
    assert body['baymodel_id'] == template['uuid']
    assert body['bay_create_timeout'] == 15
    assert body['links'][0]['href'].endswith('/v1/bays/' + body['uuid'])
    listed = client.get('/v1/bays').json['bays'][0]
    assert set(listed) >= {
        'uuid',
        'name',
        'node_count',
        'master_count',
        'status',
        'baymodel_id',
        'links',
    }
    assert api.get('/v1/clusters/b1').json['uuid'] == body['uuid']
    newer = api.as_('member', '1.2').post(
        '/v1/bays', {'baymodel_id': 'k8s', 'name': 'b2'}
    )
    assert newer.status_int == 202 and list(newer.json) == ['uuid']


def test_legacy_bay_update_answers_the_bay_at_1_1(api, template, rpc):
    resp = api.as_('member', '1.2').post(
        '/v1/bays', {'baymodel_id': 'k8s', 'node_count': 2}
    )
    uuid = resp.json['uuid']
    c.set_status(uuid, 'CREATE_COMPLETE')
    patch = [{'op': 'replace', 'path': '/node_count', 'value': 4}]
    resp = api.as_('member', '1.1').patch('/v1/bays/%s' % uuid, patch)
    assert resp.status_int == 200, resp.body
    assert resp.json['status'] == 'UPDATE_IN_PROGRESS'
    assert resp.json['node_count'] == 4
    assert resp.json['baymodel_id'] == template['uuid']
    assert nodegroups(uuid)['default-worker'].node_count == 2
    c.set_status(uuid, 'UPDATE_COMPLETE')
    resp = api.as_('member', '1.2').patch('/v1/bays/%s' % uuid, patch)
    assert resp.status_int == 202 and resp.json == {'uuid': uuid}


def test_bays_have_no_actions_or_nodegroups(api, template, rpc):
    uuid = create(api, template)
    c.set_status(uuid, 'CREATE_COMPLETE')
    client = api.as_('member', '1.9')
    base = '/v1/bays/%s' % uuid
    assert client.get(base + '/nodegroups').status_int == 404
    assert client.get(base + '/nodegroups/default-worker').status_int == 404
    resp = client.post(base + '/actions/resize', {'node_count': 3})
    assert resp.status_int == 404
    assert client.post(base + '/nodegroups', {'name': 'x'}).status_int == 404
    rpc.start_operation.assert_called_once()


def test_resize(api, template, rpc):
    uuid = create(api, template)
    c.set_status(uuid, 'CREATE_COMPLETE')
    url = '/v1/clusters/%s/actions/resize' % uuid
    assert (
        api.as_('member', '1.6').post(url, {'node_count': 3}).status_int == 406
    )
    client = api.as_('member', '1.7')
    assert client.post(url, {'node_count': 0}).status_int == 400
    resp = client.post(url, {'node_count': 5, 'nodes_to_remove': ['n1']})
    assert resp.status_int == 202, resp.body
    bay = row(uuid)
    assert bay.operation == 'resize'
    assert bay.operation_args['node_count'] == 5
    assert bay.operation_args['nodes_to_remove'] == ['n1']
    assert (
        bay.operation_args['nodegroup']
        == nodegroups(uuid)['default-worker'].uuid
    )


def test_resize_master_is_refused(api, template, rpc):
    uuid = create(api, template)
    c.set_status(uuid, 'CREATE_COMPLETE')
    resp = api.as_('member', '1.9').post(
        '/v1/clusters/%s/actions/resize' % uuid,
        {'node_count': 3, 'nodegroup': 'default-master'},
    )
    assert resp.status_int == 400
    assert 'master nodegroup' in error(resp)


def test_upgrade(api, template, rpc):
    uuid = create(api, template)
    url = '/v1/clusters/%s/actions/upgrade' % uuid
    body = {'cluster_template': template['uuid']}
    resp = api.as_('member', '1.7').post(url, body)
    assert resp.status_int == 400
    rpc.upgrade_cluster.side_effect = exception.NotSupported(
        operation='Upgrading a cluster with this driver'
    )
    resp = api.as_('member', '1.8').post(url, body)
    assert resp.status_int == 400
    assert 'Upgrading a cluster' in error(resp)


def test_nodegroups(api, template, rpc):
    uuid = create(api, template)
    client = api.as_('member', '1.9')
    base = '/v1/clusters/%s/nodegroups' % uuid
    assert api.get(base).status_int == 406
    listed = client.get(base).json['nodegroups']
    assert {ng['name'] for ng in listed} == {
        'default-master',
        'default-worker',
    }
    assert (
        client.get(base + '?role=master').json['nodegroups'][0]['name']
        == 'default-master'
    )
    one = client.get(base + '/default-worker').json
    assert one['node_count'] == 2 and one['links']
    resp = client.post(base, {'name': 'ng1', 'node_count': 1})
    assert resp.status_int == 409
    assert 'API address' in error(resp)
    c.set_status(uuid, 'CREATE_COMPLETE', api_address='https://127.42.0.10')
    assert client.post(base, {'name': 'm', 'role': 'master'}).status_int == 400
    assert (
        client.post(
            base, {'name': 'ng1', 'node_count': 5, 'max_node_count': 3}
        ).status_int
        == 409
    )
    resp = client.post(
        base,
        {
            'name': 'ng1',
            'node_count': 1,
            'node_taints': [
                {'key': 'a', 'value': 'b', 'effect': 'NoSchedule'}
            ],
        },
    )
    assert resp.status_int == 202, resp.body
    assert resp.json['status'] == 'CREATE_IN_PROGRESS'
    bay = row(uuid)
    assert bay.operation == 'nodegroup_create'
    assert bay.operation_args == {'nodegroup': resp.json['uuid']}
    c.set_status(uuid, 'UPDATE_COMPLETE')
    assert client.post(base, {'name': 'ng1'}).status_int == 409
    resp = client.patch(
        base + '/ng1',
        [{'op': 'replace', 'path': '/max_node_count', 'value': 4}],
    )
    assert resp.status_int == 202 and resp.json['max_node_count'] == 4
    assert (
        client.patch(
            base + '/ng1',
            [{'op': 'replace', 'path': '/node_count', 'value': 4}],
        ).status_int
        == 400
    )
    assert client.delete(base + '/default-worker').status_int == 400
    assert client.delete(base + '/ng1').status_int == 204
    assert row(uuid).operation == 'nodegroup_delete'
    assert nodegroups(uuid)['ng1'].status == 'DELETE_IN_PROGRESS'


def test_certificates(api, template, rpc):
    uuid = create(api, template)
    rpc.get_ca_certificate.return_value = 'CA PEM'
    rpc.sign_certificate.return_value = 'SIGNED PEM'
    body = api.get('/v1/certificates/%s' % uuid).json
    assert body == {'cluster_uuid': uuid, 'pem': 'CA PEM', 'links': mock.ANY}
    assert (
        api.get('/v1/certificates/%s?ca_cert_type=etcd' % uuid).status_int
        == 200
    )
    assert rpc.get_ca_certificate.call_args[0][3] == 'etcd'
    assert (
        api.get('/v1/certificates/%s?ca_cert_type=x' % uuid).status_int == 400
    )
    resp = api.post('/v1/certificates', {'cluster_uuid': uuid, 'csr': 'C'})
    assert resp.status_int == 201
    assert resp.json['pem'] == 'SIGNED PEM' and resp.json['csr'] == 'C'
    resp = api.post('/v1/certificates', {'bay_uuid': uuid, 'csr': 'C'})
    assert resp.json['bay_uuid'] == uuid
    resp = api.post('/v1/certificates', {'cluster_uuid': 'nope', 'csr': 'C'})
    assert resp.status_int == 400
    assert api.patch('/v1/certificates/%s' % uuid, None).status_int == 202
    other = api.as_('other')
    assert other.get('/v1/certificates/%s' % uuid).status_int == 404
    assert (
        api.as_('member2').get('/v1/certificates/%s' % uuid).status_int == 403
    )


def test_credentials(api, template, rpc):
    uuid = create(api, template)
    url = '/v1/credentials/%s' % uuid
    assert api.patch(url, None).status_int == 406
    resp = api.as_('member', '1.12').patch(url, None)
    assert resp.status_int == 202
    assert resp.json == {'uuid': uuid}
    rpc.rotate_credential.assert_called_once_with(mock.ANY, mock.ANY, uuid)


def test_stats(api, template, rpc):
    create(api, template)
    # Nodes count every nodegroup, masters included, as upstream.
    assert api.get('/v1/stats').json == {'clusters': 1, 'nodes': 3}
    assert api.as_('other').get('/v1/stats').json == {
        'clusters': 0,
        'nodes': 0,
    }

"""Pods through CoreV1Api: CRUD, server-set metadata, defaults, errors."""

import json
import re

import kubernetes
import pytest

from magnum.tests.functional.k8s_double.helpers import pod_body

ApiException = kubernetes.client.ApiException


def error_of(excinfo):
    """(status code, parsed Status body) of a raised ApiException."""
    return excinfo.value.status, json.loads(excinfo.value.body)


def test_create_sets_server_metadata_and_defaults(core):
    pod = core.create_namespaced_pod('default', pod_body('web'))
    meta = pod.metadata
    assert meta.namespace == 'default'
    assert re.fullmatch(r'[0-9a-f-]{36}', meta.uid)
    assert int(meta.resource_version) > 0
    assert meta.creation_timestamp is not None
    assert pod.spec.restart_policy == 'Always'
    assert pod.spec.dns_policy == 'ClusterFirst'
    assert pod.spec.termination_grace_period_seconds == 30
    assert pod.spec.containers[0].image_pull_policy == 'IfNotPresent'
    assert pod.status.phase == 'Pending'


def test_create_returns_201_and_ignores_status(raw):
    body = pod_body('web')
    body['status'] = {'phase': 'Running'}
    body['metadata']['uid'] = 'not-mine'
    response = raw('POST', '/api/v1/namespaces/default/pods', json=body)
    assert response.status_code == 201
    assert response.json()['status']['phase'] == 'Pending'
    assert response.json()['metadata']['uid'] != 'not-mine'


def test_read_list_replace_delete(core):
    core.create_namespaced_pod('default', pod_body('web'))
    pod = core.read_namespaced_pod('web', 'default')
    assert pod.kind == 'Pod'
    listed = core.list_namespaced_pod('default')
    assert listed.kind == 'PodList'
    assert [p.metadata.name for p in listed.items] == ['web']
    assert int(listed.metadata.resource_version) >= int(
        pod.metadata.resource_version
    )
    pod.spec.containers[0].image = 'nginx:1.26'
    replaced = core.replace_namespaced_pod('web', 'default', pod)
    assert replaced.spec.containers[0].image == 'nginx:1.26'
    assert replaced.metadata.uid == pod.metadata.uid
    assert int(replaced.metadata.resource_version) > int(
        pod.metadata.resource_version
    )
    deleted = core.delete_namespaced_pod('web', 'default')
    assert isinstance(deleted, kubernetes.client.V1Pod)
    assert deleted.metadata.name == 'web'
    assert core.list_namespaced_pod('default').items == []


def test_list_for_all_namespaces(core):
    core.create_namespace({'metadata': {'name': 'other'}})
    core.create_namespaced_pod('default', pod_body('a'))
    core.create_namespaced_pod('other', pod_body('b'))
    pods = core.list_pod_for_all_namespaces().items
    assert sorted((p.metadata.namespace, p.metadata.name) for p in pods) == [
        ('default', 'a'),
        ('other', 'b'),
    ]
    assert [
        p.metadata.name for p in core.list_namespaced_pod('other').items
    ] == ['b']


def test_missing_pod_is_404_with_exact_status(core):
    with pytest.raises(ApiException) as excinfo:
        core.read_namespaced_pod('ghost', 'default')
    code, body = error_of(excinfo)
    assert code == 404
    assert body == {
        'kind': 'Status',
        'apiVersion': 'v1',
        'metadata': {},
        'status': 'Failure',
        'message': 'pods "ghost" not found',
        'reason': 'NotFound',
        'details': {'name': 'ghost', 'kind': 'pods'},
        'code': 404,
    }
    for call in (
        lambda: core.delete_namespaced_pod('ghost', 'default'),
        lambda: core.patch_namespaced_pod(
            'ghost', 'default', {'metadata': {'labels': {}}}
        ),
        lambda: core.replace_namespaced_pod(
            'ghost', 'default', pod_body('ghost')
        ),
    ):
        with pytest.raises(kubernetes.client.exceptions.NotFoundException):
            call()


def test_create_in_missing_namespace_is_404(core):
    with pytest.raises(ApiException) as excinfo:
        core.create_namespaced_pod('nowhere', pod_body('web'))
    code, body = error_of(excinfo)
    assert code == 404
    assert body['message'] == 'namespaces "nowhere" not found'
    assert body['details'] == {'name': 'nowhere', 'kind': 'namespaces'}


def test_duplicate_name_is_409_already_exists(core):
    core.create_namespaced_pod('default', pod_body('web'))
    with pytest.raises(ApiException) as excinfo:
        core.create_namespaced_pod('default', pod_body('web'))
    code, body = error_of(excinfo)
    assert (code, body['reason']) == (409, 'AlreadyExists')
    assert body['message'] == 'pods "web" already exists'


def test_stale_resource_version_is_409_conflict(core):
    pod = core.create_namespaced_pod('default', pod_body('web'))
    core.patch_namespaced_pod(
        'web', 'default', {'metadata': {'labels': {'a': 'b'}}}
    )
    with pytest.raises(ApiException) as excinfo:
        core.replace_namespaced_pod('web', 'default', pod)
    code, body = error_of(excinfo)
    assert (code, body['reason']) == (409, 'Conflict')
    assert body['message'] == (
        'Operation cannot be fulfilled on pods "web": the object has been '
        'modified; please apply your changes to the latest version and '
        'try again'
    )
    assert body['details'] == {'name': 'web', 'kind': 'pods'}


def test_put_without_resource_version_is_unconditional(core):
    core.create_namespaced_pod('default', pod_body('web'))
    body = pod_body('web', labels={'x': 'y'})
    assert core.replace_namespaced_pod(
        'web', 'default', body
    ).metadata.labels == {'x': 'y'}


def test_name_mismatch_is_400(core):
    core.create_namespaced_pod('default', pod_body('web'))
    with pytest.raises(ApiException) as excinfo:
        core.replace_namespaced_pod('web', 'default', pod_body('other'))
    code, body = error_of(excinfo)
    assert (code, body['reason']) == (400, 'BadRequest')
    assert body['message'] == (
        'the name of the object (other) does not '
        'match the name on the URL (web)'
    )


def test_namespace_mismatch_is_400(core):
    core.create_namespace({'metadata': {'name': 'other'}})
    with pytest.raises(ApiException) as excinfo:
        core.create_namespaced_pod(
            'default', pod_body('web', namespace='other')
        )
    code, body = error_of(excinfo)
    assert (code, body['reason']) == (400, 'BadRequest')
    assert body['message'] == (
        'the namespace of the provided object does '
        'not match the namespace sent on the request'
    )


def test_generate_name(core):
    body = pod_body('')
    del body['metadata']['name']
    body['metadata']['generateName'] = 'worker-'
    names = {
        core.create_namespaced_pod('default', body).metadata.name
        for _ in range(5)
    }
    assert len(names) == 5
    for name in names:
        assert re.fullmatch(r'worker-[bcdfghjklmnpqrstvwxz2456789]{5}', name)


def test_invalid_name_is_422_with_causes(core):
    with pytest.raises(ApiException) as excinfo:
        core.create_namespaced_pod('default', pod_body('Bad_Name'))
    code, body = error_of(excinfo)
    assert (code, body['reason']) == (422, 'Invalid')
    assert body['message'].startswith(
        'Pod "Bad_Name" is invalid: '
        'metadata.name: Invalid value: '
        '"Bad_Name": a lowercase RFC 1123 '
        'subdomain must consist of'
    )
    assert body['details']['kind'] == 'Pod'
    assert body['details']['causes'][0]['field'] == 'metadata.name'
    assert body['details']['causes'][0]['reason'] == 'FieldValueInvalid'


def test_containers_required_duplicate_and_image(raw):
    cases = [
        ({'containers': []}, ['spec.containers'], 'FieldValueRequired'),
        (
            {
                'containers': [
                    {'name': 'a', 'image': 'x'},
                    {'name': 'a', 'image': 'y'},
                ]
            },
            ['spec.containers[1].name'],
            'FieldValueDuplicate',
        ),
        (
            {'containers': [{'name': 'a'}]},
            ['spec.containers[0].image'],
            'FieldValueRequired',
        ),
        (
            {'containers': ['nginx']},
            ['spec.containers[0]'],
            'FieldValueInvalid',
        ),
    ]
    for spec, fields, reason in cases:
        body = {'metadata': {'name': 'bad'}, 'spec': spec}
        response = raw('POST', '/api/v1/namespaces/default/pods', json=body)
        assert response.status_code == 422, spec
        details = response.json()['details']
        assert [c['field'] for c in details['causes']] == fields
        assert details['causes'][0]['reason'] == reason
    message = raw(
        'POST',
        '/api/v1/namespaces/default/pods',
        json={'metadata': {'name': 'x'}, 'spec': {}},
    ).json()['message']
    assert message == 'Pod "x" is invalid: spec.containers: Required value'


def test_pod_spec_is_immutable_except_images(core):
    core.create_namespaced_pod('default', pod_body('web'))
    pod = core.read_namespaced_pod('web', 'default')
    pod.spec.restart_policy = 'Never'
    with pytest.raises(ApiException) as excinfo:
        core.replace_namespaced_pod('web', 'default', pod)
    code, body = error_of(excinfo)
    assert code == 422
    assert (
        'Forbidden: pod updates may not change fields other than '
        '`spec.containers[*].image`' in body['message']
    )
    assert body['details']['causes'][0]['field'] == 'spec'


def test_status_only_through_status_subresource(core):
    core.create_namespaced_pod('default', pod_body('web'))
    pod = core.read_namespaced_pod('web', 'default')
    pod.status.phase = 'Running'
    assert (
        core.replace_namespaced_pod('web', 'default', pod).status.phase
        == 'Pending'
    )
    pod = core.read_namespaced_pod('web', 'default')
    pod.status.phase = 'Running'
    pod.metadata.labels = {'ignored': 'yes'}
    updated = core.replace_namespaced_pod_status('web', 'default', pod)
    assert updated.status.phase == 'Running'
    assert not updated.metadata.labels
    assert (
        core.read_namespaced_pod_status('web', 'default').status.phase
        == 'Running'
    )


def test_pod_runs_on_a_ready_node(double, core):
    core.create_namespaced_pod('default', pod_body('early'))
    assert (
        core.read_namespaced_pod('early', 'default').status.phase == 'Pending'
    )
    double.add_node('minion-0', address='10.0.0.3')
    double.add_node('minion-1')
    early = core.read_namespaced_pod('early', 'default')
    assert (early.status.phase, early.spec.node_name) == (
        'Running',
        'minion-0',
    )
    assert early.status.host_ip == '10.0.0.3'
    late = core.create_namespaced_pod('default', pod_body('late'))
    assert late.status.phase == 'Pending'
    late = core.read_namespaced_pod('late', 'default')
    assert (late.status.phase, late.spec.node_name) == ('Running', 'minion-1')
    assert late.status.container_statuses[0].ready is True


def test_store_helpers(double, core):
    core.create_namespaced_pod('default', pod_body('web'))
    double.set_pod_phase('default', 'web', 'Failed')
    assert core.read_namespaced_pod('web', 'default').status.phase == 'Failed'
    double.remove('pods', 'default', 'web')
    with pytest.raises(kubernetes.client.exceptions.NotFoundException):
        core.read_namespaced_pod('web', 'default')


def test_malformed_bodies_are_400(raw):
    path = '/api/v1/namespaces/default/pods'
    for data in (
        '{nope',
        '[]',
        '{"metadata": {"name": "a"}, "spec": "x"}',
        '{"kind": "Service", "metadata": {"name": "a"}}',
    ):
        response = raw(
            'POST',
            path,
            data=data,
            headers={'Content-Type': 'application/json'},
        )
        assert response.status_code == 400, data
        assert response.json()['reason'] == 'BadRequest'

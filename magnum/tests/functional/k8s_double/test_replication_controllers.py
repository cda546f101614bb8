"""Replication controllers: defaults, the controller, scale, delete."""

import json

import kubernetes
import pytest

from magnum.tests.functional.k8s_double.helpers import pod_body
from magnum.tests.functional.k8s_double.helpers import rc_body

ApiException = kubernetes.client.ApiException


def pods_of(core, app):
    return sorted(
        core.list_namespaced_pod('default', label_selector=f'app={app}').items,
        key=lambda p: p.metadata.name,
    )


def test_create_defaults(core):
    body = rc_body('redis')
    del body['spec']['replicas']
    rc = core.create_namespaced_replication_controller('default', body)
    assert rc.spec.replicas == 1
    assert rc.spec.selector == {'app': 'redis'}
    assert rc.metadata.labels == {'app': 'redis'}
    assert rc.metadata.generation == 1
    assert rc.status.replicas == 0
    assert rc.spec.template.spec.restart_policy == 'Always'


def test_controller_creates_owned_pods(core):
    rc = core.create_namespaced_replication_controller(
        'default', rc_body('redis', replicas=3)
    )
    pods = pods_of(core, 'redis')
    assert len(pods) == 3
    for pod in pods:
        assert pod.metadata.name.startswith('redis-')
        ref = pod.metadata.owner_references[0]
        assert (ref.kind, ref.name, ref.uid, ref.controller) == (
            'ReplicationController',
            'redis',
            rc.metadata.uid,
            True,
        )
        assert pod.spec.containers[0].image == 'redis:7'
        assert pod.status.phase == 'Pending'
    status = core.read_namespaced_replication_controller(
        'redis', 'default'
    ).status
    assert (status.replicas, status.ready_replicas) == (3, None)


def test_pods_run_and_are_replaced(double, core):
    double.add_node('minion-0')
    core.create_namespaced_replication_controller('default', rc_body('redis'))
    pods = pods_of(core, 'redis')
    assert [p.status.phase for p in pods] == ['Running', 'Running']
    core.delete_namespaced_pod(pods[0].metadata.name, 'default')
    after = pods_of(core, 'redis')
    assert len(after) == 2
    assert pods[0].metadata.name not in {p.metadata.name for p in after}
    rc = core.read_namespaced_replication_controller('redis', 'default')
    assert rc.status.ready_replicas == 2


def test_controller_adopts_and_releases(core):
    core.create_namespaced_pod(
        'default', pod_body('stray', labels={'app': 'redis'})
    )
    core.create_namespaced_replication_controller('default', rc_body('redis'))
    pods = pods_of(core, 'redis')
    assert len(pods) == 2
    assert 'stray' in [p.metadata.name for p in pods]
    core.patch_namespaced_pod(
        'stray', 'default', {'metadata': {'labels': {'app': 'other'}}}
    )
    stray = core.read_namespaced_pod('stray', 'default')
    assert not stray.metadata.owner_references
    assert len(pods_of(core, 'redis')) == 2


def test_scale_subresource(core):
    core.create_namespaced_replication_controller('default', rc_body('redis'))
    scale = core.read_namespaced_replication_controller_scale(
        'redis', 'default'
    )
    assert (scale.spec.replicas, scale.status.replicas) == (2, 2)
    assert scale.status.selector == 'app=redis'
    scaled = core.patch_namespaced_replication_controller_scale(
        'redis', 'default', {'spec': {'replicas': 4}}
    )
    assert scaled.spec.replicas == 4
    assert len(pods_of(core, 'redis')) == 4
    scale = core.read_namespaced_replication_controller_scale(
        'redis', 'default'
    )
    scale.spec.replicas = 1
    core.replace_namespaced_replication_controller_scale(
        'redis', 'default', scale
    )
    assert len(pods_of(core, 'redis')) == 1
    rc = core.read_namespaced_replication_controller('redis', 'default')
    assert (rc.spec.replicas, rc.status.replicas) == (1, 1)
    assert rc.metadata.generation == 3
    assert rc.status.observed_generation == 3


def test_scale_errors(core, raw):
    core.create_namespaced_replication_controller('default', rc_body('redis'))
    path = '/api/v1/namespaces/default/replicationcontrollers/redis/scale'
    response = raw(
        'PATCH',
        path,
        data=json.dumps({'spec': {'replicas': -1}}),
        headers={'Content-Type': 'application/merge-patch+json'},
    )
    assert response.status_code == 422
    assert response.json()['details']['kind'] == 'Scale'
    scale = core.read_namespaced_replication_controller_scale(
        'redis', 'default'
    )
    core.patch_namespaced_replication_controller_scale(
        'redis', 'default', {'spec': {'replicas': 3}}
    )
    with pytest.raises(ApiException) as excinfo:
        core.replace_namespaced_replication_controller_scale(
            'redis', 'default', scale
        )
    assert excinfo.value.status == 409


def test_selector_must_match_template_labels(core):
    body = rc_body('redis')
    body['spec']['selector'] = {'app': 'other'}
    with pytest.raises(ApiException) as excinfo:
        core.create_namespaced_replication_controller('default', body)
    error = json.loads(excinfo.value.body)
    assert (excinfo.value.status, error['reason']) == (422, 'Invalid')
    cause = error['details']['causes'][0]
    assert cause['field'] == 'spec.template.metadata.labels'
    assert cause['message'].endswith(
        '`selector` does not match template `labels`'
    )
    assert error['details']['kind'] == 'ReplicationController'


def test_negative_replicas_is_422(core):
    with pytest.raises(ApiException) as excinfo:
        core.create_namespaced_replication_controller(
            'default', rc_body('redis', replicas=-1)
        )
    assert excinfo.value.status == 422
    assert (
        json.loads(excinfo.value.body)['details']['causes'][0]['field']
        == 'spec.replicas'
    )


def test_delete_returns_status_and_cascades(core):
    rc = core.create_namespaced_replication_controller(
        'default', rc_body('redis')
    )
    result = core.delete_namespaced_replication_controller('redis', 'default')
    assert result == {
        'kind': 'Status',
        'apiVersion': 'v1',
        'metadata': {},
        'status': 'Success',
        'code': 200,
        'details': {
            'name': 'redis',
            'kind': 'replicationcontrollers',
            'uid': rc.metadata.uid,
        },
    }
    assert pods_of(core, 'redis') == []


def test_delete_orphan_keeps_pods(core):
    core.create_namespaced_replication_controller('default', rc_body('redis'))
    core.delete_namespaced_replication_controller(
        'redis', 'default', propagation_policy='Orphan'
    )
    pods = pods_of(core, 'redis')
    assert len(pods) == 2
    assert all(not p.metadata.owner_references for p in pods)


def test_delete_preconditions(core):
    rc = core.create_namespaced_replication_controller(
        'default', rc_body('redis')
    )
    with pytest.raises(ApiException) as excinfo:
        core.delete_namespaced_replication_controller(
            'redis', 'default', body={'preconditions': {'uid': 'nope'}}
        )
    assert excinfo.value.status == 409
    assert (
        'Precondition failed: UID in precondition: nope'
        in json.loads(excinfo.value.body)['message']
    )
    core.delete_namespaced_replication_controller(
        'redis', 'default', body={'preconditions': {'uid': rc.metadata.uid}}
    )

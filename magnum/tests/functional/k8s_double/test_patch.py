"""PATCH by content type: strategic merge, JSON patch, merge patch."""

import json

import kubernetes
import pytest

from magnum.tests.functional.k8s_double.helpers import pod_body
from magnum.tests.functional.k8s_double.helpers import rc_body

RC_PATH = '/api/v1/namespaces/default/replicationcontrollers/redis'
SMP = 'application/strategic-merge-patch+json'
MERGE = 'application/merge-patch+json'
JSON_PATCH = 'application/json-patch+json'


def two_container_rc(core):
    body = rc_body('redis')
    body['spec']['template']['spec']['containers'].append(
        {'name': 'sidecar', 'image': 'busybox:1'}
    )
    return core.create_namespaced_replication_controller('default', body)


def send(raw, path, content_type, patch):
    return raw(
        'PATCH',
        path,
        data=json.dumps(patch),
        headers={'Content-Type': content_type},
    )


def containers(obj):
    return [
        (c['name'], c['image'])
        for c in obj['spec']['template']['spec']['containers']
    ]


def test_client_dict_body_is_strategic_merge(core):
    two_container_rc(core)
    patched = core.patch_namespaced_replication_controller(
        'redis',
        'default',
        {
            'metadata': {'labels': {'tier': 'cache'}},
            'spec': {
                'template': {
                    'spec': {
                        'containers': [{'name': 'main', 'image': 'redis:8'}]
                    }
                }
            },
        },
    )
    images = [(c.name, c.image) for c in patched.spec.template.spec.containers]
    assert images == [('main', 'redis:8'), ('sidecar', 'busybox:1')]
    assert patched.metadata.labels == {'app': 'redis', 'tier': 'cache'}
    assert patched.metadata.generation == 2


def test_client_list_body_is_json_patch(core):
    core.create_namespaced_pod('default', pod_body('web', labels={'a': '1'}))
    patched = core.patch_namespaced_pod(
        'web',
        'default',
        [
            {'op': 'replace', 'path': '/metadata/labels/a', 'value': '2'},
            {
                'op': 'add',
                'path': '/metadata/annotations',
                'value': {'x': 'y'},
            },
        ],
    )
    assert patched.metadata.labels == {'a': '2'}
    assert patched.metadata.annotations == {'x': 'y'}


def test_merge_patch_replaces_lists(core, raw):
    two_container_rc(core)
    response = send(
        raw,
        RC_PATH,
        MERGE,
        {
            'spec': {
                'template': {
                    'spec': {
                        'containers': [{'name': 'only', 'image': 'nginx:1'}]
                    }
                }
            }
        },
    )
    assert response.status_code == 200
    assert containers(response.json()) == [('only', 'nginx:1')]


def test_merge_patch_null_deletes(core, raw):
    core.create_namespaced_pod(
        'default', pod_body('web', labels={'a': '1', 'b': '2'})
    )
    response = send(
        raw,
        '/api/v1/namespaces/default/pods/web',
        MERGE,
        {'metadata': {'labels': {'a': None}}},
    )
    assert response.json()['metadata']['labels'] == {'b': '2'}


def test_strategic_delete_directive_and_service_ports(core, raw):
    two_container_rc(core)
    response = send(
        raw,
        RC_PATH,
        SMP,
        {
            'spec': {
                'template': {
                    'spec': {
                        'containers': [{'name': 'sidecar', '$patch': 'delete'}]
                    }
                }
            }
        },
    )
    assert containers(response.json()) == [('main', 'redis:7')]
    core.create_namespaced_service(
        'default',
        {
            'metadata': {'name': 'web'},
            'spec': {'ports': [{'name': 'http', 'port': 80}]},
        },
    )
    response = send(
        raw,
        '/api/v1/namespaces/default/services/web',
        SMP,
        {
            'spec': {'ports': [{'name': 'https', 'port': 443}]},
            '$setElementOrder/ports': [{'port': 80}],
        },
    )
    assert [p['port'] for p in response.json()['spec']['ports']] == [80, 443]


def test_unknown_patch_type_is_415(core, raw):
    core.create_namespaced_pod('default', pod_body('web'))
    for content_type in (
        'application/json',
        'application/apply-patch+yaml',
        'text/plain',
    ):
        response = send(
            raw, '/api/v1/namespaces/default/pods/web', content_type, {}
        )
        assert response.status_code == 415
        assert response.json()['reason'] == 'UnsupportedMediaType'


def test_patch_to_invalid_object_is_422(core):
    core.create_namespaced_replication_controller('default', rc_body('redis'))
    with pytest.raises(kubernetes.client.ApiException) as excinfo:
        core.patch_namespaced_replication_controller(
            'redis',
            'default',
            [
                {
                    'op': 'replace',
                    'path': '/spec/template/metadata/labels',
                    'value': {'app': 'other'},
                }
            ],
        )
    assert excinfo.value.status == 422
    assert json.loads(excinfo.value.body)['reason'] == 'Invalid'


def test_failed_json_patch_test_is_422(core):
    core.create_namespaced_pod('default', pod_body('web'))
    with pytest.raises(kubernetes.client.ApiException) as excinfo:
        core.patch_namespaced_pod(
            'web',
            'default',
            [{'op': 'test', 'path': '/metadata/name', 'value': 'other'}],
        )
    assert excinfo.value.status == 422


def test_malformed_patch_is_400(core, raw):
    core.create_namespaced_pod('default', pod_body('web'))
    response = raw(
        'PATCH',
        '/api/v1/namespaces/default/pods/web',
        data='{not json',
        headers={'Content-Type': MERGE},
    )
    assert response.status_code == 400
    assert response.json()['reason'] == 'BadRequest'


def test_patch_with_stale_resource_version_is_409(core):
    pod = core.create_namespaced_pod('default', pod_body('web'))
    core.patch_namespaced_pod(
        'web', 'default', {'metadata': {'labels': {'a': 'b'}}}
    )
    with pytest.raises(kubernetes.client.ApiException) as excinfo:
        core.patch_namespaced_pod(
            'web',
            'default',
            {
                'metadata': {
                    'resourceVersion': pod.metadata.resource_version,
                    'labels': {'c': 'd'},
                }
            },
        )
    assert excinfo.value.status == 409
    assert json.loads(excinfo.value.body)['reason'] == 'Conflict'


def test_patch_status_subresource(core):
    core.create_namespaced_pod('default', pod_body('web'))
    patched = core.patch_namespaced_pod_status(
        'web',
        'default',
        {
            'status': {'phase': 'Succeeded'},
            'metadata': {'labels': {'ignored': 'yes'}},
        },
    )
    assert patched.status.phase == 'Succeeded'
    assert not patched.metadata.labels
    unchanged = core.patch_namespaced_pod(
        'web', 'default', {'status': {'phase': 'Failed'}}
    )
    assert unchanged.status.phase == 'Succeeded'

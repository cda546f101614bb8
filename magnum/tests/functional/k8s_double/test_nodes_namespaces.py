"""Nodes and namespaces: CRUD, Ready conditions, cascading deletes."""

import json

import kubernetes
import pytest

from magnum.tests.functional.k8s_double.helpers import pod_body
from magnum.tests.functional.k8s_double.helpers import rc_body
from magnum.tests.k8s_double import KubeDouble

ApiException = kubernetes.client.ApiException


def ready(node):
    return [c.status for c in node.status.conditions if c.type == 'Ready']


def test_node_crud(double, core):
    double.add_node('minion-0', address='10.0.0.4')
    nodes = core.list_node()
    assert nodes.kind == 'NodeList'
    assert [n.metadata.name for n in nodes.items] == ['minion-0']
    node = core.read_node('minion-0')
    assert ready(node) == ['True']
    assert node.metadata.namespace is None
    assert node.status.addresses[0].address == '10.0.0.4'
    created = core.create_node(
        {
            'metadata': {'name': 'minion-1'},
            'status': {'conditions': [{'type': 'Ready', 'status': 'False'}]},
        }
    )
    assert ready(created) == ['False']
    patched = core.patch_node(
        'minion-1', {'metadata': {'labels': {'role': 'worker'}}}
    )
    assert patched.metadata.labels == {'role': 'worker'}
    result = core.delete_node('minion-1')
    assert result['status'] == 'Success'
    assert result['details']['kind'] == 'nodes'
    with pytest.raises(kubernetes.client.exceptions.NotFoundException):
        core.read_node('minion-1')


def test_node_status_subresource(double, core):
    double.add_node('minion-0')
    patched = core.patch_node_status(
        'minion-0',
        {
            'status': {
                'conditions': [
                    {
                        'type': 'Ready',
                        'status': 'False',
                        'reason': 'KubeletDown',
                    }
                ]
            }
        },
    )
    assert ready(patched) == ['False']
    assert ready(core.read_node_status('minion-0')) == ['False']
    unchanged = core.patch_node(
        'minion-0',
        {'status': {'conditions': [{'type': 'Ready', 'status': 'True'}]}},
    )
    assert ready(unchanged) == ['False']
    double.set_node_ready('minion-0', True)
    assert ready(core.read_node('minion-0')) == ['True']


def test_pods_wait_for_a_ready_node(double, core):
    double.add_node('minion-0', ready=False)
    core.create_namespaced_pod('default', pod_body('web'))
    assert core.read_namespaced_pod('web', 'default').status.phase == 'Pending'
    double.set_node_ready('minion-0', True)
    assert core.read_namespaced_pod('web', 'default').status.phase == 'Running'


def test_cli_style_nodes_at_start():
    double = KubeDouble(nodes=2, node_prefix='bay-minion')
    assert [n['metadata']['name'] for n in double.list('nodes')] == [
        'bay-minion-0',
        'bay-minion-1',
    ]


def test_default_namespaces(core):
    names = [n.metadata.name for n in core.list_namespace().items]
    assert {'default', 'kube-system'} <= set(names)
    default = core.read_namespace('default')
    assert default.status.phase == 'Active'
    assert default.metadata.labels['kubernetes.io/metadata.name'] == 'default'


def test_namespace_create_delete_cascades(core):
    core.create_namespace({'metadata': {'name': 'bay'}})
    core.create_namespaced_pod('bay', pod_body('web'))
    core.create_namespaced_replication_controller('bay', rc_body('redis'))
    gone = core.delete_namespace('bay')
    assert gone['kind'] == 'Namespace'
    assert gone['status']['phase'] == 'Terminating'
    assert core.list_namespaced_pod('bay').items == []
    assert core.list_namespaced_replication_controller('bay').items == []
    with pytest.raises(ApiException) as excinfo:
        core.read_namespace('bay')
    assert (
        json.loads(excinfo.value.body)['message']
        == 'namespaces "bay" not found'
    )


def test_protected_and_invalid_namespaces(core):
    with pytest.raises(ApiException) as excinfo:
        core.delete_namespace('kube-system')
    assert excinfo.value.status == 403
    assert json.loads(excinfo.value.body)['reason'] == 'Forbidden'
    with pytest.raises(ApiException) as excinfo:
        core.create_namespace({'metadata': {'name': 'a.b'}})
    assert excinfo.value.status == 422
    with pytest.raises(ApiException) as excinfo:
        core.create_namespace({'metadata': {'name': 'default'}})
    assert excinfo.value.status == 409

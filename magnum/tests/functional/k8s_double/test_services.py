"""Services: defaults, clusterIP allocation, immutability, validation."""

import ipaddress
import json

import kubernetes
import pytest

from magnum.tests.functional.k8s_double.helpers import service_body

PORTAL = ipaddress.ip_network('10.254.0.0/16')


def test_create_defaults_and_allocates_cluster_ip(core):
    svc = core.create_namespaced_service('default', service_body('web'))
    assert svc.spec.type == 'ClusterIP'
    assert svc.spec.session_affinity == 'None'
    assert ipaddress.ip_address(svc.spec.cluster_ip) in PORTAL
    assert svc.spec.cluster_ip != '10.254.0.1'  # the kubernetes service
    assert svc.spec.cluster_ips == [svc.spec.cluster_ip]
    port = svc.spec.ports[0]
    assert (port.protocol, port.target_port) == ('TCP', 80)
    other = core.create_namespaced_service('default', service_body('db'))
    assert other.spec.cluster_ip != svc.spec.cluster_ip


def test_default_kubernetes_service_exists(core):
    svc = core.read_namespaced_service('kubernetes', 'default')
    assert svc.spec.cluster_ip == '10.254.0.1'


def test_cluster_ip_is_immutable_but_kept_when_omitted(core):
    svc = core.create_namespaced_service('default', service_body('web'))
    body = service_body('web', port=8080)
    kept = core.replace_namespaced_service('web', 'default', body)
    assert kept.spec.cluster_ip == svc.spec.cluster_ip
    assert kept.spec.ports[0].port == 8080
    body = service_body('web', clusterIP='10.254.9.9')
    with pytest.raises(kubernetes.client.ApiException) as excinfo:
        core.replace_namespaced_service('web', 'default', body)
    error = json.loads(excinfo.value.body)
    assert (excinfo.value.status, error['reason']) == (422, 'Invalid')
    assert error['details']['causes'] == [
        {
            'reason': 'FieldValueInvalid',
            'field': 'spec.clusterIP',
            'message': 'Invalid value: "10.254.9.9": field is immutable',
        }
    ]


def test_requested_cluster_ip_must_be_free_and_in_range(core):
    ok = core.create_namespaced_service(
        'default', service_body('a', clusterIP='10.254.7.7')
    )
    assert ok.spec.cluster_ip == '10.254.7.7'
    for name, address, text in (
        ('b', '10.254.7.7', 'already allocated'),
        ('c', '192.168.0.1', 'not in the valid'),
    ):
        with pytest.raises(kubernetes.client.ApiException) as excinfo:
            core.create_namespaced_service(
                'default', service_body(name, clusterIP=address)
            )
        assert excinfo.value.status == 422
        assert text in json.loads(excinfo.value.body)['message']


def test_node_port_allocation(core):
    svc = core.create_namespaced_service(
        'default', service_body('web', type='NodePort')
    )
    assert 30000 <= svc.spec.ports[0].node_port <= 32767


def test_delete_returns_the_service(core):
    core.create_namespaced_service('default', service_body('web'))
    gone = core.delete_namespaced_service('web', 'default')
    assert isinstance(gone, kubernetes.client.V1Service)
    assert gone.metadata.name == 'web'


@pytest.mark.parametrize('name', ['1web', 'web.site', 'Web'])
def test_service_name_is_a_dns1035_label(core, name):
    with pytest.raises(kubernetes.client.ApiException) as excinfo:
        core.create_namespaced_service('default', service_body(name))
    error = json.loads(excinfo.value.body)
    assert excinfo.value.status == 422
    assert error['details']['causes'][0]['field'] == 'metadata.name'
    assert 'DNS-1035 label' in error['message']


@pytest.mark.parametrize(
    'spec,field',
    [
        ({'ports': []}, 'spec.ports'),
        ({'ports': [{'port': 0}]}, 'spec.ports[0].port'),
        ({'ports': [{'port': 70000}]}, 'spec.ports[0].port'),
        (
            {'ports': [{'port': 80, 'name': 'a'}, {'port': 81}]},
            'spec.ports[1].name',
        ),
        ({'ports': [{'port': 80}], 'type': 'Bogus'}, 'spec.type'),
    ],
)
def test_service_port_validation(raw, spec, field):
    response = raw(
        'POST',
        '/api/v1/namespaces/default/services',
        json={'metadata': {'name': 'web'}, 'spec': spec},
    )
    assert response.status_code == 422
    assert field in [c['field'] for c in response.json()['details']['causes']]


def test_headless_and_external_name_services(core, raw):
    response = raw(
        'POST',
        '/api/v1/namespaces/default/services',
        json={'metadata': {'name': 'web'}, 'spec': {'clusterIP': 'None'}},
    )
    assert response.status_code == 201
    assert response.json()['spec']['clusterIP'] == 'None'
    external = core.create_namespaced_service(
        'default',
        {
            'metadata': {'name': 'ext'},
            'spec': {'type': 'ExternalName', 'externalName': 'example.org'},
        },
    )
    assert external.spec.cluster_ip is None
    after = core.create_namespaced_service('default', service_body('next'))
    assert ipaddress.ip_address(after.spec.cluster_ip) in PORTAL

"""Parsing and validation of pod, service and rc manifests."""

import json

import pytest

from magnum.common import exception
from magnum.common import k8s_manifest
from magnum.tests.fakes import manifests

POD_YAML = manifests.POD_YAML


SERVICE = {
    'apiVersion': 'v1',
    'kind': 'Service',
    'metadata': {'name': 'web'},
    'spec': {'selector': {'app': 'web'}, 'ports': [{'port': 80}]},
}

RC = manifests.rc()


def _fails(resource, text, match):
    with pytest.raises(exception.InvalidManifest, match=match) as info:
        k8s_manifest.load(resource, text)
    assert info.value.code == 400
    return info.value


def test_yaml_pod():
    manifest = k8s_manifest.load('pod', POD_YAML)
    assert manifest['metadata'] == {
        'name': 'web',
        'labels': {'app': 'web'},
        'namespace': 'default',
    }
    assert manifest['spec']['containers'][0]['image'] == 'nginx:1.25'
    assert k8s_manifest.name_of(manifest) == 'web'


def test_json_service_and_rc_defaults():
    service = k8s_manifest.load('service', json.dumps(SERVICE))
    assert service['kind'] == 'Service'
    rc = k8s_manifest.load('rc', json.dumps(RC))
    assert rc['apiVersion'] == 'v1'
    assert rc['metadata']['namespace'] == 'default'


def test_yaml_dates_become_text():
    text = POD_YAML.replace(
        '  labels:', '  annotations:\n    built: 2015-10-19\n  labels:'
    )
    manifest = k8s_manifest.load('pod', text)
    assert manifest['metadata']['annotations'] == {'built': '2015-10-19'}


@pytest.mark.parametrize(
    'resource,text,match',
    [
        ('pod', '', 'empty'),
        ('pod', '{"kind": ', 'not valid JSON'),
        ('pod', 'a: [1, 2', 'not valid YAML'),
        ('pod', '- a\n- b\n', 'mapping'),
        ('pod', 'a: 1\n---\nb: 2\n', 'not valid YAML'),
        ('pod', 'just text', 'mapping'),
        ('service', POD_YAML, 'kind must be Service, not Pod'),
        ('pod', POD_YAML.replace('v1', 'v2'), 'apiVersion must be v1'),
        ('pod', POD_YAML.replace('name: web', 'generateName: w-'), 'name'),
        (
            'pod',
            POD_YAML.replace(
                'name: web', 'name: web\n  namespace: kube-system'
            ),
            'default namespace',
        ),
        ('pod', POD_YAML.replace('image: nginx:1.25', 'tty: true'), 'image'),
        ('pod', POD_YAML.replace('app: web', 'version: 1'), 'string'),
        ('pod', 'kind: Pod\nmetadata:\n  name: a\n', 'spec must be'),
        (
            'pod',
            '{"metadata": {"name": "a"}, "spec": {"containers": []}}',
            'non-empty list',
        ),
        (
            'pod',
            'metadata: {name: a}\nspec: {containers: [{image: x}]}\n80: x\n',
            'key 80',
        ),
        (
            'service',
            json.dumps(dict(SERVICE, spec={'ports': []})),
            'spec.ports',
        ),
        (
            'rc',
            json.dumps(dict(RC, spec=dict(RC['spec'], replicas=-1))),
            'replicas',
        ),
        (
            'rc',
            json.dumps(dict(RC, spec={'replicas': 1, 'template': {}})),
            'template.metadata.labels',
        ),
    ],
)
def test_refused(resource, text, match):
    _fails(resource, text, match)


def test_aliases_refused():
    text = (
        'a: &a ["x", "x", "x", "x"]\n'
        'b: &b [*a, *a, *a, *a]\n'
        'metadata: {name: web}\n'
        'spec: {containers: [{image: x}]}\n'
    )
    _fails('pod', text, 'aliases are not allowed')


def test_size_limit(conf):
    conf.config(group='manifest', max_manifest_size=100)
    _fails('pod', POD_YAML + '#' * 100, 'larger than 100 bytes')


def test_deep_nesting_refused():
    _fails('pod', '[' * 5000 + ']' * 5000, 'nested too deeply|not valid')
    deep = 'metadata: {name: a}\nspec: {containers: [{image: x}]}\nx: ' + (
        '{a: ' * 100 + '1' + '}' * 100
    )
    _fails('pod', deep, 'nested too deeply')

"""Pods, services and rcs end to end: API, RabbitMQ, conductor, a bay.

The bay is a CREATE_COMPLETE row with the real CAs and admin client
certificate of ``certificates.generate_for_bay`` (one test deletes a bay
made through the API and the conductor). Its ``api_address`` points at
a Kubernetes API double on 127.0.0.1 that serves a certificate signed by
the bay's Kubernetes CA and accepts only client certificates of that CA
(CERT_REQUIRED): the conductor's client, its certificate and its CA
check are all real.
"""

import json
import os
import uuid as uuid_mod

import pytest

from magnum import objects
from magnum.common import k8s_client
from magnum.conductor import certificates
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models
from magnum.tests import kube_bay
from magnum.tests.fakes import manifests
from magnum.tests.functional.conftest import wait_for
from magnum.tests.unit.api import conftest as c

pytestmark = pytest.mark.functional

POD_YAML = manifests.POD_YAML
SERVICE_YAML = manifests.SERVICE_YAML
rc_manifest = manifests.rc_json
admin = kube_bay.admin
cluster_of = kube_bay.cluster_of
set_bay = kube_bay.set_bay


def error(resp):
    return resp.json['errors'][0]


@pytest.fixture
def template(api):
    resp = api.post('/v1/clustertemplates', c.TEMPLATE)
    assert resp.status_int == 201, resp.body
    return resp.json['uuid']


@pytest.fixture
def bay(api, template):
    """A CREATE_COMPLETE bay k1 of the member's project, written directly,
    with real certificates from ``certificates.generate_for_bay``."""
    uuid = str(uuid_mod.uuid4())
    persona = c.PERSONAS['member']
    with db_common.get_engine().begin() as connection:
        connection.execute(
            models.Cluster.__table__.insert().values(
                uuid=uuid,
                name='k1',
                project_id=persona['X-Project-Id'],
                user_id=persona['X-User-Id'],
                cluster_template_id=template,
                status='CREATE_COMPLETE',
            )
        )
    cluster = cluster_of(uuid)
    certificates.generate_for_bay(admin(), cluster)
    cluster.save()
    yield uuid
    k8s_client.cache().clear()


@pytest.fixture
def api_bay(api, template, driver):
    """A bay k1 created through the API and the conductor."""
    resp = api.post(
        '/v1/clusters', {'name': 'k1', 'cluster_template_id': template}
    )
    assert resp.status_int == 202, resp.body
    uuid = resp.json['uuid']
    wait_for(lambda: cluster_of(uuid).operation_submitted_at is not None)
    driver.finish()
    wait_for(lambda: cluster_of(uuid).status == 'CREATE_COMPLETE')
    yield uuid
    k8s_client.cache().clear()


def _serve(uuid, directory):
    return kube_bay.ServedBay(uuid, directory).start()


@pytest.fixture
def k8s(bay, tmp_path):
    """The bay, its API served by a double (``k8s.kube``)."""
    handle = _serve(bay, str(tmp_path))
    yield handle
    handle.stop()


@pytest.fixture
def api_k8s(api_bay, tmp_path):
    """The bay made through the API, its API served by a double."""
    handle = _serve(api_bay, str(tmp_path))
    yield handle
    handle.stop()


def create(api, url, manifest, bay='k1'):
    body = {'manifest_url': None, 'bay_uuid': bay, 'manifest': manifest}
    return api.post(url, body)


def records(model, bay):
    return [(r.name, r.uuid) for r in model.list(admin(), bay)]


def test_pod_lifecycle(api, k8s):
    kube = k8s.kube
    resp = create(api, '/v1/pods', POD_YAML, bay=k8s.uuid)
    assert resp.status_int == 201, resp.body
    pod = resp.json
    live = kube.get('pods', 'default', 'web')
    assert pod['uuid'] == live['metadata']['uid']
    assert pod['name'] == 'web' and pod['bay_uuid'] == k8s.uuid
    assert pod['images'] == ['nginx:1.25']
    assert pod['labels'] == {'app': 'web'}
    assert pod['manifest'] == POD_YAML
    assert pod['links'][0]['href'].endswith(
        '/v1/pods/%s/%s' % (pod['uuid'], k8s.uuid)
    )

    shown = api.get('/v1/pods/web/?bay_ident=k1').json
    assert shown['status'] == 'Running'
    assert (
        shown['host'] == kube.get('pods', 'default', 'web')['spec']['nodeName']
    )
    assert api.get('/v1/pods/%s/k1' % pod['uuid']).json['name'] == 'web'
    listed = api.get('/v1/pods/?bay_ident=k1').json['pods']
    assert [p['uuid'] for p in listed] == [pod['uuid']]
    assert listed[0]['status'] == 'Running'

    resp = api.patch(
        '/v1/pods/web/?bay_ident=k1',
        [{'op': 'add', 'path': '/desc', 'value': 'front end'}],
    )
    assert resp.status_int == 200, resp.body
    assert resp.json['desc'] == 'front end'
    new_image = POD_YAML.replace('nginx:1.25', 'nginx:1.27')
    resp = api.patch(
        '/v1/pods/web/k1',
        [{'op': 'replace', 'path': '/manifest', 'value': new_image}],
    )
    assert resp.status_int == 200, resp.body
    assert resp.json['images'] == ['nginx:1.27']
    assert resp.json['uuid'] == pod['uuid']
    containers = kube.get('pods', 'default', 'web')['spec']['containers']
    assert containers[0]['image'] == 'nginx:1.27'

    assert api.delete('/v1/pods/web/?bay_ident=k1').status_int == 204
    assert kube.get('pods', 'default', 'web') is None
    assert api.get('/v1/pods/?bay_ident=k1').json['pods'] == []
    assert api.get('/v1/pods/web/k1').status_int == 404


def test_rc_scale_replace_delete(api, k8s):
    kube = k8s.kube
    resp = create(api, '/v1/rcs', rc_manifest())
    assert resp.status_int == 201, resp.body
    assert resp.json['replicas'] == 2
    assert resp.json['labels'] == {'app': 'redis'}
    assert len(kube.list('pods', 'default')) == 2

    resp = api.patch(
        '/v1/rcs/redis/?bay_ident=k1',
        [{'op': 'replace', 'path': '/replicas', 'value': 3}],
    )
    assert resp.status_int == 200, resp.body
    assert resp.json['replicas'] == 3
    assert (
        kube.get('replicationcontrollers', 'default', 'redis')['spec'][
            'replicas'
        ]
        == 3
    )
    assert len(kube.list('pods', 'default')) == 3

    resp = api.patch(
        '/v1/rcs/redis/k1',
        [
            {
                'op': 'replace',
                'path': '/manifest',
                'value': rc_manifest(replicas=1, image='redis:7.2'),
            }
        ],
    )
    assert resp.status_int == 200, resp.body
    assert (resp.json['replicas'], resp.json['images']) == (1, ['redis:7.2'])
    assert len(kube.list('pods', 'default')) == 1

    # Scaled behind the API's back (kubectl scale): the next read shows it.
    kube.registry.patch_scale(
        'default',
        'redis',
        'application/merge-patch+json',
        json.dumps({'spec': {'replicas': 4}}).encode(),
    )
    listed = api.get('/v1/rcs/?bay_ident=k1').json['rcs']
    assert listed[0]['replicas'] == 4
    assert api.delete('/v1/rcs/redis/?bay_ident=k1').status_int == 204
    assert kube.get('replicationcontrollers', 'default', 'redis') is None
    assert kube.list('pods', 'default') == []


def test_service_lifecycle(api, k8s):
    kube = k8s.kube
    resp = create(api, '/v1/services', SERVICE_YAML)
    assert resp.status_int == 201, resp.body
    service = resp.json
    ip = kube.get('services', 'default', 'web')['spec']['clusterIP']
    assert service['ip'] == ip
    assert service['selector'] == {'app': 'web'}
    assert service['labels'] == {'tier': 'front'}
    assert service['ports'] == [
        {'port': 80, 'protocol': 'TCP', 'targetPort': 8080}
    ]
    names = [
        s['name']
        for s in api.get('/v1/services/?bay_ident=k1').json['services']
    ]
    assert names == ['web']

    replaced = SERVICE_YAML.replace('port: 80', 'port: 81')
    resp = api.patch(
        '/v1/services/web/?bay_ident=k1',
        [{'op': 'replace', 'path': '/manifest', 'value': replaced}],
    )
    assert resp.status_int == 200, resp.body
    assert resp.json['ports'][0]['port'] == 81
    assert resp.json['ip'] == ip
    resp = api.patch(
        '/v1/services/web/k1',
        [{'op': 'replace', 'path': '/ip', 'value': '10.0.0.1'}],
    )
    assert resp.status_int == 400

    assert api.delete('/v1/services/web/k1').status_int == 204
    assert kube.get('services', 'default', 'web') is None


def test_kubernetes_errors_and_nothing_half_created(api, k8s):
    kube = k8s.kube
    assert create(api, '/v1/pods', POD_YAML).status_int == 201
    first = records(objects.Pod, k8s.uuid)

    resp = create(api, '/v1/pods', POD_YAML)
    assert resp.status_int == 409
    assert 'pods "web" already exists' in error(resp)['detail']
    assert records(objects.Pod, k8s.uuid) == first

    invalid = POD_YAML.replace('name: web', 'name: Web_1')
    resp = create(api, '/v1/pods', invalid)
    assert resp.status_int == 422, resp.body
    assert error(resp)['status'] == 422
    assert 'metadata.name: Invalid value' in error(resp)['detail']
    assert kube.get('pods', 'default', 'Web_1') is None

    resp = create(api, '/v1/rcs', rc_manifest(selector={'app': 'other'}))
    assert resp.status_int == 422
    assert 'selector' in error(resp)['detail']

    # Refused by the client's own check before it sends anything.
    unknown = POD_YAML.replace(
        'image: nginx:1.25', 'image: x\n    colour: red'
    )
    resp = create(api, '/v1/pods', unknown.replace('name: web', 'name: w2'))
    assert resp.status_int == 400
    assert 'spec.containers.0.colour' in error(resp)['detail']
    assert kube.get('pods', 'default', 'w2') is None

    assert api.get('/v1/pods/nope/k1').status_int == 404
    assert api.delete('/v1/rcs/nope/k1').status_int == 404
    assert [name for name, _uuid in records(objects.Pod, k8s.uuid)] == ['web']
    assert records(objects.ReplicationController, k8s.uuid) == []


def test_deleted_behind_the_back(api, k8s):
    kube = k8s.kube
    assert create(api, '/v1/pods', POD_YAML).status_int == 201
    assert create(api, '/v1/services', SERVICE_YAML).status_int == 201
    kube.remove('pods', 'default', 'web')
    assert api.get('/v1/pods/?bay_ident=k1').json['pods'] == []
    assert records(objects.Pod, k8s.uuid) == []
    kube.remove('services', 'default', 'web')
    assert api.get('/v1/services/web/k1').status_int == 404
    assert records(objects.Service, k8s.uuid) == []
    # The name is free again.
    assert create(api, '/v1/pods', POD_YAML).status_int == 201
    # Replaced behind the back by another object of the same name: that
    # one is not magnum's.
    kube.remove('pods', 'default', 'web')
    kube.create('pods', 'default', json.loads(json.dumps(_pod_body())))
    assert api.get('/v1/pods/web/k1').status_int == 404
    assert api.delete('/v1/pods/web/k1').status_int == 404
    assert kube.get('pods', 'default', 'web') is not None


def test_list_confirms_before_forgetting(api, k8s):
    """A record missing from a list is read once more before it goes
    (it may have been created while the list was answered)."""
    kube = k8s.kube
    assert create(api, '/v1/pods', POD_YAML).status_int == 201
    real_list = kube.registry.list
    calls = []

    def list_without_web(plural, namespace, *args, **kwargs):
        answer = real_list(plural, namespace, *args, **kwargs)
        if plural == 'pods' and not calls:
            calls.append(plural)
            return _without(answer, 'web')
        return answer

    kube.registry.list = list_without_web
    try:
        listed = api.get('/v1/pods/?bay_ident=k1').json['pods']
    finally:
        kube.registry.list = real_list
    assert calls == ['pods']
    assert [p['name'] for p in listed] == ['web']


def _without(answer, name):
    items = [i for i in answer['items'] if i['metadata']['name'] != name]
    return dict(answer, items=items)


def _pod_body():
    return {
        'metadata': {'name': 'web'},
        'spec': {'containers': [{'name': 'c', 'image': 'busybox'}]},
    }


def test_bay_not_ready(api, k8s):
    set_bay(k8s.uuid, status='UPDATE_IN_PROGRESS')
    resp = api.get('/v1/pods/?bay_ident=k1')
    assert resp.status_int == 409
    assert 'UPDATE_IN_PROGRESS' in error(resp)['detail']
    resp = create(api, '/v1/pods', POD_YAML)
    assert resp.status_int == 409
    assert k8s.kube.get('pods', 'default', 'web') is None
    set_bay(k8s.uuid, status='UPDATE_COMPLETE')
    assert create(api, '/v1/pods', POD_YAML).status_int == 201


def test_other_project(api, k8s):
    other = api.as_('other')
    assert other.get('/v1/pods/?bay_ident=k1').status_int == 404
    assert other.get('/v1/pods/?bay_ident=%s' % k8s.uuid).status_int == 404
    assert create(api, '/v1/pods', POD_YAML).status_int == 201
    assert other.get('/v1/pods/web/k1').status_int == 404
    assert other.delete('/v1/pods/web/%s' % k8s.uuid).status_int == 404
    resp = create(other, '/v1/pods', POD_YAML, bay=k8s.uuid)
    assert resp.status_int == 400
    assert k8s.kube.get('pods', 'default', 'web') is not None


def test_unreachable_bay(api, k8s):
    k8s.stop()
    resp = api.get('/v1/pods/?bay_ident=k1')
    assert resp.status_int == 503
    assert 'Cannot reach the Kubernetes API of bay' in error(resp)['detail']


def test_ca_rotation_drops_the_client(api, k8s):
    assert api.get('/v1/pods/?bay_ident=k1').status_int == 200
    old = k8s_client.cache().cached(k8s.uuid)
    assert old is not None and os.path.isdir(old.directory)

    cluster = cluster_of(k8s.uuid)
    certificates.rotate_ca(admin(), cluster)
    cluster.save()
    # The bay still serves the old CA's certificate: the new client does
    # not trust it.
    resp = api.get('/v1/pods/?bay_ident=k1')
    assert resp.status_int == 503
    assert old.closed and not os.path.exists(old.directory)

    # The nodes got the new CA.
    k8s.stop()
    k8s.start('rotated')
    assert api.get('/v1/pods/?bay_ident=k1').status_int == 200
    new = k8s_client.cache().cached(k8s.uuid)
    assert new is not old
    assert new.key[2:] == (cluster.ca_cert_ref, cluster.magnum_cert_ref)


def test_bay_deletion_forgets_everything(api, api_k8s, driver):
    k8s = api_k8s
    assert create(api, '/v1/pods', POD_YAML).status_int == 201
    assert create(api, '/v1/rcs', rc_manifest()).status_int == 201
    assert create(api, '/v1/services', SERVICE_YAML).status_int == 201
    assert k8s_client.cache().cached(k8s.uuid) is not None
    assert api.delete('/v1/clusters/k1').status_int == 204
    wait_for(lambda: cluster_of(k8s.uuid).operation_submitted_at is not None)
    driver.finish()
    wait_for(lambda: api.get('/v1/clusters/%s' % k8s.uuid).status_int == 404)
    for model in (objects.Pod, objects.Service, objects.ReplicationController):
        assert records(model, k8s.uuid) == []
    assert k8s_client.cache().cached(k8s.uuid) is None

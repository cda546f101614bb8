"""Bays end to end inside one process tree: API, RabbitMQ, conductor, DB.

The stacks are in memory (the fake driver); the test decides when they
finish and watches the conductor's status sync settle the bays.
"""

import datetime
import time
from unittest import mock

import pytest

from magnum import objects
from magnum.common import context as magnum_context
from magnum.conductor import rpcapi
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models
from magnum.drivers import loader
from magnum.tests.fakes import driver as fake_driver
from magnum.tests.functional import conftest
from magnum.tests.functional.conftest import wait_for
from magnum.tests.unit.api import conftest as api_conftest

pytestmark = pytest.mark.functional


@pytest.fixture
def template(api):
    resp = api.post('/v1/clustertemplates', api_conftest.TEMPLATE)
    assert resp.status_int == 201, resp.body
    return resp.json


def bay(api, uuid):
    return api.as_('member', '1.13').get('/v1/clusters/%s' % uuid).json


def status_of(api, uuid):
    return bay(api, uuid)['status']


def submitted(uuid):
    admin = magnum_context.get_admin_context()
    cluster = objects.Cluster.get_by_uuid(admin, uuid)
    return cluster.operation_submitted_at is not None


def create(api, **fields):
    body = {'name': 'k1', 'cluster_template_id': 'k8s', 'node_count': 2}
    body.update(fields)
    resp = api.post('/v1/clusters', body)
    assert resp.status_int == 202, resp.body
    uuid = resp.json['uuid']
    wait_for(lambda: submitted(uuid))
    return uuid


def settle(api, uuid, status, timeout=5.0):
    return wait_for(lambda: status_of(api, uuid) == status, timeout)


def test_create_update_resize_delete(api, template, driver):
    uuid = create(api)
    body = bay(api, uuid)
    assert body['status'] == 'CREATE_IN_PROGRESS'
    assert body['cluster_id'].startswith('stack-')
    cluster = objects.Cluster.get_by_uuid(
        magnum_context.get_admin_context(), uuid
    )
    assert cluster.ca_cert_ref and cluster.magnum_cert_ref
    assert cluster.etcd_ca_cert_ref and cluster.front_proxy_ca_cert_ref
    assert cluster.trust_id == 'trust-' + uuid
    assert 'token' not in (cluster.operation_args or {})
    driver.finish()
    settle(api, uuid, 'CREATE_COMPLETE')
    body = bay(api, uuid)
    assert body['api_address'] == 'https://127.42.0.10:6443'
    assert body['node_addresses'] == ['127.42.0.10', '127.42.0.11']
    assert body['coe_version'] == 'v1.32.4'

    resp = api.patch(
        '/v1/clusters/%s' % uuid,
        [{'op': 'replace', 'path': '/node_count', 'value': 3}],
    )
    assert resp.status_int == 202
    wait_for(lambda: submitted(uuid))
    assert status_of(api, uuid) == 'UPDATE_IN_PROGRESS'
    driver.finish()
    settle(api, uuid, 'UPDATE_COMPLETE')
    assert bay(api, uuid)['node_count'] == 3

    resp = api.as_('member', '1.7').post(
        '/v1/clusters/%s/actions/resize' % uuid, {'node_count': 1}
    )
    assert resp.status_int == 202
    wait_for(lambda: submitted(uuid))
    driver.finish()
    settle(api, uuid, 'UPDATE_COMPLETE')
    assert bay(api, uuid)['node_count'] == 1

    assert api.delete('/v1/clusters/%s' % uuid).status_int == 204
    wait_for(lambda: submitted(uuid))
    driver.finish()
    wait_for(lambda: api.get('/v1/clusters/%s' % uuid).status_int == 404)


def test_failure_reason_and_failed_update(api, template, driver):
    uuid = create(api)
    stack = bay(api, uuid)['cluster_id']
    driver.finish(stack, 'CREATE_FAILED', 'WaitCondition timed out')
    settle(api, uuid, 'CREATE_FAILED')
    body = bay(api, uuid)
    assert (
        body['status_reason']
        == 'Resource kube_masters failed: WaitCondition timed out'
    )
    assert body['faults'] == {
        'default-master': body['status_reason'],
        'default-worker': body['status_reason'],
    }


def test_stack_missing_in_heat(api, template, driver):
    uuid = create(api)
    stack = bay(api, uuid)['cluster_id']
    del driver.stacks[stack]
    settle(api, uuid, 'CREATE_FAILED')
    assert 'not found in Heat' in bay(api, uuid)['status_reason']


def test_create_timeout(api, template, driver):
    uuid = create(api, create_timeout=1)
    admin = magnum_context.get_admin_context()
    cluster = objects.Cluster.get_by_uuid(admin, uuid)
    cluster.status_started_at = cluster.status_started_at - datetime.timedelta(
        minutes=2
    )
    cluster.save()
    settle(api, uuid, 'CREATE_FAILED')
    assert bay(api, uuid)['status_reason'] == (
        'Timed out: not created within its create_timeout of 1 minute(s)'
    )


def test_lost_cast_is_resumed(api, template, driver, conf):
    conf.config(resume_after=1, group='conductor')
    with mock.patch.object(
        rpcapi.ConductorAPI, 'start_operation', autospec=True
    ) as cast:
        resp = api.post('/v1/clusters', {'cluster_template_id': 'k8s'})
    assert cast.called
    uuid = resp.json['uuid']
    wait_for(lambda: submitted(uuid), timeout=10)
    driver.finish()
    settle(api, uuid, 'CREATE_COMPLETE')


def test_conflicting_requests_get_409(api, template, driver):
    uuid = create(api)
    driver.finish()
    settle(api, uuid, 'CREATE_COMPLETE')
    patch = [{'op': 'replace', 'path': '/node_count', 'value': 4}]
    first = api.patch('/v1/clusters/%s' % uuid, patch)
    second = api.patch('/v1/clusters/%s' % uuid, patch)
    assert first.status_int == 202
    assert second.status_int == 409


def test_the_same_scale_again_gets_409_once_its_count_is_applied(
    api, template, driver
):
    uuid = create(api)
    driver.finish()
    settle(api, uuid, 'CREATE_COMPLETE')
    patch = [{'op': 'replace', 'path': '/node_count', 'value': 4}]
    assert api.patch('/v1/clusters/%s' % uuid, patch).status_int == 202
    # The conductor has set the new count; the stack update still runs.
    wait_for(lambda: submitted(uuid))
    shown = api.get('/v1/clusters/%s' % uuid).json
    assert (shown['status'], shown['node_count']) == ('UPDATE_IN_PROGRESS', 4)
    again = api.patch('/v1/clusters/%s' % uuid, patch)
    assert again.status_int == 409
    assert (
        'while its status is UPDATE_IN_PROGRESS'
        in again.json['errors'][0]['detail']
    )


def test_nodegroup_create_and_delete(api, template, driver):
    uuid = create(api)
    driver.finish()
    settle(api, uuid, 'CREATE_COMPLETE')
    client = api.as_('member', '1.9')
    base = '/v1/clusters/%s/nodegroups' % uuid
    resp = client.post(base, {'name': 'extra', 'node_count': 2})
    assert resp.status_int == 202, resp.body
    wait_for(lambda: submitted(uuid))
    driver.finish()
    settle(api, uuid, 'UPDATE_COMPLETE')
    ng = client.get(base + '/extra').json
    assert ng['status'] == 'CREATE_COMPLETE'
    assert ng['stack_id'].startswith('stack-')
    assert client.delete(base + '/extra').status_int == 204
    wait_for(lambda: submitted(uuid))
    driver.finish()
    settle(api, uuid, 'UPDATE_COMPLETE')
    assert client.get(base + '/extra').status_int == 404


def test_certificates_over_rpc(api, template, driver):
    uuid = create(api)
    ca = api.get('/v1/certificates/%s' % uuid)
    assert ca.status_int == 200
    assert ca.json['pem'].startswith('-----BEGIN CERTIFICATE-----')
    etcd = api.get('/v1/certificates/%s?ca_cert_type=etcd' % uuid).json
    assert etcd['pem'] != ca.json['pem']
    resp = api.post(
        '/v1/certificates', {'cluster_uuid': uuid, 'csr': 'not a csr'}
    )
    assert resp.status_int == 400


def test_delete_while_creating(api, template, driver):
    uuid = create(api)
    assert api.delete('/v1/clusters/%s' % uuid).status_int == 204
    wait_for(lambda: submitted(uuid))
    assert ('delete_cluster', uuid) in driver.calls
    driver.finish()
    wait_for(lambda: api.get('/v1/clusters/%s' % uuid).status_int == 404)


def test_reservation_of_a_dead_conductor_is_taken_over(
    api, template, driver, conf
):
    conf.config(resume_after=1, group='conductor')
    admin = magnum_context.get_admin_context()
    objects.MagnumService.report_state_up(
        admin, 'dead-host', 'magnum-conductor'
    )
    with db_common.get_engine().begin() as connection:
        connection.execute(
            models.MagnumService.__table__.update()
            .where(models.MagnumService.host == 'dead-host')
            .values(last_seen_up=datetime.datetime(2020, 1, 1))
        )
    with mock.patch.object(
        rpcapi.ConductorAPI, 'start_operation', autospec=True
    ):
        resp = api.post('/v1/clusters', {'cluster_template_id': 'k8s'})
    uuid = resp.json['uuid']
    with db_common.get_engine().begin() as connection:
        connection.execute(
            models.Cluster.__table__.update()
            .where(models.Cluster.uuid == uuid)
            .values(reservation='dead-host')
        )
    wait_for(lambda: submitted(uuid), timeout=10)
    driver.finish()
    settle(api, uuid, 'CREATE_COMPLETE')
    assert objects.Cluster.get_by_uuid(admin, uuid).reservation is None


def test_live_reservation_is_respected(api, template, driver, conf):
    conf.config(resume_after=1, group='conductor')
    admin = magnum_context.get_admin_context()
    objects.MagnumService.report_state_up(
        admin, 'busy-host', 'magnum-conductor'
    )
    with mock.patch.object(
        rpcapi.ConductorAPI, 'start_operation', autospec=True
    ):
        resp = api.post('/v1/clusters', {'cluster_template_id': 'k8s'})
    uuid = resp.json['uuid']
    with db_common.get_engine().begin() as connection:
        connection.execute(
            models.Cluster.__table__.update()
            .where(models.Cluster.uuid == uuid)
            .values(reservation='busy-host')
        )

    time.sleep(3)
    assert not submitted(uuid)
    assert driver.calls == []


@pytest.fixture
def rotating_driver(driver):
    """The in-memory driver, able to rotate CAs and credentials."""
    fake = fake_driver.RotatingFakeDriver()
    loader.install(conftest.DRIVER_NAME, fake)
    return fake


def test_rotate_ca_and_credentials(api, template, rotating_driver, fake_trust):
    driver = rotating_driver
    uuid = create(api)
    driver.finish()
    settle(api, uuid, 'CREATE_COMPLETE')
    old_ca = api.get('/v1/certificates/%s' % uuid).json['pem']
    assert api.patch('/v1/certificates/%s' % uuid, None).status_int == 202
    assert status_of(api, uuid) == 'UPDATE_IN_PROGRESS'
    assert ('rotate_ca_certificate', uuid) in driver.calls
    assert api.patch('/v1/certificates/%s' % uuid, None).status_int == 409
    driver.finish()
    settle(api, uuid, 'UPDATE_COMPLETE')
    assert api.get('/v1/certificates/%s' % uuid).json['pem'] != old_ca

    resp = api.as_('member', '1.12').patch('/v1/credentials/%s' % uuid, None)
    assert resp.status_int == 202, resp.body
    assert ('rotate_credential', uuid) in driver.calls
    fake_trust['rotate_trustee_and_trust'].assert_called()
    driver.finish()
    settle(api, uuid, 'UPDATE_COMPLETE')
    cluster = objects.Cluster.get_by_uuid(
        magnum_context.get_admin_context(), uuid
    )
    assert cluster.trust_id == 'trust-%s#1' % uuid


def test_drivers_without_rotation_answer_400(api, template, driver):
    uuid = create(api)
    driver.finish()
    settle(api, uuid, 'CREATE_COMPLETE')
    resp = api.patch('/v1/certificates/%s' % uuid, None)
    assert resp.status_int == 400
    assert 'not supported' in resp.json['errors'][0]['detail']
    resp = api.as_('member', '1.12').patch('/v1/credentials/%s' % uuid, None)
    assert resp.status_int == 400
    assert status_of(api, uuid) == 'CREATE_COMPLETE'

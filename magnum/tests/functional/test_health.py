"""Bay health from the bay's Kubernetes API (a double with the bay's real
CA and client certificate), as the conductor's monitor checks it."""

import pytest

from magnum import objects
from magnum.common import context as magnum_context
from magnum.conductor import health
from magnum.tests.functional.conftest import wait_for
from magnum.tests.functional.test_k8s_resources import bay  # noqa: F401
from magnum.tests.functional.test_k8s_resources import k8s  # noqa: F401
from magnum.tests.functional.test_k8s_resources import template  # noqa: F401

pytestmark = pytest.mark.functional


def _bay(uuid):
    return objects.Cluster.get_by_uuid(
        magnum_context.get_admin_context(), uuid
    )


def test_healthy_unhealthy_unknown(k8s):  # noqa: F811
    context = magnum_context.get_admin_context()
    status, reason = health.check(context, _bay(k8s.uuid))
    assert status == 'HEALTHY'
    assert reason['api'] == 'ok'
    nodes = sorted(k for k in reason if k.endswith('.Ready'))
    assert len(nodes) == 2 and all(reason[n] == 'True' for n in nodes)

    k8s.kube.set_node_ready(nodes[0][: -len('.Ready')], False)
    status, reason = health.check(context, _bay(k8s.uuid))
    assert status == 'UNHEALTHY'
    assert reason[nodes[0]] == 'False'

    k8s.stop()
    status, reason = health.check(context, _bay(k8s.uuid))
    assert status == 'UNKNOWN'
    assert 'not accessible' in reason['api']


def test_monitor_records_the_health(k8s, conductor):  # noqa: F811
    context = magnum_context.get_admin_context()
    for future in conductor.manager.health.check_round(context):
        future.result()
    wait_for(lambda: _bay(k8s.uuid).health_status == 'HEALTHY')
    assert _bay(k8s.uuid).health_status_reason['api'] == 'ok'

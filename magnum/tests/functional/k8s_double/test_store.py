"""The store: global resourceVersion, bounded log, one lock."""

import threading

import pytest
import requests

from magnum.tests.functional.k8s_double.helpers import pod_body
from magnum.tests.k8s_double import KubeDouble
from magnum.tests.k8s_double import status
from magnum.tests.k8s_double import store


def test_event_log_is_bounded_and_expires():
    objects = store.Store(log_size=3)
    for index in range(10):
        objects.put('pods', 'default', {'metadata': {'name': f'p{index}'}})
    assert objects.resource_version == '10'
    assert len(objects._log) == 3
    objects.check_replayable(7)
    with pytest.raises(status.ApiError) as excinfo:
        objects.check_replayable(6)
    assert (excinfo.value.code, excinfo.value.reason) == (410, 'Expired')
    assert excinfo.value.message == 'too old resource version: 6 (8)'


def test_reads_are_copies():
    objects = store.Store()
    objects.put('pods', 'default', {'metadata': {'name': 'a'}})
    copy = objects.get('pods', 'default', 'a')
    copy['metadata']['name'] = 'changed'
    assert objects.get('pods', 'default', 'a')['metadata']['name'] == 'a'


def test_concurrent_writes_get_unique_versions():
    kube = KubeDouble(controllers=False)
    errors = []

    def worker(index):
        try:
            for number in range(20):
                kube.create('pods', 'default', pod_body(f'w{index}-{number}'))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    versions = [
        int(p['metadata']['resourceVersion']) for p in kube.list('pods')
    ]
    assert len(versions) == len(set(versions)) == 160


def test_no_change_is_no_write():
    kube = KubeDouble()
    pod = kube.create('pods', 'default', pod_body('a'))
    again = kube.registry.replace('pods', 'default', 'a', pod)
    assert (
        again['metadata']['resourceVersion']
        == pod['metadata']['resourceVersion']
    )


def test_stop_leaves_no_threads_behind():
    before = threading.active_count()
    kube = KubeDouble().start()
    session = requests.Session()
    assert session.get(kube.url + '/healthz', timeout=5).text == 'ok'
    assert threading.active_count() > before
    kube.stop()
    session.close()
    assert threading.active_count() == before

"""Watch: synthetic ADDED, replay, 410, selectors, bounded streams."""

import json
import threading
import time

import kubernetes
import pytest
import requests

from magnum.tests.functional.k8s_double.helpers import client_for
from magnum.tests.functional.k8s_double.helpers import pod_body
from magnum.tests.functional.k8s_double.helpers import TOKEN
from magnum.tests.k8s_double import KubeDouble


def collect(func, *args, **kwargs):
    """Run a watch to its end; return [(type, name)]."""
    kwargs.setdefault('timeout_seconds', 1)
    stream = kubernetes.watch.Watch().stream(func, *args, **kwargs)
    return [(e['type'], e['object'].metadata.name) for e in stream]


def test_synthetic_added_then_timeout_ends_stream(core):
    core.create_namespaced_pod('default', pod_body('a'))
    core.create_namespaced_pod('default', pod_body('b'))
    started = time.monotonic()
    events = collect(core.list_namespaced_pod, 'default', timeout_seconds=1)
    elapsed = time.monotonic() - started
    assert events == [('ADDED', 'a'), ('ADDED', 'b')]
    assert 0.9 <= elapsed < 3


def test_live_events_in_order(core):
    core.create_namespaced_pod('default', pod_body('a'))
    rv = core.list_namespaced_pod('default').metadata.resource_version

    def writer():
        time.sleep(0.2)
        core.create_namespaced_pod('default', pod_body('b'))
        core.patch_namespaced_pod(
            'b', 'default', {'metadata': {'labels': {'x': 'y'}}}
        )
        core.delete_namespaced_pod('b', 'default')

    thread = threading.Thread(target=writer)
    thread.start()
    events = collect(
        core.list_namespaced_pod,
        'default',
        resource_version=rv,
        timeout_seconds=2,
    )
    thread.join(5)
    assert events == [('ADDED', 'b'), ('MODIFIED', 'b'), ('DELETED', 'b')]


def test_replay_from_resource_version(core):
    rv = core.list_namespaced_pod('default').metadata.resource_version
    core.create_namespaced_pod('default', pod_body('a'))
    core.delete_namespaced_pod('a', 'default')
    stream = kubernetes.watch.Watch().stream(
        core.list_namespaced_pod,
        'default',
        resource_version=rv,
        timeout_seconds=1,
    )
    events = [
        (e['type'], int(e['object'].metadata.resource_version)) for e in stream
    ]
    assert [t for t, _ in events] == ['ADDED', 'DELETED']
    assert events[0][1] > int(rv)
    assert events[1][1] > events[0][1]


def test_expired_resource_version_is_410():
    with KubeDouble(event_log_size=5) as kube, client_for(kube) as client:
        core = kubernetes.client.CoreV1Api(client)
        for index in range(10):
            core.create_namespaced_pod('default', pod_body(f'p{index}'))
        with pytest.raises(kubernetes.client.ApiException) as excinfo:
            collect(core.list_namespaced_pod, 'default', resource_version='2')
        assert excinfo.value.status == 410
        assert 'Expired' in excinfo.value.reason
        url = kube.url + '/api/v1/namespaces/default/pods'
        lines = requests.get(
            url, params={'watch': 'true', 'resourceVersion': '2'}, timeout=5
        ).text.splitlines()
        assert len(lines) == 1
        event = json.loads(lines[0])
        assert event['type'] == 'ERROR'
        assert (event['object']['code'], event['object']['reason']) == (
            410,
            'Expired',
        )
        assert event['object']['message'].startswith(
            'too old resource version: 2 ('
        )


def test_label_selector_moves_objects_in_and_out(core):
    rv = core.list_namespaced_pod('default').metadata.resource_version
    core.create_namespaced_pod('default', pod_body('a', labels={'app': 'w'}))
    core.create_namespaced_pod('default', pod_body('b', labels={'app': 'x'}))
    core.patch_namespaced_pod(
        'a', 'default', {'metadata': {'labels': {'app': 'x'}}}
    )
    core.patch_namespaced_pod(
        'b', 'default', {'metadata': {'labels': {'app': 'w'}}}
    )
    core.patch_namespaced_pod(
        'b', 'default', {'metadata': {'annotations': {'n': '1'}}}
    )
    events = collect(
        core.list_namespaced_pod,
        'default',
        resource_version=rv,
        label_selector='app=w',
    )
    assert events == [
        ('ADDED', 'a'),
        ('DELETED', 'a'),
        ('ADDED', 'b'),
        ('MODIFIED', 'b'),
    ]


def test_field_selector_and_namespace_filter(core):
    core.create_namespace({'metadata': {'name': 'other'}})
    rv = core.list_namespaced_pod('default').metadata.resource_version
    for namespace in ('default', 'other'):
        for name in ('a', 'b'):
            core.create_namespaced_pod(namespace, pod_body(name))
    assert collect(
        core.list_namespaced_pod,
        'other',
        resource_version=rv,
        field_selector='metadata.name=b',
    ) == [('ADDED', 'b')]
    everywhere = kubernetes.watch.Watch().stream(
        core.list_pod_for_all_namespaces,
        resource_version=rv,
        timeout_seconds=1,
    )
    assert [
        (e['object'].metadata.namespace, e['object'].metadata.name)
        for e in everywhere
    ] == [('default', 'a'), ('default', 'b'), ('other', 'a'), ('other', 'b')]


def test_raw_stream_is_chunked_ndjson(double, core, raw):
    core.create_namespaced_pod('default', pod_body('a'))
    with raw(
        'GET',
        '/api/v1/namespaces/default/pods',
        params={'watch': '1', 'timeoutSeconds': '1'},
        stream=True,
    ) as response:
        assert response.headers['Transfer-Encoding'] == 'chunked'
        assert response.headers['Content-Type'] == 'application/json'
        lines = [json.loads(line) for line in response.iter_lines() if line]
    assert lines[0]['type'] == 'ADDED'
    assert lines[0]['object']['kind'] == 'Pod'
    legacy = raw(
        'GET',
        '/api/v1/watch/namespaces/default/pods/a',
        params={'timeoutSeconds': '1'},
    )
    assert [
        json.loads(line)['object']['metadata']['name']
        for line in legacy.text.splitlines()
    ] == ['a']


def test_bad_watch_parameters_are_400(raw):
    for params in (
        {'resourceVersion': 'abc'},
        {'timeoutSeconds': '-1'},
        {'labelSelector': 'a in (b'},
    ):
        response = raw(
            'GET', '/api/v1/pods', params=dict(params, watch='true')
        )
        assert response.status_code == 400, params


def test_every_stream_is_bounded():
    with KubeDouble(max_watch_seconds=1) as kube:
        started = time.monotonic()
        response = requests.get(
            kube.url + '/api/v1/pods?watch=true', timeout=5
        )
        assert response.status_code == 200
        assert time.monotonic() - started < 3


def test_stop_ends_open_watches():
    kube = KubeDouble(token=TOKEN).start()
    result = {}

    def watcher():
        response = requests.get(
            kube.url + '/api/v1/pods',
            timeout=10,
            params={'watch': 'true'},
            headers={'Authorization': 'Bearer ' + TOKEN},
        )
        result['status'] = response.status_code

    thread = threading.Thread(target=watcher)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    kube.stop()
    thread.join(5)
    assert not thread.is_alive()
    assert result['status'] == 200
    assert time.monotonic() - started < 3


def test_bookmark_at_the_end_when_allowed(core):
    core.create_namespaced_pod('default', pod_body('a'))
    watcher = kubernetes.watch.Watch()
    events = list(
        watcher.stream(
            core.list_namespaced_pod,
            'default',
            allow_watch_bookmarks=True,
            timeout_seconds=1,
        )
    )
    assert [e['type'] for e in events] == ['ADDED', 'BOOKMARK']
    latest = core.list_namespaced_pod('default').metadata.resource_version
    assert watcher.resource_version == latest

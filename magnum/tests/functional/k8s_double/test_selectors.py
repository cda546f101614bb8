"""Label and field selectors, through the client and parsed directly."""

import pytest

from magnum.tests.functional.k8s_double.helpers import pod_body
from magnum.tests.k8s_double import selectors
from magnum.tests.k8s_double import status


@pytest.fixture
def labelled(core):
    for name, labels in (
        ('a', {'app': 'web', 'tier': 'front'}),
        ('b', {'app': 'web', 'tier': 'back'}),
        ('c', {'app': 'db'}),
        ('d', {}),
    ):
        core.create_namespaced_pod('default', pod_body(name, labels=labels))
    return core


@pytest.mark.parametrize(
    'selector,names',
    [
        ('app=web', 'ab'),
        ('app==web', 'ab'),
        ('app!=web', 'cd'),
        ('app in (web, db)', 'abc'),
        ('tier notin (front)', 'bcd'),
        ('tier', 'ab'),
        ('!tier', 'cd'),
        ('app=web,tier=back', 'b'),
        ('app=web,!tier', ''),
        ('', 'abcd'),
    ],
)
def test_label_selectors(labelled, selector, names):
    pods = labelled.list_namespaced_pod('default', label_selector=selector)
    assert ''.join(p.metadata.name for p in pods.items) == names


def test_field_selectors(double, core):
    core.create_namespace({'metadata': {'name': 'other'}})
    core.create_namespaced_pod('default', pod_body('a'))
    core.create_namespaced_pod('other', pod_body('a'))
    core.create_namespaced_pod('other', pod_body('b'))
    double.set_pod_phase('other', 'b', 'Running')
    double.add_node('minion-0')
    core.create_namespaced_pod('other', pod_body('c'))

    def names(**kwargs):
        return sorted(
            (p.metadata.namespace, p.metadata.name)
            for p in core.list_pod_for_all_namespaces(**kwargs).items
        )

    assert names(field_selector='metadata.name=a') == [
        ('default', 'a'),
        ('other', 'a'),
    ]
    assert names(
        field_selector='metadata.namespace=other,metadata.name!=a'
    ) == [('other', 'b'), ('other', 'c')]
    running = names(field_selector='status.phase=Running')
    assert ('other', 'b') in running and ('other', 'c') in running
    assert names(field_selector='spec.nodeName=minion-0') == [
        ('default', 'a'),
        ('other', 'a'),
        ('other', 'c'),
    ]
    assert names(field_selector='spec.nodeName=') == [('other', 'b')]


@pytest.mark.parametrize(
    'params',
    [
        {'labelSelector': 'a in (b'},
        {'labelSelector': 'a=b c'},
        {'fieldSelector': 'spec.foo=bar'},
        {'fieldSelector': 'nonsense'},
    ],
)
def test_bad_selectors_are_400(raw, params):
    response = raw('GET', '/api/v1/namespaces/default/pods', params=params)
    assert response.status_code == 400
    assert response.json()['reason'] == 'BadRequest'


def test_parse_and_match():
    terms = selectors.parse_labels('a=1, b in (x,y), !c, d notin (z), e')
    assert terms[1] == ('b', 'in', {'x', 'y'})
    assert selectors.match_labels(terms, {'a': '1', 'b': 'y', 'e': ''})
    assert not selectors.match_labels(terms, {'a': '1', 'b': 'y'})
    assert not selectors.match_labels(
        terms, {'a': '1', 'b': 'y', 'e': '', 'c': '1'}
    )
    with pytest.raises(status.ApiError) as excinfo:
        selectors.parse_fields('status.phase=Running', 'services')
    assert excinfo.value.code == 400
    assert selectors.parse_fields('status.phase=Running', 'pods') == [
        ('status.phase', True, 'Running')
    ]

"""The policy matrix: every route × every persona, one exact status each.

``policy_matrix.yaml`` holds the data: for each route the application
serves (the route walk of ``test_api_ref_parity`` proves the matrix
covers them all) one or more requests, and the status the admin, the
member and the reader of project A and a member of project B get, with
the objects of project A in place (``world``). The policy defaults of
``magnum.common.policies`` decide most of them; an unexpected allow or
deny (or a 404 where the object should be visible) fails the case.

The conductor's RPC client is autospec'd away (the ``rpc`` fixture):
these cases test what the API lets through, not the conductor.

The world is built again only when a case may have changed it (a
request other than GET that succeeded) or another test emptied the
database meanwhile; the other cases reuse it.
"""

import pathlib

import pytest
import sqlalchemy as sa
import yaml

from magnum import objects
from magnum.common import context as magnum_context
from magnum.common import policies
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models
from magnum.tests import conftest as top_conftest
from magnum.tests.fakes import manifests
from magnum.tests.unit.api import conftest as c
from magnum.tests.unit.api import test_api_ref_parity as parity

MATRIX_FILE = pathlib.Path(__file__).with_name('policy_matrix.yaml')
MATRIX = yaml.safe_load(MATRIX_FILE.read_text())
#: Every case gives the status of each of these.
PERSONAS = ('admin', 'member', 'reader', 'other')
#: Cases may add these (rules that look at the user).
OPTIONAL_PERSONAS = ('member2',)


def _created(resp, status=201):
    assert resp.status_int == status, resp.body
    return resp.json['uuid']


#: The world of this process: its names, the row counts it left, and
#: whether a case may have changed it since.
_WORLD = {'names': None, 'rows': None, 'dirty': True}


def _row_counts():
    with db_common.get_engine().connect() as connection:
        return tuple(
            connection.execute(
                sa.select(sa.func.count()).select_from(table)
            ).scalar()
            for table in models.Base.metadata.sorted_tables
        )


def _intact():
    if _WORLD['dirty'] or _WORLD['names'] is None:
        return False
    if _row_counts() != _WORLD['rows']:
        return False
    try:
        objects.Cluster.get_by_uuid(
            magnum_context.get_admin_context(), _WORLD['names']['cluster']
        )
    except Exception:  # noqa: BLE001 - any doubt: build it again
        return False
    return True


@pytest.fixture
def _unit_defaults(conf, fake_cloud_lookup):
    """Unlike other unit tests, keep the database: ``world`` sees to it."""
    yield


@pytest.fixture
def world(api, rpc, fake_cloud_lookup):
    """The objects of project A (and a public template); their names."""
    fake_cloud_lookup.add_project(c.PROJECT_A, 'project-a')
    fake_cloud_lookup.add_project(c.PROJECT_B, 'project-b')
    if not _intact():
        top_conftest.empty_tables()
        _WORLD['names'] = _build(api)
        _WORLD['rows'] = _row_counts()
        _WORLD['dirty'] = False
    records = _k8s_records(_WORLD['names']['cluster'])

    def one(self, context, resource, *args, **kwargs):
        return records[resource]

    rpc.list_k8s_resources.side_effect = lambda *args, **kwargs: [
        one(*args, **kwargs)
    ]
    for method in ('get', 'create', 'update'):
        getattr(rpc, '%s_k8s_resource' % method).side_effect = one
    rpc.get_ca_certificate.return_value = 'CA PEM'
    rpc.sign_certificate.return_value = 'SIGNED PEM'
    rpc.rotate_ca_certificate.return_value = True
    rpc.rotate_credential.return_value = True
    rpc.upgrade_cluster.return_value = True
    return _WORLD['names']


def _k8s_records(cluster):
    """What the conductor answers about the pod, service and rc of the bay."""
    admin = magnum_context.get_admin_context()
    common = {
        'id': 1,
        'bay_uuid': cluster,
        'labels': {'app': 'web'},
        'project_id': c.PROJECT_A,
        'user_id': c.USER_A,
        'created_at': None,
        'updated_at': None,
    }
    return {
        'pod': objects.Pod(
            admin,
            uuid='b6f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c01',
            name='web',
            desc=None,
            images=['nginx:1.25'],
            status='Running',
            host='node-0',
            **common,
        ),
        'service': objects.Service(
            admin,
            uuid='b6f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c02',
            name='web',
            selector={'app': 'web'},
            ip='10.254.0.10',
            ports=[{'port': 80}],
            **common,
        ),
        'rc': objects.ReplicationController(
            admin,
            uuid='b6f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c03',
            name='redis',
            images=['redis:7'],
            replicas=2,
            **common,
        ),
    }


def _build(api):
    admin = api.as_('admin')
    names = {
        'project_a': c.PROJECT_A,
        'project_b': c.PROJECT_B,
        'pod_manifest': manifests.POD_YAML,
        'service_manifest': manifests.SERVICE_YAML,
        'rc_manifest': manifests.rc_json(),
        'template': _created(
            api.post('/v1/clustertemplates', dict(c.TEMPLATE, name='k8s'))
        ),
        'unused_template': _created(
            api.post('/v1/clustertemplates', dict(c.TEMPLATE, name='unused'))
        ),
        'public_template': _created(
            admin.post(
                '/v1/clustertemplates',
                dict(c.TEMPLATE, name='shared', public=True),
            )
        ),
    }
    names['cluster'] = _created(
        api.post(
            '/v1/clusters',
            {
                'name': 'bay-a',
                'cluster_template_id': names['template'],
                'node_count': 1,
            },
        ),
        202,
    )
    c.set_status(
        names['cluster'],
        'CREATE_COMPLETE',
        api_address='https://127.42.0.10:6443',
    )
    objects.NodeGroup(
        magnum_context.get_admin_context(),
        cluster_id=names['cluster'],
        project_id=c.PROJECT_A,
        name='extra',
        role='worker',
        node_count=1,
        min_node_count=0,
        is_default=False,
        flavor_id='m1.small',
        image_id='fedora-coreos-sandbox',
        status='CREATE_COMPLETE',
    ).create()
    resp = admin.post(
        '/v1/quotas',
        {'project_id': c.PROJECT_A, 'resource': 'Cluster', 'hard_limit': 10},
    )
    assert resp.status_int == 201, resp.body
    return names


def _fill(value, names):
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    if isinstance(value, str):
        return value.format(**names)
    return value


def _route(case):
    method, path = case['route'].split(' ', 1)
    return method, path


def _cases():
    for case in MATRIX:
        label = case['route'] + (
            ' (%s)' % case['name'] if 'name' in case else ''
        )
        for persona in sorted(case['expect']):
            yield pytest.param(case, persona, id='%s as %s' % (label, persona))


def _send(client, case, names):
    method, path = _route(case)
    url = _fill(case.get('url', path), names)
    body = _fill(case.get('body'), names)
    if method == 'GET':
        return client.get(url)
    if method == 'DELETE':
        return client.delete(url)
    if method == 'POST':
        return client.post(url, body)
    return client.patch(url, body)


@pytest.mark.parametrize('case,persona', list(_cases()))
def test_policy(api, world, case, persona):
    client = api.as_(persona, case.get('version', 'latest'))
    method = _route(case)[0]
    _WORLD['dirty'] = method != 'GET'
    resp = _send(client, case, world)
    _WORLD['dirty'] = method != 'GET' and resp.status_int < 300
    expected = case['expect'][persona]
    assert resp.status_int == expected, '%s as %s: %s, not %d: %s' % (
        case['route'],
        persona,
        resp.status,
        expected,
        resp.body[:300],
    )


def test_every_case_names_every_persona():
    for case in MATRIX:
        personas = set(case['expect'])
        missing = set(PERSONAS) - personas
        unknown = personas - set(PERSONAS) - set(OPTIONAL_PERSONAS)
        assert not missing and not unknown, (case['route'], missing, unknown)
        assert all(persona in c.PERSONAS for persona in personas)


def test_the_matrix_covers_every_route_and_nothing_else():
    served = set(parity.app_routes()) | set(parity.paste_routes())
    covered = {
        (method, parity.normalise(path))
        for method, path in (_route(case) for case in MATRIX)
    }
    assert not served - covered, 'routes missing from %s: %s' % (
        MATRIX_FILE.name,
        sorted(served - covered),
    )
    assert not covered - served, 'routes not served: %s' % sorted(
        covered - served
    )


def test_the_rules_named_are_policy_defaults():
    defaults = {rule.name for rule in policies.list_rules()}
    for case in MATRIX:
        unknown = set(case.get('rules', ())) - defaults
        assert not unknown, (case['route'], unknown)

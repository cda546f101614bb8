"""Quotas (/v1/quotas) as Horizon's magnum-ui reads them.

The Clusters panel asks for ``GET /v1/quotas/{project}/Cluster`` and draws
its gauge from ``hard_limit``, whether or not the project has a quota of
its own; Admin -> Container Infra -> Quotas lists
``GET /v1/quotas?all_tenants=True``.
"""

from magnum.tests.unit.api import conftest as c


def test_project_without_quota_gets_the_default(api):
    resp = api.get('/v1/quotas/%s/Cluster' % c.PROJECT_A)
    assert resp.status_int == 200, resp.body
    assert resp.json == {
        'project_id': c.PROJECT_A,
        'resource': 'Cluster',
        'hard_limit': 20,
        'id': None,
        'created_at': None,
        'updated_at': None,
    }


def test_default_follows_the_option(api, conf):
    conf.config(max_clusters_per_project=3, group='quotas')
    resp = api.get('/v1/quotas/%s/Cluster' % c.PROJECT_A)
    assert resp.json['hard_limit'] == 3


def test_explicit_quota_and_the_admin_list(api, fake_cloud_lookup):
    fake_cloud_lookup.add_project(c.PROJECT_A)
    admin = api.as_('admin')
    assert admin.get('/v1/quotas?all_tenants=True').json['quotas'] == []
    created = admin.post(
        '/v1/quotas',
        {'project_id': c.PROJECT_A, 'resource': 'Cluster', 'hard_limit': 5},
    )
    assert created.status_int == 201, created.body
    mine = api.get('/v1/quotas/%s/Cluster' % c.PROJECT_A).json
    assert mine['hard_limit'] == 5
    assert mine['id'] is not None
    listed = admin.get('/v1/quotas?all_tenants=True').json['quotas']
    assert [
        (q['project_id'], q['resource'], q['hard_limit']) for q in listed
    ] == [(c.PROJECT_A, 'Cluster', 5)]


def test_other_project_quota_is_not_readable(api):
    resp = api.as_('other').get('/v1/quotas/%s/Cluster' % c.PROJECT_A)
    assert resp.status_int == 403

"""What every route shares: documents, microversions, the error envelope,
authentication, body limits, and no 500 for bad input."""

import json

import pytest


def envelope(resp):
    body = resp.json
    assert set(body) == {'errors'}
    (error,) = body['errors']
    assert set(error) >= {
        'request_id',
        'code',
        'status',
        'title',
        'detail',
        'links',
    }
    assert error['status'] == resp.status_int
    assert error['request_id'] == resp.headers['X-OpenStack-Request-Id']
    assert error['request_id'].startswith('req-')
    return error


def test_root_document_needs_no_token(api):
    resp = api.as_(None).get('/')
    assert resp.status_int == 200
    (version,) = resp.json['versions']
    assert (version['id'], version['min_version'], version['max_version']) == (
        'v1',
        '1.1',
        '1.14',
    )
    assert version['links'][0]['href'] == 'http://localhost/v1/'


def test_v1_document(api):
    resp = api.as_(None).get('/v1')
    assert resp.status_int == 200
    body = resp.json
    for resource in (
        'clustertemplates',
        'clusters',
        'baymodels',
        'bays',
        'certificates',
        'mservices',
        'quotas',
        'stats',
        'nodegroups',
        'credentials',
        'pods',
        'services',
        'rcs',
    ):
        assert resource in body, resource
    assert (
        resp.headers['OpenStack-API-Version']
        == 'container-infrastructure-management 1.1'
    )


@pytest.mark.parametrize(
    'header,expected',
    [
        ('container-infra 1.5', '1.5'),
        ('container-infrastructure 1.9', '1.9'),
        ('container-infrastructure-management 1.14', '1.14'),
        ('container-infra latest', '1.14'),
    ],
)
def test_microversion_negotiation(api, header, expected):
    resp = api.get(
        '/v1/clustertemplates', headers={'OpenStack-API-Version': header}
    )
    assert resp.status_int == 200
    assert (
        resp.headers['OpenStack-API-Version']
        == 'container-infrastructure-management ' + expected
    )
    assert resp.headers['OpenStack-API-Minimum-Version'].endswith(' 1.1')
    assert resp.headers['OpenStack-API-Maximum-Version'].endswith(' 1.14')
    assert resp.headers['Vary'] == 'OpenStack-API-Version'


def test_legacy_version_header(api):
    resp = api.get(
        '/v1/clustertemplates',
        headers={'X-OpenStack-Magnum-API-Version': '1.1'},
    )
    assert resp.status_int == 200


@pytest.mark.parametrize(
    'header,fragment',
    [
        ('container-infra 1.99', 'not supported by this service'),
        ('container-infra 2.0', 'not supported by this service'),
        ('compute 1.1', 'Invalid service type'),
        ('container-infra one', 'Invalid value'),
        ('container-infra', 'Invalid service type'),
    ],
)
def test_bad_microversions_get_406(api, header, fragment):
    resp = api.get(
        '/v1/clustertemplates', headers={'OpenStack-API-Version': header}
    )
    assert resp.status_int == 406
    assert fragment in envelope(resp)['detail']


def test_out_of_range_version_says_the_range(api):
    resp = api.get(
        '/v1/clusters',
        headers={'OpenStack-API-Version': 'container-infra 1.15'},
    )
    error = resp.json['errors'][0]
    assert (error['min_version'], error['max_version']) == ('1.1', '1.14')
    assert error['code'] == 'magnum.microversion-unsupported'


def test_version_less_urls_are_v1(api):
    assert api.get('/clustertemplates').status_int == 200


def test_missing_identity_is_401(api):
    resp = api.as_(None).get('/v1/clustertemplates')
    assert resp.status_int == 401
    assert 'requires authentication' in envelope(resp)['detail']


def test_unknown_route_is_404_in_the_envelope(api):
    resp = api.get('/v1/nothing-here')
    assert resp.status_int == 404
    assert envelope(resp)['code'] == 'client'


def test_unsupported_method_is_405(api):
    resp = api._do('put_json', '/v1/clustertemplates', params={})
    assert resp.status_int == 405
    envelope(resp)


def test_oversize_body_is_413(api, conf):
    big = {'coe': 'kubernetes', 'image_id': 'x' * 200000}
    resp = api.post('/v1/clustertemplates', big)
    assert resp.status_int == 413
    envelope(resp)


def test_healthcheck(api):
    resp = api.as_(None).get('/healthcheck')
    assert resp.status_int == 200


#: Bodies that are wrong in every way a client can get them wrong.
BAD_BODIES = [
    None,
    '',
    'not json',
    '[]',
    '"text"',
    '123',
    '{"a": 1}',
    '{"coe": null}',
    '{"coe": {"a": 1}}',
    '[{"op": "boom"}]',
    '{' * 50,
    '{"name": "' + '\\ud800' + '"}',
]


@pytest.mark.parametrize(
    'method,url',
    [
        ('post', '/v1/clustertemplates'),
        ('post', '/v1/baymodels'),
        ('post', '/v1/clusters'),
        ('post', '/v1/bays'),
        ('post', '/v1/quotas'),
        ('post', '/v1/certificates'),
        ('post', '/v1/pods'),
        ('post', '/v1/services'),
        ('post', '/v1/rcs'),
        ('patch', '/v1/clustertemplates/x'),
        ('patch', '/v1/clusters/x'),
        ('patch', '/v1/quotas/p/Cluster'),
    ],
)
@pytest.mark.parametrize('body', BAD_BODIES)
def test_bad_bodies_never_get_500(api, method, url, body):
    admin = api.as_('admin', '1.14')
    resp = admin._do(
        method,
        url,
        params=body or b'',
        headers={'Content-Type': 'application/json'},
    )
    assert 400 <= resp.status_int < 500, resp.body
    envelope(resp)


def test_wrong_json_content_is_still_json_errors(api):
    resp = api._do(
        'post',
        '/v1/clustertemplates',
        params=json.dumps({'coe': 'kubernetes'}),
        headers={'Content-Type': 'text/plain'},
    )
    assert 400 <= resp.status_int < 500
    envelope(resp)

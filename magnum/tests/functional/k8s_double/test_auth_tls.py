"""Authentication: TLS client certificates and bearer tokens.

Documented behaviour: with a client CA and no token the server requires
a certificate in the handshake (CERT_REQUIRED), so a client without one
fails the TLS handshake; with a client CA and a token, a token alone
works and a client with neither gets a 401 ``Status``.
"""

import json

import kubernetes
import pytest
import requests
import urllib3

from magnum.tests.functional.k8s_double.helpers import client_for
from magnum.tests.functional.k8s_double.helpers import TOKEN
from magnum.tests.k8s_double import KubeDouble
from magnum.tests.k8s_double import TLSConfig

UNAUTHORIZED = {
    'kind': 'Status',
    'apiVersion': 'v1',
    'metadata': {},
    'status': 'Failure',
    'message': 'Unauthorized',
    'reason': 'Unauthorized',
    'code': 401,
}


def test_client_certificate_is_accepted(tls_core, tls_double):
    assert tls_double.url.startswith('https://127.0.0.1:')
    assert tls_core.list_namespace().items
    assert tls_core.create_namespaced_pod(
        'default',
        {
            'metadata': {'name': 'web'},
            'spec': {'containers': [{'name': 'a', 'image': 'b'}]},
        },
    )


def test_missing_client_certificate_fails_the_handshake(tls_double, pki):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(tls_double.url + '/api/v1/pods', verify=pki.ca, timeout=5)
    with client_for(tls_double, pki=pki, cert=False) as client:
        core = kubernetes.client.CoreV1Api(client)
        with pytest.raises(urllib3.exceptions.MaxRetryError) as excinfo:
            core.list_namespace(_request_timeout=5)
        # The server's alert or its closed socket, depending on timing.
        assert isinstance(excinfo.value.reason, urllib3.exceptions.SSLError)


def test_certificate_from_another_ca_fails_the_handshake(tls_double, pki):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(
            tls_double.url + '/api/v1/pods',
            verify=pki.ca,
            cert=(pki.rogue_cert, pki.rogue_key),
            timeout=5,
        )


def test_server_certificate_is_verifiable(tls_double, pki):
    response = requests.get(
        tls_double.url + '/healthz',
        verify=pki.ca,
        cert=(pki.client_cert, pki.client_key),
        timeout=5,
    )
    assert response.text == 'ok'


def test_token_or_certificate_when_both_are_configured(pki):
    tls = TLSConfig(pki.server_cert, pki.server_key, pki.ca)
    with KubeDouble(tls=tls, token=TOKEN) as kube:
        url = kube.url + '/api/v1/namespaces'
        by_token = requests.get(
            url,
            verify=pki.ca,
            timeout=5,
            headers={'Authorization': 'Bearer ' + TOKEN},
        )
        assert by_token.status_code == 200
        by_cert = requests.get(
            url,
            verify=pki.ca,
            timeout=5,
            cert=(pki.client_cert, pki.client_key),
        )
        assert by_cert.status_code == 200
        neither = requests.get(url, verify=pki.ca, timeout=5)
        assert neither.status_code == 401
        assert neither.json() == UNAUTHORIZED
        anonymous = requests.get(
            kube.url + '/version', verify=pki.ca, timeout=5
        )
        assert anonymous.status_code == 200


def test_tls_without_client_ca_serves_https_only(pki):
    tls = TLSConfig(pki.server_cert, pki.server_key)
    with KubeDouble(tls=tls) as kube:
        response = requests.get(kube.url + '/api', verify=pki.ca, timeout=5)
        assert response.json()['kind'] == 'APIVersions'


def test_bearer_token_over_http(double):
    with client_for(double, token=TOKEN) as client:
        assert kubernetes.client.CoreV1Api(client).list_namespace().items
    for token in (None, 'wrong'):
        with client_for(double, token=token) as client:
            core = kubernetes.client.CoreV1Api(client)
            with pytest.raises(
                kubernetes.client.exceptions.UnauthorizedException
            ) as excinfo:
                core.list_namespace()
            assert excinfo.value.status == 401
            assert json.loads(excinfo.value.body) == UNAUTHORIZED


def test_wrong_token_is_refused_even_for_health(double):
    response = requests.get(
        double.url + '/healthz',
        timeout=5,
        headers={'Authorization': 'Bearer wrong'},
    )
    assert response.status_code == 401
    assert requests.get(double.url + '/healthz', timeout=5).text == 'ok'


def test_open_mode_needs_no_credentials():
    with KubeDouble() as kube:
        response = requests.get(kube.url + '/api/v1/namespaces', timeout=5)
        assert response.status_code == 200


def test_any_loopback_address(pki):
    tls = TLSConfig(pki.server_cert, pki.server_key, pki.ca)
    with KubeDouble(host='127.42.0.15', tls=tls) as kube:
        assert kube.url.startswith('https://127.42.0.15:')
        with client_for(kube, pki=pki) as client:
            versions = kubernetes.client.CoreApi(client).get_api_versions()
        assert (
            versions.server_address_by_client_cidrs[0].server_address
            == kube.address
        )

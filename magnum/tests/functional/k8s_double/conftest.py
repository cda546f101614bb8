"""Fixtures: throwaway PKI, running doubles and configured clients.

Every test runs under a 60 s alarm, so a hung socket fails the test
instead of the run.
"""

import signal

import kubernetes
import pytest

from magnum.tests.functional.k8s_double import pki as pki_mod
from magnum.tests.functional.k8s_double.helpers import client_for
from magnum.tests.functional.k8s_double.helpers import Raw
from magnum.tests.functional.k8s_double.helpers import TOKEN
from magnum.tests.k8s_double import KubeDouble
from magnum.tests.k8s_double import TLSConfig

TEST_SECONDS = 60


@pytest.fixture(autouse=True)
def _bounded():
    def expire(*_):
        raise TimeoutError(f'test ran over {TEST_SECONDS}s')

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TEST_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope='session')
def pki(tmp_path_factory):
    """A CA, a server cert for 127.0.0.1 and good and rogue client certs."""
    return pki_mod.make_pki(
        tmp_path_factory.mktemp('pki'), ips=('127.0.0.1', '127.42.0.15')
    )


@pytest.fixture
def double():
    """A plain-HTTP double that wants the bearer token."""
    kube = KubeDouble(token=TOKEN).start()
    yield kube
    kube.stop()


@pytest.fixture
def tls_double(pki):
    """An HTTPS double that wants a client certificate (CERT_REQUIRED)."""
    kube = KubeDouble(
        tls=TLSConfig(pki.server_cert, pki.server_key, pki.ca)
    ).start()
    yield kube
    kube.stop()


@pytest.fixture
def api_client(double):
    """ApiClient for the plain-HTTP double."""
    with client_for(double, token=TOKEN) as client:
        yield client


@pytest.fixture
def core(api_client):
    """CoreV1Api on the plain-HTTP double."""
    return kubernetes.client.CoreV1Api(api_client)


@pytest.fixture
def tls_core(tls_double, pki):
    """CoreV1Api on the TLS double, authenticated by client certificate."""
    with client_for(tls_double, pki=pki) as client:
        yield kubernetes.client.CoreV1Api(client)


@pytest.fixture
def raw(double):
    """Raw HTTP access to the plain-HTTP double."""
    client = Raw(double)
    yield client
    client.session.close()

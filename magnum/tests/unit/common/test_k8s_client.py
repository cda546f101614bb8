"""The cache of the bays' Kubernetes clients."""

import os
import stat

import pytest

from magnum import objects
from magnum.common import context
from magnum.common import k8s_client

FILES = ('CA PEM', 'CERT PEM', 'KEY PEM')


def _bay(
    uuid='b1', ca='ca-1', cert='cert-1', address='https://127.0.0.9:6443'
):
    return objects.Cluster(
        context.get_admin_context(),
        uuid='00000000-0000-0000-0000-00000000000%s' % uuid[-1],
        api_address=address,
        ca_cert_ref=ca,
        magnum_cert_ref=cert,
    )


class Loader:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return FILES


@pytest.fixture
def cache():
    cache = k8s_client.ClientCache()
    yield cache
    cache.clear()


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_tls_client_files_are_private(cache):
    bay = _bay()
    with cache.client(bay, Loader()) as api_client:
        config = api_client.configuration
        entry = cache.cached(bay.uuid)
        assert _mode(entry.directory) == 0o700
        assert _mode(config.cert_file) == 0o600
        assert _mode(config.key_file) == 0o600
        with open(config.key_file) as handle:
            assert handle.read() == 'KEY PEM'
        assert sorted(os.listdir(entry.directory)) == ['cert.pem', 'key.pem']
        assert config.ca_cert_data == 'CA PEM'
        assert config.verify_ssl is True
        assert config.host == bay.api_address
        assert not config.proxy
    cache.forget(bay.uuid)
    assert entry.closed
    assert not os.path.exists(entry.directory)


def test_environment_proxy_not_used(cache, monkeypatch):
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example.com:3128')
    monkeypatch.setenv('https_proxy', 'http://proxy.example.com:3128')
    with cache.client(_bay(), Loader()) as api_client:
        assert not api_client.configuration.proxy


def test_plain_client_has_no_files(cache):
    bay = _bay(address='http://127.0.0.9:8080')
    with cache.client(bay) as api_client:
        assert api_client.configuration.cert_file is None
    assert cache.cached(bay.uuid).directory is None


def test_one_client_per_bay(cache):
    loader = Loader()
    with cache.client(_bay(), loader) as first:
        pass
    with cache.client(_bay(), loader) as second:
        pass
    assert first is second
    assert loader.calls == 1


def test_rotated_certificates_drop_the_client(cache):
    loader = Loader()
    with cache.client(_bay(), loader) as first:
        old = cache.cached(_bay().uuid)
    rotated = _bay(ca='ca-2', cert='cert-2')
    with cache.client(rotated, loader) as second:
        assert second is not first
    assert old.closed and not os.path.exists(old.directory)
    assert loader.calls == 2
    moved = _bay(ca='ca-2', cert='cert-2', address='https://127.0.0.8:6443')
    with cache.client(moved, loader) as third:
        assert third is not second


def test_client_in_use_is_closed_by_its_last_user(cache):
    bay = _bay()
    with cache.client(bay, Loader()):
        entry = cache.cached(bay.uuid)
        cache.forget(bay.uuid)
        assert not entry.closed
        assert os.path.exists(entry.directory)
    assert entry.closed
    assert not os.path.exists(entry.directory)


def test_least_recently_used_is_dropped(cache, conf):
    conf.config(group='kubernetes', client_cache_size=2)
    bays = [_bay(uuid='b%d' % i) for i in range(3)]
    entries = []
    for bay in bays[:2]:
        with cache.client(bay, Loader()):
            entries.append(cache.cached(bay.uuid))
    with cache.client(bays[0], Loader()):
        pass
    with cache.client(bays[2], Loader()):
        pass
    assert cache.cached(bays[1].uuid) is None
    assert entries[1].closed
    assert cache.cached(bays[0].uuid) is entries[0]
    assert not entries[0].closed


def test_failed_certificate_load_leaves_nothing(cache):
    def broken():
        raise RuntimeError('store down')

    with pytest.raises(RuntimeError):
        with cache.client(_bay(), broken):
            pass
    assert cache.cached(_bay().uuid) is None


def test_timeouts(conf):
    conf.config(group='kubernetes', connect_timeout=2, read_timeout=7)
    assert k8s_client.timeouts() == (2, 7)

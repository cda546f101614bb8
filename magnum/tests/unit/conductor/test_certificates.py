"""Tests of magnum.conductor.certificates: the certificates of bays."""

import logging

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from oslo_utils import uuidutils
import pytest

from magnum import objects
from magnum.common import cert_manager
from magnum.common import context
from magnum.common import exception
from magnum.common.cert_manager import x509keypair
from magnum.conductor import certificates
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models

REFS = certificates.REF_FIELDS


class FlakyBackend(x509keypair.X509KeyPairCertManager):
    """The database backend, failing on demand."""

    def __init__(self, stores_before_failure=None, undeletable=()):
        self.stores_left = stores_before_failure
        self.undeletable = set(undeletable)

    def store_cert(self, context, *args, **kwargs):
        if self.stores_left is not None:
            if self.stores_left == 0:
                raise exception.CertificateStorageException(msg='disk full')
            self.stores_left -= 1
        return super().store_cert(context, *args, **kwargs)

    def delete_cert(self, context, ref):
        if ref in self.undeletable:
            raise exception.CertificateStorageException(msg='busy')
        return super().delete_cert(context, ref)


@pytest.fixture(autouse=True)
def _small_keys(conf):
    conf.config(group='x509', rsa_key_size=1024)


@pytest.fixture
def ctx():
    return context.make_context(
        user_id='user-1', project_id='project-1', is_admin=False
    )


@pytest.fixture
def bay(ctx):
    cluster = objects.Cluster(ctx)
    cluster.uuid = uuidutils.generate_uuid()
    cluster.name = 'bay-one'
    cluster.project_id = 'project-1'
    for field in REFS:
        setattr(cluster, field, None)
    return cluster


@pytest.fixture
def flaky(conf, monkeypatch):
    def install(**kwargs):
        backend = FlakyBackend(**kwargs)
        monkeypatch.setitem(cert_manager._BACKENDS, 'flaky', backend)
        conf.config(group='certificates', cert_manager_type='flaky')
        return backend

    return install


def _stored():
    table = models.X509KeyPair.__table__
    with db_common.get_engine().connect() as connection:
        return {r.uuid for r in connection.execute(table.select())}


def _refs(cluster):
    return {f: getattr(cluster, f) for f in REFS}


def _cert(pem):
    return x509.load_pem_x509_certificate(pem.encode())


def _csr(cn='kubelet'):
    key = rsa.generate_private_key(65537, 1024)
    return (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
        .sign(key, hashes.SHA256())
        .public_bytes(serialization.Encoding.PEM)
        .decode()
    )


def test_generate_sets_four_distinct_refs(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    refs = _refs(bay)
    assert all(refs.values())
    assert len(set(refs.values())) == 4
    assert _stored() == set(refs.values())
    assert bay.obj_what_changed() >= set(REFS)


def test_generated_cas_are_named_after_the_bay(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    for kind in ('kubernetes', 'etcd', 'front_proxy'):
        cert = _cert(certificates.get_ca(ctx, bay, kind))
        name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        assert name[0].value == 'bay-one'
        assert cert.extensions.get_extension_for_class(
            x509.BasicConstraints
        ).value.ca


def test_unnamed_bays_use_their_uuid(ctx, bay):
    bay.name = None
    certificates.generate_for_bay(ctx, bay)
    cert = _cert(certificates.get_ca(ctx, bay))
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert name[0].value == bay.uuid


def test_the_three_cas_differ(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    pems = {
        certificates.get_ca(ctx, bay, t)
        for t in ('kubernetes', 'etcd', 'front-proxy')
    }
    assert len(pems) == 3


def test_generate_is_idempotent(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    before = _refs(bay)
    certificates.generate_for_bay(ctx, bay)
    assert _refs(bay) == before
    assert _stored() == set(before.values())


def test_generate_completes_what_is_missing(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    before = _refs(bay)
    bay.etcd_ca_cert_ref = None
    certificates.generate_for_bay(ctx, bay)
    after = _refs(bay)
    assert after['etcd_ca_cert_ref'] not in (None, before['etcd_ca_cert_ref'])
    for field in REFS:
        if field != 'etcd_ca_cert_ref':
            assert after[field] == before[field]


def test_a_new_kubernetes_ca_reissues_the_client_cert(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    old_client = bay.magnum_cert_ref
    bay.ca_cert_ref = None
    certificates.generate_for_bay(ctx, bay)
    assert bay.magnum_cert_ref != old_client
    assert old_client not in _stored()
    files = certificates.client_files(ctx, bay)
    _cert(files.cert).verify_directly_issued_by(_cert(files.ca))


def test_failed_generation_removes_what_it_stored(ctx, bay, flaky):
    flaky(stores_before_failure=2)
    with pytest.raises(exception.CertificatesToClusterFailed) as info:
        certificates.generate_for_bay(ctx, bay)
    assert info.value.code == 500
    assert _stored() == set()
    assert not any(_refs(bay).values())


def test_client_files_chain_to_the_kubernetes_ca(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    files = certificates.client_files(ctx, bay)
    ca_pem, cert_pem, key_pem = files
    assert ca_pem == certificates.get_ca(ctx, bay, 'kubernetes')
    cert = _cert(cert_pem)
    cert.verify_directly_issued_by(_cert(ca_pem))
    assert key_pem.startswith('-----BEGIN PRIVATE KEY-----')
    key = serialization.load_pem_private_key(key_pem.encode(), None)
    assert key.public_key() == cert.public_key()
    assert 'PRIVATE' not in repr(files)


def test_client_files_before_generation_is_a_409(ctx, bay):
    with pytest.raises(exception.ClusterCertificateNotReady) as info:
        certificates.client_files(ctx, bay)
    assert info.value.code == 409


@pytest.mark.parametrize(
    'kind, field',
    [
        ('kubernetes', 'ca_cert_ref'),
        (None, 'ca_cert_ref'),
        ('etcd', 'etcd_ca_cert_ref'),
        ('front_proxy', 'front_proxy_ca_cert_ref'),
        ('front-proxy', 'front_proxy_ca_cert_ref'),
    ],
)
def test_sign_csr_with_each_ca(ctx, bay, kind, field):
    certificates.generate_for_bay(ctx, bay)
    pem = certificates.sign_csr(ctx, bay, _csr(), kind)
    ca_pem = cert_manager.get_backend().get_cert(ctx, getattr(bay, field))
    _cert(pem).verify_directly_issued_by(_cert(ca_pem.certificate))
    assert certificates.get_ca(ctx, bay, kind) == ca_pem.certificate


@pytest.mark.parametrize('kind', ['proxy', 'admin', 'KUBERNETES'])
def test_unknown_ca_type_is_a_400(ctx, bay, kind):
    with pytest.raises(exception.InvalidCaCertType) as info:
        certificates.get_ca(ctx, bay, kind)
    assert info.value.code == 400
    with pytest.raises(exception.InvalidCaCertType):
        certificates.sign_csr(ctx, bay, _csr(), kind)


def test_invalid_csr_is_a_400_even_before_generation(ctx, bay):
    with pytest.raises(exception.InvalidCsr) as info:
        certificates.sign_csr(ctx, bay, 'garbage', 'etcd')
    assert info.value.code == 400


def test_rotation_replaces_every_cert_and_deletes_the_old(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    before = _refs(bay)
    old_ca = certificates.get_ca(ctx, bay)
    certificates.rotate_ca(ctx, bay)
    after = _refs(bay)
    assert all(after.values())
    assert not set(before.values()) & set(after.values())
    assert _stored() == set(after.values())
    assert certificates.get_ca(ctx, bay) != old_ca
    files = certificates.client_files(ctx, bay)
    _cert(files.cert).verify_directly_issued_by(_cert(files.ca))


def test_failed_rotation_keeps_the_old_certs(ctx, bay, flaky):
    certificates.generate_for_bay(ctx, bay)
    before = _refs(bay)
    flaky(stores_before_failure=3)
    with pytest.raises(exception.CertificatesToClusterFailed):
        certificates.rotate_ca(ctx, bay)
    assert _refs(bay) == before
    assert _stored() == set(before.values())


def test_rotation_survives_an_undeletable_old_cert(ctx, bay, flaky):
    certificates.generate_for_bay(ctx, bay)
    stuck = bay.etcd_ca_cert_ref
    flaky(undeletable=[stuck])
    certificates.rotate_ca(ctx, bay)
    assert bay.etcd_ca_cert_ref != stuck
    assert _stored() == set(_refs(bay).values()) | {stuck}


def test_delete_removes_all_four(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    certificates.delete_for_bay(ctx, bay)
    assert _stored() == set()
    assert not any(_refs(bay).values())


def test_delete_tolerates_missing_certs_and_refs(ctx, bay):
    certificates.generate_for_bay(ctx, bay)
    cert_manager.get_backend().delete_cert(ctx, bay.etcd_ca_cert_ref)
    bay.front_proxy_ca_cert_ref = None
    stray = _stored() - set(_refs(bay).values())
    certificates.delete_for_bay(ctx, bay)
    assert _stored() == stray
    assert not any(_refs(bay).values())
    certificates.delete_for_bay(ctx, bay)


def test_delete_reports_and_keeps_what_it_could_not_delete(ctx, bay, flaky):
    certificates.generate_for_bay(ctx, bay)
    stuck = bay.magnum_cert_ref
    flaky(undeletable=[stuck])
    with pytest.raises(exception.CertificateDeletionFailed) as info:
        certificates.delete_for_bay(ctx, bay)
    assert 'magnum_cert_ref' in str(info.value)
    assert _refs(bay) == {
        'ca_cert_ref': None,
        'etcd_ca_cert_ref': None,
        'front_proxy_ca_cert_ref': None,
        'magnum_cert_ref': stuck,
    }
    assert _stored() == {stuck}


def test_private_keys_are_never_logged(ctx, bay, caplog, flaky):
    caplog.set_level(logging.DEBUG)
    certificates.generate_for_bay(ctx, bay)
    certificates.sign_csr(ctx, bay, _csr(), 'etcd')
    certificates.client_files(ctx, bay)
    certificates.rotate_ca(ctx, bay)
    flaky(stores_before_failure=1)
    with pytest.raises(exception.CertificatesToClusterFailed):
        certificates.rotate_ca(ctx, bay)
    flaky(undeletable=[bay.ca_cert_ref])
    with pytest.raises(exception.CertificateDeletionFailed):
        certificates.delete_for_bay(ctx, bay)
    assert caplog.records
    assert 'PRIVATE KEY' not in caplog.text
    assert 'BEGIN' not in caplog.text

"""Tests of the certificate storage backends (x509keypair and local)."""

import logging
import os
import stat
from unittest import mock

from oslo_db import exception as db_exc
import pytest

from magnum.common import cert_manager
from magnum.common import context
from magnum.common import exception
from magnum.common.cert_manager import local
from magnum.common.cert_manager import x509keypair
from magnum.db.sqlalchemy import api as db_sa_api
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models

CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
KEY = (
    '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n'
    '-----END ENCRYPTED PRIVATE KEY-----\n'
)


@pytest.fixture
def ctx():
    return context.make_context(
        user_id='user-1', project_id='project-1', is_admin=False
    )


@pytest.fixture(params=['x509keypair', 'local'])
def backend(request, conf, tmp_path):
    conf.config(group='certificates', storage_path=str(tmp_path / 'certs'))
    conf.config(group='certificates', cert_manager_type=request.param)
    return cert_manager.get_backend()


def test_configured_backends_come_from_entry_points(conf):
    conf.config(group='certificates', cert_manager_type='local')
    assert isinstance(cert_manager.get_backend(), local.LocalCertManager)
    assert isinstance(
        cert_manager.get_backend('x509keypair'),
        x509keypair.X509KeyPairCertManager,
    )


def test_default_backend_is_x509keypair(conf):
    assert isinstance(
        cert_manager.get_backend(), x509keypair.X509KeyPairCertManager
    )


def test_unknown_backend_is_a_storage_error(conf):
    conf.config(group='certificates', cert_manager_type='barbican')
    with pytest.raises(exception.CertificateStorageException) as info:
        cert_manager.get_backend()
    assert 'barbican' in str(info.value)


def test_round_trip(backend, ctx):
    ref = backend.store_cert(
        ctx,
        CERT,
        KEY,
        intermediates=CERT + CERT,
        private_key_passphrase='secret',
    )
    cert = backend.get_cert(ctx, ref)
    assert cert.certificate == CERT
    assert cert.private_key == KEY
    assert cert.private_key_passphrase == 'secret'
    assert cert.intermediates == CERT + CERT
    assert 'PRIVATE' not in repr(cert) and 'secret' not in repr(cert)


def test_optional_parts_may_be_missing(backend, ctx):
    ref = backend.store_cert(ctx, CERT, None)
    cert = backend.get_cert(ctx, ref)
    assert cert.certificate == CERT
    assert cert.private_key is None
    assert cert.intermediates is None
    assert cert.private_key_passphrase is None


def test_refs_are_distinct(backend, ctx):
    assert backend.store_cert(ctx, CERT, KEY) != backend.store_cert(
        ctx, CERT, KEY
    )


def test_delete(backend, ctx):
    ref = backend.store_cert(ctx, CERT, KEY, private_key_passphrase='p')
    other = backend.store_cert(ctx, CERT, KEY)
    backend.delete_cert(ctx, ref)
    with pytest.raises(exception.X509KeyPairNotFound) as info:
        backend.get_cert(ctx, ref)
    assert info.value.code == 404
    with pytest.raises(exception.X509KeyPairNotFound):
        backend.delete_cert(ctx, ref)
    assert backend.get_cert(ctx, other).certificate == CERT


def test_unknown_ref_is_not_found(backend, ctx):
    with pytest.raises(exception.X509KeyPairNotFound):
        backend.get_cert(ctx, '0b7e5f3c-1c4c-4a52-9d0a-8b0a0c1d2e3f')


def test_x509keypair_rows_record_the_owner(ctx, conf):
    ref = cert_manager.get_backend('x509keypair').store_cert(ctx, CERT, KEY)
    engine = db_common.get_engine()
    table = models.X509KeyPair.__table__
    with engine.connect() as connection:
        row = connection.execute(
            table.select().where(table.c.uuid == ref)
        ).one()
    assert (row.project_id, row.user_id) == ('project-1', 'user-1')


def test_local_files_are_private(conf, tmp_path, ctx):
    directory = tmp_path / 'certs'
    conf.config(group='certificates', storage_path=str(directory))
    ref = local.LocalCertManager().store_cert(
        ctx, CERT, KEY, private_key_passphrase='p'
    )
    names = sorted(os.listdir(directory))
    assert names == [ref + s for s in ('.crt', '.key', '.pass')]
    for name in names:
        mode = stat.S_IMODE(os.stat(directory / name).st_mode)
        assert mode == 0o600
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700


@pytest.mark.parametrize('ref', ['../etc/passwd', 'x', ''])
def test_local_refs_must_be_uuids(conf, tmp_path, ctx, ref):
    conf.config(group='certificates', storage_path=str(tmp_path))
    manager = local.LocalCertManager()
    with pytest.raises(exception.X509KeyPairNotFound):
        manager.get_cert(ctx, ref)
    with pytest.raises(exception.X509KeyPairNotFound):
        manager.delete_cert(ctx, ref)


def test_local_unwritable_directory_is_a_storage_error(conf, tmp_path, ctx):
    blocker = tmp_path / 'file'
    blocker.write_text('')
    conf.config(group='certificates', storage_path=str(blocker / 'sub'))
    with pytest.raises(exception.CertificateStorageException):
        local.LocalCertManager().store_cert(ctx, CERT, KEY)


def test_database_errors_do_not_leak_the_key(ctx, conf, caplog):
    error = db_exc.DBError('INSERT INTO x509keypair VALUES (%s)' % KEY)
    caplog.set_level(logging.DEBUG)
    with mock.patch.object(
        db_sa_api.Connection,
        'create_x509keypair',
        autospec=True,
        side_effect=error,
    ):
        with pytest.raises(exception.CertificateStorageException) as info:
            x509keypair.X509KeyPairCertManager().store_cert(ctx, CERT, KEY)
    assert 'PRIVATE KEY' not in str(info.value)
    assert caplog.records
    assert 'PRIVATE KEY' not in caplog.text

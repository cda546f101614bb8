"""Certificates in files of the conductor host. NOT FOR PRODUCTION.

Each certificate is stored as ``<ref>.crt`` (and ``.key``, ``.int``,
``.pass`` when given) under ``[certificates] storage_path``, mode 0600.
The files exist on one host only, so this backend suits a single
conductor on a development machine; use ``x509keypair`` otherwise.
"""

import os

from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import uuidutils

from magnum.common import exception
from magnum.common.cert_manager import base
from magnum.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
_SUFFIXES = {
    'certificate': '.crt',
    'private_key': '.key',
    'intermediates': '.int',
    'private_key_passphrase': '.pass',
}


def _path(ref, field):
    if not uuidutils.is_uuid_like(ref):
        # The ref becomes a file name: nothing but a uuid is looked up.
        raise exception.X509KeyPairNotFound(x509keypair=ref)
    return os.path.join(CONF.certificates.storage_path, ref + _SUFFIXES[field])


def _write(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(text)


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return None


class LocalCertManager(base.CertManager):
    """:class:`~magnum.common.cert_manager.base.CertManager` on files."""

    def store_cert(
        self,
        context,
        certificate,
        private_key,
        intermediates=None,
        private_key_passphrase=None,
    ):
        """Write the files of a new certificate; return its uuid.

        :raises: CertificateStorageException (HTTP 500).
        """
        ref = uuidutils.generate_uuid()
        parts = {
            'certificate': certificate,
            'private_key': private_key,
            'intermediates': intermediates,
            'private_key_passphrase': private_key_passphrase,
        }
        written = []
        try:
            os.makedirs(CONF.certificates.storage_path, 0o700, exist_ok=True)
            for field, text in parts.items():
                if text is not None:
                    written.append(_path(ref, field))
                    _write(written[-1], text)
        except OSError as e:
            LOG.error('Cannot write certificate files: %s', e.strerror)
            for path in written:
                _remove(path)
            raise exception.CertificateStorageException(
                msg=_('cannot write to %s') % CONF.certificates.storage_path
            )
        return ref

    def get_cert(self, context, ref):
        """Return the certificate stored under ``ref``.

        :raises: X509KeyPairNotFound (HTTP 404);
            CertificateStorageException (HTTP 500).
        """
        try:
            texts = {field: _read(_path(ref, field)) for field in _SUFFIXES}
        except OSError as e:
            LOG.error('Cannot read certificate %s: %s', ref, e.strerror)
            raise exception.CertificateStorageException(
                msg=_('cannot read certificate %s') % ref
            )
        if texts['certificate'] is None:
            raise exception.X509KeyPairNotFound(x509keypair=ref)
        return base.Cert(**texts)

    def delete_cert(self, context, ref):
        """Remove the files of ``ref``.

        :raises: X509KeyPairNotFound (HTTP 404) when there are none.
        """
        removed = [_remove(_path(ref, field)) for field in _SUFFIXES]
        if not any(removed):
            raise exception.X509KeyPairNotFound(x509keypair=ref)


def _remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    return True

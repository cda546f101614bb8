"""The default backend: certificates in magnum's database (x509keypair).

The reference is the row's uuid; the row records the project and user of
the context that stored it.
"""

from oslo_db import exception as db_exc
from oslo_log import log as logging

from magnum.common import exception
from magnum.common.cert_manager import base
from magnum.db import api as db_api
from magnum.i18n import _

LOG = logging.getLogger(__name__)


def _db_failed(action, error):
    # The message of a database error can quote the statement's
    # parameters, i.e. the key: only its type is shown.
    LOG.error('Cannot %s an x509keypair: %s', action, type(error).__name__)
    return exception.CertificateStorageException(
        msg=_('the database refused to %s the certificate') % action
    )


class X509KeyPairCertManager(base.CertManager):
    """:class:`~magnum.common.cert_manager.base.CertManager` on the DB."""

    def store_cert(
        self,
        context,
        certificate,
        private_key,
        intermediates=None,
        private_key_passphrase=None,
    ):
        """Insert an x509keypair row; return its uuid.

        :raises: CertificateStorageException (HTTP 500).
        """
        values = {
            'certificate': certificate,
            'private_key': private_key,
            'private_key_passphrase': private_key_passphrase,
            'intermediates': intermediates,
            'project_id': context.project_id,
            'user_id': context.user_id,
        }
        try:
            row = db_api.get_instance().create_x509keypair(context, values)
        except db_exc.DBError as e:
            raise _db_failed('store', e)
        return row.uuid

    def get_cert(self, context, ref):
        """Return the row ``ref`` as a Cert.

        :raises: X509KeyPairNotFound (HTTP 404).
        """
        row = db_api.get_instance().get_x509keypair_by_uuid(context, ref)
        return base.Cert(
            certificate=row.certificate,
            private_key=row.private_key,
            private_key_passphrase=row.private_key_passphrase,
            intermediates=row.intermediates,
        )

    def delete_cert(self, context, ref):
        """Delete the row ``ref``.

        :raises: X509KeyPairNotFound (HTTP 404).
        """
        db_api.get_instance().destroy_x509keypair(context, ref)

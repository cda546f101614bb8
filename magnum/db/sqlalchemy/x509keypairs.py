"""x509keypair queries: the rows of the x509keypair certificate backend.

Rows are reached only by uuid, from the conductor, so no tenancy filter
applies; the context is used for its session.
"""

from magnum.common import exception
from magnum.db.sqlalchemy import common
from magnum.db.sqlalchemy import models


class X509KeyPairQueries:
    """Mixin of the backend Connection for x509keypair."""

    @common.writer
    def create_x509keypair(self, context, values):
        """Insert a row (with a new uuid unless given) and return it.

        :raises: X509KeyPairAlreadyExists (HTTP 409) for a used uuid.
        """
        return common.insert(
            context.session,
            models.X509KeyPair,
            values,
            lambda v: exception.X509KeyPairAlreadyExists(uuid=v['uuid']),
        )

    @common.reader
    def get_x509keypair_by_uuid(self, context, uuid):
        """Return the row ``uuid``.

        :raises: X509KeyPairNotFound (HTTP 404).
        """
        row = (
            context.session.query(models.X509KeyPair)
            .filter_by(uuid=uuid)
            .first()
        )
        if row is None:
            raise exception.X509KeyPairNotFound(x509keypair=uuid)
        return row

    @common.writer
    def destroy_x509keypair(self, context, uuid):
        """Delete the row ``uuid``.

        :raises: X509KeyPairNotFound (HTTP 404).
        """
        query = context.session.query(models.X509KeyPair).filter_by(uuid=uuid)
        if not common.delete_rows(query):
            raise exception.X509KeyPairNotFound(x509keypair=uuid)

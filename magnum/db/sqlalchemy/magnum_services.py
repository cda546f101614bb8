"""magnum_service queries: conductor heartbeats."""

from magnum.common import exception
from magnum.db.sqlalchemy import common
from magnum.db.sqlalchemy import models


class MagnumServiceQueries:
    """Mixin of the backend Connection for magnum_service."""

    @common.reader
    def get_magnum_service_list(
        self,
        context,
        disabled=None,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """List the registered services."""
        model = models.MagnumService
        query = context.session.query(model)
        if disabled is not None:
            query = query.filter_by(disabled=disabled)
        return common.paginate(query, model, limit, None, sort_key, sort_dir)

    @common.reader
    def get_magnum_service_by_host_and_binary(self, context, host, binary):
        """Return the service row of ``(host, binary)`` or None."""
        return (
            context.session.query(models.MagnumService)
            .filter_by(host=host, binary=binary)
            .first()
        )

    @common.writer
    def report_service_up(self, context, host, binary):
        """Record a heartbeat, creating the service row on first report.

        :returns: the updated row.
        """
        session = context.session
        model = models.MagnumService
        row = (
            session.query(model)
            .filter_by(host=host, binary=binary)
            .with_for_update()
            .first()
        )
        now = models.now()
        if row is None:
            return common.insert(
                session,
                model,
                {
                    'host': host,
                    'binary': binary,
                    'report_count': 1,
                    'last_seen_up': now,
                    'disabled': False,
                    'forced_down': False,
                },
                lambda v: exception.MagnumServiceAlreadyExists(id=host),
            )
        row.update({'report_count': row.report_count + 1, 'last_seen_up': now})
        session.flush()
        return row

    @common.writer
    def destroy_magnum_service(self, context, service_id):
        """Delete a service row.

        :raises: MagnumServiceNotFound (HTTP 404).
        """
        query = context.session.query(models.MagnumService).filter_by(
            id=service_id
        )
        if not common.delete_rows(query):
            raise exception.MagnumServiceNotFound(magnum_service_id=service_id)

"""The MagnumService object: a running service and its heartbeat."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base


@base.MagnumObjectRegistry.register
class MagnumService(base.MagnumPersistentObject, base.MagnumObject):
    """A magnum service (conductor) registered in the database."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'host': fields.StringField(nullable=True),
        'binary': fields.StringField(nullable=True),
        'disabled': fields.BooleanField(default=False),
        'disabled_reason': fields.StringField(nullable=True),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'forced_down': fields.BooleanField(default=False),
        'report_count': fields.IntegerField(default=0),
        **base.MagnumPersistentObject.fields,
    }

    @classmethod
    def list(
        cls, context, limit=None, marker=None, sort_key=None, sort_dir=None
    ):
        """Return the registered services."""
        rows = db_api.get_instance().get_magnum_service_list(
            context,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        return cls._from_db_list(context, rows)

    @classmethod
    def get_by_host_and_binary(cls, context, host, binary):
        """Return the service of ``(host, binary)`` or None."""
        row = db_api.get_instance().get_magnum_service_by_host_and_binary(
            context, host, binary
        )
        return None if row is None else cls._from_row(context, row)

    @classmethod
    def report_state_up(cls, context, host, binary):
        """Record a heartbeat of ``(host, binary)`` and return the object."""
        row = db_api.get_instance().report_service_up(context, host, binary)
        return cls._from_row(context, row)

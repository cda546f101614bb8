"""Base classes of magnum's versioned objects (the RPC wire format)."""

import datetime

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from magnum.db import api as db_api

#: Where oslo.versionedobjects keeps a field's value on the object
#: (checked by magnum/tests/unit/objects/test_base.py).
STORED_AS = '_obj_%s'


class MagnumObjectRegistry(ovo_base.VersionedObjectRegistry):
    """Registry of magnum's object classes."""


class MagnumObject(ovo_base.VersionedObject):
    """Base of magnum's objects; stored ones add
    :class:`MagnumPersistentObject`."""

    OBJ_SERIALIZER_NAMESPACE = 'magnum_object'
    OBJ_PROJECT_NAMESPACE = 'magnum'

    def as_dict(self):
        """Return the set fields as a dict (fast: no per-field getter)."""
        prefix = STORED_AS % ''
        return {
            name[len(prefix) :]: value
            for name, value in vars(self).items()
            if name.startswith(prefix)
        }


class MagnumPersistentObject:
    """Mixin of objects stored in a table: id, timestamps, DB mapping."""

    fields = {
        'created_at': ovo_fields.DateTimeField(nullable=True),
        'updated_at': ovo_fields.DateTimeField(nullable=True),
    }

    @classmethod
    def row_values(cls, db_row):
        """Return ``{field: value}`` of a database row, as the object has
        them (naive datetimes made UTC, as field coercion would).

        Column rows (lists) have ``_asdict()``; a loaded ORM instance keeps
        its values in ``__dict__``: both skip SQLAlchemy's instrumentation.
        """
        as_dict = getattr(db_row, '_asdict', None)
        loaded = as_dict() if as_dict is not None else db_row.__dict__
        values = {}
        for field in cls.fields:
            value = (
                loaded[field] if field in loaded else getattr(db_row, field)
            )
            if isinstance(value, datetime.datetime) and value.tzinfo is None:
                value = value.replace(tzinfo=datetime.timezone.utc)
            values[field] = value
        return values

    @classmethod
    def _from_db_object(cls, obj, db_row, context=None):
        """Fill ``obj`` from a database row and reset its change set.

        Values read from the database already have the fields' types, so
        they are stored without the per-field coercion of attribute
        assignment (lists of a thousand objects spend most of their time
        there).
        """
        vars(obj).update(
            (STORED_AS % k, v) for k, v in cls.row_values(db_row).items()
        )
        obj._context = context
        obj.obj_reset_changes()
        return obj

    #: The database API method listing one page of the objects' rows
    #: (``filters``, ``limit``, ``marker``, ``sort_key``, ``sort_dir``).
    _db_list = None

    @classmethod
    def _db_page(cls, context, **paging):
        return getattr(db_api.get_instance(), cls._db_list)(context, **paging)

    @classmethod
    def list(
        cls,
        context,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
        filters=None,
    ):
        """Return one page of the objects the context may see.

        :raises: the ``*NotFound`` of the object (HTTP 404) for an unknown
            marker; InvalidSortKey (HTTP 400).
        """
        rows = cls._db_page(
            context,
            filters=filters,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        return cls._from_db_list(context, rows)

    @classmethod
    def _from_row(cls, context, row):
        """Return the object of a database row."""
        return cls._from_db_object(cls(context), row, context)

    @classmethod
    def _from_db_list(cls, context, rows):
        """Return a list of objects built from database rows."""
        return [cls._from_row(context, row) for row in rows]

    def _refresh_from(self, db_row):
        self._from_db_object(self, db_row, self._context)


class MagnumObjectSerializer(ovo_base.VersionedObjectSerializer):
    """Serializer of magnum's objects for oslo.messaging."""

    OBJ_BASE_CLASS = MagnumObject

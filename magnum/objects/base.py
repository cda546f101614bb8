"""Base classes of magnum's versioned objects (the RPC wire format)."""

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields


class MagnumObjectRegistry(ovo_base.VersionedObjectRegistry):
    """Registry of magnum's object classes."""


class MagnumObject(ovo_base.VersionedObject):
    """Base of magnum's objects; stored ones add
    :class:`MagnumPersistentObject`."""

    OBJ_SERIALIZER_NAMESPACE = 'magnum_object'
    OBJ_PROJECT_NAMESPACE = 'magnum'

    def as_dict(self):
        """Return the set fields as a dict."""
        return {
            k: getattr(self, k) for k in self.fields if self.obj_attr_is_set(k)
        }


class MagnumPersistentObject:
    """Mixin of objects stored in a table: id, timestamps, DB mapping."""

    fields = {
        'created_at': ovo_fields.DateTimeField(nullable=True),
        'updated_at': ovo_fields.DateTimeField(nullable=True),
    }

    @classmethod
    def _from_db_object(cls, obj, db_row, context=None):
        """Fill ``obj`` from a database row and reset its change set."""
        for field in obj.fields:
            setattr(obj, field, getattr(db_row, field))
        obj._context = context
        obj.obj_reset_changes()
        return obj

    @classmethod
    def _from_db_list(cls, context, rows):
        """Return a list of objects built from database rows."""
        return [
            cls._from_db_object(cls(context), row, context) for row in rows
        ]

    def _refresh_from(self, db_row):
        for field in self.fields:
            setattr(self, field, getattr(db_row, field))
        self.obj_reset_changes()


class MagnumObjectSerializer(ovo_base.VersionedObjectSerializer):
    """Serializer of magnum's objects for oslo.messaging."""

    OBJ_BASE_CLASS = MagnumObject

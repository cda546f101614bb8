"""The Quota object: an explicit limit of a project."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import fields as m_fields


@base.MagnumObjectRegistry.register
class Quota(base.MagnumPersistentObject, base.MagnumObject):
    """The hard limit of a project for one resource."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'project_id': fields.StringField(nullable=True),
        'resource': m_fields.QuotaResourceField(),
        'hard_limit': fields.IntegerField(nullable=True),
        **base.MagnumPersistentObject.fields,
    }

    _db_list = 'get_quota_list'

    @classmethod
    def get_by_project_id_resource(cls, context, project_id, resource):
        """Return the explicit quota or None."""
        row = db_api.get_instance().get_quota(context, project_id, resource)
        return None if row is None else cls._from_row(context, row)

    def create(self, context=None):
        """Insert this quota.

        :raises: QuotaAlreadyExists (HTTP 409).
        """
        row = db_api.get_instance().create_quota(
            context or self._context, self.obj_get_changes()
        )
        self._refresh_from(row)

    def update_hard_limit(self, hard_limit, context=None):
        """Change the hard limit.

        :raises: QuotaNotFound (HTTP 404).
        """
        row = db_api.get_instance().update_quota(
            context or self._context,
            self.project_id,
            self.resource,
            hard_limit,
        )
        self._refresh_from(row)

    def destroy(self, context=None):
        """Delete this quota.

        :raises: QuotaNotFound (HTTP 404).
        """
        db_api.get_instance().delete_quota(
            context or self._context, self.project_id, self.resource
        )

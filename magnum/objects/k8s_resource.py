"""What pods, services and replication controllers share as objects.

Each is a record of a Kubernetes object that magnum created in a bay's
``default`` namespace; ``uuid`` is the object's ``metadata.uid``. The
conductor keeps the records true to the bay (see
``magnum.conductor.handlers.k8s_resources``).
"""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base

COMMON_FIELDS = {
    'id': fields.IntegerField(),
    'uuid': fields.UUIDField(nullable=True),
    'name': fields.StringField(nullable=True),
    'bay_uuid': fields.StringField(nullable=True),
    'labels': fields.DictOfStringsField(nullable=True),
    'project_id': fields.StringField(nullable=True),
    'user_id': fields.StringField(nullable=True),
    **base.MagnumPersistentObject.fields,
}


class K8sResource(base.MagnumPersistentObject, base.MagnumObject):
    """Base of Pod, Service and ReplicationController (not registered)."""

    #: The API's name of the resource: pod, service or rc.
    RESOURCE = None
    #: Its NotFound exception (HTTP 404), whose keyword is RESOURCE.
    NOT_FOUND = None

    @classmethod
    def not_found(cls, ident):
        """The NotFound exception (HTTP 404) for ``ident``."""
        return cls.NOT_FOUND(**{cls.RESOURCE: ident})

    @classmethod
    def list(
        cls,
        context,
        bay_uuid,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """Return the recorded objects of a bay, one page.

        :raises: the resource's NotFound (HTTP 404) for an unknown marker;
            InvalidSortKey (HTTP 400).
        """
        rows = db_api.get_instance().list_k8s_resources(
            context,
            cls.RESOURCE,
            bay_uuid,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        return cls._from_db_list(context, rows)

    @classmethod
    def get(cls, context, bay_uuid, ident):
        """Return the object of a bay whose uuid or name is ``ident``.

        :raises: the resource's NotFound (HTTP 404); AmbiguousName (409).
        """
        row = db_api.get_instance().get_k8s_resource(
            context, cls.RESOURCE, bay_uuid, ident
        )
        return cls._from_row(context, row)

    def create(self, context=None):
        """Record this object (replacing a stale record of its name)."""
        row = db_api.get_instance().create_k8s_resource(
            context or self._context, self.RESOURCE, self.obj_get_changes()
        )
        self._refresh_from(row)

    def save(self, context=None):
        """Write the changed fields."""
        updates = self.obj_get_changes()
        if not updates:
            return
        row = db_api.get_instance().update_k8s_resource(
            context or self._context, self.RESOURCE, self.id, updates
        )
        self._refresh_from(row)

    def destroy(self, context=None):
        """Forget this object; return whether the record still existed."""
        return db_api.get_instance().destroy_k8s_resource(
            context or self._context, self.RESOURCE, self.id
        )

    @staticmethod
    def destroy_for_bay(context, bay_uuid):
        """Forget every pod, service and rc of a bay; return how many."""
        return db_api.get_instance().destroy_bay_k8s_resources(
            context, bay_uuid
        )

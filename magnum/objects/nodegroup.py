"""The NodeGroup object: nodes of one role and flavor in a bay."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import fields as m_fields


@base.MagnumObjectRegistry.register
class NodeGroup(base.MagnumPersistentObject, base.MagnumObject):
    """A group of nodes of a bay."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'name': fields.StringField(nullable=True),
        'cluster_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'docker_volume_size': fields.IntegerField(nullable=True),
        'labels': fields.DictOfStringsField(nullable=True),
        'flavor_id': fields.StringField(nullable=True),
        'image_id': fields.StringField(nullable=True),
        'node_addresses': fields.ListOfStringsField(nullable=True),
        'node_count': fields.IntegerField(nullable=True),
        'role': fields.StringField(nullable=True),
        'max_node_count': fields.IntegerField(nullable=True),
        'min_node_count': fields.IntegerField(nullable=True),
        'is_default': fields.BooleanField(default=False),
        'stack_id': fields.StringField(nullable=True),
        'status': m_fields.ClusterStatusField(nullable=True),
        'status_reason': fields.StringField(nullable=True),
        'version': fields.StringField(nullable=True),
        'node_labels': fields.DictOfStringsField(nullable=True),
        'node_taints': fields.ListOfDictOfNullableStringsField(nullable=True),
        **base.MagnumPersistentObject.fields,
    }

    @classmethod
    def list(
        cls,
        context,
        cluster_uuid,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
        filters=None,
    ):
        """Return the nodegroups of a bay, one page."""
        rows = db_api.get_instance().list_cluster_nodegroups(
            context,
            cluster_uuid,
            filters=filters,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        return cls._from_db_list(context, rows)

    @classmethod
    def list_for_clusters(cls, context, cluster_uuids):
        """Return ``{cluster uuid: [NodeGroup]}`` for many bays at once."""
        rows = db_api.get_instance().list_nodegroups_of_clusters(
            context, cluster_uuids
        )
        return {
            uuid: cls._from_db_list(context, ngs) for uuid, ngs in rows.items()
        }

    @classmethod
    def get(cls, context, cluster_uuid, ident):
        """Return a bay's nodegroup by id, uuid or name.

        :raises: NodeGroupNotFound (HTTP 404).
        """
        row = db_api.get_instance().get_nodegroup_by_ident(
            context, cluster_uuid, ident
        )
        return cls._from_row(context, row)

    def create(self, context=None):
        """Insert this nodegroup.

        :raises: NodeGroupAlreadyExists (HTTP 409).
        """
        row = db_api.get_instance().create_nodegroup(
            context or self._context, self.obj_get_changes()
        )
        self._refresh_from(row)

    def save(self, context=None):
        """Write the changed fields."""
        updates = self.obj_get_changes()
        if not updates:
            return
        row = db_api.get_instance().update_nodegroup(
            context or self._context, self.id, updates
        )
        self._refresh_from(row)

    def destroy(self, context=None):
        """Delete this nodegroup."""
        db_api.get_instance().destroy_nodegroup(
            context or self._context, self.id
        )

"""The Cluster object (bay in the legacy API)."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import fields as m_fields


@base.MagnumObjectRegistry.register
class Cluster(base.MagnumPersistentObject, base.MagnumObject):
    """A Kubernetes bay built from a cluster template."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'name': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'cluster_template_id': fields.StringField(nullable=True),
        'keypair': fields.StringField(nullable=True),
        'docker_volume_size': fields.IntegerField(nullable=True),
        'labels': fields.DictOfStringsField(nullable=True),
        'master_flavor_id': fields.StringField(nullable=True),
        'flavor_id': fields.StringField(nullable=True),
        'stack_id': fields.StringField(nullable=True),
        'status': m_fields.ClusterStatusField(nullable=True),
        'status_reason': fields.StringField(nullable=True),
        'health_status': m_fields.ClusterHealthStatusField(nullable=True),
        'health_status_reason': fields.DictOfStringsField(nullable=True),
        'create_timeout': fields.IntegerField(nullable=True),
        'api_address': fields.StringField(nullable=True),
        'discovery_url': fields.StringField(nullable=True),
        'ca_cert_ref': fields.StringField(nullable=True),
        'magnum_cert_ref': fields.StringField(nullable=True),
        'etcd_ca_cert_ref': fields.StringField(nullable=True),
        'front_proxy_ca_cert_ref': fields.StringField(nullable=True),
        'trust_id': fields.StringField(nullable=True),
        'trustee_username': fields.StringField(nullable=True),
        'trustee_password': fields.SensitiveStringField(nullable=True),
        'trustee_user_id': fields.StringField(nullable=True),
        'coe_version': fields.StringField(nullable=True),
        'container_version': fields.StringField(nullable=True),
        'fixed_network': fields.StringField(nullable=True),
        'fixed_subnet': fields.StringField(nullable=True),
        'floating_ip_enabled': fields.BooleanField(default=True),
        'master_lb_enabled': fields.BooleanField(default=False),
        'reservation': fields.StringField(nullable=True),
        'status_started_at': fields.DateTimeField(nullable=True),
        'operation': fields.StringField(nullable=True),
        'operation_args': m_fields.JsonField(nullable=True),
        'operation_submitted_at': fields.DateTimeField(nullable=True),
        **base.MagnumPersistentObject.fields,
    }

    _db_list = 'get_cluster_list'

    @classmethod
    def get(cls, context, ident):
        """Return the visible bay whose uuid or name is ``ident``.

        :raises: ClusterNotFound (HTTP 404); AmbiguousName (HTTP 409).
        """
        row = db_api.get_instance().get_cluster_by_ident(context, ident)
        return cls._from_row(context, row)

    @classmethod
    def get_by_uuid(cls, context, uuid):
        """Return a bay by uuid in any project (conductor use).

        :raises: ClusterNotFound (HTTP 404).
        """
        row = db_api.get_instance().get_cluster_by_uuid(context, uuid)
        return cls._from_row(context, row)

    @classmethod
    def list_in_status(cls, context, statuses):
        """Return the bays of every project whose status is in
        ``statuses``."""
        rows = db_api.get_instance().get_clusters_in_progress(
            context, statuses
        )
        return cls._from_db_list(context, rows)

    def save(
        self, context=None, expected_status=None, expected_operation=None
    ):
        """Write the changed fields.

        :param expected_status: statuses the row must still have.
        :param expected_operation: operation the row must still owe.
        :raises: InvalidStateTransition (HTTP 409).
        """
        updates = self.obj_get_changes()
        if not updates:
            return
        row = db_api.get_instance().update_cluster(
            context or self._context,
            self.uuid,
            updates,
            expected_status=expected_status,
            expected_operation=expected_operation,
        )
        self._refresh_from(row)

    def refresh(self, context=None):
        """Reload every field from the database."""
        row = db_api.get_instance().get_cluster_by_uuid(
            context or self._context, self.uuid
        )
        self._refresh_from(row)

    def destroy(self, context=None):
        """Delete this bay and its nodegroups."""
        db_api.get_instance().destroy_cluster(
            context or self._context, self.uuid
        )

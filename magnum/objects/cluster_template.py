"""The ClusterTemplate object (baymodel in the legacy API)."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import fields as m_fields


@base.MagnumObjectRegistry.register
class ClusterTemplate(base.MagnumPersistentObject, base.MagnumObject):
    """How bays are built: COE, image, flavors, networks, labels."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'name': fields.StringField(nullable=True),
        'image_id': fields.StringField(nullable=True),
        'flavor_id': fields.StringField(nullable=True),
        'master_flavor_id': fields.StringField(nullable=True),
        'keypair_id': fields.StringField(nullable=True),
        'dns_nameserver': fields.StringField(nullable=True),
        'external_network_id': fields.StringField(nullable=True),
        'fixed_network': fields.StringField(nullable=True),
        'fixed_subnet': fields.StringField(nullable=True),
        'network_driver': fields.StringField(nullable=True),
        'volume_driver': fields.StringField(nullable=True),
        'apiserver_port': fields.IntegerField(nullable=True),
        'docker_volume_size': fields.IntegerField(nullable=True),
        'docker_storage_driver': fields.StringField(nullable=True),
        'cluster_distro': fields.StringField(nullable=True),
        'coe': m_fields.ClusterTypeField(nullable=True),
        'http_proxy': fields.StringField(nullable=True),
        'https_proxy': fields.StringField(nullable=True),
        'no_proxy': fields.StringField(nullable=True),
        'registry_enabled': fields.BooleanField(default=False),
        'labels': fields.DictOfStringsField(nullable=True),
        'tls_disabled': fields.BooleanField(default=False),
        'public': fields.BooleanField(default=False),
        'server_type': m_fields.ServerTypeField(nullable=True),
        'insecure_registry': fields.StringField(nullable=True),
        'master_lb_enabled': fields.BooleanField(default=False),
        'floating_ip_enabled': fields.BooleanField(default=True),
        'hidden': fields.BooleanField(default=False),
        'tags': fields.StringField(nullable=True),
        'driver': fields.StringField(nullable=True),
        **base.MagnumPersistentObject.fields,
    }

    _db_list = 'get_cluster_template_list'

    @classmethod
    def get(cls, context, ident):
        """Return the visible template whose uuid or name is ``ident``.

        :raises: ClusterTemplateNotFound (HTTP 404);
            AmbiguousName (HTTP 409).
        """
        row = db_api.get_instance().get_cluster_template_by_ident(
            context, ident
        )
        return cls._from_row(context, row)

    @classmethod
    def list_values(
        cls,
        context,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
        filters=None,
    ):
        """Like :meth:`list`, but return the fields as plain dicts.

        For read-only lists of up to ``[api] max_limit`` templates, where
        building objects costs as much as the query.
        """
        rows = cls._db_page(
            context,
            filters=filters,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        return [cls.row_values(row) for row in rows]

    def create(self, context=None):
        """Insert this template (the uuid is generated when unset)."""
        values = self.obj_get_changes()
        row = db_api.get_instance().create_cluster_template(
            context or self._context, values
        )
        self._refresh_from(row)

    def save(self, context=None):
        """Write the changed fields.

        :raises: ClusterTemplateReferenced (HTTP 400) when bays use it
            and the change is not allowed for referenced templates.
        """
        updates = self.obj_get_changes()
        if not updates:
            return
        row = db_api.get_instance().update_cluster_template(
            context or self._context, self.id, updates
        )
        self._refresh_from(row)

    def destroy(self, context=None):
        """Delete this template.

        :raises: ClusterTemplateReferenced (HTTP 400) when bays use it.
        """
        db_api.get_instance().destroy_cluster_template(
            context or self._context, self.id
        )
        self.obj_reset_changes()

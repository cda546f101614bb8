"""Cluster template queries."""

import sqlalchemy as sa

from magnum.common import exception
from magnum.db.sqlalchemy import common
from magnum.db.sqlalchemy import models

_FILTERS = (
    'name',
    'image_id',
    'flavor_id',
    'master_flavor_id',
    'keypair_id',
    'external_network_id',
    'dns_nameserver',
    'project_id',
    'user_id',
    'labels',
    'coe',
    'public',
    'hidden',
)

#: Keys a referenced template may still change (one at a time).
UPDATABLE_WHEN_REFERENCED = ('public', 'hidden', 'tags', 'name')


def _visible(context, query):
    """Own templates, plus public ones (hidden ones for admins only)."""
    model = models.ClusterTemplate
    if context.is_admin and context.all_tenants:
        return query
    public = sa.and_(model.public.is_(True), model.hidden.is_(False))
    if context.is_admin:
        public = model.public.is_(True)
    own = (
        model.project_id == context.project_id
        if context.project_id
        else model.user_id == context.user_id
    )
    return query.filter(sa.or_(own, public))


class ClusterTemplateQueries:
    """Mixin of the backend Connection for cluster templates."""

    @common.reader
    def get_cluster_template_list(
        self,
        context,
        filters=None,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """List the templates the context may see.

        :param marker: uuid of the last template of the previous page.
        :raises: ClusterTemplateNotFound (HTTP 404) for an unknown marker;
            InvalidSortKey (HTTP 400).
        """
        model = models.ClusterTemplate
        query = _visible(context, context.session.query(model))
        query = common.apply_filters(
            query, model, filters, [f for f in _FILTERS if f != 'labels']
        )
        return common.page(
            query,
            model,
            limit,
            marker,
            sort_key,
            sort_dir,
            lambda m: exception.ClusterTemplateNotFound(clustertemplate=m),
        )

    @common.reader
    def get_cluster_template_by_ident(self, context, ident):
        """Return the visible template whose uuid or name is ``ident``.

        :raises: ClusterTemplateNotFound (HTTP 404);
            AmbiguousName (HTTP 409).
        """
        model = models.ClusterTemplate
        query = _visible(context, context.session.query(model))
        return common.one_by_ident(
            query,
            model,
            ident,
            exception.ClusterTemplateNotFound(clustertemplate=ident),
            'clustertemplates',
        )

    @common.reader
    def get_cluster_template_by_id(self, context, template_id):
        """Return a template by primary key, regardless of tenancy."""
        row = context.session.get(models.ClusterTemplate, template_id)
        if row is None:
            raise exception.ClusterTemplateNotFound(
                clustertemplate=template_id
            )
        return row

    @common.writer
    def create_cluster_template(self, context, values):
        """Insert a template.

        :raises: ClusterTemplateAlreadyExists (HTTP 409).
        """
        return common.insert(
            context.session,
            models.ClusterTemplate,
            values,
            lambda v: exception.ClusterTemplateAlreadyExists(uuid=v['uuid']),
        )

    @common.writer
    def update_cluster_template(self, context, template_id, values):
        """Update a template unless a cluster uses it in a way forbidden.

        A template that clusters reference may only change one of
        :data:`UPDATABLE_WHEN_REFERENCED` at a time.

        :raises: ClusterTemplateReferenced (HTTP 400);
            ClusterTemplateNotFound (HTTP 404).
        """
        session = context.session
        row = common.locked_row(
            session,
            models.ClusterTemplate,
            template_id,
            exception.ClusterTemplateNotFound(clustertemplate=template_id),
        )
        if self._template_in_use(session, row.uuid):
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            if len(changed) > 1 or (
                changed and changed[0] not in UPDATABLE_WHEN_REFERENCED
            ):
                raise exception.ClusterTemplateReferenced(
                    clustertemplate=row.uuid
                )
        row.update(values)
        session.flush()
        return row

    @common.writer
    def destroy_cluster_template(self, context, template_id):
        """Delete a template that no cluster references.

        The reference check and the delete run in one transaction.

        :raises: ClusterTemplateReferenced (HTTP 400);
            ClusterTemplateNotFound (HTTP 404).
        """
        session = context.session
        row = common.locked_row(
            session,
            models.ClusterTemplate,
            template_id,
            exception.ClusterTemplateNotFound(clustertemplate=template_id),
        )
        if self._template_in_use(session, row.uuid):
            raise exception.ClusterTemplateReferenced(clustertemplate=row.uuid)
        session.delete(row)

    @staticmethod
    def _template_in_use(session, template_uuid):
        query = session.query(models.Cluster.id).filter_by(
            cluster_template_id=template_uuid
        )
        return query.first() is not None

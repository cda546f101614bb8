"""Quota and usage queries."""

import sqlalchemy as sa

from magnum.common import exception
from magnum.db.sqlalchemy import common
from magnum.db.sqlalchemy import models


class QuotaQueries:
    """Mixin of the backend Connection for quotas and stats."""

    @common.reader
    def get_quota_list(
        self,
        context,
        filters=None,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """List explicit quotas (all projects for admins with all_tenants).

        :param marker: integer id of the last quota of the previous page.
        :raises: QuotaNotFound (HTTP 404) for an unknown marker.
        """
        model = models.Quota
        query = common.tenant_filter(
            context, context.session.query(model), model
        )
        query = common.apply_filters(
            query, model, filters, ('project_id', 'resource')
        )
        return common.page(
            query,
            model,
            limit,
            marker,
            sort_key,
            sort_dir,
            lambda m: exception.QuotaNotFound(msg=m),
            marker_column='id',
        )

    @common.reader
    def get_quota(self, context, project_id, resource):
        """Return the explicit quota or None."""
        return (
            context.session.query(models.Quota)
            .filter_by(project_id=project_id, resource=resource)
            .first()
        )

    @common.writer
    def create_quota(self, context, values):
        """Insert a quota.

        :raises: QuotaAlreadyExists (HTTP 409).
        """
        return common.insert(
            context.session,
            models.Quota,
            values,
            lambda v: exception.QuotaAlreadyExists(
                project_id=v['project_id'], resource=v['resource']
            ),
        )

    @common.writer
    def update_quota(self, context, project_id, resource, hard_limit):
        """Change a quota's hard limit.

        :raises: QuotaNotFound (HTTP 404).
        """
        session = context.session
        row = (
            session.query(models.Quota)
            .filter_by(project_id=project_id, resource=resource)
            .with_for_update()
            .first()
        )
        if row is None:
            raise exception.QuotaNotFound(
                msg='%s for project %s' % (resource, project_id)
            )
        row.hard_limit = hard_limit
        session.flush()
        return row

    @common.writer
    def delete_quota(self, context, project_id, resource):
        """Delete a quota.

        :raises: QuotaNotFound (HTTP 404).
        """
        query = context.session.query(models.Quota).filter_by(
            project_id=project_id, resource=resource
        )
        if not common.delete_rows(query):
            raise exception.QuotaNotFound(
                msg='%s for project %s' % (resource, project_id)
            )

    @common.reader
    def get_cluster_stats(self, context, project_id=None):
        """Return ``(clusters, nodes)`` of a project, or of all projects.

        Nodes are the sum of the node counts of the clusters' nodegroups.
        """
        session = context.session
        clusters = session.query(models.Cluster)
        nodes = session.query(models.NodeGroup)
        if project_id is not None:
            clusters = clusters.filter_by(project_id=project_id)
            nodes = nodes.filter_by(project_id=project_id)
        node_total = (
            nodes.with_entities(
                sa.func.sum(models.NodeGroup.node_count)
            ).scalar()
            or 0
        )
        return common.count(clusters, models.Cluster.id), int(node_total)

    @common.reader
    def get_cluster_count_all(self, context, project_id):
        """Return how many clusters a project has (any status)."""
        query = context.session.query(models.Cluster).filter_by(
            project_id=project_id
        )
        return common.count(query, models.Cluster.id)

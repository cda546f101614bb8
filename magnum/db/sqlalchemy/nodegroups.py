"""Nodegroup queries."""

from magnum.common import exception
from magnum.db.sqlalchemy import common
from magnum.db.sqlalchemy import models


class NodeGroupQueries:
    """Mixin of the backend Connection for nodegroups."""

    @common.reader
    def list_cluster_nodegroups(
        self,
        context,
        cluster_uuid,
        filters=None,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """List the nodegroups of a bay, one page.

        :param filters: equality filters on ``role``, ``is_default``,
            ``status``.
        :raises: NodeGroupNotFound (HTTP 404) for an unknown marker.
        """
        model = models.NodeGroup
        query = context.session.query(model).filter_by(cluster_id=cluster_uuid)
        query = common.apply_filters(
            query, model, filters, ('role', 'is_default', 'status')
        )
        return common.page(
            query,
            model,
            limit,
            marker,
            sort_key,
            sort_dir,
            lambda m: exception.NodeGroupNotFound(nodegroup=m),
        )

    @common.reader
    def list_nodegroups_of_clusters(self, context, cluster_uuids):
        """Return ``{cluster uuid: [nodegroup rows]}`` in one query."""
        result = {uuid: [] for uuid in cluster_uuids}
        if not cluster_uuids:
            return result
        rows = (
            context.session.query(models.NodeGroup)
            .filter(models.NodeGroup.cluster_id.in_(list(cluster_uuids)))
            .order_by(models.NodeGroup.id)
            .all()
        )
        for row in rows:
            result[row.cluster_id].append(row)
        return result

    @common.reader
    def get_nodegroup_by_ident(self, context, cluster_uuid, ident):
        """Return a bay's nodegroup by id, uuid or name.

        :raises: NodeGroupNotFound (HTTP 404).
        """
        model = models.NodeGroup
        query = context.session.query(model).filter_by(cluster_id=cluster_uuid)
        if str(ident).isdigit():
            row = query.filter_by(id=int(ident)).first()
            if row is not None:
                return row
        return common.one_by_ident(
            query,
            model,
            ident,
            exception.NodeGroupNotFound(nodegroup=ident),
            'nodegroups',
        )

    @common.writer
    def create_nodegroup(self, context, values):
        """Insert a nodegroup.

        :raises: NodeGroupAlreadyExists (HTTP 409).
        """
        return common.insert(
            context.session,
            models.NodeGroup,
            values,
            lambda v: exception.NodeGroupAlreadyExists(
                name=v.get('name'), cluster_id=v.get('cluster_id')
            ),
        )

    @common.writer
    def update_nodegroup(self, context, nodegroup_id, values):
        """Update a nodegroup by primary key.

        :raises: NodeGroupNotFound (HTTP 404).
        """
        return common.update_row(
            context.session,
            models.NodeGroup,
            nodegroup_id,
            values,
            exception.NodeGroupNotFound(nodegroup=nodegroup_id),
        )

    @common.writer
    def destroy_nodegroup(self, context, nodegroup_id):
        """Delete a nodegroup by primary key.

        :raises: NodeGroupNotFound (HTTP 404).
        """
        query = context.session.query(models.NodeGroup).filter_by(
            id=nodegroup_id
        )
        if not common.delete_rows(query):
            raise exception.NodeGroupNotFound(nodegroup=nodegroup_id)

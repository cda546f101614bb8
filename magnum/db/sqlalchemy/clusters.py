"""Bay (cluster) queries: creation with quota, locks, status transitions."""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from magnum.common import exception
from magnum.db.sqlalchemy import common
from magnum.db.sqlalchemy import models
from magnum.i18n import _

_FILTERS = (
    'cluster_template_id',
    'name',
    'node_count',
    'master_count',
    'stack_id',
    'api_address',
    'node_addresses',
    'project_id',
    'user_id',
    'status',
)


class ClusterQueries:
    """Mixin of the backend Connection for bays."""

    @common.reader
    def get_cluster_list(
        self,
        context,
        filters=None,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """List the bays the context may see, one page.

        :param filters: equality filters; ``status`` may be a list.
        :raises: ClusterNotFound (HTTP 404) for an unknown marker;
            InvalidSortKey (HTTP 400).
        """
        model = models.Cluster
        query = common.tenant_filter(
            context, context.session.query(model), model
        )
        filters = dict(filters or {})
        statuses = filters.pop('status', None)
        if statuses is not None:
            if isinstance(statuses, str):
                statuses = [statuses]
            query = query.filter(model.status.in_(statuses))
        query = common.apply_filters(
            query, model, filters, [f for f in _FILTERS if hasattr(model, f)]
        )
        return common.page(
            query,
            model,
            limit,
            marker,
            sort_key,
            sort_dir,
            lambda m: exception.ClusterNotFound(cluster=m),
        )

    @common.reader
    def get_cluster_by_ident(self, context, ident):
        """Return the visible bay whose uuid or name is ``ident``.

        :raises: ClusterNotFound (HTTP 404); AmbiguousName (HTTP 409).
        """
        model = models.Cluster
        query = common.tenant_filter(
            context, context.session.query(model), model
        )
        return common.one_by_ident(
            query,
            model,
            ident,
            exception.ClusterNotFound(cluster=ident),
            'clusters',
        )

    @common.reader
    def get_cluster_by_uuid(self, context, uuid):
        """Return a bay by uuid regardless of tenancy (conductor use).

        :raises: ClusterNotFound (HTTP 404).
        """
        row = (
            context.session.query(models.Cluster).filter_by(uuid=uuid).first()
        )
        if row is None:
            raise exception.ClusterNotFound(cluster=uuid)
        return row

    @common.writer
    def create_cluster_with_nodegroups(
        self, context, values, nodegroups, quota
    ):
        """Insert a bay and its nodegroups, within the project's quota.

        The project's lock row serialises concurrent creates of one
        project, so two requests cannot both take the last slot.

        :param quota: the most bays the project may have.
        :raises: ResourceLimitExceeded (HTTP 403);
            ClusterAlreadyExists (HTTP 409).
        """
        session = context.session
        project_id = values['project_id']
        self._lock_project(session, project_id)
        used = common.count(
            session.query(models.Cluster).filter_by(project_id=project_id),
            models.Cluster.id,
        )
        if used >= quota:
            raise exception.ResourceLimitExceeded(
                msg=_(
                    'You have reached the maximum clusters per project, '
                    '%d. You may delete a cluster to make room for a new '
                    'one.'
                )
                % quota
            )
        row = common.insert(
            session,
            models.Cluster,
            values,
            lambda v: exception.ClusterAlreadyExists(uuid=v['uuid']),
        )
        ng_rows = [
            common.insert(
                session,
                models.NodeGroup,
                dict(ng, cluster_id=row.uuid),
                lambda v: exception.NodeGroupAlreadyExists(
                    name=v['name'], cluster_id=row.uuid
                ),
            )
            for ng in nodegroups
        ]
        return row, ng_rows

    @staticmethod
    def _lock_project(session, project_id):
        lock = models.ProjectLock
        query = session.query(lock).filter_by(project_id=project_id)
        if query.with_for_update().first() is not None:
            return
        try:
            with session.begin_nested():
                session.add(lock(project_id=project_id))
        except db_exc.DBDuplicateEntry:
            pass
        query.with_for_update().one()

    @common.writer
    def update_cluster(
        self,
        context,
        uuid,
        values,
        expected_status=None,
        expected_operation=None,
    ):
        """Update a bay; optionally only while its status is one of
        ``expected_status`` and its pending operation is
        ``expected_operation``.

        :returns: the updated row.
        :raises: ClusterNotFound (HTTP 404); InvalidStateTransition
            (HTTP 409) when the status or operation is not the expected
            one.
        """
        session = context.session
        row = (
            session.query(models.Cluster)
            .filter_by(uuid=uuid)
            .with_for_update()
            .first()
        )
        if row is None:
            raise exception.ClusterNotFound(cluster=uuid)
        wrong_status = (
            expected_status is not None and row.status not in expected_status
        )
        wrong_operation = (
            expected_operation is not None
            and row.operation != expected_operation
        )
        if wrong_status or wrong_operation:
            raise exception.InvalidStateTransition(
                event=values.get('operation')
                or expected_operation
                or 'update',
                resource='cluster',
                ident=row.name or uuid,
                status=row.status,
            )
        row.update(values)
        session.flush()
        return row

    @common.writer
    def start_cluster_operation(
        self,
        context,
        uuid,
        values,
        allowed_from,
        nodegroup=None,
        nodegroup_updates=None,
    ):
        """Start an operation on a bay in one transaction.

        The bay's status must be in ``allowed_from`` (checked under a row
        lock, so of two conflicting requests one wins). A new nodegroup
        can be inserted and existing nodegroups changed in the same
        transaction.

        :param values: the bay's new status, operation and arguments.
        :param nodegroup: values of a nodegroup to insert, or None.
        :param nodegroup_updates: ``{nodegroup id: values}``.
        :returns: ``(bay row, inserted nodegroup row or None)``.
        :raises: ClusterNotFound (HTTP 404); InvalidStateTransition,
            NodeGroupAlreadyExists (HTTP 409).
        """
        row = self.update_cluster(
            context, uuid, values, expected_status=allowed_from
        )
        session = context.session
        for ng_id, ng_values in (nodegroup_updates or {}).items():
            common.update_row(
                session,
                models.NodeGroup,
                ng_id,
                ng_values,
                exception.NodeGroupNotFound(nodegroup=ng_id),
            )
        ng_row = None
        if nodegroup is not None:
            ng_row = common.insert(
                session,
                models.NodeGroup,
                dict(nodegroup, cluster_id=uuid),
                lambda v: exception.NodeGroupAlreadyExists(
                    name=v.get('name'), cluster_id=uuid
                ),
            )
        return row, ng_row

    @common.writer
    def reserve_cluster(self, context, uuid, host, dead_hosts=()):
        """Take the bay's reservation for ``host``.

        The reservation is taken by an atomic conditional UPDATE; a
        reservation held by one of ``dead_hosts`` is taken over.

        :returns: the reserved row.
        :raises: ClusterNotFound (HTTP 404); ClusterLocked (HTTP 409).
        """
        session = context.session
        model = models.Cluster
        condition = model.reservation.is_(None)
        dead = [h for h in dead_hosts if h != host]
        if dead:
            condition = sa.or_(condition, model.reservation.in_(dead))
        count = (
            session.query(model)
            .filter(model.uuid == uuid, condition)
            .update({'reservation': host}, synchronize_session=False)
        )
        row = session.query(model).filter_by(uuid=uuid).first()
        if row is None:
            raise exception.ClusterNotFound(cluster=uuid)
        if count != 1:
            raise exception.ClusterLocked(cluster=uuid, host=row.reservation)
        return row

    @common.writer
    def clear_reservations(self, context, host):
        """Drop every reservation ``host`` holds (its process restarted)."""
        return (
            context.session.query(models.Cluster)
            .filter_by(reservation=host)
            .update({'reservation': None}, synchronize_session=False)
        )

    @common.writer
    def release_cluster(self, context, uuid, host):
        """Drop the bay's reservation if ``host`` still holds it."""
        context.session.query(models.Cluster).filter_by(
            uuid=uuid, reservation=host
        ).update({'reservation': None}, synchronize_session=False)

    @common.writer
    def destroy_cluster(self, context, uuid):
        """Delete a bay and its nodegroups in one transaction."""
        session = context.session
        session.query(models.NodeGroup).filter_by(cluster_id=uuid).delete(
            synchronize_session=False
        )
        session.query(models.Cluster).filter_by(uuid=uuid).delete(
            synchronize_session=False
        )

    @common.reader
    def get_clusters_in_progress(self, context, statuses):
        """Return every bay whose status is in ``statuses`` (all projects)."""
        return (
            context.session.query(models.Cluster)
            .filter(models.Cluster.status.in_(statuses))
            .all()
        )

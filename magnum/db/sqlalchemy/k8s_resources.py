"""Queries of the pods, services and replication controllers of bays.

The three tables share their shape (``models._K8sResource``); every method
takes the resource name of the API (``pod``, ``service`` or ``rc``). Rows
are reached through their bay: the API has checked that the caller may
see the bay, so no tenancy filter applies here.
"""

from magnum.common import exception
from magnum.db.sqlalchemy import common
from magnum.db.sqlalchemy import models
from magnum.i18n import _

#: resource -> (model, NotFound exception class, its keyword)
RESOURCES = {
    'pod': (models.Pod, exception.PodNotFound, 'pod'),
    'service': (models.Service, exception.ServiceNotFound, 'service'),
    'rc': (
        models.ReplicationController,
        exception.ReplicationControllerNotFound,
        'rc',
    ),
}


def _model(resource):
    return RESOURCES[resource][0]


def _not_found(resource, ident):
    """The NotFound exception (HTTP 404) of ``resource``."""
    error, keyword = RESOURCES[resource][1:]
    return error(**{keyword: ident})


class K8sResourceQueries:
    """Mixin of the backend Connection for pods, services and rcs."""

    @common.reader
    def list_k8s_resources(
        self,
        context,
        resource,
        bay_uuid,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """List the recorded objects of one kind in a bay, one page.

        :param marker: uuid of the last object of the previous page.
        :raises: PodNotFound, ServiceNotFound,
            ReplicationControllerNotFound (HTTP 404) for an unknown
            marker; InvalidSortKey (HTTP 400).
        """
        model = _model(resource)
        query = context.session.query(model).filter_by(bay_uuid=bay_uuid)
        return common.page(
            query,
            model,
            limit,
            marker,
            sort_key,
            sort_dir,
            lambda m: _not_found(resource, m),
        )

    @common.reader
    def get_k8s_resource(self, context, resource, bay_uuid, ident):
        """Return the object of a bay whose uuid or name is ``ident``.

        :raises: PodNotFound, ServiceNotFound,
            ReplicationControllerNotFound (HTTP 404).
        """
        model = _model(resource)
        query = context.session.query(model).filter_by(bay_uuid=bay_uuid)
        return common.one_by_ident(
            query, model, ident, _not_found(resource, ident), resource + 's'
        )

    @common.writer
    def create_k8s_resource(self, context, resource, values):
        """Record an object just created in a bay.

        A row of the same bay and name is a record of an object that was
        deleted behind magnum's back (Kubernetes has just accepted the
        name): it is replaced, in the same transaction.

        :raises: Conflict (HTTP 409) for a used uuid.
        """
        model = _model(resource)
        stale = context.session.query(model).filter_by(
            bay_uuid=values['bay_uuid'], name=values['name']
        )
        common.delete_rows(stale)
        return common.insert(
            context.session,
            model,
            values,
            lambda v: exception.Conflict(
                _('A %(resource)s with UUID %(uuid)s is already recorded.')
                % {'resource': resource, 'uuid': v.get('uuid')}
            ),
        )

    @common.writer
    def update_k8s_resource(self, context, resource, row_id, values):
        """Update a recorded object by primary key.

        :raises: PodNotFound, ServiceNotFound,
            ReplicationControllerNotFound (HTTP 404).
        """
        return common.update_row(
            context.session,
            _model(resource),
            row_id,
            values,
            _not_found(resource, row_id),
        )

    @common.writer
    def destroy_k8s_resource(self, context, resource, row_id):
        """Forget a recorded object; return whether a row went."""
        query = context.session.query(_model(resource)).filter_by(id=row_id)
        return bool(common.delete_rows(query))

    @common.writer
    def destroy_bay_k8s_resources(self, context, bay_uuid):
        """Forget every pod, service and rc of a bay; return how many."""
        count = 0
        for model, _error, _keyword in RESOURCES.values():
            query = context.session.query(model).filter_by(bay_uuid=bay_uuid)
            count += common.delete_rows(query)
        return count

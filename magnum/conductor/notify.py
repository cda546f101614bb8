"""CADF notifications of bay operations (``magnum.cluster.<action>``)."""

import uuid

from oslo_log import log as logging
from pycadf import attachment
from pycadf import cadftaxonomy as taxonomy
from pycadf import cadftype
from pycadf import eventfactory
from pycadf import resource

from magnum.common import rpc

LOG = logging.getLogger(__name__)
#: The initiator of notifications no user's request stands behind.
CONDUCTOR_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, 'magnum-conductor'))

_ACTIONS = {'create': taxonomy.ACTION_CREATE, 'delete': taxonomy.ACTION_DELETE}
PENDING = taxonomy.OUTCOME_PENDING
SUCCESS = taxonomy.OUTCOME_SUCCESS
FAILURE = taxonomy.OUTCOME_FAILURE


def _action(operation):
    return (
        'create'
        if operation == 'create'
        else ('delete' if operation == 'delete' else 'update')
    )


def _event(context, operation, outcome, cluster):
    event = eventfactory.EventFactory().new_event(
        eventType=cadftype.EVENTTYPE_ACTIVITY,
        outcome=outcome,
        action=_ACTIONS.get(_action(operation), taxonomy.ACTION_UPDATE),
        initiator=resource.Resource(
            typeURI=taxonomy.ACCOUNT_USER,
            id=context.user_id or CONDUCTOR_ID,
        ),
        target=resource.Resource(
            typeURI='service/magnum/cluster',
            id=cluster.uuid,
            name=cluster.name,
        ),
        observer=resource.Resource(typeURI='service/magnum/cluster'),
    )
    event.add_attachment(
        attachment.Attachment(
            typeURI='service/magnum/cluster',
            name='cluster',
            content={
                'status': cluster.status,
                'status_reason': cluster.status_reason,
                'operation': operation,
                'project_id': cluster.project_id,
            },
        )
    )
    return event.as_dict()


def bay_operation(context, operation, outcome, cluster):
    """Emit ``magnum.cluster.<create|update|delete>`` with ``outcome``.

    Failures are sent at error priority, the rest at info. A broken
    notification transport never fails the operation.
    """
    event_type = 'magnum.cluster.%s' % _action(operation)
    try:
        payload = _event(context, operation, outcome, cluster)
        notifier = rpc.get_notifier('magnum.conductor')
        if outcome == FAILURE:
            notifier.error(context, event_type, payload)
        else:
            notifier.info(context, event_type, payload)
    except Exception:  # noqa: BLE001 - notifications are best effort
        LOG.warning(
            'Cannot send %s notification for %s',
            event_type,
            cluster.uuid,
            exc_info=True,
        )

"""CADF notifications of bay operations (``magnum.cluster.<action>``)."""

from oslo_log import log as logging
from pycadf import cadftaxonomy as taxonomy
from pycadf import cadftype
from pycadf import eventfactory
from pycadf import resource

from magnum.common import rpc

LOG = logging.getLogger(__name__)

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


def bay_operation(context, operation, outcome, cluster):
    """Emit ``magnum.cluster.<create|update|delete>`` with ``outcome``.

    Failures are sent at error priority, the rest at info. A broken
    notification transport never fails the operation.
    """
    action = _action(operation)
    initiator = resource.Resource(
        typeURI=taxonomy.ACCOUNT_USER,
        id=context.user_id or 'magnum-conductor',
        project_id=context.project_id,
    )
    target = resource.Resource(
        typeURI='service/magnum/cluster',
        id=cluster.uuid,
        name=cluster.name,
        project_id=cluster.project_id,
    )
    event = eventfactory.EventFactory().new_event(
        eventType=cadftype.EVENTTYPE_ACTIVITY,
        outcome=outcome,
        action=_ACTIONS.get(action, taxonomy.ACTION_UPDATE),
        initiator=initiator,
        target=target,
        observer=resource.Resource(typeURI='service/magnum/cluster'),
    )
    event.add_attachment(
        {
            'typeURI': 'service/magnum/cluster',
            'name': 'cluster',
            'content': {
                'status': cluster.status,
                'status_reason': cluster.status_reason,
                'operation': operation,
            },
        }
    )
    event_type = 'magnum.cluster.%s' % action
    payload = event.as_dict()
    try:
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

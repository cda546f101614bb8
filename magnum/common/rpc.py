"""oslo.messaging plumbing: transports, clients, servers, notifier.

Exceptions of :mod:`magnum.common.exception` raised by an RPC method cross
the bus and are re-raised in the caller with their class and message, so an
expected error of the conductor reaches the API client as the right 4xx.
"""

from oslo_config import cfg
import oslo_messaging as messaging
from oslo_messaging.rpc import dispatcher

from magnum.common import context as magnum_context
from magnum.objects import base as objects_base

CONF = cfg.CONF
ALLOWED_EXMODS = ['magnum.common.exception', 'magnum.api.microversions']

TRANSPORT = None
NOTIFICATION_TRANSPORT = None
NOTIFIER = None


def init(conf):
    """Create the transports (once per process)."""
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER
    if TRANSPORT is not None:
        return
    TRANSPORT = messaging.get_rpc_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS
    )
    NOTIFICATION_TRANSPORT = messaging.get_notification_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS
    )
    NOTIFIER = messaging.Notifier(
        NOTIFICATION_TRANSPORT,
        serializer=RequestContextSerializer(JsonPayloadSerializer()),
    )


def cleanup():
    """Close the transports (tests and shutdown)."""
    global TRANSPORT, NOTIFICATION_TRANSPORT, NOTIFIER
    for transport in (TRANSPORT, NOTIFICATION_TRANSPORT):
        if transport is not None:
            transport.cleanup()
    TRANSPORT = NOTIFICATION_TRANSPORT = NOTIFIER = None


class JsonPayloadSerializer(messaging.NoOpSerializer):
    """Serialise notification payloads to plain JSON types."""

    @staticmethod
    def serialize_entity(context, entity):
        from oslo_serialization import jsonutils

        return jsonutils.to_primitive(entity, convert_instances=True)


class RequestContextSerializer(messaging.Serializer):
    """Carry magnum's RequestContext and versioned objects over RPC."""

    def __init__(self, base=None):
        self._base = base or objects_base.MagnumObjectSerializer()

    def serialize_entity(self, context, entity):
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return magnum_context.RequestContext.from_dict(context)


def get_client(target, version_cap=None, timeout=None):
    """Return an RPC client for ``target``."""
    return messaging.get_rpc_client(
        TRANSPORT,
        target,
        version_cap=version_cap,
        timeout=timeout,
        serializer=RequestContextSerializer(),
    )


def get_server(target, endpoints):
    """Return an RPC server with the threading executor."""
    access_policy = dispatcher.DefaultRPCAccessPolicy
    return messaging.get_rpc_server(
        TRANSPORT,
        target,
        endpoints,
        executor='threading',
        serializer=RequestContextSerializer(),
        access_policy=access_policy,
    )


def get_notifier(publisher_id):
    """Return a notifier publishing as ``publisher_id``."""
    return NOTIFIER.prepare(publisher_id=publisher_id)

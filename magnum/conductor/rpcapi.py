"""The client side of the conductor's RPC API.

Version history:

* 1.0 - Initial version: ``ping``.
"""

from oslo_config import cfg
import oslo_messaging as messaging

from magnum.common import exception
from magnum.common import rpc

CONF = cfg.CONF

#: The newest version this client speaks (keep in sync with the manager).
RPC_API_VERSION = '1.0'


class ConductorAPI:
    """Call or cast the conductor's RPC methods.

    Long operations are casts; short ones are calls that time out after
    ``[conductor] rpc_timeout`` seconds with 503.
    """

    def __init__(self, topic=None):
        target = messaging.Target(
            topic=topic or CONF.conductor.topic, version=RPC_API_VERSION
        )
        self.client = rpc.get_client(
            target,
            version_cap=RPC_API_VERSION,
            timeout=CONF.conductor.rpc_timeout,
        )

    def _call(self, context, method, version='1.0', server=None, **kwargs):
        cctxt = self.client.prepare(version=version, server=server)
        try:
            return cctxt.call(context, method, **kwargs)
        except messaging.MessagingTimeout:
            raise exception.ConductorUnavailable()

    def _cast(self, context, method, version='1.0', **kwargs):
        cctxt = self.client.prepare(version=version)
        cctxt.cast(context, method, **kwargs)

    def ping(self, context, server=None):
        """Ask a conductor (any, or ``server``) whether it is alive.

        :returns: the host name of the conductor that answered.
        :raises: ConductorUnavailable (HTTP 503).
        """
        return self._call(context, 'ping', server=server)

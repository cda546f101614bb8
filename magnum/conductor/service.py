"""The magnum-conductor service: RPC server plus periodic tasks."""

from oslo_config import cfg
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_service import service

from magnum.common import rpc
from magnum.conductor import manager as conductor_manager

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


class ConductorService(service.Service):
    """Serves the conductor's RPC API on topic ``[conductor] topic``.

    The RPC server's name is ``CONF.host``, so a call can be routed to one
    particular conductor.
    """

    def __init__(self, host=None):
        super().__init__()
        self.host = host or CONF.host
        self.manager = conductor_manager.ConductorManager(self.host)
        self.rpcserver = None

    def start(self):
        """Start serving RPC, then the manager's background work."""
        super().start()
        target = messaging.Target(
            topic=CONF.conductor.topic,
            server=self.host,
            version=self.manager.target.version,
        )
        self.rpcserver = rpc.get_server(target, [self.manager])
        self.rpcserver.start()
        self.manager.init_host()
        LOG.info(
            'magnum-conductor on %s serves topic %s',
            self.host,
            CONF.conductor.topic,
        )

    def stop(self, graceful=True):
        """Stop serving RPC and the background work."""
        if self.rpcserver is not None:
            self.rpcserver.stop()
            self.rpcserver.wait()
            self.rpcserver = None
        self.manager.del_host()
        super().stop(graceful=graceful)

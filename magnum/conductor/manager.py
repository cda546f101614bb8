"""The conductor's RPC endpoint: a thin façade over the handlers."""

from oslo_config import cfg
from oslo_log import log as logging
import oslo_messaging as messaging

from magnum.conductor import periodic
from magnum.conductor import rpcapi

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


class ConductorManager:
    """Receives RPC requests; one instance per conductor process."""

    target = messaging.Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, host):
        self.host = host
        self.periodic = periodic.PeriodicTasks(host)

    def init_host(self):
        """Start background work; called once the RPC server runs."""
        self.periodic.start()

    def del_host(self):
        """Stop background work before the process exits."""
        self.periodic.stop()

    def ping(self, context):
        """Answer with this conductor's host name.

        :param context: the request context.
        """
        return self.host

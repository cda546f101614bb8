"""magnum-conductor: the RPC server that does the long work.

The service runs in this one process, on threads (no worker process is
forked): SIGTERM or SIGINT stops it gracefully (the RPC server first, then
the background work), SIGHUP reloads the mutable options.
"""

import signal
import sys
import threading

from oslo_config import cfg
from oslo_log import log as logging

from magnum.common import config
from magnum.conductor import service as conductor_service

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


def main():
    """Entry point of magnum-conductor."""
    config.parse_args(sys.argv[1:], program='magnum-conductor')
    config.setup_logging()
    service = conductor_service.ConductorService()
    stopping = threading.Event()

    def stop(signum, frame):
        LOG.info('Signal %d received: stopping', signum)
        stopping.set()

    def reload(signum, frame):
        LOG.info('SIGHUP received: reloading the mutable options')
        CONF.mutate_config_files()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, reload)
    service.start()
    while not stopping.wait(1.0):
        pass
    service.stop()
    LOG.info('magnum-conductor on %s stopped', service.host)

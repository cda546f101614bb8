"""magnum-conductor: the RPC server that does the long work."""

import sys

from oslo_config import cfg
from oslo_service import service

from magnum.common import config
from magnum.conductor import service as conductor_service

CONF = cfg.CONF


def main():
    """Entry point of magnum-conductor."""
    config.parse_args(sys.argv[1:], program='magnum-conductor')
    config.setup_logging()
    launcher = service.launch(
        CONF, conductor_service.ConductorService(), restart_method='mutate'
    )
    launcher.wait()

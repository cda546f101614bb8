"""magnum-api: serve the API with gunicorn (several worker processes)."""

import multiprocessing
import sys

from gunicorn.app import base as gunicorn_base
from oslo_config import cfg
from oslo_log import log as logging

from magnum.api import app as api_app
from magnum.common import config

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


class Server(gunicorn_base.BaseApplication):
    """gunicorn serving magnum's WSGI application.

    Each worker process loads the application after the fork, so database
    and RPC connections are never shared between processes.
    """

    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return api_app.load_app()


def options():
    """Return gunicorn's settings from ``[api]``."""
    workers = CONF.api.workers or multiprocessing.cpu_count()
    return {
        'bind': '%s:%d' % (CONF.api.host, CONF.api.port),
        'workers': workers,
        'worker_class': 'gthread',
        'threads': CONF.api.threads,
        'timeout': 120,
        'graceful_timeout': 10,
        'preload_app': False,
        'proc_name': 'magnum-api',
        'control_socket_disable': True,
        'accesslog': '-' if CONF.debug else None,
    }


def main():
    """Entry point of magnum-api."""
    config.parse_args(sys.argv[1:], program='magnum-api')
    config.setup_logging()
    settings = options()
    LOG.info(
        'Serving the API on http://%s with %d workers',
        settings['bind'],
        settings['workers'],
    )
    Server(settings).run()

"""The API application: pecan app, paste pipeline and WSGI entry point."""

import os
import sys

from oslo_config import cfg
from oslo_log import log as logging
from oslo_middleware import healthcheck
from paste import deploy
import pecan

from magnum.api import hooks
from magnum.common import config
from magnum.common import exception
from magnum.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


def setup_app():
    """Return the pecan application (no middleware)."""
    app_hooks = [hooks.ContextHook(), hooks.RPCHook()]
    return pecan.make_app(
        'magnum.api.controllers.root.RootController',
        hooks=app_hooks,
        force_canonical=False,
        guess_content_type_from_ext=False,
    )


def app_factory(global_config, **local_config):
    """paste.deploy factory of the pecan application."""
    return setup_app()


def root_app_factory(loader, global_conf, **local_conf):
    """paste.deploy composite: /healthcheck, then everything else."""
    api = loader.get_app(local_conf['/'], global_conf=global_conf)
    health = loader.get_app(
        local_conf['/healthcheck'], global_conf=global_conf
    )

    def dispatch(environ, start_response):
        path = environ.get('PATH_INFO', '')
        if path == '/healthcheck' or path.startswith('/healthcheck/'):
            return health(environ, start_response)
        return api(environ, start_response)

    return dispatch


def healthcheck_factory(global_config, **local_config):
    """paste.deploy factory of oslo.middleware's healthcheck app."""
    return healthcheck.Healthcheck.app_factory(
        global_config, oslo_config_project='magnum', **local_config
    )


def paste_config_path():
    """Find the paste configuration ``[api] api_paste_config`` names.

    :raises: ConfigInvalid when no such file exists.
    """
    name = CONF.api.api_paste_config
    candidates = [name] if os.path.isabs(name) else []
    if not os.path.isabs(name):
        candidates.append(CONF.find_file(name))
        candidates.append(os.path.join(sys.prefix, 'etc', 'magnum', name))
        candidates.append(
            os.path.join(
                os.path.dirname(__file__), '..', '..', 'etc', 'magnum', name
            )
        )
    for path in candidates:
        if path and os.path.exists(path):
            return os.path.abspath(path)
    raise exception.MagnumException(
        _('Cannot find the API paste configuration %s') % name
    )


def load_app():
    """Return the WSGI application with its middleware pipeline."""
    path = paste_config_path()
    LOG.info('Loading the API application from %s', path)
    return deploy.loadapp('config:%s' % path, name='main')


def build_wsgi_app(argv=None):
    """Return the WSGI application for a production WSGI server.

    The configuration files come from ``argv`` (default: none) or from the
    ``MAGNUM_CONFIG_FILES`` environment variable (``;``-separated), or the
    usual /etc/magnum/magnum.conf.
    """
    config.parse_args(
        argv if argv is not None else _config_argv(), program='magnum-api'
    )
    config.setup_logging()
    return load_app()


def _config_argv():
    files = os.environ.get('MAGNUM_CONFIG_FILES')
    if not files:
        return []
    argv = []
    for path in files.split(';'):
        if path.strip():
            argv += ['--config-file', path.strip()]
    return argv

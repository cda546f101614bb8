"""Authentication of API requests: Keystone tokens or trusted headers.

``[DEFAULT] auth_strategy`` chooses:

* ``keystone``: keystonemiddleware's auth_token validates X-Auth-Token and
  sets the identity headers (X-User-Id, X-Project-Id, X-Roles …);
* ``noauth``: those identity headers are taken as the client sent them,
  as upstream's own tests do. Never expose such an API to users.

The root and version documents (``/`` and ``/v1``) are public either way.
"""

import re

from keystonemiddleware import auth_token
from oslo_config import cfg
from oslo_log import log as logging

LOG = logging.getLogger(__name__)

PUBLIC_ROUTES = ('/', '/v1')
_PUBLIC_RE = [
    re.compile(r'^%s(\.json)?$' % re.escape(route.rstrip('/')))
    for route in PUBLIC_ROUTES
]
_IDENTITY_HEADERS = (
    'HTTP_X_IDENTITY_STATUS',
    'HTTP_X_SERVICE_IDENTITY_STATUS',
)


def is_public(path):
    """Return whether ``path`` is served without authentication."""
    path = path.rstrip('/')
    return any(r.match(path) for r in _PUBLIC_RE)


class KeystoneAuth(auth_token.AuthProtocol):
    """keystonemiddleware's auth_token, minus the public routes."""

    def __call__(self, environ, start_response):
        if is_public(environ.get('PATH_INFO', '')):
            return self._app(environ, start_response)
        return super().__call__(environ, start_response)


class NoAuth:
    """Accept the identity headers of the request as they are.

    A request to a non-public route without X-User-Id or X-Project-Id is
    answered 401, as keystonemiddleware answers a missing token.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get('HTTP_X_PROJECT_ID') or environ.get('HTTP_X_USER_ID'):
            for key in _IDENTITY_HEADERS:
                environ.setdefault(key, 'Confirmed')
        elif not is_public(environ.get('PATH_INFO', '')):
            body = b'The request you have made requires authentication.'
            start_response(
                '401 Unauthorized',
                [
                    ('Content-Type', 'text/plain'),
                    ('Content-Length', str(len(body))),
                ],
            )
            return [body]
        return self.app(environ, start_response)


def filter_factory(global_config, **local_config):
    """paste.deploy filter factory choosing by ``auth_strategy``."""
    strategy = cfg.CONF.auth_strategy

    def factory(app):
        if strategy == 'noauth':
            LOG.warning(
                'auth_strategy is noauth: requests are trusted '
                'without authentication'
            )
            return NoAuth(app)
        conf = dict(global_config, **local_config)
        conf.setdefault('oslo_config_project', 'magnum')
        conf['oslo_config_config'] = cfg.CONF
        return KeystoneAuth(app, conf)

    return factory

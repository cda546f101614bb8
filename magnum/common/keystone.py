"""keystoneauth sessions: the requesting user's and the service's."""

from keystoneauth1 import exceptions as ka_exc
from keystoneauth1 import loading as ka_loading
from keystoneauth1 import session as ka_session
from keystoneauth1.access import access as ka_access
from keystoneauth1.identity import access as ka_access_plugin
from keystoneauth1.identity import v3 as ka_v3
from oslo_config import cfg

from magnum.common import exception
from magnum.conf import keystone as keystone_conf
from magnum.i18n import _

CONF = cfg.CONF
_SERVICE_SESSION = None


def _option(group, name):
    # keystoneauth registers the options of an auth plugin only when it
    # loads one, and keystonemiddleware registers its own lazily too.
    try:
        return CONF[group].get(name)
    except cfg.NoSuchOptError:
        return None


def _register_auth_plugin_opts():
    plugin = _option(keystone_conf.AUTH_GROUP, 'auth_type')
    if plugin:
        CONF.register_opts(
            ka_loading.get_auth_plugin_conf_options(plugin),
            group=keystone_conf.AUTH_GROUP,
        )


def auth_url():
    """Return the Keystone v3 URL magnum authenticates against.

    It is ``[keystone_auth] auth_url``, else ``[keystone_authtoken]
    www_authenticate_uri``, with ``/v3`` appended when missing.

    :raises: ServiceUnavailable (HTTP 503) when neither is set.
    """
    _register_auth_plugin_opts()
    url = _option(keystone_conf.AUTH_GROUP, 'auth_url') or _option(
        keystone_conf.AUTHTOKEN_GROUP, 'www_authenticate_uri'
    )
    if not url:
        raise exception.ServiceUnavailable(
            service='Keystone', reason=_('no auth_url in [keystone_auth]')
        )
    url = url.rstrip('/')
    return url if url.endswith('/v3') else url + '/v3'


def user_session(context, timeout=None):
    """Return a session acting with the context's own token.

    The validated token body from keystonemiddleware is reused when the
    context carries it, so no call to Keystone is needed.

    :raises: NotAuthorized (HTTP 403) when the context has no token.
    """
    if not context.auth_token:
        raise exception.NotAuthorized(
            _('The request carries no token to act on the cloud with.')
        )
    if context.auth_token_info:
        access = ka_access.create(
            body=context.auth_token_info, auth_token=context.auth_token
        )
        auth = ka_access_plugin.AccessInfoPlugin(access, auth_url=auth_url())
    else:
        auth = ka_v3.Token(
            auth_url=auth_url(),
            token=context.auth_token,
            project_id=context.project_id,
        )
    return ka_session.Session(auth=auth, verify=tls_verify(), timeout=timeout)


def service_session():
    """Return the session of magnum's own service user ([keystone_auth]).

    :raises: ServiceUnavailable (HTTP 503) when the section is not set.
    """
    global _SERVICE_SESSION
    if _SERVICE_SESSION is None:
        try:
            auth = ka_loading.load_auth_from_conf_options(
                CONF, keystone_conf.AUTH_GROUP
            )
        except ka_exc.MissingRequiredOptions as e:
            raise exception.ServiceUnavailable(
                service='Keystone', reason=str(e)
            )
        if auth is None:
            raise exception.ServiceUnavailable(
                service='Keystone',
                reason=_('[keystone_auth] has no auth_type'),
            )
        _SERVICE_SESSION = ka_loading.load_session_from_conf_options(
            CONF, keystone_conf.AUTH_GROUP, auth=auth
        )
    return _SERVICE_SESSION


def reset():
    """Forget cached sessions (configuration reloads and tests)."""
    global _SERVICE_SESSION
    _SERVICE_SESSION = None


def tls_verify():
    """Return the ``verify`` argument of keystoneauth sessions."""
    group = CONF[keystone_conf.AUTH_GROUP]
    if group.get('insecure'):
        return False
    return group.get('cafile') or True

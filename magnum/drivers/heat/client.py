"""The Heat client of the Heat drivers, and the one place Heat's errors
become magnum's.

Every call to Heat goes through :func:`call`, which returns the call's
result, :data:`GONE` when Heat answers 404 (the stack, or what the call
named, does not exist), or raises a class of
:mod:`magnum.common.exception`. No heatclient or keystoneauth exception
leaves this module.
"""

from heatclient import client as heat_client
from heatclient import exc as heat_exc
from keystoneauth1 import exceptions as ka_exc
from keystoneauth1 import session as ka_session
from oslo_config import cfg
from oslo_log import log as logging

from magnum.common import exception
from magnum.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


class _Gone:
    """What :func:`call` returns when Heat says 404."""

    def __bool__(self):
        return False

    def __repr__(self):
        return 'GONE'


GONE = _Gone()


def heat(session):
    """Return a heatclient for ``session``'s identity.

    The session's authentication is reused; TLS verification and the
    request timeout come from [cluster_heat].
    """
    group = CONF.cluster_heat
    if group.insecure:
        verify = False
    else:
        verify = group.ca_file or True
    wrapped = ka_session.Session(
        auth=session.auth, verify=verify, timeout=group.timeout
    )
    return heat_client.Client(
        '1',
        session=wrapped,
        service_type='orchestration',
        interface=group.interface,
        region_name=group.region_name or CONF.keystone_auth.get('region_name'),
    )


def _message(error):
    text = getattr(error, 'error', None) or str(error)
    if isinstance(text, dict):
        text = text.get('error', {}).get('message') or str(error)
    text = str(text).strip()
    if text.startswith('ERROR: '):
        text = text[len('ERROR: ') :]
    return text


def call(fn, *args, what=None, **kwargs):
    """Call the heatclient method ``fn`` and translate its errors.

    :param what: the bay (or nodegroup) name, for conflict messages.
    :returns: the result, or :data:`GONE` on 404.
    :raises: InvalidParameterValue (HTTP 400) when Heat refuses the
        request; OperationInProgress (HTTP 400) when the stack is busy
        (409); NotAuthorized (HTTP 403) when Heat or Keystone refuses the
        credentials; ServiceUnavailable (HTTP 503) when Heat cannot be
        reached or fails.
    """
    try:
        return fn(*args, **kwargs)
    except heat_exc.HTTPNotFound:
        return GONE
    except heat_exc.HTTPConflict as e:
        LOG.info('Heat refused an operation on %s: %s', what, _message(e))
        raise exception.OperationInProgress(cluster_name=what or '')
    except (heat_exc.HTTPUnauthorized, heat_exc.HTTPForbidden) as e:
        raise exception.NotAuthorized(
            _('Heat refused the credentials: %s') % _message(e)
        )
    except heat_exc.HTTPBadRequest as e:
        raise exception.InvalidParameterValue(err=_message(e))
    except heat_exc.HTTPException as e:
        code = e.code if isinstance(e.code, int) else 500
        if code < 500:
            raise exception.InvalidParameterValue(err=_message(e))
        raise exception.ServiceUnavailable(service='Heat', reason=_message(e))
    except (ka_exc.Unauthorized, ka_exc.AuthorizationFailure) as e:
        raise exception.NotAuthorized(
            _('Keystone refused the credentials for Heat: %s') % e
        )
    except ka_exc.EndpointNotFound as e:
        raise exception.ServiceUnavailable(
            service='Heat', reason=_('no orchestration endpoint: %s') % e
        )
    except (ka_exc.ClientException, heat_exc.BaseException) as e:
        # Connection failures, timeouts, discovery errors...
        raise exception.ServiceUnavailable(service='Heat', reason=str(e))

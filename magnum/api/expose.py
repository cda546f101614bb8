"""The one decorator that turns a controller method into an API handler.

It owns everything around the method body, so that controllers hold only
their resource's logic:

* the microversion range of the method (406 outside it);
* path arguments: a URL with more segments than the method takes is 404;
  optional parameters that a URL may give as path segments too are
  declared (``optional_segments``) for the API reference;
* query arguments: unknown ones are refused with 400 (pecan also offers
  the keys of a JSON body as arguments; those are ignored);
* the JSON request body, handed to the method as ``body`` (parsed only,
  not validated: methods check policy before validating the body);
* the answer: JSON, the status code, no body for 204;
* exceptions: mapped to the error envelope with the request id.
"""

import functools
import inspect
import json

from oslo_log import log as logging
import pecan
import webob.exc

from magnum.api import errors
from magnum.api import microversions
from magnum.common import exception
from magnum.i18n import _

LOG = logging.getLogger(__name__)

_NO_BODY = (204, 304)


def request_version():
    """Return the negotiated microversion of the current request."""
    return pecan.request.environ.get(
        microversions.ENVIRON_KEY, microversions.MIN_VERSION
    )


def _read_body():
    raw = pecan.request.body
    if not raw or not raw.strip():
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise exception.Invalid(_('Request body is not valid JSON.'))


def handler(
    status_code=200,
    body=False,
    min_version=None,
    max_version=None,
    optional_segments=(),
):
    """Decorate a pecan controller method as an API handler.

    :param status_code: the status of a successful answer.
    :param body: whether the method takes the parsed JSON body as its
        ``body`` keyword argument.
    :param min_version: lowest microversion the method exists at.
    :param max_version: highest microversion the method exists at.
    :param optional_segments: the method's optional parameters that are
        documented as path segments after the required ones (pecan hands
        extra segments to the next positional parameters; the query may
        name them too), e.g. ``bay_ident`` of
        ``/v1/pods/{pod_ident}/{bay_ident}``. Kept on the handler as
        ``optional_segments`` for the route walk of the API reference.
    """

    def decorator(fn):
        signature = inspect.signature(fn)
        params = signature.parameters
        allowed = {
            n
            for n, p in params.items()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        }
        allowed -= {'self', 'body'}

        @functools.wraps(fn)
        def wrapper(self, *args, **kwargs):
            response = pecan.response
            try:
                _check_version(fn, min_version, max_version)
                query = pecan.request.GET
                kwargs = {k: v for k, v in kwargs.items() if k in query}
                unknown = sorted(set(kwargs) - allowed)
                if unknown:
                    raise exception.Invalid(
                        _('Unknown argument: %s') % ', '.join(unknown)
                    )
                if body:
                    kwargs['body'] = None
                try:
                    signature.bind(self, *args, **kwargs)
                except TypeError:
                    raise webob.exc.HTTPNotFound()
                if body:
                    kwargs['body'] = _read_body()
                # The method may choose another success status (legacy
                # routes answer 201 where the current ones answer 202).
                response.status = status_code
                result = fn(self, *args, **kwargs)
                if response.status_int in _NO_BODY or result is None:
                    response.content_type = None
                    return ''
                response.content_type = 'application/json'
                return json.dumps(result)
            except Exception as exc:  # noqa: BLE001 - answer every error
                status, detail, extra = errors.exception_to_error(exc)
                response.status = status
                response.content_type = 'application/json'
                return errors.error_body(
                    status,
                    detail,
                    pecan.request.environ.get(errors.REQUEST_ID_KEY, ''),
                    extra=extra,
                )

        wrapper.optional_segments = tuple(optional_segments)
        return pecan.expose(content_type='application/json')(wrapper)

    return decorator


def _check_version(fn, min_version, max_version):
    version = request_version()
    too_low = min_version is not None and version < min_version
    too_high = max_version is not None and version > max_version
    if too_low or too_high:
        raise microversions.VersionNotSupportedByMethod(
            version=str(version), api=fn.__name__
        )

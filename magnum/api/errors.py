"""The error envelope of the API, built in one place.

Every error answer of the API has the upstream body::

    {"errors": [{"request_id": "req-…", "code": "client", "status": 400,
                 "title": "…", "detail": "…", "links": []}]}

Controllers raise exceptions; :func:`exception_to_error` turns them into
``(status, detail)``; the envelope middleware wraps errors produced outside
the controllers (routing, authentication, body size) the same way.
"""

import json

from oslo_log import log as logging
import webob.exc
import wsme.exc

from magnum.common import exception
from magnum.i18n import _

LOG = logging.getLogger(__name__)

REQUEST_ID_KEY = 'openstack.request_id'


def title_of(detail):
    """Return the first sentence of ``detail`` (the upstream title).

    A sentence ends at a period followed by a space or by the end, so
    names with dots in them (``m1.small``) stay whole: clients show the
    title as the error.
    """
    text = detail.strip()
    end = text.find('. ')
    if end >= 0:
        text = text[:end]
    return text[:-1] if text.endswith('.') else text


def error_body(status, detail, request_id='', title=None, extra=None):
    """Return the JSON body (bytes) of an error answer.

    :param status: the HTTP status code.
    :param detail: the human-readable message.
    :param request_id: the request id to echo.
    :param extra: more keys of the error object (e.g. microversion info).
    """
    error = {
        'request_id': request_id or '',
        'code': 'client' if status < 500 else 'server',
        'status': status,
        'title': title or title_of(detail),
        'detail': detail,
        'links': [],
    }
    error.update(extra or {})
    return json.dumps({'errors': [error]}).encode('utf-8')


def exception_to_error(exc):
    """Map an exception raised while handling a request to an answer.

    :returns: ``(status, detail, extra)``; unexpected exceptions are logged
        and answered 500 with a generic message.
    """
    if isinstance(exc, exception.MagnumException):
        code = exc.code if isinstance(exc.code, int) else 500
        if code >= 500 and not isinstance(exc, exception.ServiceUnavailable):
            LOG.error('Request failed: %s', exc)
        return code, exc.message, getattr(exc, 'extra', None)
    if isinstance(exc, wsme.exc.ClientSideError):
        return exc.code or 400, str(exc.faultstring), None
    if isinstance(exc, webob.exc.HTTPException):
        return exc.code, exc.detail or exc.explanation or exc.title, None
    LOG.error('Unexpected error while handling a request', exc_info=exc)
    return (
        500,
        _(
            'An unexpected error prevented the server from '
            'fulfilling your request.'
        ),
        None,
    )

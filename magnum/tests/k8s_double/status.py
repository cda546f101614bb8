"""Kubernetes ``Status`` bodies and the error type that carries them.

Every non-2xx answer of the double is a ``Status`` object shaped like the
apiserver's (kind, apiVersion, metadata, status, message, reason, details,
code).  Handlers raise :class:`ApiError`; the transport turns it into a
response with :meth:`ApiError.body`.
"""

import json


def _status(status, code, message=None, reason=None, details=None):
    body = {
        'kind': 'Status',
        'apiVersion': 'v1',
        'metadata': {},
        'status': status,
    }
    if message is not None:
        body['message'] = message
    if reason is not None:
        body['reason'] = reason
    if details is not None:
        body['details'] = details
    body['code'] = code
    return body


def success(name, plural, uid=None):
    """Return the ``Status`` of a successful DELETE (used for RCs, nodes)."""
    details = {'name': name, 'kind': plural}
    if uid:
        details['uid'] = uid
    return _status('Success', 200, details=details)


class ApiError(Exception):
    """An API failure: HTTP code, Status reason, message and details."""

    def __init__(self, code, reason, message, details=None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details

    def body(self):
        """Return the ``Status`` dict sent to the client."""
        return _status(
            'Failure', self.code, self.message, self.reason, self.details
        )

    def to_json(self):
        """Return the ``Status`` body encoded as JSON bytes."""
        return json.dumps(self.body()).encode()


def not_found(plural, name):
    """404 for a missing object, e.g. ``pods "x" not found``."""
    return ApiError(
        404,
        'NotFound',
        f'{plural} "{name}" not found',
        {'name': name, 'kind': plural},
    )


def no_route():
    """404 for a path the server does not serve."""
    return ApiError(
        404, 'NotFound', 'the server could not find the requested resource', {}
    )


def already_exists(plural, name):
    """409 for a create whose name is taken."""
    return ApiError(
        409,
        'AlreadyExists',
        f'{plural} "{name}" already exists',
        {'name': name, 'kind': plural},
    )


def conflict(plural, name, why=None):
    """409 for a stale resourceVersion or a failed DELETE precondition."""
    why = why or (
        'the object has been modified; please apply your changes'
        ' to the latest version and try again'
    )
    return ApiError(
        409,
        'Conflict',
        f'Operation cannot be fulfilled on {plural} "{name}": {why}',
        {'name': name, 'kind': plural},
    )


def invalid(kind, name, causes, group=None):
    """422 ``Invalid`` with field causes (``kind`` is the Kind, not plural).

    ``causes`` is a list of ``(reason, field, message)`` tuples.
    """
    items = [{'reason': r, 'message': m, 'field': f} for r, f, m in causes]
    texts = [f'{f}: {m}' for _, f, m in causes]
    text = texts[0] if len(texts) == 1 else '[{}]'.format(', '.join(texts))
    details = {'name': name or '', 'kind': kind, 'causes': items}
    if group:
        details['group'] = group
    return ApiError(
        422,
        'Invalid',
        '{} "{}" is invalid: {}'.format(kind, name or '', text),
        details,
    )


def bad_request(message):
    """400 ``BadRequest``."""
    return ApiError(400, 'BadRequest', message)


def unauthorized():
    """401 ``Unauthorized``."""
    return ApiError(401, 'Unauthorized', 'Unauthorized')


def forbidden(plural, name, why):
    """403 ``Forbidden`` for an operation the server refuses."""
    return ApiError(
        403,
        'Forbidden',
        f'{plural} "{name}" is forbidden: {why}',
        {'name': name, 'kind': plural},
    )


def method_not_allowed():
    """405 for a verb the resource does not support."""
    return ApiError(
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
        {},
    )


def unsupported_media_type(accepted):
    """415 for a body in a media type the server does not read."""
    return ApiError(
        415,
        'UnsupportedMediaType',
        'the body of the request was in an unknown format - '
        'accepted media types include: ' + ', '.join(accepted),
    )


def too_large():
    """413 for a request body over the size limit."""
    return ApiError(413, 'RequestEntityTooLarge', 'the request is too large')


def expired(requested, oldest):
    """410 ``Expired``, sent inside a watch ERROR event."""
    return ApiError(
        410, 'Expired', f'too old resource version: {requested} ({oldest})'
    )

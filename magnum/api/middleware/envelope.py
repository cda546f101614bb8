"""WSGI middleware giving every error answer the upstream envelope."""

import json

from magnum.api import errors


def _is_envelope(body):
    try:
        return 'errors' in json.loads(body)
    except (ValueError, TypeError):
        return False


def _detail_of(body, status_text):
    """Extract a readable message from an error body of another layer."""
    text = body.decode('utf-8', 'replace').strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ('error', 'message', 'detail', 'faultstring'):
            value = data.get(key)
            if isinstance(value, dict):
                value = value.get('message') or value.get('detail')
            if isinstance(value, str) and value:
                return value
    if text and not text.startswith('<') and '\n' not in text:
        return text
    return status_text


class ErrorEnvelopeMiddleware:
    """Rewrite error answers (status >= 400) into the errors envelope.

    Answers that already carry the envelope (those of the controllers) are
    passed through; the others (404 of routing, 401 of authtoken, 413 of
    the body size limit…) get their message wrapped with the request id.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured['status'] = status
            captured['headers'] = headers
            return lambda data: None

        chunks = self.app(environ, capture)
        try:
            body = b''.join(chunks)
        finally:
            if hasattr(chunks, 'close'):
                chunks.close()
        status = captured['status']
        headers = captured['headers']
        code = int(status.split(' ', 1)[0])
        if code >= 400 and not _is_envelope(body):
            status_text = status.split(' ', 1)[1] if ' ' in status else status
            body = errors.error_body(
                code,
                _detail_of(body, status_text),
                environ.get(errors.REQUEST_ID_KEY, ''),
            )
            headers = [
                (k, v)
                for k, v in headers
                if k.lower() not in ('content-type', 'content-length')
            ]
            headers += [
                ('Content-Type', 'application/json'),
                ('Content-Length', str(len(body))),
            ]
        start_response(status, headers)
        return [body]


def filter_factory(global_config, **local_config):
    """paste.deploy filter factory."""
    return ErrorEnvelopeMiddleware

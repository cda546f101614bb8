"""WSGI middleware negotiating the microversion of /v1 requests."""

from magnum.api import errors
from magnum.api import microversions


def _is_v1(path):
    return path != '/' and not path.startswith('/healthcheck')


class MicroversionMiddleware:
    """Parse the version header into ``environ['magnum.api_version']``.

    Every /v1 answer (errors included) carries the minimum, maximum and
    negotiated versions; a bad header is answered 406 here.
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '/') or '/'
        if not _is_v1(path):
            return self.app(environ, start_response)
        headers = _EnvironHeaders(environ)
        try:
            version = microversions.negotiate(headers)
        except (
            microversions.InvalidVersionHeader,
            microversions.NotAcceptableVersion,
        ) as exc:
            status, detail, extra = errors.exception_to_error(exc)
            body = errors.error_body(
                status,
                detail,
                environ.get(errors.REQUEST_ID_KEY, ''),
                extra=extra,
            )
            response_headers = microversions.response_headers(None) + [
                ('Content-Type', 'application/json'),
                ('Content-Length', str(len(body))),
            ]
            start_response('406 Not Acceptable', response_headers)
            return [body]
        environ[microversions.ENVIRON_KEY] = version

        def with_versions(status, response_headers, exc_info=None):
            response_headers = [
                h for h in response_headers if h[0].lower() != 'vary'
            ]
            response_headers += microversions.response_headers(version)
            return start_response(status, response_headers, exc_info)

        return self.app(environ, with_versions)


class _EnvironHeaders:
    """Read-only header access on a WSGI environ."""

    def __init__(self, environ):
        self.environ = environ

    def get(self, name, default=None):
        key = 'HTTP_' + name.upper().replace('-', '_')
        return self.environ.get(key, default)


def filter_factory(global_config, **local_config):
    """paste.deploy filter factory."""
    return MicroversionMiddleware

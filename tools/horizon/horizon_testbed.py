"""Glue between Horizon and the testbed (installed into Horizon's venv).

- ``wsgi_app()``: Horizon's WSGI application behind WhiteNoise, which serves
  the collected static files (gunicorn serves ``horizon_testbed:wsgi_app()``).
- ``MagnumCallLog``: a logging handler that turns python-magnumclient's
  DEBUG dumps of each request and answer into one JSON line per call, the
  token left out. It is the record of the Magnum API calls Horizon made.
- ``MagnumEndpointOverride``: a middleware, only installed when
  ``HORIZON_MAGNUM_URL`` was given to ``tools/horizon/run up``, that points
  the session's ``container-infra`` endpoint at another magnum-api (a
  worktree's own, say) than the one in the Keystone catalog.

Nothing here changes what magnum-ui sends.
"""

import json
import logging
import os
import re
import threading
import time

_HEADER = re.compile(r"-H '([^:']+): ([^']*)'")
_KEPT_HEADERS = ('OpenStack-API-Version', 'Content-Type', 'User-Agent')
_BODY_LIMIT = 4000


def wsgi_app():
    """Return Horizon's WSGI application with its static files served."""
    os.environ.setdefault(
        'DJANGO_SETTINGS_MODULE', 'openstack_dashboard.settings'
    )
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from whitenoise import WhiteNoise

    application = get_wsgi_application()
    return WhiteNoise(
        application,
        root=settings.STATIC_ROOT,
        prefix=settings.STATIC_URL,
        max_age=3600,
    )


def _json_or_text(text):
    try:
        return json.loads(text)
    except ValueError:
        if len(text) > _BODY_LIMIT:
            return text[:_BODY_LIMIT] + '...'
        return text


def parse_request(message):
    """Parse magnumclient's ``curl -i -X METHOD -H ... [-d 'BODY'] URL``.

    The body is quoted with single quotes that are not escaped (a label
    string such as "{'a': 'b'}" holds some), so it is cut out by position:
    it runs from `` -d '`` to the last ``' `` before the URL.
    """
    head, _, url = message.rpartition(' ')
    method = head.split(' -X ', 1)[1].split(' ', 1)[0]
    body = None
    start = head.find(" -d '")
    if start >= 0:
        body = _json_or_text(head[start + 5 : -1])
        head = head[:start]
    headers = {
        key: value
        for key, value in _HEADER.findall(head)
        if key in _KEPT_HEADERS
    }
    entry = {
        'method': method,
        'url': url,
        'request_headers': headers,
        'auth_token_sent': 'X-Auth-Token' in head,
    }
    if body is not None:
        entry['request_body'] = body
    return entry


def parse_response(message):
    """Parse magnumclient's dump: status line, headers, blank line, body."""
    lines = message.strip('\n').split('\n')
    status = int(lines[0].split()[1])
    headers = {}
    body_lines = []
    for index, line in enumerate(lines[1:], start=1):
        if not line:
            body_lines = lines[index + 1 :]
            break
        key, _, value = line.partition(': ')
        headers[key] = value
    entry = {'status': status}
    version = headers.get('OpenStack-API-Version') or headers.get(
        'openstack-api-version'
    )
    if version:
        entry['response_version'] = version
    body = '\n'.join(body_lines).strip()
    if body:
        entry['response_body'] = _json_or_text(body)
    return entry


class MagnumCallLog(logging.Handler):
    """Append one JSON line per python-magnumclient call to ``path``.

    magnumclient's HTTPClient logs the request (as a curl command) and then
    the answer from the same thread; the two are paired per thread.
    """

    def __init__(self, path):
        super().__init__()
        self.path = path
        self._pending = threading.local()

    def emit(self, record):
        try:
            message = record.getMessage()
            if message.startswith('curl '):
                self._pending.request = parse_request(message)
                return
            if not message.lstrip('\n').startswith('HTTP/'):
                return
            entry = {
                'time': time.strftime(
                    '%Y-%m-%dT%H:%M:%S', time.gmtime(record.created)
                ),
                'pid': os.getpid(),
            }
            entry.update(getattr(self._pending, 'request', None) or {})
            self._pending.request = None
            entry.update(parse_response(message))
            line = json.dumps(entry, sort_keys=True) + '\n'
            with open(self.path, 'a', encoding='utf-8') as out:
                out.write(line)
        except Exception:  # noqa: BLE001 - logging must never break a view
            self.handleError(record)


class MagnumEndpointOverride:
    """Rewrite the session's container-infra endpoints to one URL."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.url = settings.HORIZON_TESTBED_MAGNUM_URL

    def __call__(self, request):
        user = getattr(request, 'user', None)
        if user is not None and user.is_authenticated:
            for service in getattr(user, 'service_catalog', None) or ():
                if service.get('type') == 'container-infra':
                    for endpoint in service.get('endpoints', ()):
                        endpoint['url'] = self.url
        return self.get_response(request)

"""Fetching manifest URLs: what is refused, redirects, limits."""

import http.server
import ipaddress
import socket
import threading
import time
from unittest import mock

import pytest

from magnum.common import exception
from magnum.common import urlfetch

MANIFEST = 'kind: Pod\nmetadata: {name: web}\n'


class _Handler(http.server.BaseHTTPRequestHandler):
    routes = {}

    def do_GET(self):
        route = self.routes.get(self.path.split('?')[0])
        if route is None:
            self.send_error(404)
            return
        status, headers, body = route(self)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if 'Content-Length' not in headers and body is not None:
            self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """An HTTP server on 127.0.0.1; tests fill ``routes``."""
    _Handler.routes = {}
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def _url(server, path, host='127.0.0.1'):
    return 'http://%s:%d%s' % (host, server.server_address[1], path)


def _refused(url, match):
    with pytest.raises(exception.InvalidParameterValue, match=match) as info:
        urlfetch.fetch(url)
    assert info.value.code == 400


@pytest.mark.parametrize(
    'url,match',
    [
        ('http://127.0.0.1/pod.yaml', 'loopback'),
        ('http://127.8.9.10:8080/pod.yaml', 'loopback'),
        ('http://[::1]/pod.yaml', 'loopback'),
        ('http://[::ffff:127.0.0.1]/pod.yaml', 'loopback'),
        ('http://169.254.169.254/latest/meta-data/', 'link-local'),
        ('http://[::ffff:169.254.169.254]/', 'link-local'),
        ('http://[fe80::1]/', 'link-local'),
        ('http://0.0.0.0/', 'unspecified'),
        ('http://0.1.2.3/', 'unspecified'),
        ('http://[::]/', 'unspecified'),
        ('http://224.0.0.1/', 'multicast'),
        ('http://[2002:7f00:1::]/', 'loopback'),
        ('http://[64:ff9b::a9fe:a9fe]/', 'link-local'),
        ('http://localhost/pod.yaml', 'loopback'),
        ('file:///etc/passwd', 'scheme must be http or https'),
        ('ftp://example.com/pod.yaml', 'scheme'),
        ('gopher://127.0.0.1:25/', 'scheme'),
        ('http:///pod.yaml', 'no host'),
        ('http://example.com:99999/', 'invalid URL'),
        ('', 'empty'),
    ],
)
def test_refused_before_connecting(url, match):
    with mock.patch.object(
        urlfetch.urllib3, 'HTTPConnectionPool', autospec=True
    ) as pool:
        _refused(url, match)
    assert not pool.called


def test_name_resolving_to_loopback_refused():
    answer = [(socket.AF_INET, socket.SOCK_STREAM, 6, '', ('127.0.0.1', 80))]
    with mock.patch.object(
        urlfetch.socket, 'getaddrinfo', autospec=True, return_value=answer
    ):
        _refused('http://manifests.example.com/pod.yaml', 'loopback')


def test_any_refused_address_refuses_the_name():
    answer = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, '', ('203.0.113.5', 80)),
        (socket.AF_INET6, socket.SOCK_STREAM, 6, '', ('::1', 80, 0, 0)),
    ]
    with mock.patch.object(
        urlfetch.socket, 'getaddrinfo', autospec=True, return_value=answer
    ):
        _refused('http://manifests.example.com/pod.yaml', 'loopback')


def test_unresolvable_name():
    with mock.patch.object(
        urlfetch.socket,
        'getaddrinfo',
        autospec=True,
        side_effect=socket.gaierror(-2, 'Name or service not known'),
    ):
        _refused('http://nowhere.invalid/pod.yaml', 'cannot resolve')


@pytest.mark.parametrize(
    'address,reason',
    [
        ('10.0.0.1', None),
        ('192.168.1.1', None),
        ('203.0.113.9', None),
        ('2001:db8::1', None),
        ('127.0.0.1', 'loopback'),
        ('169.254.0.1', 'link-local'),
    ],
)
def test_refusal(address, reason):
    assert urlfetch.refusal(ipaddress.ip_address(address)) == reason


def test_fetch_allowed_by_address(conf, server):
    conf.config(group='manifest', allowed_hosts=['127.0.0.0/8'])
    _Handler.routes['/pod.yaml'] = lambda h: (200, {}, MANIFEST.encode())
    assert urlfetch.fetch(_url(server, '/pod.yaml?x=1')) == MANIFEST


def test_fetch_allowed_by_name_pins_the_address(conf, server):
    conf.config(group='manifest', allowed_hosts=['localhost'])
    seen = {}

    def route(handler):
        seen['host'] = handler.headers['Host']
        return 200, {}, MANIFEST.encode()

    _Handler.routes['/pod.yaml'] = route
    real = socket.getaddrinfo
    names = []

    def resolve(host, *args, **kwargs):
        names.append(host)
        return real(host, *args, **kwargs)

    with mock.patch.object(
        urlfetch.socket, 'getaddrinfo', autospec=True, side_effect=resolve
    ):
        text = urlfetch.fetch(_url(server, '/pod.yaml', host='localhost'))
    assert text == MANIFEST
    # Resolved once, checked, then the checked address is connected to.
    assert names.count('localhost') == 1
    assert seen['host'] == 'localhost:%d' % server.server_address[1]


def test_redirect_followed_and_checked(conf, server):
    conf.config(group='manifest', allowed_hosts=['localhost'])
    port = server.server_address[1]
    _Handler.routes.update(
        {
            '/old': lambda h: (
                302,
                {'Location': 'http://localhost:%d/pod.yaml' % port},
                b'',
            ),
            '/pod.yaml': lambda h: (200, {}, MANIFEST.encode()),
            '/to-loopback': lambda h: (
                301,
                {'Location': 'http://127.0.0.1:%d/pod.yaml' % port},
                b'',
            ),
            '/to-metadata': lambda h: (
                307,
                {'Location': 'http://169.254.169.254/latest/meta-data/'},
                b'',
            ),
            '/to-file': lambda h: (
                302,
                {'Location': 'file:///etc/passwd'},
                b'',
            ),
            '/loop': lambda h: (302, {'Location': '/loop'}, b''),
        }
    )
    assert urlfetch.fetch(_url(server, '/old', 'localhost')) == MANIFEST
    _refused(_url(server, '/to-loopback', 'localhost'), 'loopback')
    _refused(_url(server, '/to-metadata', 'localhost'), 'link-local')
    _refused(_url(server, '/to-file', 'localhost'), 'scheme')
    _refused(_url(server, '/loop', 'localhost'), 'redirects too often')


def test_error_status(conf, server):
    conf.config(group='manifest', allowed_hosts=['127.0.0.1'])
    _refused(_url(server, '/missing'), 'answered HTTP 404')


def test_size_limit(conf, server):
    conf.config(
        group='manifest', allowed_hosts=['127.0.0.1'], max_manifest_size=100
    )
    big = b'#' * 101
    _Handler.routes['/declared'] = lambda h: (200, {}, big)
    _refused(_url(server, '/declared'), 'larger than 100 bytes')


def test_size_limit_without_content_length(conf, server):
    conf.config(
        group='manifest', allowed_hosts=['127.0.0.1'], max_manifest_size=100
    )

    def streamed(handler):
        handler.send_response(200)
        handler.send_header('Connection', 'close')
        handler.end_headers()
        handler.wfile.write(b'#' * 1000)
        handler.close_connection = True
        return None

    class Streaming(_Handler):
        def do_GET(self):
            streamed(self)

    _Handler.routes.clear()
    server.RequestHandlerClass = Streaming
    _refused(_url(server, '/stream'), 'larger than 100 bytes')


def test_slow_server_times_out(conf, server):
    conf.config(
        group='manifest', allowed_hosts=['127.0.0.1'], fetch_timeout=0.3
    )

    def slow(handler):
        time.sleep(1)
        return 200, {}, MANIFEST.encode()

    _Handler.routes['/slow'] = slow
    _refused(_url(server, '/slow'), 'timed out')


def test_not_utf8(conf, server):
    conf.config(group='manifest', allowed_hosts=['127.0.0.1'])
    _Handler.routes['/bin'] = lambda h: (200, {}, b'\xff\xfe\x00')
    _refused(_url(server, '/bin'), 'not UTF-8')


def test_connection_refused(conf):
    conf.config(group='manifest', allowed_hosts=['127.0.0.1'])
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    _refused('http://127.0.0.1:%d/pod.yaml' % port, 'cannot connect')

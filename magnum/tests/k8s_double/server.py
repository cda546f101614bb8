"""HTTP(S) transport of the double and the embeddable :class:`KubeDouble`.

A ``ThreadingHTTPServer`` speaking HTTP/1.1 on a loopback address, with
optional TLS.  Authentication, when configured, is like kube-apiserver's:
a client certificate signed by the client CA, or ``Authorization: Bearer
<token>``; anything else gets a 401 ``Status``, except that anonymous
requests may read ``/healthz``, ``/livez``, ``/readyz`` and ``/version``.

With a client CA and no token the TLS context uses ``CERT_REQUIRED``: a
client without a certificate fails the TLS handshake and never gets an
HTTP answer.  With a client CA *and* a token it uses ``CERT_OPTIONAL``
so a token alone works and a client with neither gets a 401.  A
certificate that does not chain to the client CA always fails the
handshake.
"""

import collections
import hmac
import http.server
import json
import logging
import socket
import ssl
import threading
import time
import urllib.parse

from magnum.tests.k8s_double import routes
from magnum.tests.k8s_double import status

LOG = logging.getLogger(__name__)
MAX_BODY = 3 * 1024 * 1024
ANONYMOUS_PATHS = routes.HEALTH + ('/version',)
HEALTH_PREFIXES = tuple(path + '/' for path in routes.HEALTH)
STREAM_ERRORS = (
    BrokenPipeError,
    ConnectionResetError,
    ssl.SSLError,
    socket.timeout,
)

TLSConfig = collections.namedtuple(
    'TLSConfig', 'cert key client_ca', defaults=(None,)
)
TLSConfig.__doc__ = """Server certificate and key files, and optionally
the CA file that client certificates must chain to."""


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'k8s-api-double'
    timeout = 120

    def log_message(self, fmt, *args):
        LOG.debug('%s %s', self.client_address[0], fmt % args)

    def handle(self):
        self.server.track(self.connection, True)
        try:
            self.connection.setsockopt(
                socket.IPPROTO_TCP, socket.TCP_NODELAY, 1
            )
            if isinstance(self.connection, ssl.SSLSocket):
                try:
                    self.connection.do_handshake()
                except (ssl.SSLError, OSError) as exc:
                    LOG.info('TLS handshake failed: %s', exc)
                    return
            super().handle()
        finally:
            self.server.track(self.connection, False)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = lambda self: (
        self._serve()
    )

    def _read_body(self):
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            chunks, size = [], 0
            while True:
                length = int(self.rfile.readline().split(b';')[0], 16)
                size += length
                if size > MAX_BODY:
                    raise status.too_large()
                chunks.append(self.rfile.read(length))
                self.rfile.readline()
                if not length:
                    return b''.join(chunks)
        length = int(self.headers.get('Content-Length') or 0)
        if length > MAX_BODY:
            raise status.too_large()
        return self.rfile.read(length) if length else b''

    def _authenticate(self, path):
        double = self.server.double
        if self.server.client_ca and self.connection.getpeercert():
            return
        header = self.headers.get('Authorization')
        if header:
            scheme, _, token = header.partition(' ')
            if not double.token or (
                scheme.lower() == 'bearer'
                and hmac.compare_digest(token.strip(), double.token)
            ):
                return
            raise status.unauthorized()
        if (double.token or self.server.client_ca) and not (
            path in ANONYMOUS_PATHS or path.startswith(HEALTH_PREFIXES)
        ):
            raise status.unauthorized()

    def _serve(self):
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        if len(path) > 1 and path.endswith('/'):
            path = path[:-1]
        query = {
            k: v[0]
            for k, v in urllib.parse.parse_qs(
                split.query, keep_blank_values=True
            ).items()
        }
        try:
            raw = self._read_body()
            self._authenticate(path)
            response = routes.handle(
                self.server.double,
                self.command,
                path,
                query,
                self.headers,
                raw,
            )
        except status.ApiError as exc:
            response = routes.Response(exc.code, exc.body())
        except Exception as exc:  # pylint: disable=broad-except
            LOG.exception(
                'internal error serving %s %s', self.command, self.path
            )
            response = routes.Response(
                500,
                status.ApiError(
                    500, 'InternalError', f'Internal error occurred: {exc}'
                ).body(),
            )
        if response.stream is not None:
            self._stream(response.stream)
        else:
            self._send(response.code, response.body)

    def _send(self, code, body):
        if isinstance(body, str):
            data, ctype = body.encode(), 'text/plain; charset=utf-8'
        else:
            data, ctype = json.dumps(body).encode(), 'application/json'
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Cache-Control', 'no-cache, private')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _chunk(self, data):
        self.wfile.write(b'%x\r\n%s\r\n' % (len(data), data))

    def _stream(self, watch):
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Cache-Control', 'no-cache, private')
        self.send_header('Transfer-Encoding', 'chunked')
        self.end_headers()
        self.server.stream_started()
        try:
            for event in watch.events():
                self._chunk(json.dumps(event).encode() + b'\n')
            self._chunk(b'')
        except STREAM_ERRORS as exc:
            LOG.debug('watch client went away: %s', exc)
            self.close_connection = True
        finally:
            self.server.stream_ended()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True

    def __init__(self, double, address, context, client_ca):
        if ':' in address[0]:
            self.address_family = socket.AF_INET6
        self.double = double
        self.client_ca = client_ca
        self._open = set()
        self._streams = 0
        self._streams_done = threading.Condition()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)
        if context is not None:
            self.socket = context.wrap_socket(
                self.socket, server_side=True, do_handshake_on_connect=False
            )

    def server_bind(self):
        # Skip HTTPServer's reverse DNS lookup of the host.
        http.server.socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def stream_started(self):
        with self._streams_done:
            self._streams += 1

    def stream_ended(self):
        with self._streams_done:
            self._streams -= 1
            self._streams_done.notify_all()

    def wait_streams(self, timeout):
        """Wait until every watch stream has written its last chunk."""
        deadline = time.monotonic() + timeout
        with self._streams_done:
            while self._streams > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                self._streams_done.wait(remaining)

    def track(self, conn, is_open):
        with self._open_lock:
            (self._open.add if is_open else self._open.discard)(conn)

    def close_connections(self):
        with self._open_lock:
            conns = list(self._open)
        for conn in conns:
            try:
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
            except OSError:
                pass


def make_context(tls, need_cert):
    """Build the server ``SSLContext`` for a :data:`TLSConfig`."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(tls.cert, tls.key)
    if tls.client_ca:
        context.load_verify_locations(cafile=tls.client_ca)
        context.verify_mode = (
            ssl.CERT_REQUIRED if need_cert else ssl.CERT_OPTIONAL
        )
    return context


def serve(double, host, port, tls):
    """Bind, start serving in a thread; return (server, thread)."""
    context = make_context(tls, not double.token) if tls else None
    server = _Server(
        double, (host, port), context, bool(tls and tls.client_ca)
    )
    thread = threading.Thread(
        target=server.serve_forever, name=f'k8s-double-{port}', daemon=True
    )
    thread.start()
    return server, thread


def _poke(address):
    try:
        with socket.create_connection(address[:2], timeout=1):
            pass
    except OSError:
        pass


def shutdown(server, thread):
    """Stop serving, end every open connection and join the threads.

    A connection to our own port wakes the accept loop so that it sees
    the stop request at once instead of at its next poll.
    """
    stopper = threading.Thread(target=server.shutdown)
    stopper.start()
    for _ in range(20):
        _poke(server.server_address)
        stopper.join(0.05)
        if not stopper.is_alive():
            break
    stopper.join()
    # The store is closed: open watches end by themselves; let them write
    # their last chunk before their connections are cut.
    server.wait_streams(2.0)
    server.close_connections()
    server.server_close()
    thread.join(timeout=10)

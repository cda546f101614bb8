"""A stand-in for the parts of the magnum API a bay's nodes call.

For tests that build bay stacks with the Heat driver but without magnum's
API and database: it answers, on 127.0.0.1, what the boot scripts (and the
sandbox node agent) ask a real magnum for:

* ``GET /v1/certificates/<bay uuid>``: the bay's CA;
* ``POST /v1/certificates`` ``{cluster_uuid, csr}``: the CSR signed by it;
* ``GET /v1/clusters/<bay uuid>``: the bay with its labels.

Like magnum, it refuses requests without a valid token (checked with
Keystone): certificates need a token scoped to the bay's trust, which is
how nodes authenticate; the bay itself is only shown to an administrator's
token, never to a trust's (policy ``deny_cluster_user``).
"""

import datetime
import http.server
import json
import threading
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


class Bay:
    """A bay the stub knows: its CA, trust and labels."""

    def __init__(self, uuid_, trust_id, labels):
        self.uuid = uuid_
        self.trust_id = trust_id
        self.labels = dict(labels)
        self.rotate_ca()
        #: Subjects of the CSRs signed through the API.
        self.signed = []

    def rotate_ca(self):
        """Replace the bay's CA (as magnum's CA rotation does)."""
        uuid_ = self.uuid
        self.ca_key = _key()
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, uuid_)])
        now = datetime.datetime.now(datetime.timezone.utc)
        self.ca = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(
                x509.BasicConstraints(ca=True, path_length=0), critical=True
            )
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(self.ca_key, hashes.SHA256())
        )

    @property
    def ca_pem(self):
        return _pem(self.ca)

    def sign(self, csr):
        """Sign a CSR: its subject and alternative names, TLS usages."""
        now = datetime.datetime.now(datetime.timezone.utc)
        builder = (
            x509.CertificateBuilder()
            .subject_name(csr.subject)
            .issuer_name(self.ca.subject)
            .public_key(csr.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(
                x509.ExtendedKeyUsage(
                    [
                        ExtendedKeyUsageOID.SERVER_AUTH,
                        ExtendedKeyUsageOID.CLIENT_AUTH,
                    ]
                ),
                critical=False,
            )
        )
        try:
            sans = csr.extensions.get_extension_for_class(
                x509.SubjectAlternativeName
            )
            builder = builder.add_extension(sans.value, critical=False)
        except x509.ExtensionNotFound:
            pass
        return _pem(builder.sign(self.ca_key, hashes.SHA256()))

    def client_cert(self, common_name='admin', organization='system:masters'):
        """Return ``(cert_pem, key_pem)`` of a client of the bay's API."""
        key = _key()
        names = [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        ]
        csr = (
            x509.CertificateSigningRequestBuilder()
            .subject_name(x509.Name(names))
            .sign(key, hashes.SHA256())
        )
        return self.sign(csr), _key_pem(key)


class CertsStub:
    """The stub server; ``url`` is its ``…/v1`` endpoint."""

    def __init__(self, keystone_session, auth_url):
        self.keystone = keystone_session
        self.auth_url = auth_url.rstrip('/')
        self.bays = {}
        self.requests = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, code, body):
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else b''
                code, answer = stub.handle(
                    method, self.path, self.headers, body
                )
                self._answer(code, answer)

            def do_GET(self):  # noqa: N802 - http.server's naming
                self._handle('GET')

            def do_POST(self):  # noqa: N802
                self._handle('POST')

        self.server = http.server.ThreadingHTTPServer(
            ('127.0.0.1', 0), Handler
        )
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, daemon=True
        )

    @property
    def url(self):
        return 'http://127.0.0.1:%d/v1' % self.server.server_address[1]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add_bay(self, trust_id, labels=None, uuid_=None):
        bay = Bay(uuid_ or str(uuid.uuid4()), trust_id, labels or {})
        self.bays[bay.uuid] = bay
        return bay

    def _token(self, token):
        """The validated token's body, or None."""
        response = self.keystone.get(
            self.auth_url + '/auth/tokens',
            headers={'X-Subject-Token': token},
            raise_exc=False,
        )
        if response.status_code != 200:
            return None
        return response.json()['token']

    def handle(self, method, path, headers, body):
        """Return ``(status, body)`` for one request."""
        self.requests.append((method, path))
        parts = [p for p in path.split('?')[0].split('/') if p]
        token = headers.get('X-Auth-Token')
        info = self._token(token) if token else None
        if info is None:
            return 401, {'error': 'a valid token is required'}
        trust = info.get('OS-TRUST:trust', {}).get('id')
        if method == 'POST' and parts == ['v1', 'certificates']:
            request = json.loads(body or b'{}')
            bay = self.bays.get(request.get('cluster_uuid'))
        elif len(parts) == 3 and parts[:2] in (
            ['v1', 'certificates'],
            ['v1', 'clusters'],
        ):
            bay = self.bays.get(parts[2])
        else:
            return 404, {'error': 'no such route'}
        if bay is None:
            return 404, {'error': 'no such bay'}
        if parts[1] == 'clusters':
            # As magnum's policy: a bay's trust may not read bays, an
            # administrator may.
            roles = {r['name'] for r in info.get('roles', [])}
            if trust or 'admin' not in roles:
                return 403, {'error': 'reading bays needs an admin token'}
            return 200, {'uuid': bay.uuid, 'labels': bay.labels}
        if trust != bay.trust_id:
            return 403, {'error': 'the token is not scoped to the bay trust'}
        if method == 'POST':
            csr = x509.load_pem_x509_csr(request['csr'].encode())
            bay.signed.append(csr.subject.rfc4514_string())
            return 201, {
                'cluster_uuid': bay.uuid,
                'csr': request['csr'],
                'pem': bay.sign(csr),
            }
        return 200, {'cluster_uuid': bay.uuid, 'pem': bay.ca_pem}

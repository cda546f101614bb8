"""Issue the certificates of a bay: CAs, the admin client, signed CSRs.

Every certificate is SHA256-signed, valid from one day ago (clock skew)
for ``[x509] term_of_validity`` days, has a random serial number and
carries Subject and Authority Key Identifiers.
"""

import dataclasses
import datetime
import uuid

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID
from oslo_config import cfg

from magnum.common import exception
from magnum.common.x509 import extensions
from magnum.common.x509 import keys
from magnum.i18n import _

CONF = cfg.CONF
#: RFC 5280 upper bound of a common name.
MAX_CN_LENGTH = 64
ADMIN_CN = 'admin'
ADMIN_ORGANIZATION = 'system:masters'


@dataclasses.dataclass(frozen=True)
class IssuedCert:
    """A new certificate with its encrypted key and the key's passphrase."""

    certificate: str
    private_key: str = dataclasses.field(repr=False)
    passphrase: str = dataclasses.field(repr=False)


def _name(common_name, organization=None):
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:MAX_CN_LENGTH])
    ]
    if organization:
        attributes.append(
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)
        )
    return x509.Name(attributes)


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode('ascii')


def _build(subject, public_key, issuer, signing_key, extension_list):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(uuid.uuid4().int)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(
            now + datetime.timedelta(days=CONF.x509.term_of_validity)
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(public_key),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                signing_key.public_key()
            ),
            critical=False,
        )
    )
    for value, critical in extension_list:
        builder = builder.add_extension(value, critical=critical)
    return builder.sign(signing_key, hashes.SHA256())


def _issued(cert, key):
    passphrase = keys.new_passphrase()
    return IssuedCert(
        certificate=_pem(cert),
        private_key=keys.encrypt(key, passphrase),
        passphrase=passphrase,
    )


def generate_ca(common_name):
    """Return a new self-signed CA that signs end-entity certificates only.

    BasicConstraints ca=True with path length 0 and KeyUsage keyCertSign
    and cRLSign, both critical.

    :param common_name: the subject CN (cut to 64 characters), usually
        the bay's name or uuid.
    """
    key = keys.generate_key()
    subject = _name(common_name)
    cert = _build(
        subject,
        key.public_key(),
        subject,
        key,
        [
            (x509.BasicConstraints(ca=True, path_length=0), True),
            (extensions.key_usage(key_cert_sign=True, crl_sign=True), True),
        ],
    )
    return _issued(cert, key)


def _load_ca(ca_cert, ca_key, ca_passphrase):
    try:
        cert = x509.load_pem_x509_certificate(keys.as_bytes(ca_cert))
    except ValueError:
        raise exception.CertificateStorageException(
            msg=_('a stored CA certificate cannot be read')
        )
    return cert, keys.decrypt(ca_key, ca_passphrase)


def generate_client_cert(
    ca_cert,
    ca_key,
    ca_passphrase,
    common_name=ADMIN_CN,
    organization=ADMIN_ORGANIZATION,
):
    """Return a new TLS client certificate signed by a CA.

    The defaults make the certificate of the bay's Kubernetes
    administrator (CN ``admin`` in group ``system:masters``), which the
    conductor uses to reach the bay's Kubernetes API.

    :param ca_cert: PEM of the signing CA.
    :param ca_key: encrypted PEM of the CA's key.
    :param ca_passphrase: passphrase of ``ca_key``.
    :raises: CertificateStorageException (HTTP 500) when the CA cannot be
        read.
    """
    issuer, issuer_key = _load_ca(ca_cert, ca_key, ca_passphrase)
    key = keys.generate_key()
    cert = _build(
        _name(common_name, organization),
        key.public_key(),
        issuer.subject,
        issuer_key,
        [
            (x509.BasicConstraints(ca=False, path_length=None), True),
            (
                extensions.key_usage(
                    digital_signature=True, key_encipherment=True
                ),
                True,
            ),
            (
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]),
                False,
            ),
        ],
    )
    return _issued(cert, key)


def load_csr(csr):
    """Parse and check a PEM certificate signing request.

    :param csr: the PEM document (``str`` or ``bytes``).
    :raises: InvalidCsr (HTTP 400) when it is not a PEM CSR or its
        signature does not match its key.
    """
    text = csr.decode(errors='replace') if isinstance(csr, bytes) else csr
    shown = str(text)[:40] + ('...' if len(str(text)) > 40 else '')
    try:
        request = x509.load_pem_x509_csr(keys.as_bytes(csr))
    except (ValueError, TypeError, UnicodeEncodeError):
        raise exception.InvalidCsr(csr=shown)
    try:
        valid = request.is_signature_valid
    except (ValueError, InvalidSignature):
        valid = False
    if not valid:
        raise exception.InvalidCsr(csr=shown)
    return request


def sign_csr(csr, ca_cert, ca_key, ca_passphrase):
    """Return the PEM certificate a CA issues for a CSR.

    The subject and public key come from the CSR; its extensions are
    filtered by :func:`magnum.common.x509.extensions.filter_csr_extensions`.

    :param csr: the PEM CSR, or one already checked by :func:`load_csr`.
    :param ca_cert: PEM of the signing CA.
    :param ca_key: encrypted PEM of the CA's key.
    :param ca_passphrase: passphrase of ``ca_key``.
    :raises: InvalidCsr (HTTP 400); CertificateStorageException (HTTP 500)
        when the CA cannot be read.
    """
    if isinstance(csr, x509.CertificateSigningRequest):
        request = csr
    else:
        request = load_csr(csr)
    issuer, issuer_key = _load_ca(ca_cert, ca_key, ca_passphrase)
    cert = _build(
        request.subject,
        request.public_key(),
        issuer.subject,
        issuer_key,
        extensions.filter_csr_extensions(request),
    )
    return _pem(cert)

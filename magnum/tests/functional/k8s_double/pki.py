"""Throwaway PKI for the double's TLS tests, made with ``cryptography``."""

import dataclasses
import datetime
import ipaddress
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID


def _key():
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name, org=None):
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(attrs)


def _cert(subject, key, issuer, issuer_key, ca=False, usage=None, ips=()):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.BasicConstraints(ca=ca, path_length=None), critical=True
        )
    )
    if usage:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([usage]), critical=False
        )
    if ips:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
                + [x509.DNSName('localhost')]
            ),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _pem_key(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _pem_cert(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


@dataclasses.dataclass
class Pki:
    """Paths of the files a TLS test needs, and their PEM bytes."""

    ca: str
    server_cert: str
    server_key: str
    client_cert: str
    client_key: str
    rogue_cert: str
    rogue_key: str

    def read(self, name):
        """Return the bytes of one of the files, by attribute name."""
        return pathlib.Path(getattr(self, name)).read_bytes()


def make_pki(directory, ips=('127.0.0.1',)):
    """Write a CA, a server cert for ``ips``, a client cert signed by the
    CA and a client cert signed by another CA; return a :class:`Pki`."""
    directory = pathlib.Path(directory)
    ca_key, rogue_ca_key = _key(), _key()
    ca_name, rogue_name = _name('test-bay-ca'), _name('rogue-ca')
    ca = _cert(ca_name, ca_key, ca_name, ca_key, ca=True)
    files = {'ca': _pem_cert(ca)}
    for prefix, subject, usage, issuer, issuer_key, extra in (
        (
            'server',
            _name('kube-apiserver'),
            ExtendedKeyUsageOID.SERVER_AUTH,
            ca_name,
            ca_key,
            ips,
        ),
        (
            'client',
            _name('admin', 'system:masters'),
            ExtendedKeyUsageOID.CLIENT_AUTH,
            ca_name,
            ca_key,
            (),
        ),
        (
            'rogue',
            _name('mallory', 'system:masters'),
            ExtendedKeyUsageOID.CLIENT_AUTH,
            rogue_name,
            rogue_ca_key,
            (),
        ),
    ):
        key = _key()
        files[prefix + '_cert'] = _pem_cert(
            _cert(subject, key, issuer, issuer_key, usage=usage, ips=extra)
        )
        files[prefix + '_key'] = _pem_key(key)
    paths = {}
    for name, data in files.items():
        path = directory / (name + '.pem')
        path.write_bytes(data)
        paths[name] = str(path)
    return Pki(**paths)

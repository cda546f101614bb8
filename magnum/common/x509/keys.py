"""RSA keys of bay certificates, kept as PKCS8 encrypted with a passphrase.

Keys leave this module only encrypted, or unencrypted through
:func:`to_unencrypted_pem` for the conductor's in-memory Kubernetes client.
Nothing here logs key material.
"""

import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from oslo_config import cfg

from magnum.common import exception
from magnum.i18n import _

CONF = cfg.CONF
_PUBLIC_EXPONENT = 65537


def generate_key():
    """Return a new RSA private key of ``[x509] rsa_key_size`` bits."""
    return rsa.generate_private_key(
        public_exponent=_PUBLIC_EXPONENT, key_size=CONF.x509.rsa_key_size
    )


def new_passphrase():
    """Return a random passphrase for :func:`encrypt`."""
    return secrets.token_urlsafe(24)


def encrypt(key, passphrase):
    """Return ``key`` as PKCS8 PEM encrypted with ``passphrase``.

    :param key: a private key of ``cryptography``.
    :param passphrase: a non-empty ``str``.
    """
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.BestAvailableEncryption(
            passphrase.encode()
        ),
    ).decode('ascii')


def decrypt(pem, passphrase):
    """Return the private key of an (optionally encrypted) PEM document.

    :param passphrase: the passphrase, or None for an unencrypted key.
    :raises: CertificateStorageException (HTTP 500) when the PEM cannot
        be read with that passphrase.
    """
    password = passphrase.encode() if passphrase else None
    try:
        return serialization.load_pem_private_key(
            as_bytes(pem), password=password
        )
    except (ValueError, TypeError):
        # Never put the document into the message: it is a key.
        raise exception.CertificateStorageException(
            msg=_('a stored private key cannot be decrypted')
        )


def to_unencrypted_pem(key):
    """Return ``key`` as unencrypted PKCS8 PEM (for in-memory use only)."""
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode('ascii')


def as_bytes(value):
    """Return a PEM document as ``bytes``."""
    return value.encode('ascii') if isinstance(value, str) else value

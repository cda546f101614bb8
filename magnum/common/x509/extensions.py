"""Which extensions of a CSR make it into the signed certificate.

``[x509] allowed_extensions`` names the extensions copied from a CSR,
``[x509] allowed_key_usage`` the key usages kept, and ``[x509] allow_ca``
whether the CSR may ask for a CA. Key identifiers are never copied: the
signer computes them from the keys.
"""

from cryptography import x509
from cryptography.x509.oid import ExtensionOID
from oslo_config import cfg
from oslo_log import log as logging

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

#: Short names (as in OpenSSL's configuration) of the extensions that can
#: be allowed.
EXTENSION_NAMES = {
    'keyUsage': ExtensionOID.KEY_USAGE,
    'extendedKeyUsage': ExtensionOID.EXTENDED_KEY_USAGE,
    'subjectAltName': ExtensionOID.SUBJECT_ALTERNATIVE_NAME,
    'issuerAltName': ExtensionOID.ISSUER_ALTERNATIVE_NAME,
    'basicConstraints': ExtensionOID.BASIC_CONSTRAINTS,
    'subjectKeyIdentifier': ExtensionOID.SUBJECT_KEY_IDENTIFIER,
    'authorityKeyIdentifier': ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
    'nameConstraints': ExtensionOID.NAME_CONSTRAINTS,
    'certificatePolicies': ExtensionOID.CERTIFICATE_POLICIES,
    'crlDistributionPoints': ExtensionOID.CRL_DISTRIBUTION_POINTS,
    'authorityInfoAccess': ExtensionOID.AUTHORITY_INFORMATION_ACCESS,
    'tlsfeature': ExtensionOID.TLS_FEATURE,
}

#: Spellings of key usages, reduced to lower-case letters, and the keyword
#: of ``cryptography.x509.KeyUsage`` each stands for.
_KEY_USAGES = {
    'digitalsignature': 'digital_signature',
    'nonrepudiation': 'content_commitment',
    'contentcommitment': 'content_commitment',
    'keyencipherment': 'key_encipherment',
    'dataencipherment': 'data_encipherment',
    'keyagreement': 'key_agreement',
    'keycertsign': 'key_cert_sign',
    'certificatesign': 'key_cert_sign',
    'crlsign': 'crl_sign',
    'encipheronly': 'encipher_only',
    'decipheronly': 'decipher_only',
}
_SIGNER_OWNED = (
    ExtensionOID.SUBJECT_KEY_IDENTIFIER,
    ExtensionOID.AUTHORITY_KEY_IDENTIFIER,
)


def _normalise(name):
    return ''.join(c for c in name.lower() if c.isalpha())


def allowed_key_usages():
    """Return the KeyUsage keywords allowed by ``[x509] allowed_key_usage``.

    Unknown names are logged and ignored.
    """
    allowed = set()
    for name in CONF.x509.allowed_key_usage:
        keyword = _KEY_USAGES.get(_normalise(name))
        if keyword is None:
            LOG.warning('Ignoring unknown key usage %r in [x509]', name)
        else:
            allowed.add(keyword)
    return allowed


def _allowed_oids():
    oids = set()
    for name in CONF.x509.allowed_extensions:
        oid = EXTENSION_NAMES.get(name)
        if oid is None:
            LOG.warning('Ignoring unknown extension %r in [x509]', name)
        else:
            oids.add(oid)
    return oids


def key_usage(**bits):
    """Return a KeyUsage with the given keywords set and the others clear.

    :param bits: KeyUsage keywords (``digital_signature=True`` …).
    """
    values = dict.fromkeys(set(_KEY_USAGES.values()), False)
    values.update(bits)
    if not values['key_agreement']:
        values['encipher_only'] = values['decipher_only'] = False
    return x509.KeyUsage(**values)


def _filtered_key_usage(requested):
    allowed = allowed_key_usages()
    kept = {}
    for keyword in set(_KEY_USAGES.values()):
        if keyword in ('encipher_only', 'decipher_only'):
            # Only defined (readable) when key agreement is set.
            if not requested.key_agreement:
                continue
        if keyword in allowed and getattr(requested, keyword):
            kept[keyword] = True
    return key_usage(**kept) if kept else None


def _basic_constraints(requested):
    if requested is not None and requested.ca and CONF.x509.allow_ca:
        return requested
    return x509.BasicConstraints(ca=False, path_length=None)


def filter_csr_extensions(csr):
    """Return ``[(extension value, critical)]`` for a certificate of ``csr``.

    Extensions not in ``[x509] allowed_extensions`` are dropped, key
    usages not in ``[x509] allowed_key_usage`` are cleared (KeyUsage is
    dropped when none is left), and BasicConstraints is always present
    with ``ca=False`` unless ``[x509] allow_ca`` is set and the CSR asks
    for a CA. Key identifiers are left to the signer.

    :param csr: a ``cryptography`` CertificateSigningRequest.
    """
    allowed = _allowed_oids()
    result = []
    requested_bc = None
    for ext in csr.extensions:
        if ext.oid == ExtensionOID.BASIC_CONSTRAINTS:
            if ext.oid in allowed:
                requested_bc = ext.value
            continue
        if ext.oid not in allowed or ext.oid in _SIGNER_OWNED:
            continue
        value = ext.value
        if ext.oid == ExtensionOID.KEY_USAGE:
            value = _filtered_key_usage(value)
            if value is None:
                continue
        result.append((value, ext.critical))
    result.append((_basic_constraints(requested_bc), True))
    return result

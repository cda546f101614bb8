"""Options of the [x509] group: the certificates magnum issues for bays."""

from oslo_config import cfg

group = cfg.OptGroup('x509', title='Certificates issued for bays')

opts = [
    cfg.BoolOpt(
        'allow_ca',
        default=False,
        help='Whether a signed CSR may ask for a CA certificate. When '
        'false, BasicConstraints is always written with ca=False.',
    ),
    cfg.ListOpt(
        'allowed_extensions',
        default=[
            'keyUsage',
            'extendedKeyUsage',
            'subjectAltName',
            'basicConstraints',
            'subjectKeyIdentifier',
        ],
        help='Extensions of a CSR copied into the certificate, by their '
        'short OID names; any other extension of the CSR is dropped.',
    ),
    cfg.ListOpt(
        'allowed_key_usage',
        default=['Digital Signature', 'Key Encipherment', 'Non Repudiation'],
        help='Key usages of a CSR kept in the certificate. Names may be '
        'written "Digital Signature", "digitalSignature" or '
        '"digital_signature"; the others are dropped.',
    ),
    cfg.IntOpt(
        'term_of_validity',
        default=365 * 5,
        min=1,
        help='Days a signed certificate or a generated CA stays valid.',
    ),
    cfg.IntOpt(
        'rsa_key_size',
        default=2048,
        min=1024,
        help='Size in bits of the RSA keys magnum generates.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

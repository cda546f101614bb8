"""Options of the [certificates] group: where bay certificates are kept."""

from oslo_config import cfg

group = cfg.OptGroup('certificates', title='Storage of bay certificates')

opts = [
    cfg.StrOpt(
        'cert_manager_type',
        default='x509keypair',
        help='Backend that stores the CAs and client certificates of bays: '
        'an entry point of magnum.cert_manager.backend. "x509keypair" '
        'keeps them in magnum\'s database; "local" keeps them in files '
        'under storage_path on the conductor host and is meant for '
        'development only (it does not work with several conductor '
        'hosts).',
    ),
    cfg.StrOpt(
        'storage_path',
        default='/var/lib/magnum/certificates/',
        help='Directory of the "local" backend.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

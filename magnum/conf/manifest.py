"""Options of the [manifest] group: manifests of pods, services and rcs."""

from oslo_config import cfg

group = cfg.OptGroup(
    'manifest', title='Manifests of pods, services and replication controllers'
)

opts = [
    cfg.IntOpt(
        'max_manifest_size',
        default=524288,
        min=1,
        help='Largest manifest, in bytes, given inline or fetched from a '
        'manifest_url.',
    ),
    cfg.FloatOpt(
        'fetch_timeout',
        default=10.0,
        min=0.1,
        help='Seconds the API spends at most fetching a manifest_url '
        '(connection, redirects and the whole body).',
    ),
    cfg.IntOpt(
        'max_redirects',
        default=3,
        min=0,
        help='Redirects followed when fetching a manifest_url; each target '
        'is checked like the first URL.',
    ),
    cfg.ListOpt(
        'allowed_hosts',
        default=[],
        help='Hosts a manifest_url may name although they resolve to a '
        'loopback, link-local, unspecified or multicast address, which are '
        'refused otherwise: host names (matched exactly), addresses or '
        'networks in CIDR notation (matched against the resolved address).',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

"""Options of the [cluster_heat] group: the Heat drivers of bays."""

from oslo_config import cfg

group = cfg.OptGroup(
    'cluster_heat', title='Bays built with Heat stacks (Heat drivers)'
)

opts = [
    cfg.StrOpt(
        'region_name',
        help='Region of the Heat endpoint. Defaults to the region of '
        '[keystone_auth].',
    ),
    cfg.StrOpt(
        'interface',
        default='public',
        choices=['public', 'internal', 'admin'],
        help='Interface of the Heat endpoint in the catalog.',
    ),
    cfg.StrOpt(
        'ca_file',
        help='CA bundle that verifies the TLS certificate of Heat.',
    ),
    cfg.BoolOpt(
        'insecure',
        default=False,
        help='Do not verify the TLS certificate of Heat (tests only).',
    ),
    cfg.FloatOpt(
        'timeout',
        default=60.0,
        min=1.0,
        help='Seconds after which a request to Heat is abandoned.',
    ),
    cfg.IntOpt(
        'create_timeout',
        default=60,
        min=1,
        help='Minutes a bay stack may take to build when the bay sets '
        'no create_timeout (Heat fails the stack after that).',
    ),
    cfg.StrOpt(
        'magnum_url',
        help='URL of the magnum API the nodes fetch their certificates '
        'from. Defaults to the container-infra endpoint of the '
        'catalog (public interface).',
    ),
    cfg.StrOpt(
        'node_auth_url',
        help='Keystone v3 URL the nodes get trust-scoped tokens from. '
        'Defaults to the identity endpoint of the catalog (public '
        'interface).',
    ),
    cfg.BoolOpt(
        'node_verify_ca',
        default=True,
        help='Whether the nodes verify the TLS certificates of Keystone, '
        'magnum and Heat when they call them.',
    ),
    cfg.ListOpt(
        'extra_environment_files',
        default=[],
        help='Heat environment files (absolute paths on the conductor '
        "hosts) added after the driver's own to every bay stack, "
        'with the provider templates their resource_registry names: '
        'for instance to map resource types a cloud lacks onto '
        'templates of its own.',
    ),
    cfg.IntOpt(
        'failure_nested_depth',
        default=5,
        min=1,
        help='How deep into nested stacks the failed resource of a '
        'failed bay stack is looked for.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

"""Options of the [kubernetes] group: how the conductor reaches bays."""

from oslo_config import cfg

group = cfg.OptGroup(
    'kubernetes', title="The conductor's client of the bays' Kubernetes APIs"
)

opts = [
    cfg.FloatOpt(
        'connect_timeout',
        default=5.0,
        min=0.1,
        help="Seconds the conductor waits for a connection to a bay's "
        'Kubernetes API.',
    ),
    cfg.FloatOpt(
        'read_timeout',
        default=20.0,
        min=0.1,
        help='Seconds the conductor waits for each read of an answer of a '
        "bay's Kubernetes API. Keep connect_timeout + read_timeout well "
        'below [conductor] rpc_timeout, or the API answers 503 before the '
        'conductor has an answer.',
    ),
    cfg.IntOpt(
        'health_polling_interval',
        default=60,
        help="Seconds between two checks of the bays' health (their "
        "Kubernetes API's /healthz and their nodes' Ready condition); zero "
        'or a negative value disables the checks.',
    ),
    cfg.IntOpt(
        'client_cache_size',
        default=64,
        min=1,
        help='Clients of bays each conductor keeps (one per bay, with its '
        'TLS connections); the least recently used is closed beyond that.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

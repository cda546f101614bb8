"""Options of the [conductor] group: the magnum-conductor process."""

from oslo_config import cfg

group = cfg.OptGroup('conductor', title='Options for magnum-conductor')

opts = [
    cfg.StrOpt(
        'topic',
        default='magnum-conductor',
        help='The RPC topic the conductors listen on.',
    ),
    cfg.IntOpt(
        'rpc_timeout',
        default=60,
        min=1,
        help='Seconds the API waits for the answer to an RPC call '
        '(short operations) before failing with 503.',
    ),
    cfg.IntOpt(
        'heartbeat_interval',
        default=10,
        min=1,
        help='Seconds between two heartbeats of a conductor in the '
        'magnum_service table.',
    ),
    cfg.IntOpt(
        'workers',
        default=16,
        min=1,
        help='Threads of the conductor executor that runs long '
        'operations (bay create, update, delete).',
    ),
    cfg.FloatOpt(
        'sync_interval',
        default=1.0,
        min=0.1,
        help='Seconds from the start of one round of the status sync to '
        'the start of the next (the next starts at once if a round takes '
        'longer). A round with no bay in progress costs one database '
        'query; with bays in progress, one request to Heat per driver.',
    ),
    cfg.IntOpt(
        'resume_after',
        default=10,
        min=1,
        help='Seconds after which an operation that no conductor has '
        'started (its RPC message was lost, or its conductor died) is '
        'started again by the conductor owning the bay.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

"""Options of the [DEFAULT] group that are magnum's own."""

import socket

from oslo_config import cfg

service_opts = [
    cfg.HostAddressOpt(
        'host',
        default=socket.gethostname(),
        sample_default='localhost',
        help='Name of this node. It identifies the conductor on the '
        'message bus (RPC server name), in the magnum_service table '
        'and in bay reservations, so it must be unique per host.',
    ),
    cfg.StrOpt(
        'auth_strategy',
        default='keystone',
        choices=[
            ('keystone', 'Validate tokens with keystonemiddleware.'),
            (
                'noauth',
                'Trust the X-User-Id, X-Project-Id and X-Roles '
                'headers, as keystonemiddleware would set '
                'them. For tests and standalone use only.',
            ),
        ],
        help='How the API authenticates requests.',
    ),
    cfg.IntOpt(
        'service_down_time',
        default=180,
        min=1,
        help='Seconds since its last heartbeat after which a magnum '
        'service is reported down.',
    ),
    cfg.IntOpt(
        'periodic_interval_max',
        default=60,
        min=1,
        help='Upper bound, in seconds, of the interval between two runs '
        'of a conductor periodic task.',
    ),
    cfg.BoolOpt(
        'periodic_enable',
        default=True,
        help='Run the conductor periodic tasks.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_opts(service_opts)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {'DEFAULT': service_opts}

"""Options of the [api] group: the magnum-api process."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='Options for the magnum-api service')

api_opts = [
    cfg.HostAddressOpt(
        'host',
        default='127.0.0.1',
        help='The listen IP for the magnum API server.',
    ),
    cfg.PortOpt(
        'port', default=9511, help='The port for the magnum API server.'
    ),
    cfg.IntOpt(
        'workers',
        min=1,
        help='Number of API worker processes. Defaults to the number of '
        'CPUs available.',
    ),
    cfg.IntOpt(
        'threads', default=8, min=1, help='Threads per API worker process.'
    ),
    cfg.IntOpt(
        'max_limit',
        default=1000,
        min=1,
        help='The maximum number of items returned in a single response '
        'from a collection resource.',
    ),
    cfg.StrOpt(
        'api_paste_config',
        default='api-paste.ini',
        help='Configuration file for the WSGI definition of the API. '
        'A relative name is looked up next to the configuration '
        'files, then in the installed etc/magnum.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {api_group: api_opts}

"""Options of the [drivers] group: which COE drivers are in use."""

from oslo_config import cfg

group = cfg.OptGroup('drivers', title='COE driver options')

opts = [
    cfg.ListOpt(
        'disabled_drivers',
        default=[],
        help='Names of installed drivers (entry points of '
        'magnum.drivers) that must not be used.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

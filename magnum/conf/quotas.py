"""Options of the [quotas] group."""

from oslo_config import cfg

group = cfg.OptGroup('quotas', title='Quota options')

opts = [
    cfg.IntOpt(
        'max_clusters_per_project',
        default=20,
        min=0,
        help='Clusters a project may have when no explicit quota '
        'is set for it.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

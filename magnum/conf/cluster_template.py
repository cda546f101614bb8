"""Options of the [cluster_template] group."""

from oslo_config import cfg

group = cfg.OptGroup('cluster_template', title='Cluster template options')

opts = [
    cfg.ListOpt(
        'kubernetes_allowed_network_drivers',
        default=['flannel', 'calico'],
        help='Network drivers allowed in Kubernetes cluster '
        'templates; "all" allows every supported one '
        '(flannel, calico).',
    ),
    cfg.StrOpt(
        'kubernetes_default_network_driver',
        default='flannel',
        help='Network driver of a Kubernetes cluster template that '
        'names none.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

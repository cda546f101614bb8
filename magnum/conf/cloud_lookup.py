"""Options of the [cloud_lookup] group: checks against Glance/Nova/Neutron.

Cluster templates and bays name OpenStack resources (image, flavors,
keypair, networks). The API checks that they exist through one lookup
interface; each check can be switched off, for clouds where a service is
absent or for tools that create templates before the resources.
"""

from oslo_config import cfg

group = cfg.OptGroup(
    'cloud_lookup', title='Validation of referenced OpenStack resources'
)

opts = [
    cfg.BoolOpt(
        'validate_image',
        default=True,
        help='Check that the image exists in Glance and carries '
        'the os_distro property.',
    ),
    cfg.BoolOpt(
        'validate_flavor',
        default=True,
        help='Check that flavor_id and master_flavor_id exist in Nova.',
    ),
    cfg.BoolOpt(
        'validate_keypair',
        default=True,
        help='Check that the keypair exists in Nova for the requesting user.',
    ),
    cfg.BoolOpt(
        'validate_external_network',
        default=True,
        help='Check that external_network_id is a Neutron network '
        'with router:external set.',
    ),
    cfg.BoolOpt(
        'validate_fixed_network',
        default=True,
        help='Check that fixed_network and fixed_subnet exist in Neutron.',
    ),
    cfg.StrOpt(
        'region_name',
        help='Region of the Glance, Nova and Neutron endpoints. '
        'Defaults to the region of [keystone_auth].',
    ),
    cfg.StrOpt(
        'interface',
        default='public',
        choices=['public', 'internal', 'admin'],
        help='Endpoint interface used for the lookups.',
    ),
    cfg.FloatOpt(
        'timeout',
        default=10.0,
        min=0.1,
        help='Seconds after which a lookup request is abandoned.',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

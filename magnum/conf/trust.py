"""Options of the [trust] group: per-bay trustee users and Keystone trusts.

Each bay gets a user of its own in a dedicated Keystone domain (the
trustee domain) and a trust from the user who created the bay to that
user. The conductor and the bay's nodes act with a token of the trustee
scoped to the trust once the creator's token has expired.
"""

from oslo_config import cfg

group = cfg.OptGroup('trust', title='Trustee users and trusts of bays')

opts = [
    cfg.StrOpt(
        'trustee_domain_id',
        help='Id of the Keystone domain that holds the trustee users. '
        'One of trustee_domain_id or trustee_domain_name is required.',
    ),
    cfg.StrOpt(
        'trustee_domain_name',
        help='Name of the trustee domain (used when trustee_domain_id '
        'is not set).',
    ),
    cfg.StrOpt(
        'trustee_domain_admin_id',
        help='Id of the user that administers the trustee domain and '
        'creates and deletes the trustee users.',
    ),
    cfg.StrOpt(
        'trustee_domain_admin_name',
        help='Name of the trustee domain administrator (used when '
        'trustee_domain_admin_id is not set).',
    ),
    cfg.StrOpt(
        'trustee_domain_admin_domain_id',
        help='Domain id of the trustee domain administrator. Defaults '
        'to the trustee domain.',
    ),
    cfg.StrOpt(
        'trustee_domain_admin_domain_name',
        help='Domain name of the trustee domain administrator (used '
        'when trustee_domain_admin_domain_id is not set).',
    ),
    cfg.StrOpt(
        'trustee_domain_admin_password',
        secret=True,
        help='Password of the trustee domain administrator.',
    ),
    cfg.ListOpt(
        'roles',
        default=[],
        help='Roles delegated by the trusts. Empty: every role the '
        'creating user has in the project of the bay.',
    ),
    cfg.StrOpt(
        'trustee_keystone_interface',
        default='public',
        choices=['public', 'internal', 'admin'],
        help='Interface of the Keystone endpoint handed to the nodes of '
        'a bay, which they use to get trust-scoped tokens.',
    ),
    cfg.BoolOpt(
        'cluster_user_trust',
        default=False,
        help='Whether the trust id and the trustee credentials are '
        'passed to the nodes of a bay (needed by the cloud provider '
        'and other in-cluster OpenStack integrations).',
    ),
]


def register_opts(conf):
    """Register the options of this group on ``conf``."""
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {group: opts}

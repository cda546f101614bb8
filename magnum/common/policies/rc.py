"""Rules of the replication controllers of bays (/v1/rcs).

Reads need a reader of the bay's project, writes a member, as for bays.
"""

from magnum.common.policies import base

PATH = '/v1/rcs'
ITEM = PATH + '/{rc_ident}/{bay_ident}'

rules = base.crud(
    'rc',
    PATH,
    ITEM,
    reader=base.ADMIN_OR_PROJECT_READER,
    writer=base.ADMIN_OR_PROJECT_MEMBER,
    actions=('create', 'delete', 'update', 'get', 'get_all', 'detail'),
)


def list_rules():
    """Return the rules of this resource."""
    return rules

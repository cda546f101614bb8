"""Rules of the pods of bays (/v1/pods).

Reads need a reader of the bay's project, writes a member, as for bays.
"""

from magnum.common.policies import base

PATH = '/v1/pods'
ITEM = PATH + '/{pod_ident}/{bay_ident}'

rules = base.crud(
    'pod',
    PATH,
    ITEM,
    reader=base.ADMIN_OR_PROJECT_READER,
    writer=base.ADMIN_OR_PROJECT_MEMBER,
    actions=('create', 'delete', 'update', 'get', 'get_all', 'detail'),
)


def list_rules():
    """Return the rules of this resource."""
    return rules

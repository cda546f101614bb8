"""Rules of nodegroups."""

from magnum.common.policies import base

PATH = '/v1/clusters/{cluster_id}/nodegroups'
ITEM = PATH + '/{nodegroup}'

rules = base.crud(
    'nodegroup',
    PATH,
    ITEM,
    reader=base.READER,
    writer=base.WRITER,
    actions=('create', 'delete', 'update', 'get', 'get_all'),
    extra=[
        base.admin_rule(
            'nodegroup:get_all_all_projects',
            'List nodegroups of clusters of all projects.',
            PATH,
            'GET',
        ),
        base.admin_rule(
            'nodegroup:get_one_all_projects',
            'Show a nodegroup of any project.',
            ITEM,
            'GET',
        ),
    ],
)


def list_rules():
    """Return the rules of this resource."""
    return rules

"""Rules of clusters (and their legacy name, bays)."""

from oslo_policy import policy

from magnum.common.policies import base

PATH = '/v1/clusters'
ITEM = '/v1/clusters/{cluster_ident}'

rules = base.crud(
    'cluster',
    PATH,
    ITEM,
    reader=base.READER,
    writer=base.WRITER,
    actions=('create', 'delete', 'update', 'get', 'get_all', 'detail'),
    extra=[
        policy.DocumentedRuleDefault(
            name='cluster:resize',
            check_str=base.WRITER,
            description='Resize an existing cluster.',
            scope_types=['project'],
            operations=[{'path': ITEM + '/actions/resize', 'method': 'POST'}],
        ),
        policy.DocumentedRuleDefault(
            name='cluster:upgrade',
            check_str=base.WRITER,
            description='Upgrade an existing cluster.',
            scope_types=['project'],
            operations=[{'path': ITEM + '/actions/upgrade', 'method': 'POST'}],
        ),
        policy.DocumentedRuleDefault(
            name='cluster:update_health_status',
            check_str=base.ADMIN_OR_PROJECT_MEMBER_USER,
            description='Update the health status of a cluster.',
            scope_types=['project'],
            operations=[{'path': ITEM, 'method': 'PATCH'}],
        ),
    ]
    + [
        base.admin_rule(
            'cluster:%s_all_projects' % action,
            'Act on clusters of all projects (%s).' % action,
            path,
            method,
        )
        for action, path, method in (
            ('delete', ITEM, 'DELETE'),
            ('detail', PATH + '/detail', 'GET'),
            ('get_one', ITEM, 'GET'),
            ('get_all', PATH, 'GET'),
            ('update', ITEM, 'PATCH'),
            ('upgrade', ITEM + '/actions/upgrade', 'POST'),
        )
    ],
)


def list_rules():
    """Return the rules of this resource."""
    return rules

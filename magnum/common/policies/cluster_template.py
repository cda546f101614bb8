"""Rules of cluster templates (and their legacy name, baymodels)."""

from oslo_policy import policy

from magnum.common.policies import base

PATH = '/v1/clustertemplates'
ITEM = '/v1/clustertemplates/{clustertemplate_ident}'

rules = base.crud(
    'clustertemplate',
    PATH,
    ITEM,
    reader=base.READER,
    writer=base.WRITER,
    actions=('create', 'delete', 'update', 'get', 'get_all', 'detail'),
    extra=[
        policy.DocumentedRuleDefault(
            name='clustertemplate:publish',
            check_str=base.ROLE_ADMIN,
            description='Publish a cluster template: set public or hidden.',
            operations=[
                {'path': PATH, 'method': 'POST'},
                {'path': ITEM, 'method': 'PATCH'},
            ],
        ),
    ]
    + [
        base.admin_rule(
            'clustertemplate:%s_all_projects' % action,
            'Act on cluster templates of all projects (%s).' % action,
            path,
            method,
        )
        for action, path, method in (
            ('delete', ITEM, 'DELETE'),
            ('detail', PATH + '/detail', 'GET'),
            ('get_one', ITEM, 'GET'),
            ('get_all', PATH, 'GET'),
            ('update', ITEM, 'PATCH'),
        )
    ],
)


def list_rules():
    """Return the rules of this resource."""
    return rules

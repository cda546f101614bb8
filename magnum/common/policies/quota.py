"""Rules of quotas."""

from oslo_policy import policy

from magnum.common.policies import base

PATH = '/v1/quotas'
ITEM = PATH + '/{project_id}/{resource}'

rules = [
    base.admin_rule('quota:create', 'Create quota.', PATH, 'POST'),
    base.admin_rule(
        'quota:delete',
        'Delete quota for a given project_id and resource.',
        ITEM,
        'DELETE',
    ),
    base.admin_rule(
        'quota:update', 'Update quota for a given project_id.', ITEM, 'PATCH'
    ),
    base.admin_rule(
        'quota:get_all', 'Retrieve a list of quotas.', PATH, 'GET'
    ),
    policy.DocumentedRuleDefault(
        name='quota:get',
        check_str=base.ADMIN_OR_PROJECT_READER,
        description='Retrieve Quota information for the given project_id.',
        scope_types=['project'],
        operations=[{'path': ITEM, 'method': 'GET'}],
    ),
]


def list_rules():
    """Return the rules of this resource."""
    return rules

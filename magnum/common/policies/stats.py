"""Rules of usage statistics."""

from oslo_policy import policy

from magnum.common.policies import base

rules = [
    policy.DocumentedRuleDefault(
        name='stats:get_all',
        check_str=base.ADMIN_OR_PROJECT_READER,
        description='Retrieve magnum stats.',
        scope_types=['project'],
        operations=[{'path': '/v1/stats', 'method': 'GET'}],
    ),
]


def list_rules():
    """Return the rules of this resource."""
    return rules

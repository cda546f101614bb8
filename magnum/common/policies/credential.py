"""Rules of bay credentials."""

from oslo_policy import policy

from magnum.common.policies import base

rules = [
    policy.DocumentedRuleDefault(
        name='credential:rotate',
        check_str=base.PROJECT_MEMBER_NOT_BAY,
        description='Rotate the credential of a cluster.',
        scope_types=['project'],
        operations=[
            {'path': '/v1/credentials/{cluster_ident}', 'method': 'PATCH'}
        ],
    ),
]


def list_rules():
    """Return the rules of this resource."""
    return rules

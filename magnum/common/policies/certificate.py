"""Rules of bay certificates."""

from oslo_policy import policy

from magnum.common.policies import base

PATH = '/v1/certificates'
ITEM = PATH + '/{cluster_ident}'

rules = [
    policy.DocumentedRuleDefault(
        name='certificate:create',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_USER,
        description='Sign a new certificate by the CA.',
        scope_types=['project'],
        operations=[{'path': PATH, 'method': 'POST'}],
    ),
    policy.DocumentedRuleDefault(
        name='certificate:get',
        check_str=base.ADMIN_OR_PROJECT_READER_USER,
        description='Retrieve CA information about the given bay/cluster.',
        scope_types=['project'],
        operations=[{'path': ITEM, 'method': 'GET'}],
    ),
    policy.DocumentedRuleDefault(
        name='certificate:rotate_ca',
        check_str=base.WRITER,
        description='Rotate the CA certificate of a bay/cluster.',
        scope_types=['project'],
        operations=[{'path': ITEM, 'method': 'PATCH'}],
    ),
]


def list_rules():
    """Return the rules of this resource."""
    return rules

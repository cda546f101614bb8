"""Rules of the magnum services listing."""

from magnum.common.policies import base

rules = [
    base.admin_rule(
        'magnum-service:get_all',
        'Retrieve a list of magnum-services.',
        '/v1/mservices',
        'GET',
    )
]


def list_rules():
    """Return the rules of this resource."""
    return rules

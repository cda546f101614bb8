"""Tokens scoped to a bay's trust (what the bay's nodes hold) may fetch
and sign certificates and nothing else (rule ``deny_cluster_user``)."""

import pytest

from magnum.common import context
from magnum.common import policy

OWNER = {'project_id': 'p1', 'user_id': 'u1'}


def _context(trust_id):
    return context.RequestContext(
        user_id='u1',
        project_id='p1',
        roles=['member', 'reader'],
        trust_id=trust_id,
    )


@pytest.mark.parametrize('rule', ['certificate:get', 'certificate:create'])
def test_nodes_may_fetch_certificates(conf, rule):
    assert policy.check(_context('trust-1'), rule, OWNER)


@pytest.mark.parametrize(
    'rule',
    [
        'cluster:create',
        'cluster:delete',
        'cluster:update',
        'cluster:get',
        'cluster:get_all',
        'cluster:resize',
        'clustertemplate:create',
        'clustertemplate:get_all',
        'nodegroup:create',
        'credential:rotate',
        'certificate:rotate_ca',
        'pod:create',
        'rc:get_all',
    ],
)
def test_nodes_may_do_nothing_else(conf, rule):
    assert not policy.check(_context('trust-1'), rule, OWNER)
    assert policy.check(_context(None), rule, OWNER)


def test_trust_comes_from_the_validated_token():
    environ = {
        'HTTP_X_USER_ID': 'u1',
        'HTTP_X_PROJECT_ID': 'p1',
        'HTTP_X_ROLES': 'member',
        'keystone.token_info': {
            'token': {
                'OS-TRUST:trust': {'id': 'trust-1', 'impersonation': True}
            }
        },
    }
    ctx = context.RequestContext.from_environ(environ)
    assert ctx.trust_id == 'trust-1'
    assert ctx.to_policy_values()['is_trust'] is True
    plain = context.RequestContext.from_environ(
        {'HTTP_X_USER_ID': 'u1', 'HTTP_X_PROJECT_ID': 'p1'}
    )
    assert plain.trust_id is None
    assert plain.to_policy_values()['is_trust'] is False

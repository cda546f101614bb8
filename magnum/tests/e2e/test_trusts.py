"""Trustee users and trusts of bays against the sandbox's real Keystone.

Uses the ``sandbox`` fixture of the e2e layer (magnum/tests/e2e/conftest.py):
the users demo and demo_reader of project demo, magnum's service user and
the administrator of the trustee domain ``magnum``.
"""

from keystoneauth1 import exceptions as ka_exc
from keystoneauth1 import loading as ka_loading
from oslo_config import cfg
from oslo_utils import uuidutils
import pytest

from magnum import objects
from magnum.common import context
from magnum.common import exception
from magnum.common import keystone
from magnum.common import trust

pytestmark = pytest.mark.e2e
FIELDS = ('trustee_user_id', 'trustee_username', 'trustee_password')


@pytest.fixture
def keystone_conf(conf, sandbox):
    cfg.CONF.register_opts(
        ka_loading.get_auth_plugin_conf_options('password'),
        group='keystone_auth',
    )
    service = sandbox.credentials('magnum')
    admin = sandbox.credentials('trustee_domain_admin')
    conf.config(
        group='keystone_auth',
        auth_type='password',
        auth_url=sandbox.auth_url,
        username=service.username,
        password=service.password,
        project_name=service.project_name,
        user_domain_name='Default',
        project_domain_name='Default',
    )
    conf.config(
        group='trust',
        trustee_domain_name='magnum',
        trustee_domain_admin_name=admin.username,
        trustee_domain_admin_password=admin.password,
    )
    keystone.reset()
    trust.reset()
    yield
    keystone.reset()
    trust.reset()


def _context(sandbox, user):
    session = sandbox.session(user)
    access = session.auth.get_access(session)
    return context.make_context(
        auth_token=access.auth_token,
        user_id=access.user_id,
        project_id=access.project_id,
        roles=access.role_names,
        is_admin=False,
    )


def _bay(ctx):
    cluster = objects.Cluster(ctx)
    cluster.uuid = uuidutils.generate_uuid()
    cluster.project_id = ctx.project_id
    cluster.user_id = ctx.user_id
    for field in FIELDS + ('trust_id',):
        setattr(cluster, field, None)
    return cluster


def _status(path):
    session = trust.admin_session()
    return session.get(
        path, endpoint_override=keystone.auth_url(), raise_exc=False
    ).status_code


@pytest.fixture
def demo_bay(keystone_conf, sandbox):
    ctx = _context(sandbox, 'demo')
    cluster = _bay(ctx)
    yield ctx, cluster
    # Whatever the test left behind goes.
    trust.delete_trustee_and_trust(ctx, cluster)


def test_trust_scoped_token_for_the_trustee(sandbox, demo_bay):
    ctx, cluster = demo_bay
    trust.create_trustee_and_trust(ctx, cluster)
    assert cluster.trustee_username == '%s_%s' % (
        cluster.uuid,
        sandbox.project_id('demo'),
    )
    assert _status('/users/%s' % cluster.trustee_user_id) == 200

    session = trust.trust_session(cluster)
    access = session.auth.get_access(session)
    assert access.trust_scoped
    assert access.trust_id == cluster.trust_id
    # Impersonation: the token acts as demo, in demo's project.
    assert access.user_id == sandbox.user_id('demo')
    assert access.project_id == sandbox.project_id('demo')
    assert set(access.role_names) >= {'member'}

    before = {f: getattr(cluster, f) for f in FIELDS + ('trust_id',)}
    trust.create_trustee_and_trust(ctx, cluster)
    assert {f: getattr(cluster, f) for f in before} == before


def test_another_user_of_the_project_deletes_them(sandbox, demo_bay):
    ctx, cluster = demo_bay
    trust.create_trustee_and_trust(ctx, cluster)
    user_id, trust_id = cluster.trustee_user_id, cluster.trust_id
    stale = trust.trust_session(_copy(ctx, cluster))

    trust.delete_trustee_and_trust(_context(sandbox, 'demo_reader'), cluster)
    assert cluster.trust_id is None
    assert all(getattr(cluster, f) is None for f in FIELDS)
    assert _status('/users/%s' % user_id) == 404
    assert _status('/OS-TRUST/trusts/%s' % trust_id) == 404
    with pytest.raises(ka_exc.Unauthorized):
        stale.get_token()


def test_trustor_deletes_them_and_again(demo_bay):
    ctx, cluster = demo_bay
    trust.create_trustee_and_trust(ctx, cluster)
    user_id = cluster.trustee_user_id
    trust.delete_trustee_and_trust(ctx, cluster)
    assert _status('/users/%s' % user_id) == 404
    trust.delete_trustee_and_trust(ctx, cluster)


def test_a_lost_trustee_is_taken_over(demo_bay):
    ctx, cluster = demo_bay
    trust.create_trustee_and_trust(ctx, cluster)
    first = cluster.trustee_user_id
    for field in FIELDS + ('trust_id',):
        setattr(cluster, field, None)
    trust.create_trustee_and_trust(ctx, cluster)
    assert cluster.trustee_user_id == first
    session = trust.trust_session(cluster)
    assert session.get_token()


def test_a_bad_token_cannot_create_a_trust(demo_bay):
    ctx, cluster = demo_bay
    ctx.auth_token = 'not-a-token'
    with pytest.raises(exception.TrusteeOrTrustToClusterFailed):
        trust.create_trustee_and_trust(ctx, cluster)
    assert cluster.trust_id is None


def _copy(ctx, cluster):
    clone = _bay(ctx)
    for field in FIELDS + ('trust_id', 'uuid'):
        setattr(clone, field, getattr(cluster, field))
    return clone

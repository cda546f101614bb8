"""Tests of magnum.common.trust against an in-memory Keystone.

The identity proxy of openstacksdk is replaced by :class:`FakeKeystone`,
which tells the callers apart by the auth plugin of their session; the
real Keystone path is covered by magnum/tests/e2e/test_trusts.py.
"""

import logging
import types

from keystoneauth1 import loading as ka_loading
from keystoneauth1.identity import v3 as ka_v3
from openstack import exceptions as sdk_exc
from oslo_config import cfg
from oslo_utils import uuidutils
import pytest

from magnum import objects
from magnum.common import context
from magnum.common import exception
from magnum.common import keystone
from magnum.common import trust

TRUST_FIELDS = ('trustee_user_id', 'trustee_username', 'trustee_password')
DOMAIN = 'trustee-domain-id'
SERVICE = object()


class FakeKeystone:
    """Users and trusts in dictionaries; ``refuse`` lists refused callers."""

    def __init__(self):
        self.users = {}
        self.trusts = {}
        self.refuse = set()
        self.callers = []

    def identity(self, session):
        return _FakeIdentity(self, _caller(session))


def _caller(session):
    if session is SERVICE:
        return 'service'
    auth = session.auth
    if isinstance(auth, ka_v3.Password):
        return 'trustee' if auth.trust_id else 'domain_admin'
    return 'user'


class _FakeIdentity:
    def __init__(self, keystone_, caller):
        self.ks = keystone_
        self.caller = caller

    def _check(self, action):
        self.ks.callers.append((action, self.caller))
        if self.caller in self.ks.refuse:
            raise sdk_exc.ForbiddenException('refused')

    def create_user(self, name, password, domain_id, description):
        self._check('create_user')
        if any(u.name == name for u in self.ks.users.values()):
            raise sdk_exc.ConflictException('duplicate user')
        user = types.SimpleNamespace(
            id=uuidutils.generate_uuid(dashed=False),
            name=name,
            password=password,
            domain_id=domain_id,
        )
        self.ks.users[user.id] = user
        return user

    def find_user(self, name, ignore_missing=True, domain_id=None):
        self._check('find_user')
        for user in self.ks.users.values():
            if user.name == name and user.domain_id == domain_id:
                return user
        if not ignore_missing:
            raise sdk_exc.ResourceNotFound('no user')
        return None

    def update_user(self, user, password):
        self._check('update_user')
        user.password = password

    def delete_user(self, user, ignore_missing=True):
        self._check('delete_user')
        user_id = getattr(user, 'id', user)
        self.ks.users.pop(user_id)

    def create_trust(self, **attrs):
        self._check('create_trust')
        trust_ = types.SimpleNamespace(
            id=uuidutils.generate_uuid(dashed=False), **attrs
        )
        self.ks.trusts[trust_.id] = trust_
        return trust_

    def delete_trust(self, trust_id, ignore_missing=True):
        self._check('delete_trust')
        self.ks.trusts.pop(trust_id, None)


@pytest.fixture
def fake_keystone(conf, monkeypatch):
    cfg.CONF.register_opts(
        ka_loading.get_auth_plugin_conf_options('password'),
        group='keystone_auth',
    )
    conf.config(
        group='keystone_auth',
        auth_type='password',
        auth_url='http://keystone.test:5000',
    )
    conf.config(
        group='trust',
        trustee_domain_id=DOMAIN,
        trustee_domain_admin_name='trustee_domain_admin',
        trustee_domain_admin_password='domain-admin-pass',
    )
    fake = FakeKeystone()
    monkeypatch.setattr(trust, '_identity', fake.identity)
    monkeypatch.setattr(keystone, 'service_session', lambda: SERVICE)
    trust.reset()
    yield fake
    trust.reset()


@pytest.fixture
def ctx():
    return context.make_context(
        auth_token='user-token',
        user_id='demo-id',
        project_id='demo-project',
        roles=['member', 'reader'],
        is_admin=False,
    )


@pytest.fixture
def bay(ctx):
    cluster = objects.Cluster(ctx)
    cluster.uuid = uuidutils.generate_uuid()
    cluster.project_id = 'demo-project'
    cluster.user_id = 'demo-id'
    for field in TRUST_FIELDS + ('trust_id',):
        setattr(cluster, field, None)
    return cluster


def test_create_makes_the_trustee_and_the_trust(fake_keystone, ctx, bay):
    trust.create_trustee_and_trust(ctx, bay)
    user = fake_keystone.users[bay.trustee_user_id]
    assert user.name == '%s_demo-project' % bay.uuid
    assert bay.trustee_username == user.name
    assert user.domain_id == DOMAIN
    assert bay.trustee_password == user.password
    assert len(bay.trustee_password) >= 18
    made = fake_keystone.trusts[bay.trust_id]
    assert made.trustor_user_id == 'demo-id'
    assert made.trustee_user_id == bay.trustee_user_id
    assert made.project_id == 'demo-project'
    assert made.is_impersonation is True
    assert made.roles == [{'name': 'member'}, {'name': 'reader'}]
    assert fake_keystone.callers == [
        ('create_user', 'domain_admin'),
        ('create_trust', 'user'),
    ]


def test_passwords_are_random(fake_keystone, ctx, bay):
    other = objects.Cluster(ctx, **{f: None for f in TRUST_FIELDS})
    other.uuid = uuidutils.generate_uuid()
    other.project_id = 'demo-project'
    other.trust_id = None
    trust.create_trustee_and_trust(ctx, bay)
    trust.create_trustee_and_trust(ctx, other)
    assert bay.trustee_password != other.trustee_password


def test_configured_roles_are_delegated(fake_keystone, conf, ctx, bay):
    conf.config(group='trust', roles=['heat_stack_owner'])
    trust.create_trustee_and_trust(ctx, bay)
    roles = fake_keystone.trusts[bay.trust_id].roles
    assert roles == [{'name': 'heat_stack_owner'}]


def test_create_is_idempotent(fake_keystone, ctx, bay):
    trust.create_trustee_and_trust(ctx, bay)
    before = {f: getattr(bay, f) for f in TRUST_FIELDS + ('trust_id',)}
    fake_keystone.callers.clear()
    trust.create_trustee_and_trust(ctx, bay)
    assert {f: getattr(bay, f) for f in before} == before
    assert fake_keystone.callers == []


def test_only_the_missing_trust_is_created(fake_keystone, ctx, bay):
    trust.create_trustee_and_trust(ctx, bay)
    user_id = bay.trustee_user_id
    bay.trust_id = None
    trust.create_trustee_and_trust(ctx, bay)
    assert bay.trustee_user_id == user_id
    assert len(fake_keystone.users) == 1
    assert len(fake_keystone.trusts) == 2


def test_a_left_over_trustee_is_taken_over(fake_keystone, ctx, bay):
    trust.create_trustee_and_trust(ctx, bay)
    user_id = bay.trustee_user_id
    for field in TRUST_FIELDS + ('trust_id',):
        setattr(bay, field, None)
    trust.create_trustee_and_trust(ctx, bay)
    assert bay.trustee_user_id == user_id
    assert fake_keystone.users[user_id].password == bay.trustee_password
    assert len(fake_keystone.users) == 1


def test_keystone_refusal_is_a_500(fake_keystone, ctx, bay):
    fake_keystone.refuse.add('user')
    with pytest.raises(exception.TrusteeOrTrustToClusterFailed) as info:
        trust.create_trustee_and_trust(ctx, bay)
    assert info.value.code == 500
    assert bay.uuid in str(info.value) and 'refused' in str(info.value)
    assert bay.trust_id is None


def test_no_token_is_a_403_before_anything_is_created(fake_keystone, ctx, bay):
    ctx.auth_token = None
    with pytest.raises(exception.NotAuthorized):
        trust.create_trustee_and_trust(ctx, bay)
    assert fake_keystone.users == {}


def test_unconfigured_trustee_domain_is_a_503(fake_keystone, conf, ctx, bay):
    conf.config(group='trust', trustee_domain_id=None)
    with pytest.raises(exception.ServiceUnavailable) as info:
        trust.create_trustee_and_trust(ctx, bay)
    assert 'trustee_domain' in str(info.value)


def test_passwords_are_not_logged(fake_keystone, ctx, bay, caplog):
    caplog.set_level(logging.DEBUG)
    trust.create_trustee_and_trust(ctx, bay)
    trust.delete_trustee_and_trust(ctx, bay)
    assert caplog.records
    for secret in ('domain-admin-pass', 'user-token'):
        assert secret not in caplog.text
    assert not any(
        u.password in caplog.text for u in fake_keystone.users.values()
    )


@pytest.mark.parametrize(
    'user_id, refused, deleter',
    [
        ('demo-id', set(), 'user'),
        ('demo2-id', set(), 'trustee'),
        ('demo-id', {'user'}, 'trustee'),
        ('demo2-id', {'trustee'}, 'service'),
    ],
)
def test_delete_uses_the_best_credentials(
    fake_keystone, ctx, bay, user_id, refused, deleter
):
    trust.create_trustee_and_trust(ctx, bay)
    ctx.user_id = user_id
    fake_keystone.refuse = refused
    fake_keystone.callers.clear()
    trust.delete_trustee_and_trust(ctx, bay)
    assert ('delete_trust', deleter) in fake_keystone.callers
    assert fake_keystone.callers[-1] == ('delete_user', 'domain_admin')
    assert fake_keystone.trusts == {} and fake_keystone.users == {}
    assert all(getattr(bay, f) is None for f in TRUST_FIELDS)
    assert bay.trust_id is None


def test_delete_refused_by_everyone_is_a_500(fake_keystone, ctx, bay):
    trust.create_trustee_and_trust(ctx, bay)
    fake_keystone.refuse = {'user', 'trustee', 'service'}
    with pytest.raises(exception.TrusteeOrTrustDeletionFailed) as info:
        trust.delete_trustee_and_trust(ctx, bay)
    assert info.value.code == 500
    assert bay.trust_id


def test_delete_tolerates_what_is_already_gone(fake_keystone, ctx, bay):
    trust.create_trustee_and_trust(ctx, bay)
    fake_keystone.trusts.clear()
    trust.delete_trustee_and_trust(ctx, bay)
    assert bay.trustee_user_id is None
    trust.delete_trustee_and_trust(ctx, bay)


def test_delete_finds_a_trustee_whose_id_was_lost(fake_keystone, ctx, bay):
    trust.create_trustee_and_trust(ctx, bay)
    for field in TRUST_FIELDS + ('trust_id',):
        setattr(bay, field, None)
    trust.delete_trustee_and_trust(ctx, bay)
    assert fake_keystone.users == {}


def test_delete_without_trust_configuration_does_nothing(
    fake_keystone, conf, ctx, bay
):
    conf.config(group='trust', trustee_domain_id=None)
    trust.delete_trustee_and_trust(ctx, bay)
    assert fake_keystone.callers == []


def test_trust_session_is_the_trustee_scoped_to_the_trust(
    fake_keystone, ctx, bay
):
    trust.create_trustee_and_trust(ctx, bay)
    auth = trust.trust_session(bay).auth
    assert isinstance(auth, ka_v3.Password)
    assert auth.auth_url == 'http://keystone.test:5000/v3'
    assert auth.trust_id == bay.trust_id
    method = auth.auth_methods[0]
    assert method.user_id == bay.trustee_user_id
    assert method.password == bay.trustee_password


def test_trust_session_needs_a_trust(fake_keystone, bay):
    with pytest.raises(exception.ClusterTrustUnavailable) as info:
        trust.trust_session(bay)
    assert info.value.code == 500


@pytest.mark.parametrize(
    'options, expected',
    [
        (
            {'trustee_domain_admin_id': 'admin-id'},
            {'user_id': 'admin-id', 'domain_id': DOMAIN},
        ),
        (
            {},
            {
                'username': 'trustee_domain_admin',
                'user_domain_id': DOMAIN,
                'domain_id': DOMAIN,
            },
        ),
        (
            {
                'trustee_domain_id': None,
                'trustee_domain_name': 'magnum',
            },
            {'user_domain_name': 'magnum', 'domain_name': 'magnum'},
        ),
        (
            {'trustee_domain_admin_domain_name': 'Default'},
            {'user_domain_name': 'Default', 'user_domain_id': None},
        ),
        (
            {'trustee_domain_admin_domain_id': 'default'},
            {'user_domain_id': 'default'},
        ),
    ],
)
def test_domain_admin_credentials(fake_keystone, conf, options, expected):
    conf.config(group='trust', **options)
    auth = trust.admin_session().auth
    method = auth.auth_methods[0]
    for name, value in expected.items():
        owner = auth if name in ('domain_id', 'domain_name') else method
        assert getattr(owner, name) == value, name
    assert method.password == 'domain-admin-pass'


def test_trustee_auth_url_comes_from_the_catalog(conf, monkeypatch):
    asked = {}

    class Catalog:
        def get_endpoint(self, **kwargs):
            asked.update(kwargs)
            return 'https://keystone.public.test/identity/'

    monkeypatch.setattr(keystone, 'service_session', Catalog)
    conf.config(group='trust', trustee_keystone_interface='internal')
    url = trust.trustee_auth_url()
    assert url == 'https://keystone.public.test/identity/v3'
    assert asked['interface'] == 'internal'
    assert asked['service_type'] == 'identity'

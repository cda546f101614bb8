"""Bays as the Heat drivers get them, and a heatclient whose managers are
autospecced."""

import functools
from unittest import mock

from heatclient.v1 import resources as heat_resources
from heatclient.v1 import stacks as heat_stacks
from keystoneauth1 import session as ka_session
import pytest

from magnum.common import context
from magnum.common import keystone
from magnum.drivers.heat import client
from magnum.tests.fakes import bays

BAY_UUID = bays.BAY_UUID
STACK_ID = bays.STACK_ID
make_cluster = functools.partial(
    bays.make_cluster,
    labels={'kube_tag': 'v1.30.4', 'kubelet_options': '--v=2'},
)
make_template = functools.partial(
    bays.make_template,
    labels={'kube_tag': 'v1.29.1', 'flannel_backend': 'host-gw'},
)
make_groups = bays.make_groups


@pytest.fixture
def user_context():
    return context.RequestContext(
        auth_token='user-token', project_id='p1', user_id='u1', is_admin=False
    )


@pytest.fixture
def heat():
    """The heatclient the driver gets (managers autospecced)."""
    fake = mock.Mock(spec=['stacks', 'resources'])
    fake.stacks = mock.create_autospec(heat_stacks.StackManager, instance=True)
    fake.resources = mock.create_autospec(
        heat_resources.ResourceManager, instance=True
    )
    with mock.patch.object(
        client, 'heat', autospec=True, return_value=fake
    ) as factory:
        fake.factory = factory
        yield fake


@pytest.fixture
def sessions(conf):
    """The user's and the service's sessions (no Keystone)."""
    conf.config(
        group='cluster_heat',
        magnum_url='http://127.0.0.1:9511/v1',
        node_auth_url='http://127.0.0.1:5000/v3',
    )
    user = mock.create_autospec(ka_session.Session, instance=True)
    service = mock.create_autospec(ka_session.Session, instance=True)
    with (
        mock.patch.object(
            keystone, 'user_session', autospec=True, return_value=user
        ) as user_session,
        mock.patch.object(
            keystone, 'service_session', autospec=True, return_value=service
        ) as service_session,
    ):
        yield mock.Mock(
            user=user,
            service=service,
            user_session=user_session,
            service_session=service_session,
        )

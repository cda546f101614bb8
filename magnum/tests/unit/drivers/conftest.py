"""Bays as the Heat drivers get them, and a heatclient whose managers are
autospecced."""

from unittest import mock

from heatclient.v1 import resources as heat_resources
from heatclient.v1 import stacks as heat_stacks
from keystoneauth1 import session as ka_session
import pytest

from magnum import objects
from magnum.common import context
from magnum.common import keystone
from magnum.drivers.heat import client

BAY_UUID = '5d12f6fd-a196-4bf9-bd4c-7c3b8f1a9b22'
STACK_ID = '0b7c1b1e-3a8d-4a43-9f5f-1e8c8d1f2a31'


def make_template(**fields):
    values = dict(
        uuid='0a5d6c1e-8b43-4d4b-9a55-3f1f2b7f6a10',
        name='k8s',
        image_id='fedora-coreos-sandbox',
        flavor_id='m1.small',
        master_flavor_id='m1.magnum',
        keypair_id='testkey',
        external_network_id='public',
        dns_nameserver='8.8.8.8',
        network_driver='flannel',
        coe='kubernetes',
        server_type='vm',
        cluster_distro='fedora-coreos',
        tls_disabled=False,
        floating_ip_enabled=True,
        master_lb_enabled=False,
        labels={'kube_tag': 'v1.29.1', 'flannel_backend': 'host-gw'},
        http_proxy=None,
        https_proxy=None,
        no_proxy=None,
        fixed_network=None,
        fixed_subnet=None,
        docker_volume_size=None,
    )
    values.update(fields)
    return objects.ClusterTemplate(**values)


def make_cluster(**fields):
    values = dict(
        uuid=BAY_UUID,
        name='My_bay.one',
        project_id='p1',
        user_id='u1',
        keypair='testkey',
        labels={'kube_tag': 'v1.30.4', 'kubelet_options': '--v=2'},
        fixed_network=None,
        fixed_subnet=None,
        floating_ip_enabled=True,
        master_lb_enabled=False,
        docker_volume_size=None,
        trustee_user_id='trustee-id',
        trustee_username='trustee',
        trustee_password='secret',
        trust_id='trust-id',
        discovery_url=None,
        coe_version=None,
        stack_id=STACK_ID,
    )
    values.update(fields)
    return objects.Cluster(**values)


def make_groups(masters=1, minions=2):
    return [
        objects.NodeGroup(
            uuid='7f7e1f3a-0000-4000-8000-000000000001',
            name='default-master',
            role='master',
            node_count=masters,
            is_default=True,
            stack_id=STACK_ID,
            flavor_id=None,
            image_id=None,
            docker_volume_size=None,
        ),
        objects.NodeGroup(
            uuid='7f7e1f3a-0000-4000-8000-000000000002',
            name='default-worker',
            role='worker',
            node_count=minions,
            is_default=True,
            stack_id=STACK_ID,
            flavor_id=None,
            image_id=None,
            docker_volume_size=None,
        ),
    ]


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

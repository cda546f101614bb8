"""Fixtures of the API unit tests: the real WSGI pipeline, in process."""

from unittest import mock

import pytest
import webtest

from magnum.api import app as api_app
from magnum.conductor import rpcapi
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models

PROJECT_A = 'a0000000000000000000000000000001'
PROJECT_B = 'b0000000000000000000000000000002'
USER_A = 'ua000000000000000000000000000001'
USER_A2 = 'ua000000000000000000000000000002'
USER_B = 'ub000000000000000000000000000001'
ADMIN_PROJECT = 'ad000000000000000000000000000001'

PERSONAS = {
    'admin': {
        'X-User-Id': 'admin-user',
        'X-Project-Id': ADMIN_PROJECT,
        'X-Roles': 'admin,member,reader',
    },
    'member': {
        'X-User-Id': USER_A,
        'X-Project-Id': PROJECT_A,
        'X-Roles': 'member,reader',
    },
    'member2': {
        'X-User-Id': USER_A2,
        'X-Project-Id': PROJECT_A,
        'X-Roles': 'member,reader',
    },
    'reader': {
        'X-User-Id': 'reader-a',
        'X-Project-Id': PROJECT_A,
        'X-Roles': 'reader',
    },
    'other': {
        'X-User-Id': USER_B,
        'X-Project-Id': PROJECT_B,
        'X-Roles': 'member,reader',
    },
}

#: A valid cluster template of the fake cloud's resources.
TEMPLATE = {
    'coe': 'kubernetes',
    'image_id': 'fedora-coreos-sandbox',
    'external_network_id': 'public',
    'keypair_id': 'testkey',
    'flavor_id': 'm1.small',
    'master_flavor_id': 'm1.magnum',
    'name': 'k8s',
    'labels': {'kube_tag': 'v1.32.4'},
}


class Client:
    """A webtest client speaking as one persona at one microversion."""

    def __init__(self, app, persona='member', version=None):
        self.app = app
        self.headers = dict(PERSONAS[persona]) if persona else {}
        if version:
            self.headers['OpenStack-API-Version'] = (
                'container-infra %s' % version
            )

    def as_(self, persona, version=None):
        """Return a client of another persona on the same app."""
        return Client(self.app, persona, version)

    def _do(self, method, url, **kwargs):
        headers = dict(self.headers, **kwargs.pop('headers', {}))
        kwargs.setdefault('expect_errors', True)
        return getattr(self.app, method)(url, headers=headers, **kwargs)

    def get(self, url, **kw):
        return self._do('get', url, **kw)

    def delete(self, url, **kw):
        return self._do('delete', url, **kw)

    def post(self, url, body, **kw):
        return self._do('post_json', url, params=body, **kw)

    def patch(self, url, body, **kw):
        return self._do('patch_json', url, params=body, **kw)


@pytest.fixture(scope='session')
def wsgi_app(database):
    """The API's paste pipeline (auth_strategy noauth)."""
    return api_app.load_app()


@pytest.fixture
def api(wsgi_app):
    """A client of the member persona of project A."""
    return Client(webtest.TestApp(wsgi_app))


#: Every method of the conductor's RPC client.
RPC_METHODS = tuple(
    name
    for name, value in vars(rpcapi.ConductorAPI).items()
    if callable(value) and not name.startswith('_')
)


@pytest.fixture
def rpc():
    """Every method of the conductor's RPC client, autospec'd: the API
    tests never reach a transport. Yields a Mock of the method mocks."""
    patches = {
        n: mock.patch.object(rpcapi.ConductorAPI, n, autospec=True)
        for n in RPC_METHODS
    }
    mocks = {n: p.start() for n, p in patches.items()}
    yield mock.Mock(**mocks)
    for p in patches.values():
        p.stop()


def set_status(uuid, status, **values):
    """Write a bay's status (and other columns) with no operation owed."""
    with db_common.get_engine().begin() as connection:
        connection.execute(
            models.Cluster.__table__.update()
            .where(models.Cluster.uuid == uuid)
            .values(
                status=status, operation=None, operation_args=None, **values
            )
        )

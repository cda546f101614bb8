"""Fixtures shared by the unit and functional layers.

A test process parses one configuration (written to a temporary file) and
gets one throwaway database, migrated to head with the real alembic
migrations; every test then starts from empty tables.
"""

import os
import uuid

import pytest

from magnum.common import cloud
from magnum.common import config
from magnum.common import policy
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import migration
from magnum.db.sqlalchemy import models
from magnum.tests import db_backends
from magnum.tests.fakes import cloud as fake_cloud

CONF = config.CONF
RABBIT_URL = os.environ.get(
    'MAGNUM_TEST_RABBIT_URL', 'rabbit://guest:guest@127.0.0.1:5672/'
)
#: A topic of its own per test process: parallel runs never meet.
TEST_TOPIC = 'magnum-conductor-test-%s' % uuid.uuid4().hex[:8]

_CONFIG = """
[DEFAULT]
auth_strategy = noauth
transport_url = %(rabbit)s
host = test-conductor-%(suffix)s
[conductor]
topic = %(topic)s
rpc_timeout = 20
heartbeat_interval = 1
[database]
connection = %(db)s
[oslo_messaging_rabbit]
amqp_durable_queues = false
amqp_auto_delete = true
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
policy_file = %(policy)s
[oslo_concurrency]
lock_path = %(tmp)s
"""


@pytest.fixture(scope='session')
def database(tmp_path_factory):
    """Create and migrate this process's database; drop it at the end."""
    tmp = tmp_path_factory.mktemp('magnum')
    db = db_backends.Database(db_backends.backend(), str(tmp))
    db.create()
    path = tmp / 'magnum.conf'
    path.write_text(
        _CONFIG
        % {
            'rabbit': RABBIT_URL,
            'topic': TEST_TOPIC,
            'db': db.url,
            'tmp': tmp,
            'suffix': uuid.uuid4().hex[:6],
            'policy': tmp / 'policy.yaml',
        }
    )
    config.parse_args(['--config-file', str(path)])
    migration.upgrade('head')
    yield db
    db_common.get_engine().dispose()
    db.drop()


class ConfOverrides:
    """Override options for one test; :meth:`undo` restores them."""

    def __init__(self):
        self._done = []

    def config(self, group=None, **kwargs):
        """Override options of ``group`` (None: DEFAULT)."""
        for name, value in kwargs.items():
            CONF.set_override(name, value, group=group)
            self._done.append((name, group))

    def undo(self):
        """Clear every override made through this object."""
        for name, group in reversed(self._done):
            CONF.clear_override(name, group=group)
        self._done = []


@pytest.fixture
def conf(database):
    """The parsed configuration; overrides are undone after the test."""
    overrides = ConfOverrides()
    policy.reset()
    yield overrides
    overrides.undo()
    policy.reset()


def empty_tables():
    """Delete every row of every table."""
    engine = db_common.get_engine()
    with engine.begin() as connection:
        for table in reversed(models.Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def clean_db(conf):
    """Empty every table before the test."""
    empty_tables()
    yield


@pytest.fixture
def fake_cloud_lookup():
    """Install an in-memory cloud for the resource checks."""
    lookup = fake_cloud.FakeCloud()
    cloud.set_lookup(lookup)
    yield lookup
    cloud.set_lookup(None)

"""Schema migrations walked revision by revision on the test's backend.

The run's database backend (``MAGNUM_TEST_DB``: SQLite, MariaDB or
PostgreSQL) gets a database of its own here: every revision is applied in
order and checked, then the result is compared with the models.
"""

from alembic import autogenerate
from alembic import migration as alembic_migration
from alembic import script as alembic_script
import pytest
import sqlalchemy as sa

from magnum.db.sqlalchemy import migration
from magnum.db.sqlalchemy import models
from magnum.tests import db_backends


@pytest.fixture
def engine(tmp_path):
    db = db_backends.Database(db_backends.backend(), str(tmp_path))
    db.create()
    engine = sa.create_engine(db.url)
    yield engine
    engine.dispose()
    db.drop()


def _revisions():
    scripts = alembic_script.ScriptDirectory.from_config(migration._config())
    return list(reversed(list(scripts.walk_revisions())))


def _columns(engine, table):
    return {c['name'] for c in sa.inspect(engine).get_columns(table)}


def _check_6582b3b1f4d9(engine):
    tables = set(sa.inspect(engine).get_table_names())
    assert {
        'cluster_template',
        'cluster',
        'nodegroup',
        'x509keypair',
        'magnum_service',
        'quotas',
        'pod',
        'service',
        'replicationcontroller',
    } <= tables
    assert 'reservation' in _columns(engine, 'cluster')
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                'INSERT INTO cluster (uuid, name, status) '
                "VALUES ('u-1', 'kept', 'CREATE_COMPLETE')"
            )
        )


def _check_3f0c1a7e9b21(engine):
    assert {
        'operation',
        'operation_args',
        'operation_submitted_at',
    } <= _columns(engine, 'cluster')
    assert 'project_lock' in sa.inspect(engine).get_table_names()
    with engine.connect() as connection:
        name = connection.execute(
            sa.text("SELECT name FROM cluster WHERE uuid = 'u-1'")
        ).scalar()
    assert name == 'kept'


def test_every_revision_has_a_check():
    for script in _revisions():
        assert '_check_%s' % script.revision in globals(), (
            'add a _check_%s to this module' % script.revision
        )


def test_walk_every_revision(engine):
    for script in _revisions():
        migration.upgrade(script.revision, engine=engine)
        with engine.connect() as connection:
            current = alembic_migration.MigrationContext.configure(
                connection
            ).get_current_revision()
        assert current == script.revision
        globals()['_check_%s' % script.revision](engine)
    assert migration.version(engine=engine) == migration.head()


def test_models_match_migrations(engine):
    migration.upgrade('head', engine=engine)
    with engine.connect() as connection:
        context = alembic_migration.MigrationContext.configure(
            connection, opts={'compare_type': True}
        )
        diff = autogenerate.compare_metadata(context, models.Base.metadata)
    assert diff == []


def test_upgrade_is_idempotent(engine):
    migration.upgrade('head', engine=engine)
    migration.upgrade('head', engine=engine)
    assert migration.version(engine=engine) == migration.head()

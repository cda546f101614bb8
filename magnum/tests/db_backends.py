"""Throwaway databases for tests on SQLite, MariaDB and PostgreSQL.

``MAGNUM_TEST_DB`` chooses the backend of a test run: ``sqlite``
(default), ``mysql`` (MariaDB on 127.0.0.1:3306 as root) or ``postgresql``
(127.0.0.1:5432, user postgres, trust authentication). Each test process
gets a database of its own, dropped at the end.
"""

import os
import uuid

import sqlalchemy as sa

BACKEND_ENV = 'MAGNUM_TEST_DB'
ADMIN_URLS = {
    'mysql': os.environ.get(
        'MAGNUM_TEST_MYSQL_URL', 'mysql+pymysql://root@127.0.0.1:3306/'
    ),
    'postgresql': os.environ.get(
        'MAGNUM_TEST_POSTGRESQL_URL',
        'postgresql+psycopg2://postgres@127.0.0.1:5432/postgres',
    ),
}


def _sqlite_begin(connection):
    # oslo.db's engines begin SQLite transactions themselves (a plain
    # BEGIN, unless this marker says one was begun): this runs first.
    if (
        connection.dialect.name == 'sqlite'
        and 'in_transaction' not in connection.info
    ):
        connection.exec_driver_sql('BEGIN IMMEDIATE')
        connection.info['in_transaction'] = True


def serialize_sqlite_transactions():
    """Have SQLite transactions take the write lock when they begin.

    The functional tests run the API and the conductor in one process,
    each thread on a connection of its own to one database file. pysqlite
    begins transactions deferred: one that reads, then writes while
    another holds the write lock, fails at once with "database is locked"
    instead of waiting. ``BEGIN IMMEDIATE`` makes it wait (up to the
    driver's busy timeout) for the lock from the start, as MariaDB and
    PostgreSQL rows locks make the other backends wait.
    """
    if not sa.event.contains(sa.engine.Engine, 'begin', _sqlite_begin):
        sa.event.listen(sa.engine.Engine, 'begin', _sqlite_begin)


def backend():
    """Return the backend this run uses."""
    name = os.environ.get(BACKEND_ENV, 'sqlite')
    if name not in ('sqlite', 'mysql', 'postgresql'):
        raise ValueError(
            '%s must be sqlite, mysql or postgresql, not %r'
            % (BACKEND_ENV, name)
        )
    return name


class Database:
    """One throwaway database of the selected backend."""

    def __init__(self, name, directory):
        self.backend = name
        self.name = 'magnum_test_%s' % uuid.uuid4().hex[:12]
        self.directory = directory

    @property
    def url(self):
        """The SQLAlchemy URL of the database."""
        if self.backend == 'sqlite':
            return 'sqlite:///%s' % os.path.join(
                self.directory, self.name + '.sqlite'
            )
        admin = sa.engine.make_url(ADMIN_URLS[self.backend])
        url = admin.set(database=self.name)
        if self.backend == 'mysql':
            url = url.update_query_dict({'charset': 'utf8mb4'})
        return url.render_as_string(hide_password=False)

    def create(self):
        """Create the (empty) database."""
        if self.backend == 'sqlite':
            serialize_sqlite_transactions()
            return
        self._admin_execute('CREATE DATABASE %s' % self.name)

    def drop(self):
        """Drop the database."""
        if self.backend == 'sqlite':
            path = os.path.join(self.directory, self.name + '.sqlite')
            if os.path.exists(path):
                os.unlink(path)
            return
        if self.backend == 'postgresql':
            self._admin_execute(
                'SELECT pg_terminate_backend(pid) FROM pg_stat_activity '
                "WHERE datname = '%s' AND pid <> pg_backend_pid()" % self.name
            )
        self._admin_execute('DROP DATABASE IF EXISTS %s' % self.name)

    def _admin_execute(self, statement):
        engine = sa.create_engine(
            ADMIN_URLS[self.backend], isolation_level='AUTOCOMMIT'
        )
        try:
            with engine.connect() as connection:
                connection.execute(sa.text(statement))
        finally:
            engine.dispose()

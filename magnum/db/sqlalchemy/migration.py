"""Schema migrations with alembic (the ``sqlalchemy`` migration backend)."""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from magnum.db.sqlalchemy import common

_INI = os.path.join(os.path.dirname(__file__), 'alembic.ini')


def _config(connection=None):
    config = alembic_config.Config(_INI)
    config.set_main_option(
        'script_location', os.path.join(os.path.dirname(__file__), 'alembic')
    )
    if connection is not None:
        config.attributes['connection'] = connection
    return config


def _with_connection(fn, engine=None):
    engine = engine or common.get_engine()
    with engine.begin() as connection:
        return fn(connection)


def upgrade(version='head', engine=None):
    """Upgrade the schema to ``version`` (default: the newest)."""
    _with_connection(
        lambda c: alembic_command.upgrade(_config(c), version or 'head'),
        engine,
    )


def stamp(version, engine=None):
    """Record ``version`` as the current revision without migrating."""
    _with_connection(
        lambda c: alembic_command.stamp(_config(c), version), engine
    )


def version(engine=None):
    """Return the current revision of the database, or None."""

    def current(connection):
        return alembic_migration.MigrationContext.configure(
            connection
        ).get_current_revision()

    return _with_connection(current, engine)


def head():
    """Return the newest revision the code ships."""
    return alembic_script.ScriptDirectory.from_config(
        _config()
    ).get_current_head()


def pending(current):
    """Return the revisions, newest first, between ``current`` and head.

    :param current: a revision id, or None for an empty database.
    :raises: alembic's CommandError when ``current`` is not a revision
        this code ships (a database migrated by a newer release).
    """
    scripts = alembic_script.ScriptDirectory.from_config(_config())
    if current is not None:
        scripts.get_revision(current)
    return [
        (r.revision, (r.doc or '').strip().splitlines()[0] if r.doc else '')
        for r in scripts.iterate_revisions('heads', current or 'base')
        if r.revision != current
    ]


def revision(message=None, autogenerate=False, engine=None):
    """Create a new migration script (for developers)."""
    _with_connection(
        lambda c: alembic_command.revision(
            _config(c), message=message, autogenerate=autogenerate
        ),
        engine,
    )

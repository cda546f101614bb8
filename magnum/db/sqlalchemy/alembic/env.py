"""Alembic environment: runs migrations on magnum's configured engine."""

from alembic import context

from magnum.db.sqlalchemy import models

target_metadata = models.Base.metadata


def run_migrations_online():
    """Run migrations with the connection given by migration.py."""
    connection = context.config.attributes.get('connection')
    if connection is None:
        from magnum.db.sqlalchemy import common

        with common.get_engine().connect() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection):
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()

"""Database migration entry points, dispatched to the backend."""

from stevedore import driver

_BACKEND = None


def _backend():
    global _BACKEND
    if _BACKEND is None:
        _BACKEND = driver.DriverManager(
            'magnum.database.migration_backend', 'sqlalchemy'
        ).driver
    return _BACKEND


def upgrade(version=None):
    """Upgrade the database schema to ``version`` (default: head)."""
    return _backend().upgrade(version or 'head')


def version():
    """Return the database's current schema revision."""
    return _backend().version()


def head():
    """Return the newest schema revision of the code."""
    return _backend().head()


def pending(version):
    """Return ``[(revision, title)]`` from head down to above ``version``.

    :raises: an error of the backend when ``version`` is unknown to it.
    """
    return _backend().pending(version)


def stamp(version):
    """Mark the database as being at ``version``."""
    return _backend().stamp(version)


def revision(message, autogenerate):
    """Create a new migration script."""
    return _backend().revision(message=message, autogenerate=autogenerate)

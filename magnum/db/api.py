"""The database interface of magnum.

Code outside ``magnum.db`` talks to the database only through
:func:`get_instance`, whose methods are documented in the backend
(``magnum.db.sqlalchemy.api.Connection``). Every method takes the request
context first; list methods apply the tenancy rules of the resource.
"""

from oslo_config import cfg
from oslo_db import api as db_api

_BACKEND_MAPPING = {'sqlalchemy': 'magnum.db.sqlalchemy.api'}
_IMPL = None


def get_instance():
    """Return the database backend (loaded on first use)."""
    global _IMPL
    if _IMPL is None:
        _IMPL = db_api.DBAPI.from_config(
            cfg.CONF, backend_mapping=_BACKEND_MAPPING, lazy=True
        )
    return _IMPL

"""Options of the [database] group (oslo.db) with magnum's defaults."""

from oslo_db import options as db_options

_DEFAULT_CONNECTION = 'sqlite:///magnum.sqlite'


def register_opts(conf):
    """Register oslo.db's options and magnum's default connection."""
    db_options.set_defaults(conf, connection=_DEFAULT_CONNECTION)


def list_opts():
    """Return the options of this group for the sample generator."""
    return {'database': db_options.database_opts}

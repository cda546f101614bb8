"""magnum-db-manage: schema migrations of magnum's database."""

import sys

from oslo_config import cfg

from magnum.common import config
from magnum.db import migration

CONF = cfg.CONF


def do_upgrade():
    """Upgrade the schema to a revision (default: head)."""
    migration.upgrade(CONF.command.revision)


def do_version():
    """Print the current revision of the database."""
    print(migration.version())


def do_stamp():
    """Mark the database as being at a revision, without migrating."""
    migration.stamp(CONF.command.revision)


def do_revision():
    """Create a new migration script (developers)."""
    migration.revision(CONF.command.message, CONF.command.autogenerate)


def add_command_parsers(subparsers):
    """Declare the sub-commands of magnum-db-manage."""
    parser = subparsers.add_parser('upgrade', help=do_upgrade.__doc__)
    parser.set_defaults(func=do_upgrade)
    parser.add_argument('revision', nargs='?', default='head')

    parser = subparsers.add_parser('stamp', help=do_stamp.__doc__)
    parser.add_argument('revision')
    parser.set_defaults(func=do_stamp)

    parser = subparsers.add_parser('version', help=do_version.__doc__)
    parser.set_defaults(func=do_version)

    parser = subparsers.add_parser('revision', help=do_revision.__doc__)
    parser.add_argument('-m', '--message')
    parser.add_argument('--autogenerate', action='store_true')
    parser.set_defaults(func=do_revision)


command_opt = cfg.SubCommandOpt(
    'command',
    title='Command',
    help='Available commands',
    handler=add_command_parsers,
)


def main():
    """Entry point of magnum-db-manage."""
    CONF.register_cli_opt(command_opt)
    config.parse_args(sys.argv[1:], program='magnum-db-manage')
    CONF.command.func()

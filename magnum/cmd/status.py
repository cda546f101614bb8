"""magnum-status: upgrade checks (oslo.upgradecheck).

``magnum-status upgrade check`` runs every check below against the
configuration files it is given and exits 0 (success), 1 (warning) or 2
(failure), as every OpenStack service's status command does.
"""

import sys

from oslo_policy import opts as policy_opts
from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck

import magnum.conf
from magnum.db import migration
from magnum.drivers import registry
from magnum.i18n import _

CONF = magnum.conf.CONF
SUCCESS = upgradecheck.Code.SUCCESS
WARNING = upgradecheck.Code.WARNING
FAILURE = upgradecheck.Code.FAILURE
UPGRADE_HINT = _('run "magnum-db-manage upgrade" before starting magnum')


def schema_result(current, head, pending):
    """Judge the database's schema revision against the code's head.

    :param current: the database's revision (None: no schema at all).
    :param head: the newest revision this release ships.
    :param pending: ``[(revision, title)]`` not yet applied, newest first.
    :returns: an ``upgradecheck.Result``.
    """
    if current == head:
        return upgradecheck.Result(
            SUCCESS, _('The schema is at head (%s).') % head
        )
    if current is None:
        return upgradecheck.Result(
            FAILURE,
            _(
                'The database has no magnum schema (is [database] '
                'connection the right database?); %s.'
            )
            % UPGRADE_HINT,
        )
    steps = '; '.join(
        '%s (%s)' % (rev, title) if title else rev
        for rev, title in reversed(pending)
    )
    return upgradecheck.Result(
        FAILURE,
        _(
            'The database schema is at %(current)s, %(count)d migration(s) '
            'behind this release (head %(head)s); not applied: %(steps)s. '
            '%(hint)s.'
        )
        % {
            'current': current,
            'count': len(pending),
            'head': head,
            'steps': steps,
            'hint': UPGRADE_HINT.capitalize(),
        },
    )


class Checks(upgradecheck.UpgradeCommands):
    """The checks ``magnum-status upgrade check`` runs."""

    def _check_database_head(self):
        """The database schema is at the head revision of this release."""
        try:
            current = migration.version()
        except Exception as e:  # noqa: BLE001 - report any failure
            return upgradecheck.Result(
                FAILURE,
                _('Cannot read the schema version of the database: %s') % e,
            )
        head = migration.head()
        try:
            pending = migration.pending(current)
        except Exception:  # noqa: BLE001 - an unknown revision
            return upgradecheck.Result(
                FAILURE,
                _(
                    'The database schema is at %(current)s, a revision '
                    'this release does not ship (head %(head)s): the '
                    'database was migrated by a newer release of magnum.'
                )
                % {'current': current, 'head': head},
            )
        return schema_result(current, head, pending)

    def _check_drivers(self):
        """At least one COE driver is installed and enabled."""
        drivers = registry.enabled_drivers()
        if not drivers:
            return upgradecheck.Result(
                FAILURE,
                _(
                    'No COE driver is installed and enabled, so no bay '
                    'can be created: install a driver package or remove '
                    'names from [drivers] disabled_drivers (now: %s).'
                )
                % (', '.join(CONF.drivers.disabled_drivers) or _('empty')),
            )
        return upgradecheck.Result(
            SUCCESS,
            _('Enabled drivers: %s') % ', '.join(sorted(drivers)),
        )

    _upgrade_checks = (
        (_('Database schema'), _check_database_head),
        (_('COE drivers'), _check_drivers),
        (
            _('Policy File JSON to YAML Migration'),
            (common_checks.check_policy_json, {'conf': CONF}),
        ),
    )


def main(argv=None):
    """Entry point of magnum-status."""
    policy_opts.set_defaults(CONF)
    return upgradecheck.main(
        CONF,
        project='magnum',
        upgrade_command=Checks(),
        argv=sys.argv[1:] if argv is None else argv,
    )

"""magnum-status: upgrade checks (oslo.upgradecheck)."""

import sys

from oslo_policy import opts as policy_opts
from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck

import magnum.conf
from magnum.db import migration
from magnum.drivers import registry
from magnum.i18n import _

CONF = magnum.conf.CONF


class Checks(upgradecheck.UpgradeCommands):
    """The checks ``magnum-status upgrade check`` runs."""

    def _check_database_head(self):
        try:
            current = migration.version()
        except Exception as e:  # noqa: BLE001 - report any failure
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                _('Cannot read the database schema version: %s') % e,
            )
        head = migration.head()
        if current != head:
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                _(
                    'The database schema is at %(current)s but this release '
                    'needs %(head)s; run "magnum-db-manage upgrade".'
                )
                % {'current': current, 'head': head},
            )
        return upgradecheck.Result(upgradecheck.Code.SUCCESS)

    def _check_drivers(self):
        drivers = registry.enabled_drivers()
        if not drivers:
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                _(
                    'No COE driver is installed and enabled; check '
                    '[drivers] disabled_drivers.'
                ),
            )
        return upgradecheck.Result(
            upgradecheck.Code.SUCCESS,
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


def main():
    """Entry point of magnum-status."""
    policy_opts.set_defaults(CONF)
    return upgradecheck.main(
        CONF, project='magnum', upgrade_command=Checks(), argv=sys.argv[1:]
    )

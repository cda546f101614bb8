"""Entry point of oslo-config-generator for magnum's own options."""

from oslo_log import log

import magnum.conf


def list_opts():
    """Return ``[(group, [opts])]`` for every option group of magnum."""
    result = {}
    for module in magnum.conf.ALL_MODULES:
        for group, opts in module.list_opts().items():
            result.setdefault(group, []).extend(opts)
    return [(group, opts) for group, opts in result.items()]


def set_defaults():
    """Set magnum's defaults of library options (oslo.log)."""
    log.set_defaults(
        default_log_levels=log.get_default_log_levels()
        + ['kubernetes.client.rest=INFO', 'stevedore=INFO', 'alembic=WARN']
    )

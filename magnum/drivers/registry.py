"""Which COE drivers are installed and enabled, and what they provide.

This module never imports a driver: it reads the ``magnum.driver_provides``
entry points, which point at plain data (see ``magnum.drivers.heat.provides``),
so the API validates templates without the drivers' dependencies.
"""

import functools
from importlib import metadata

from oslo_config import cfg

from magnum.common import exception

CONF = cfg.CONF
DRIVER_GROUP = 'magnum.drivers'
PROVIDES_GROUP = 'magnum.driver_provides'


@functools.lru_cache(maxsize=1)
def _installed():
    names = {ep.name for ep in metadata.entry_points(group=DRIVER_GROUP)}
    provides = {}
    for ep in metadata.entry_points(group=PROVIDES_GROUP):
        if ep.name in names:
            provides[ep.name] = tuple(
                (p['server_type'], p['os'], p['coe']) for p in ep.load()
            )
    return provides


def enabled_drivers():
    """Return ``{name: ((server_type, os, coe), ...)}`` of enabled drivers."""
    disabled = set(CONF.drivers.disabled_drivers)
    return {
        name: provides
        for name, provides in _installed().items()
        if name not in disabled
    }


def driver_name_for(server_type, os_distro, coe, driver=None):
    """Return the name of the driver that builds such bays.

    :param driver: a driver the template names explicitly, if any.
    :raises: ClusterDriverNotSupported (HTTP 400) for an unknown or
        disabled ``driver``; ClusterTypeNotSupported (HTTP 400) when no
        enabled driver provides ``(server_type, os_distro, coe)``.
    """
    drivers = enabled_drivers()
    if driver:
        if driver not in drivers:
            raise exception.ClusterDriverNotSupported(driver_name=driver)
        return driver
    wanted = (server_type, os_distro, coe)
    for name in sorted(drivers):
        if wanted in drivers[name]:
            return name
    raise exception.ClusterTypeNotSupported(
        server_type=server_type, os=os_distro, coe=coe
    )

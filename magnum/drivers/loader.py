"""Load the driver object of a bay (conductor side only).

Driver objects are shared per process. ``install`` puts a given object in
place of a driver; the tests use it to run the conductor without Heat.
"""

import threading

from stevedore import driver as stevedore_driver

from magnum.drivers import registry

_LOADED = {}
_LOCK = threading.Lock()


def load(name):
    """Return the (shared) driver object registered as ``name``."""
    with _LOCK:
        if name not in _LOADED:
            _LOADED[name] = stevedore_driver.DriverManager(
                registry.DRIVER_GROUP, name, invoke_on_load=True
            ).driver
        return _LOADED[name]


def install(name, driver):
    """Use ``driver`` for bays of driver ``name`` (None: load it again)."""
    with _LOCK:
        if driver is None:
            _LOADED.pop(name, None)
        else:
            _LOADED[name] = driver


def for_template(template):
    """Return the driver that builds bays of ``template``.

    :raises: ClusterTypeNotSupported, ClusterDriverNotSupported (HTTP 400).
    """
    return load(
        registry.driver_name_for(
            template.server_type,
            template.cluster_distro,
            template.coe,
            template.driver,
        )
    )

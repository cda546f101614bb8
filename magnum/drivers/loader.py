"""Load the driver object of a bay (conductor side only)."""

import functools

from stevedore import driver as stevedore_driver

from magnum.drivers import registry


@functools.lru_cache(maxsize=None)
def load(name):
    """Return the (shared) driver object registered as ``name``."""
    return stevedore_driver.DriverManager(
        registry.DRIVER_GROUP, name, invoke_on_load=True
    ).driver


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

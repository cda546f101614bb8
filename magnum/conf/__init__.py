"""Configuration options of magnum, one module per option group.

Every module exposes ``register_opts(conf)`` and ``list_opts()``;
``magnum.conf.CONF`` has all of them registered on import.
"""

from oslo_config import cfg

from magnum.conf import api
from magnum.conf import certificates
from magnum.conf import cloud_lookup
from magnum.conf import cluster_template
from magnum.conf import conductor
from magnum.conf import database
from magnum.conf import default
from magnum.conf import drivers
from magnum.conf import heat
from magnum.conf import keystone
from magnum.conf import kubernetes
from magnum.conf import manifest
from magnum.conf import quotas
from magnum.conf import trust
from magnum.conf import x509

CONF = cfg.CONF

ALL_MODULES = (
    default,
    api,
    certificates,
    cloud_lookup,
    cluster_template,
    conductor,
    database,
    drivers,
    heat,
    keystone,
    kubernetes,
    manifest,
    quotas,
    trust,
    x509,
)

for _module in ALL_MODULES:
    _module.register_opts(CONF)

"""The SQLAlchemy backend of :mod:`magnum.db.api`.

``Connection`` gathers one mixin per resource; every public method opens
its own transaction through oslo.db's enginefacade (``@reader`` /
``@writer``), so one call is one transaction.
"""

from magnum.db.sqlalchemy import cluster_templates
from magnum.db.sqlalchemy import clusters
from magnum.db.sqlalchemy import k8s_resources
from magnum.db.sqlalchemy import magnum_services
from magnum.db.sqlalchemy import nodegroups
from magnum.db.sqlalchemy import quotas
from magnum.db.sqlalchemy import x509keypairs


def get_backend():
    """Return the backend object (the oslo.db DBAPI hook)."""
    return Connection()


class Connection(
    cluster_templates.ClusterTemplateQueries,
    clusters.ClusterQueries,
    k8s_resources.K8sResourceQueries,
    magnum_services.MagnumServiceQueries,
    nodegroups.NodeGroupQueries,
    quotas.QuotaQueries,
    x509keypairs.X509KeyPairQueries,
):
    """The database API of magnum on SQLAlchemy."""

"""Versioned objects: the representation of magnum's resources on RPC."""

from magnum.objects import cluster
from magnum.objects import cluster_template
from magnum.objects import magnum_service
from magnum.objects import nodegroup
from magnum.objects import quota

Cluster = cluster.Cluster
ClusterTemplate = cluster_template.ClusterTemplate
MagnumService = magnum_service.MagnumService
NodeGroup = nodegroup.NodeGroup
Quota = quota.Quota

__all__ = ('Cluster', 'ClusterTemplate', 'MagnumService', 'NodeGroup', 'Quota')

"""Versioned objects: the representation of magnum's resources on RPC."""

from magnum.objects import cluster
from magnum.objects import cluster_template
from magnum.objects import magnum_service
from magnum.objects import nodegroup
from magnum.objects import pod
from magnum.objects import quota
from magnum.objects import rc
from magnum.objects import service

Cluster = cluster.Cluster
ClusterTemplate = cluster_template.ClusterTemplate
MagnumService = magnum_service.MagnumService
NodeGroup = nodegroup.NodeGroup
Pod = pod.Pod
Quota = quota.Quota
ReplicationController = rc.ReplicationController
Service = service.Service

__all__ = (
    'Cluster',
    'ClusterTemplate',
    'MagnumService',
    'NodeGroup',
    'Pod',
    'Quota',
    'ReplicationController',
    'Service',
)

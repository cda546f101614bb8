"""Versioned objects: the representation of magnum's resources on RPC."""

from magnum.objects import cluster_template
from magnum.objects import magnum_service
from magnum.objects import quota

ClusterTemplate = cluster_template.ClusterTemplate
MagnumService = magnum_service.MagnumService
Quota = quota.Quota

__all__ = ('ClusterTemplate', 'MagnumService', 'Quota')

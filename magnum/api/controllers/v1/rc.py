"""/v1/rcs: replication controllers in bays (the Liberty API)."""

from magnum.api.controllers.v1 import k8s_resource
from magnum.api.controllers.v1 import types


class ReplicationControllersController(k8s_resource.K8sResourceController):
    """Replication controllers: their images, template labels and desired
    replicas as last seen in the bay; PATCH of ``replicas`` scales."""

    RESOURCE = 'rc'
    COLLECTION = 'rcs'
    BODY = k8s_resource.body_type('ReplicationControllerBody')
    SUMMARY = ('uuid', 'name', 'images', 'bay_uuid', 'labels', 'replicas')
    PATCHABLE = k8s_resource.MANIFEST_FIELDS + ('replicas',)
    PATCH_TYPES = {'replicas': types.IntegerType(minimum=0)}

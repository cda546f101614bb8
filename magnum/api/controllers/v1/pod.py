"""/v1/pods: pods in bays (the Liberty API of python-magnumclient 2.1)."""

from wsme import types as wtypes

from magnum.api.controllers.v1 import k8s_resource
from magnum.api.controllers.v1 import types

_DESC = types.string(min_length=0, max_length=255)


class PodsController(k8s_resource.K8sResourceController):
    """Pods: their images, labels, phase (``status``) and node
    (``host``) as last seen in the bay, and a free ``desc``."""

    RESOURCE = 'pod'
    COLLECTION = 'pods'
    BODY = k8s_resource.body_type('PodBody', desc=wtypes.wsattr(_DESC))
    SUMMARY = (
        'uuid',
        'name',
        'desc',
        'bay_uuid',
        'images',
        'labels',
        'status',
        'host',
    )
    PATCHABLE = k8s_resource.MANIFEST_FIELDS + ('desc',)
    PATCH_TYPES = {'desc': _DESC}
    REMOVABLE = ('desc',)

"""/v1/services: Kubernetes services in bays (python-magnumclient 2.1's
``coe-service-*`` commands)."""

from magnum.api.controllers.v1 import k8s_resource


class ServicesController(k8s_resource.K8sResourceController):
    """Services: their labels, selector, cluster IP (``ip``) and ports as
    last seen in the bay."""

    RESOURCE = 'service'
    COLLECTION = 'services'
    BODY = k8s_resource.body_type('ServiceBody')
    SUMMARY = ('uuid', 'name', 'bay_uuid', 'labels', 'selector', 'ip', 'ports')

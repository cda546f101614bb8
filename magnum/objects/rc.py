"""The ReplicationController object: an rc magnum created in a bay."""

from oslo_versionedobjects import fields

from magnum.common import exception
from magnum.objects import base
from magnum.objects import k8s_resource


@base.MagnumObjectRegistry.register
class ReplicationController(k8s_resource.K8sResource):
    """A replication controller, with its desired replicas as last seen."""

    # Version 1.0: Initial version
    VERSION = '1.0'
    RESOURCE = 'rc'
    NOT_FOUND = exception.ReplicationControllerNotFound

    fields = {
        **k8s_resource.COMMON_FIELDS,
        'images': fields.ListOfStringsField(nullable=True),
        'replicas': fields.IntegerField(nullable=True),
    }

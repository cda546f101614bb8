"""The Pod object: a pod magnum created in a bay."""

from oslo_versionedobjects import fields

from magnum.common import exception
from magnum.objects import base
from magnum.objects import k8s_resource


@base.MagnumObjectRegistry.register
class Pod(k8s_resource.K8sResource):
    """A pod, with its phase and node as last seen in the bay."""

    # Version 1.0: Initial version
    VERSION = '1.0'
    RESOURCE = 'pod'
    NOT_FOUND = exception.PodNotFound

    fields = {
        **k8s_resource.COMMON_FIELDS,
        'desc': fields.StringField(nullable=True),
        'images': fields.ListOfStringsField(nullable=True),
        'status': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
    }

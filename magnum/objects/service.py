"""The Service object: a Kubernetes service magnum created in a bay."""

from oslo_versionedobjects import fields

from magnum.common import exception
from magnum.objects import base
from magnum.objects import fields as m_fields
from magnum.objects import k8s_resource


@base.MagnumObjectRegistry.register
class Service(k8s_resource.K8sResource):
    """A service, with its cluster IP and ports as last seen in the bay."""

    # Version 1.0: Initial version
    VERSION = '1.0'
    RESOURCE = 'service'
    NOT_FOUND = exception.ServiceNotFound

    fields = {
        **k8s_resource.COMMON_FIELDS,
        'selector': fields.DictOfStringsField(nullable=True),
        'ip': fields.StringField(nullable=True),
        'ports': m_fields.JsonField(nullable=True),
    }

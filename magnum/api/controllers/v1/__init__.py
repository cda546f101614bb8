"""Version 1 of the container-infra API."""

from pecan import rest

from magnum.api import expose
from magnum.api.controllers import link
from magnum.api.controllers.v1 import certificate
from magnum.api.controllers.v1 import cluster
from magnum.api.controllers.v1 import cluster_template
from magnum.api.controllers.v1 import credential
from magnum.api.controllers.v1 import magnum_services
from magnum.api.controllers.v1 import pod
from magnum.api.controllers.v1 import quota
from magnum.api.controllers.v1 import rc
from magnum.api.controllers.v1 import service
from magnum.api.controllers.v1 import stats

#: Resources linked from the /v1 document, in upstream's order.
_LINKED = (
    'clustertemplates',
    'clusters',
    'baymodels',
    'bays',
    'quotas',
    'certificates',
    'mservices',
    'stats',
    'credentials',
    'pods',
    'services',
    'rcs',
)

BAYMODEL_SUMMARY = ('uuid', 'name', 'image_id', 'apiserver_port', 'coe')


def v1_document():
    """Return the /v1 version document."""
    base = link.app_url()
    body = {
        'id': 'v1',
        'media_types': [
            {
                'base': 'application/json',
                'type': 'application/vnd.openstack.magnum.v1+json',
            }
        ],
        'links': [
            link.make_link('self', '', base=base),
            {
                'href': 'http://docs.openstack.org/developer/magnum/dev/'
                'api-spec-v1.html',
                'rel': 'describedby',
                'type': 'text/html',
            },
        ],
    }
    for resource in _LINKED:
        body[resource] = link.self_and_bookmark(resource, '')
    body['nodegroups'] = [
        {'href': base + '/v1/clusters/{cluster_id}/nodegroups', 'rel': 'self'},
        {
            'href': base + '/clusters/{cluster_id}/nodegroups',
            'rel': 'bookmark',
        },
    ]
    return body


class Controller(rest.RestController):
    """The /v1 root: its document and the resource collections."""

    clustertemplates = cluster_template.ClusterTemplatesController()
    baymodels = cluster_template.ClusterTemplatesController(
        resource='baymodels', summary_fields=BAYMODEL_SUMMARY
    )
    clusters = cluster.ClustersController()
    bays = cluster.ClustersController(resource='bays', legacy=True)
    certificates = certificate.CertificateController()
    credentials = credential.CredentialsController()
    mservices = magnum_services.MagnumServiceController()
    quotas = quota.QuotaController()
    stats = stats.StatsController()
    pods = pod.PodsController()
    services = service.ServicesController()
    rcs = rc.ReplicationControllersController()

    @expose.handler()
    def get(self):
        """Return the v1 document (public, no authentication)."""
        return v1_document()

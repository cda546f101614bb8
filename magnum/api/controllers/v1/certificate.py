"""/v1/certificates: the bays' CAs, CSR signing and CA rotation."""

import pecan
from pecan import rest
from wsme import types as wtypes

from magnum import objects
from magnum.api import expose
from magnum.api.controllers import link
from magnum.api.controllers.v1 import cluster_common
from magnum.api.controllers.v1 import types
from magnum.common import exception
from magnum.common import policy
from magnum.i18n import _

CA_TYPES = ('kubernetes', 'etcd', 'front_proxy', 'front-proxy')


class CertificateBody(wtypes.Base):
    """A CSR to sign with one of a bay's CAs."""

    cluster_uuid = wtypes.wsattr(types.uuid_or_name)
    bay_uuid = wtypes.wsattr(types.uuid_or_name)
    csr = wtypes.wsattr(types.string(max_length=65536), mandatory=True)
    ca_cert_type = wtypes.wsattr(
        wtypes.Enum(str, *CA_TYPES), default='kubernetes'
    )


def _view(cluster, pem, csr=None, legacy=False):
    body = {
        'bay_uuid' if legacy else 'cluster_uuid': cluster.uuid,
        'pem': pem,
        'links': link.self_and_bookmark('certificates', cluster.uuid),
    }
    if csr is not None:
        body['csr'] = csr
    return body


def _check_type(ca_cert_type):
    if ca_cert_type not in CA_TYPES:
        raise exception.Invalid(
            _('Invalid ca_cert_type %(type)s; expected one of %(all)s')
            % {'type': ca_cert_type, 'all': ', '.join(CA_TYPES)}
        )
    return ca_cert_type.replace('-', '_')


class CertificateController(rest.RestController):
    """Certificates of bays."""

    @expose.handler()
    def get_one(self, cluster_ident, ca_cert_type='kubernetes'):
        """Return the PEM of a bay's CA (default: the Kubernetes one).

        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400);
            ClusterNotFound (HTTP 404); ConductorUnavailable (HTTP 503).
        """
        context = pecan.request.context
        cluster = cluster_common.load_cluster(
            context, cluster_ident, 'certificate:get'
        )
        pem = pecan.request.rpcapi.get_ca_certificate(
            context, cluster.uuid, _check_type(ca_cert_type)
        )
        return _view(cluster, pem)

    @expose.handler(status_code=201, body=True)
    def post(self, body):
        """Sign a CSR with a bay's CA.

        :raises: PolicyNotAuthorized (HTTP 403); Invalid, InvalidCsr (HTTP
            400), also for an unknown bay; ConductorUnavailable (HTTP 503).
        """
        context = pecan.request.context
        policy.authorize(context, 'certificate:create')
        fields = types.set_fields(types.from_body(CertificateBody, body))
        ident = fields.get('cluster_uuid') or fields.get('bay_uuid')
        if not ident:
            raise exception.Invalid(_('cluster_uuid is required'))
        try:
            cluster = objects.Cluster.get(context, ident)
        except exception.ClusterNotFound as e:
            raise exception.InvalidParameterValue(err=e.message)
        policy.authorize(
            context, 'certificate:create', cluster_common.target(cluster)
        )
        pem = pecan.request.rpcapi.sign_certificate(
            context,
            cluster.uuid,
            fields['csr'],
            _check_type(fields['ca_cert_type']),
        )
        return _view(
            cluster, pem, csr=fields['csr'], legacy='bay_uuid' in fields
        )

    @expose.handler(status_code=202)
    def patch(self, cluster_ident):
        """Rotate a bay's CAs (the body is ignored).

        :raises: PolicyNotAuthorized (HTTP 403); NotSupported (HTTP 400)
            for a TLS-disabled bay; ClusterNotFound (HTTP 404);
            InvalidStateTransition, ClusterLocked (HTTP 409).
        """
        context = pecan.request.context
        cluster = cluster_common.load_cluster(
            context, cluster_ident, 'certificate:rotate_ca'
        )
        pecan.request.rpcapi.rotate_ca_certificate(context, cluster.uuid)

"""The one exception hierarchy of magnum.

Every exception carries the HTTP status the API answers with (``code``)
and a message built from ``msg_fmt`` and keyword arguments. Keyword
arguments are kept JSON-safe so that an exception raised in the conductor
crosses RPC (oslo.messaging re-raises classes of this module in the API,
see ``magnum.common.rpc``) and reaches the client with the same status and
message.
"""

from oslo_log import log as logging

from magnum.i18n import _

LOG = logging.getLogger(__name__)


def _json_safe(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return str(value)


class MagnumException(Exception):
    """Base class of magnum's exceptions.

    Subclasses set ``msg_fmt`` (with ``%(name)s`` placeholders filled from
    the keyword arguments) and ``code`` (the HTTP status).
    """

    msg_fmt = _('An unknown exception occurred.')
    code = 500
    #: Whether the message may be shown to API users. Unexpected errors
    #: are reported with a generic message instead.
    safe = True

    def __init__(self, message=None, **kwargs):
        self.kwargs = {k: _json_safe(v) for k, v in kwargs.items()}
        # A per-instance status stays in kwargs: oslo.messaging rebuilds
        # the exception in the caller from its args and kwargs.
        if 'code' in self.kwargs:
            self.code = self.kwargs['code']
        if message is None:
            try:
                message = self.msg_fmt % self.kwargs
            except (KeyError, TypeError, ValueError):
                LOG.exception(
                    'Cannot format the message of %s with %s',
                    type(self).__name__,
                    self.kwargs,
                )
                message = self.msg_fmt
        self.message = str(message)
        super().__init__(self.message)

    def __str__(self):
        return self.message


# 400 ---------------------------------------------------------------------


class Invalid(MagnumException):
    msg_fmt = _('Unacceptable parameters.')
    code = 400


class InvalidParameterValue(Invalid):
    msg_fmt = _('%(err)s')


class InvalidUUID(Invalid):
    msg_fmt = _('Expected a UUID but received %(uuid)s.')


class InvalidName(Invalid):
    msg_fmt = _('Expected a name but received %(name)s.')


class InvalidIdentity(Invalid):
    msg_fmt = _('Expected a UUID or name but received %(identity)s.')


class InvalidDiscoveryURL(Invalid):
    msg_fmt = _(
        "Received invalid discovery URL '%(discovery_url)s' for "
        "discovery endpoint '%(discovery_endpoint)s'."
    )


class InvalidCsr(Invalid):
    msg_fmt = _('Received invalid CSR %(csr)s.')


class InvalidCaCertType(Invalid):
    msg_fmt = _(
        'Unknown ca_cert_type %(ca_cert_type)s; expected one of %(allowed)s.'
    )


class InvalidSubnet(Invalid):
    msg_fmt = _('Received invalid subnet %(subnet)s.')


class InvalidManifest(Invalid):
    msg_fmt = _('Invalid manifest: %(reason)s')


class InvalidSortKey(Invalid):
    msg_fmt = _('The sort_key value "%(key)s" is an invalid field for sorting')


class PatchError(Invalid):
    msg_fmt = _("Couldn't apply patch '%(patch)s'. Reason: %(reason)s")


class ClusterTemplateReferenced(Invalid):
    msg_fmt = _(
        'ClusterTemplate %(clustertemplate)s is referenced by one '
        'or multiple clusters.'
    )


class ImageNotFound(Invalid):
    msg_fmt = _('Image %(image_id)s could not be found.')


class OSDistroFieldNotFound(Invalid):
    msg_fmt = _("Image %(image_id)s doesn't contain os_distro field.")


class FlavorNotFound(Invalid):
    msg_fmt = _('Unable to find flavor %(flavor)s.')


class ExternalNetworkNotFound(Invalid):
    msg_fmt = _('Unable to find external network %(network)s.')


class FixedNetworkNotFound(Invalid):
    msg_fmt = _('Unable to find fixed network %(network)s.')


class FixedSubnetNotFound(Invalid):
    msg_fmt = _('Unable to find fixed subnet %(subnet)s.')


class NotSupported(Invalid):
    msg_fmt = _('%(operation)s is not supported.')


class ClusterTypeNotSupported(NotSupported):
    msg_fmt = _(
        'Cluster type (%(server_type)s, %(os)s, %(coe)s) not supported.'
    )


class ClusterDriverNotSupported(NotSupported):
    msg_fmt = _('Cluster driver (%(driver_name)s) not supported.')


class ZeroNodeCountNotSupported(NotSupported):
    msg_fmt = _(
        'Resizing a nodegroup to zero is not supported in the '
        'provided microversion.'
    )


class MasterNGResizeNotSupported(NotSupported):
    msg_fmt = _('Resizing a master nodegroup is not supported.')


class ClusterUpgradeNotSupported(NotSupported):
    msg_fmt = _('Upgrading a cluster is not supported in this microversion.')


class DeletingDefaultNGNotSupported(NotSupported):
    msg_fmt = _('Deleting a default nodegroup is not supported.')


class CreateMasterNodeGroup(NotSupported):
    msg_fmt = _('Creating master nodegroups is not supported.')


class MasterNGSizeInvalid(Invalid):
    msg_fmt = _(
        'master nodegroup size of %(requested_size)s is invalid, '
        'size cannot be an even number.'
    )


class NGResizeOutBounds(Invalid):
    msg_fmt = _(
        'Resizing %(nodegroup)s outside the allowed range: '
        'min_node_count = %(min_nc)s, max_node_count = %(max_nc)s'
    )


class OperationInProgress(Invalid):
    msg_fmt = _(
        'Cluster %(cluster_name)s already has an operation in progress.'
    )


class RequiredParameterNotProvided(Invalid):
    msg_fmt = _('Required parameter %(heat_param)s not provided.')


# 403 ---------------------------------------------------------------------


class NotAuthorized(MagnumException):
    msg_fmt = _('Not authorized.')
    code = 403


class PolicyNotAuthorized(NotAuthorized):
    msg_fmt = _("Policy doesn't allow %(action)s to be performed.")


class ClusterTemplatePublishDenied(NotAuthorized):
    msg_fmt = _(
        'Not authorized to set public or hidden flag for cluster template.'
    )


class ResourceLimitExceeded(NotAuthorized):
    msg_fmt = _('Resource limit exceeded: %(msg)s')


# 404 ---------------------------------------------------------------------


class ResourceNotFound(MagnumException):
    msg_fmt = _('The %(name)s resource %(id)s could not be found.')
    code = 404


class ClusterTemplateNotFound(ResourceNotFound):
    msg_fmt = _('ClusterTemplate %(clustertemplate)s could not be found.')


class ClusterNotFound(ResourceNotFound):
    msg_fmt = _('Cluster %(cluster)s could not be found.')


class NodeGroupNotFound(ResourceNotFound):
    msg_fmt = _('Nodegroup %(nodegroup)s could not be found.')


class QuotaNotFound(ResourceNotFound):
    msg_fmt = _('Quota %(msg)s could not be found.')


class ProjectNotFound(ResourceNotFound):
    msg_fmt = _('Project %(name)s could not be found.')


class KeyPairNotFound(ResourceNotFound):
    msg_fmt = _('Unable to find keypair %(keypair)s.')


class X509KeyPairNotFound(ResourceNotFound):
    msg_fmt = _('A key pair %(x509keypair)s could not be found.')


class MagnumServiceNotFound(ResourceNotFound):
    msg_fmt = _('A magnum service %(magnum_service_id)s could not be found.')


class PodNotFound(ResourceNotFound):
    msg_fmt = _('Pod %(pod)s could not be found.')


class ServiceNotFound(ResourceNotFound):
    msg_fmt = _('Service %(service)s could not be found.')


class ReplicationControllerNotFound(ResourceNotFound):
    msg_fmt = _('ReplicationController %(rc)s could not be found.')


# 409 ---------------------------------------------------------------------


class Conflict(MagnumException):
    msg_fmt = _('Conflict.')
    code = 409


class ClusterTemplateAlreadyExists(Conflict):
    msg_fmt = _('A ClusterTemplate with UUID %(uuid)s already exists.')


class ClusterAlreadyExists(Conflict):
    msg_fmt = _('A cluster with UUID %(uuid)s already exists.')


class NodeGroupAlreadyExists(Conflict):
    msg_fmt = _(
        'A node group with name %(name)s already exists in the '
        'cluster %(cluster_id)s.'
    )


class QuotaAlreadyExists(Conflict):
    msg_fmt = _(
        'Quota for project %(project_id)s already exists for '
        'resource %(resource)s.'
    )


class MagnumServiceAlreadyExists(Conflict):
    msg_fmt = _('A magnum service with ID %(id)s already exists.')


class X509KeyPairAlreadyExists(Conflict):
    msg_fmt = _('A key pair with UUID %(uuid)s already exists.')


class ClusterCertificateNotReady(Conflict):
    msg_fmt = _(
        'Cluster %(cluster)s has no %(ca_cert_type)s certificate yet; '
        'try again once it is created.'
    )


class NodeGroupInvalidInput(Conflict):
    msg_fmt = _('%(attr)s for %(nodegroup)s is invalid (%(expl)s).')


class ClusterAPIAddressUnavailable(Conflict):
    msg_fmt = _(
        'The Cluster API address is not available yet; try again '
        'once the cluster is created.'
    )


class InvalidClusterTemplateForUpgrade(Conflict):
    msg_fmt = _('Cluster Template is not valid for upgrade: %(reason)s')


class ClusterLocked(Conflict):
    msg_fmt = _(
        'Cluster %(cluster)s is locked by %(host)s for another '
        'operation; try again later.'
    )


class InvalidStateTransition(Conflict):
    msg_fmt = _(
        'Cannot %(event)s %(resource)s %(ident)s while its status '
        'is %(status)s.'
    )


class AmbiguousName(Conflict):
    msg_fmt = _(
        'Multiple %(resource)s exist with same name '
        '%(name)s. Please use the uuid instead.'
    )


class KubernetesAPIFailed(MagnumException):
    """An error answer of a bay's Kubernetes API, with its status code."""

    msg_fmt = _('%(err)s')


# 5xx ---------------------------------------------------------------------


class ServiceUnavailable(MagnumException):
    msg_fmt = _('%(service)s is unavailable: %(reason)s')
    code = 503


class ConductorUnavailable(ServiceUnavailable):
    msg_fmt = _('No magnum conductor answered in time. Try again later.')


class CloudLookupFailed(ServiceUnavailable):
    msg_fmt = _('Cannot check %(resource)s with %(service)s: %(reason)s')


class CertificatesToClusterFailed(MagnumException):
    msg_fmt = _('Failed to create certificates for Cluster: %(cluster_uuid)s')


class CertificateStorageException(MagnumException):
    msg_fmt = _('Certificate storage failed: %(msg)s')


class CertificateDeletionFailed(MagnumException):
    msg_fmt = _(
        'Could not delete the certificates %(fields)s of cluster '
        '%(cluster_uuid)s.'
    )


class TrusteeOrTrustToClusterFailed(MagnumException):
    msg_fmt = _(
        'Failed to create trustee or trust for cluster %(cluster_uuid)s: '
        '%(reason)s'
    )


class TrusteeOrTrustDeletionFailed(MagnumException):
    msg_fmt = _(
        'Failed to delete the trustee or trust of cluster '
        '%(cluster_uuid)s: %(reason)s'
    )


class ClusterTrustUnavailable(MagnumException):
    msg_fmt = _(
        'Cannot act with the trust of cluster %(cluster_uuid)s: %(reason)s'
    )

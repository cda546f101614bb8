"""The client side of the conductor's RPC API.

Version history:

* 1.0 - Initial version: ``ping``, ``start_operation`` (cast),
  ``get_ca_certificate``, ``sign_certificate``, ``rotate_ca_certificate``,
  ``rotate_credential``, ``upgrade_cluster`` (calls).
* 1.1 - Pods, services and replication controllers of bays (calls):
  ``list_k8s_resources``, ``get_k8s_resource``, ``create_k8s_resource``,
  ``update_k8s_resource``, ``delete_k8s_resource``.
"""

from oslo_config import cfg
import oslo_messaging as messaging

from magnum.common import exception
from magnum.common import rpc

CONF = cfg.CONF

#: The newest version this client speaks (keep in sync with the manager).
RPC_API_VERSION = '1.1'


class ConductorAPI:
    """Call or cast the conductor's RPC methods.

    Long operations are casts; short ones are calls that time out after
    ``[conductor] rpc_timeout`` seconds with 503.
    """

    def __init__(self, topic=None):
        target = messaging.Target(
            topic=topic or CONF.conductor.topic, version=RPC_API_VERSION
        )
        self.client = rpc.get_client(
            target,
            version_cap=RPC_API_VERSION,
            timeout=CONF.conductor.rpc_timeout,
        )

    def _call(self, context, method, version='1.0', server=None, **kwargs):
        cctxt = self.client.prepare(version=version, server=server)
        try:
            return cctxt.call(context, method, **kwargs)
        except messaging.MessagingTimeout:
            raise exception.ConductorUnavailable()

    def _cast(self, context, method, version='1.0', **kwargs):
        cctxt = self.client.prepare(version=version)
        cctxt.cast(context, method, **kwargs)

    def ping(self, context, server=None):
        """Ask a conductor (any, or ``server``) whether it is alive.

        :returns: the host name of the conductor that answered.
        :raises: ConductorUnavailable (HTTP 503).
        """
        return self._call(context, 'ping', server=server)

    def start_operation(self, context, cluster_uuid):
        """Have a conductor run the operation recorded on a bay (cast).

        A lost message is harmless: the conductor owning the bay starts
        the operation itself after ``[conductor] resume_after`` seconds.
        """
        self._cast(context, 'start_operation', cluster_uuid=cluster_uuid)

    def get_ca_certificate(self, context, cluster_uuid, ca_cert_type):
        """Return the PEM of one of the bay's CAs.

        :raises: ClusterNotFound (HTTP 404); Invalid (HTTP 400);
            ConductorUnavailable (HTTP 503).
        """
        return self._call(
            context,
            'get_ca_certificate',
            cluster_uuid=cluster_uuid,
            ca_cert_type=ca_cert_type,
        )

    def sign_certificate(self, context, cluster_uuid, csr, ca_cert_type):
        """Sign a CSR with one of the bay's CAs and return the PEM.

        :raises: ClusterNotFound (HTTP 404); InvalidCsr (HTTP 400);
            ConductorUnavailable (HTTP 503).
        """
        return self._call(
            context,
            'sign_certificate',
            cluster_uuid=cluster_uuid,
            csr=csr,
            ca_cert_type=ca_cert_type,
        )

    def rotate_ca_certificate(self, context, cluster_uuid):
        """Rotate the bay's CAs.

        :raises: NotSupported (HTTP 400); ClusterLocked,
            InvalidStateTransition (HTTP 409); ConductorUnavailable (503).
        """
        return self._call(
            context, 'rotate_ca_certificate', cluster_uuid=cluster_uuid
        )

    def rotate_credential(self, context, cluster_uuid):
        """Give the bay a new trustee and trust.

        :raises: NotSupported (HTTP 400); ClusterLocked,
            InvalidStateTransition (HTTP 409); ConductorUnavailable (503).
        """
        return self._call(
            context, 'rotate_credential', cluster_uuid=cluster_uuid
        )

    def upgrade_cluster(
        self,
        context,
        cluster_uuid,
        template_uuid,
        max_batch_size,
        nodegroup_uuid,
    ):
        """Upgrade a bay (or one nodegroup) to another template.

        :raises: NotSupported (HTTP 400); ClusterLocked,
            InvalidStateTransition (HTTP 409); ConductorUnavailable (503).
        """
        return self._call(
            context,
            'upgrade_cluster',
            cluster_uuid=cluster_uuid,
            template_uuid=template_uuid,
            max_batch_size=max_batch_size,
            nodegroup_uuid=nodegroup_uuid,
        )

    # Pods, services and replication controllers (1.1). ``resource`` is
    # ``pod``, ``service`` or ``rc``. Besides what each method lists, they
    # all raise ClusterNotFound (HTTP 404), NotSupported (HTTP 400) for a
    # bay that is not a Kubernetes bay, Conflict (HTTP 409) for a bay that
    # is not ready, KubernetesAPIFailed (the Kubernetes status code, 502
    # or 503) and ConductorUnavailable (HTTP 503).

    def list_k8s_resources(
        self,
        context,
        resource,
        cluster_uuid,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """Return one page of a bay's objects of one kind, refreshed.

        :returns: a list of Pod, Service or ReplicationController.
        :raises: PodNotFound, ServiceNotFound,
            ReplicationControllerNotFound (HTTP 404) for an unknown marker.
        """
        return self._call(
            context,
            'list_k8s_resources',
            version='1.1',
            resource=resource,
            cluster_uuid=cluster_uuid,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )

    def get_k8s_resource(self, context, resource, cluster_uuid, ident):
        """Return one object of a bay by uuid or name, refreshed.

        :raises: PodNotFound, ServiceNotFound,
            ReplicationControllerNotFound (HTTP 404).
        """
        return self._call(
            context,
            'get_k8s_resource',
            version='1.1',
            resource=resource,
            cluster_uuid=cluster_uuid,
            ident=ident,
        )

    def create_k8s_resource(
        self, context, resource, cluster_uuid, manifest, values=None
    ):
        """Create an object in a bay from a validated manifest.

        :param values: more fields of the record (a pod's ``desc``).
        :raises: InvalidManifest (HTTP 400).
        """
        return self._call(
            context,
            'create_k8s_resource',
            version='1.1',
            resource=resource,
            cluster_uuid=cluster_uuid,
            manifest=manifest,
            values=values,
        )

    def update_k8s_resource(
        self,
        context,
        resource,
        cluster_uuid,
        ident,
        manifest=None,
        replicas=None,
        values=None,
    ):
        """Replace an object with a new manifest and/or scale an rc.

        :raises: InvalidManifest (HTTP 400); PodNotFound, ServiceNotFound,
            ReplicationControllerNotFound (HTTP 404).
        """
        return self._call(
            context,
            'update_k8s_resource',
            version='1.1',
            resource=resource,
            cluster_uuid=cluster_uuid,
            ident=ident,
            manifest=manifest,
            replicas=replicas,
            values=values,
        )

    def delete_k8s_resource(self, context, resource, cluster_uuid, ident):
        """Delete an object from a bay.

        :raises: PodNotFound, ServiceNotFound,
            ReplicationControllerNotFound (HTTP 404).
        """
        return self._call(
            context,
            'delete_k8s_resource',
            version='1.1',
            resource=resource,
            cluster_uuid=cluster_uuid,
            ident=ident,
        )

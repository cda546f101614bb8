"""The client side of the conductor's RPC API.

Version history:

* 1.0 - Initial version: ``ping``, ``start_operation`` (cast),
  ``get_ca_certificate``, ``sign_certificate``, ``rotate_ca_certificate``,
  ``rotate_credential``, ``upgrade_cluster`` (calls).
"""

from oslo_config import cfg
import oslo_messaging as messaging

from magnum.common import exception
from magnum.common import rpc

CONF = cfg.CONF

#: The newest version this client speaks (keep in sync with the manager).
RPC_API_VERSION = '1.0'


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

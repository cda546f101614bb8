"""Short certificate operations of a bay (RPC calls)."""

from magnum import objects
from magnum.common import exception
from magnum.common import trust
from magnum.conductor import certificates
from magnum.conductor import states
from magnum.conductor import task as bay_task
from magnum.conductor.handlers import common
from magnum.i18n import _


def get_ca(context, cluster_uuid, ca_cert_type):
    """Return the PEM of one of the bay's CAs.

    :raises: ClusterNotFound (HTTP 404); Invalid (HTTP 400) for an unknown
        CA type.
    """
    cluster = objects.Cluster.get_by_uuid(context, cluster_uuid)
    return certificates.get_ca(context, cluster, ca_cert_type)


def sign(context, cluster_uuid, csr, ca_cert_type):
    """Sign a CSR with one of the bay's CAs and return the PEM.

    :raises: ClusterNotFound (HTTP 404); InvalidCsr (HTTP 400).
    """
    cluster = objects.Cluster.get_by_uuid(context, cluster_uuid)
    return certificates.sign_csr(context, cluster, csr, ca_cert_type)


def rotate_ca(context, host, cluster_uuid):
    """Replace the bay's CAs and client certificate and tell its nodes.

    :returns: True when the bay went UPDATE_IN_PROGRESS.
    :raises: ClusterLocked, InvalidStateTransition (HTTP 409);
        NotSupported (HTTP 400) for a TLS-disabled bay or a driver that
        cannot push the new CA.
    """
    op = states.ROTATE_CA
    with bay_task.BayTask(context, host, cluster_uuid) as task:
        cluster = task.cluster
        if task.template.tls_disabled:
            raise exception.NotSupported(
                operation=_('Rotating the CA certificate on a non-TLS cluster')
            )
        if not task.driver.supports('rotate_ca_certificate'):
            raise exception.NotSupported(
                operation=_('Rotating the CA certificate with this driver')
            )
        states.check_status(cluster, op)
        certificates.rotate_ca(context, cluster)
        cluster.save()
        return common.record_started(
            task,
            op,
            task.driver.rotate_ca_certificate(
                context, cluster, task.template, task.nodegroups
            ),
        )


def rotate_credential(context, host, cluster_uuid):
    """Give the bay a new trustee and trust and tell its nodes.

    :returns: True when the bay went UPDATE_IN_PROGRESS.
    :raises: ClusterLocked, InvalidStateTransition (HTTP 409);
        NotSupported (HTTP 400).
    """
    op = states.ROTATE_CREDENTIAL
    with bay_task.BayTask(context, host, cluster_uuid) as task:
        cluster = task.cluster
        if not task.driver.supports('rotate_credential'):
            raise exception.NotSupported(
                operation=_('Credential rotation with this driver')
            )
        states.check_status(cluster, op)
        trust.rotate_trustee_and_trust(context, cluster)
        cluster.save()
        started = task.driver.rotate_credential(
            context, cluster, task.template, task.nodegroups
        )
        return common.record_started(task, op, started)

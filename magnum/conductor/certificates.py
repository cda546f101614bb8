"""The certificates of bays, as the conductor's handlers use them.

A bay has three CAs (Kubernetes, etcd, front proxy) and the client
certificate of its Kubernetes administrator (CN ``admin``, group
``system:masters``), signed by the Kubernetes CA and used by the conductor
to reach the bay's Kubernetes API. They are stored by the configured
backend (:mod:`magnum.common.cert_manager`); the bay keeps their references
in ``ca_cert_ref``, ``etcd_ca_cert_ref``, ``front_proxy_ca_cert_ref`` and
``magnum_cert_ref``.

The functions set those fields on the ``cluster`` object they are given
(a :class:`magnum.objects.Cluster`); the caller saves it. Keys and
passphrases are never logged.
"""

import typing

from oslo_log import log as logging

from magnum.common import cert_manager
from magnum.common import exception
from magnum.common.x509 import keys
from magnum.common.x509 import operations

LOG = logging.getLogger(__name__)

#: ca_cert_type (as the certificate API takes it) -> field of the bay.
CA_REF_FIELDS = {
    'kubernetes': 'ca_cert_ref',
    'etcd': 'etcd_ca_cert_ref',
    'front_proxy': 'front_proxy_ca_cert_ref',
}
CLIENT_REF_FIELD = 'magnum_cert_ref'
REF_FIELDS = (*CA_REF_FIELDS.values(), CLIENT_REF_FIELD)
_KUBE_FIELD = CA_REF_FIELDS['kubernetes']
_LABELS = {field: kind for kind, field in CA_REF_FIELDS.items()}
_LABELS[CLIENT_REF_FIELD] = 'admin client'


class ClientFiles(typing.NamedTuple):
    """What a TLS client of the bay's Kubernetes API needs, as PEM text."""

    ca: str
    cert: str
    key: str

    def __repr__(self):
        return 'ClientFiles(ca=<PEM>, cert=<PEM>, key=<hidden>)'


def _describe(error):
    # Messages of magnum's exceptions are safe to log; others (database
    # errors quoting their parameters, for one) are shown by type only.
    if isinstance(error, exception.MagnumException):
        return str(error)
    return type(error).__name__


def _ca_field(ca_cert_type):
    key = (ca_cert_type or 'kubernetes').replace('-', '_')
    if key not in CA_REF_FIELDS:
        raise exception.InvalidCaCertType(
            ca_cert_type=ca_cert_type, allowed=', '.join(CA_REF_FIELDS)
        )
    return CA_REF_FIELDS[key]


def _stored(context, cluster, field):
    ref = getattr(cluster, field)
    if not ref:
        raise exception.ClusterCertificateNotReady(
            cluster=cluster.uuid, ca_cert_type=_LABELS[field]
        )
    return cert_manager.get_backend().get_cert(context, ref)


def _store(context, issued):
    return cert_manager.get_backend().store_cert(
        context,
        certificate=issued.certificate,
        private_key=issued.private_key,
        private_key_passphrase=issued.passphrase,
    )


def _delete_refs(context, refs):
    """Delete stored certificates, ignoring missing ones.

    :returns: the references that could not be deleted.
    """
    backend = cert_manager.get_backend()
    failed = []
    for ref in refs:
        try:
            backend.delete_cert(context, ref)
        except exception.X509KeyPairNotFound:
            LOG.debug('Certificate %s was already deleted', ref)
        except Exception as e:  # noqa: BLE001 - delete the others anyway
            LOG.warning('Cannot delete certificate %s: %s', ref, _describe(e))
            failed.append(ref)
    return failed


def _issue(context, cluster, ca_fields, client):
    """Create the CAs of ``ca_fields`` and, if ``client``, the admin cert.

    The admin certificate is signed by the Kubernetes CA created here, or
    else by the bay's stored one. Nothing is set on ``cluster``.

    :returns: ``{field: new reference}``.
    :raises: CertificatesToClusterFailed (HTTP 500); what was stored
        before the failure is deleted again.
    """
    created = {}
    try:
        kube_ca = None
        for field in ca_fields:
            issued = operations.generate_ca(cluster.name or cluster.uuid)
            created[field] = _store(context, issued)
            if field == _KUBE_FIELD:
                kube_ca = (
                    issued.certificate,
                    issued.private_key,
                    issued.passphrase,
                )
        if client:
            if kube_ca is None:
                stored = _stored(context, cluster, _KUBE_FIELD)
                kube_ca = (
                    stored.certificate,
                    stored.private_key,
                    stored.private_key_passphrase,
                )
            issued = operations.generate_client_cert(*kube_ca)
            created[CLIENT_REF_FIELD] = _store(context, issued)
    except Exception as e:  # noqa: BLE001 - undone, then reported
        LOG.error(
            'Cannot create the certificates of cluster %s: %s',
            cluster.uuid,
            _describe(e),
        )
        _delete_refs(context, created.values())
        raise exception.CertificatesToClusterFailed(cluster_uuid=cluster.uuid)
    return created


def generate_for_bay(context, cluster):
    """Create the CAs and the admin certificate a bay does not have yet.

    Idempotent: references already set are kept. When the Kubernetes CA
    has to be created, the admin certificate is issued again under it
    (an older one is deleted).

    :param context: the request context.
    :param cluster: the bay (a :class:`magnum.objects.Cluster`); its four
        reference fields are set, not saved.
    :raises: CertificatesToClusterFailed (HTTP 500).
    """
    missing = [f for f in CA_REF_FIELDS.values() if not getattr(cluster, f)]
    stale_client = cluster.magnum_cert_ref if _KUBE_FIELD in missing else None
    client = stale_client is not None or not cluster.magnum_cert_ref
    if not missing and not client:
        return
    created = _issue(context, cluster, missing, client)
    for field, ref in created.items():
        setattr(cluster, field, ref)
    if stale_client:
        _delete_refs(context, [stale_client])
    LOG.info(
        'Created certificates %s of cluster %s', sorted(created), cluster.uuid
    )


def rotate_ca(context, cluster):
    """Replace the three CAs and the admin certificate of a bay.

    The new certificates are stored first; the old ones are deleted
    afterwards (a failed deletion is logged and leaves the old entry in
    the store, never a bay without certificates).

    :param cluster: the bay; its four reference fields are replaced.
    :raises: CertificatesToClusterFailed (HTTP 500); the bay keeps its
        old certificates.
    """
    old = [getattr(cluster, f) for f in REF_FIELDS if getattr(cluster, f)]
    created = _issue(context, cluster, list(CA_REF_FIELDS.values()), True)
    for field, ref in created.items():
        setattr(cluster, field, ref)
    _delete_refs(context, old)
    LOG.info('Rotated the certificates of cluster %s', cluster.uuid)


def delete_for_bay(context, cluster):
    """Delete the four certificates of a bay; missing ones are ignored.

    The reference of each certificate deleted (or already gone) is
    cleared, so a retry only deals with what is left.

    :param cluster: the bay; its reference fields are cleared.
    :raises: CertificateDeletionFailed (HTTP 500) when the store refused
        to delete some of them (their fields are kept).
    """
    failed = []
    for field in REF_FIELDS:
        ref = getattr(cluster, field)
        if not ref:
            continue
        if _delete_refs(context, [ref]):
            failed.append(field)
        else:
            setattr(cluster, field, None)
    if failed:
        raise exception.CertificateDeletionFailed(
            fields=', '.join(failed), cluster_uuid=cluster.uuid
        )


def get_ca(context, cluster, ca_cert_type='kubernetes'):
    """Return the PEM of one of the bay's CAs.

    :param ca_cert_type: ``kubernetes``, ``etcd`` or ``front_proxy``
        (also written ``front-proxy``); None means ``kubernetes``.
    :raises: InvalidCaCertType (HTTP 400); ClusterCertificateNotReady
        (HTTP 409) before the bay's certificates exist;
        X509KeyPairNotFound (HTTP 404) when the store lost it.
    """
    return _stored(context, cluster, _ca_field(ca_cert_type)).certificate


def sign_csr(context, cluster, csr, ca_cert_type='kubernetes'):
    """Return the PEM certificate one of the bay's CAs issues for a CSR.

    :param csr: the PEM certificate signing request.
    :param ca_cert_type: as for :func:`get_ca`.
    :raises: InvalidCsr (HTTP 400); InvalidCaCertType (HTTP 400);
        ClusterCertificateNotReady (HTTP 409); X509KeyPairNotFound
        (HTTP 404); CertificateStorageException (HTTP 500).
    """
    field = _ca_field(ca_cert_type)
    request = operations.load_csr(csr)  # a bad CSR is a 400 first
    ca = _stored(context, cluster, field)
    return operations.sign_csr(
        request, ca.certificate, ca.private_key, ca.private_key_passphrase
    )


def client_files(context, cluster):
    """Return the CA, certificate and key the conductor's client uses.

    Everything stays in memory; the key is returned unencrypted, so it
    must not be logged or written anywhere.

    :returns: :class:`ClientFiles` ``(ca, cert, key)``.
    :raises: ClusterCertificateNotReady (HTTP 409); X509KeyPairNotFound
        (HTTP 404); CertificateStorageException (HTTP 500).
    """
    ca = _stored(context, cluster, _KUBE_FIELD)
    client = _stored(context, cluster, CLIENT_REF_FIELD)
    key = keys.decrypt(client.private_key, client.private_key_passphrase)
    return ClientFiles(
        ca=ca.certificate,
        cert=client.certificate,
        key=keys.to_unencrypted_pem(key),
    )

"""A bay's Kubernetes API, served by the double behind the bay's real PKI.

:class:`ServedBay` starts a :class:`~magnum.tests.k8s_double.KubeDouble`
on 127.0.0.1 with TLS: its server certificate is signed by the bay's
Kubernetes CA (``certificates.sign_csr``, as a master's would be) and it
accepts only client certificates of that CA (``CERT_REQUIRED``). It then
points the bay's ``api_address`` at it, so the conductor's client, the
bay's admin client certificate and the CA check are all real::

    served = ServedBay(bay_uuid, directory, nodes=2).start()
    served.kube.get('pods', 'default', 'web')
    served.stop()

Used by the functional tests and by ``tools/api-ref-samples``. The bay
must have its certificates (``certificates.generate_for_bay``).
"""

import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID

from magnum import objects
from magnum.common import context as magnum_context
from magnum.conductor import certificates
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import models
from magnum.tests.k8s_double import KubeDouble
from magnum.tests.k8s_double import TLSConfig

#: The address the double listens on (its certificate names it).
HOST = '127.0.0.1'


def admin():
    """An admin context."""
    return magnum_context.get_admin_context()


def cluster_of(uuid):
    """The bay's object, read now."""
    return objects.Cluster.get_by_uuid(admin(), uuid)


def set_bay(uuid, **values):
    """Write columns of a bay's row directly (no object, no updated_at)."""
    with db_common.get_engine().begin() as connection:
        connection.execute(
            models.Cluster.__table__.update()
            .where(models.Cluster.uuid == uuid)
            .values(**values)
        )


def serving_pki(cluster, directory):
    """Write the files of a server certificate for :data:`HOST` signed by
    the bay's Kubernetes CA, its key and the CA; return a ``TLSConfig``
    that requires client certificates of that CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(
            x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'apiserver')])
        )
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    pem = csr.public_bytes(serialization.Encoding.PEM).decode()
    files = {
        'server.pem': certificates.sign_csr(admin(), cluster, pem),
        'server-key.pem': key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        'ca.pem': certificates.get_ca(admin(), cluster),
    }
    os.makedirs(directory, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(directory, name), 'w') as handle:
            handle.write(text)
    return TLSConfig(
        os.path.join(directory, 'server.pem'),
        os.path.join(directory, 'server-key.pem'),
        os.path.join(directory, 'ca.pem'),
    )


class ServedBay:
    """The bay's Kubernetes API double (``kube``), restartable with new
    certificates on the same port (after a CA rotation, say).

    :param uuid: the bay.
    :param directory: where the certificate files go.
    :param nodes: Ready nodes of the double, named ``<node_prefix>-<i>``.
    """

    def __init__(self, uuid, directory, nodes=2, node_prefix='node'):
        self.uuid = uuid
        self.directory = directory
        self.nodes = nodes
        self.node_prefix = node_prefix
        self.kube = None
        self.port = 0

    def start(self, name='pki'):
        """Serve the bay's API (certificates in ``directory/name``) and
        point the bay's ``api_address`` at it; return self."""
        tls = serving_pki(
            cluster_of(self.uuid), os.path.join(self.directory, name)
        )
        self.kube = KubeDouble(
            HOST,
            self.port,
            tls=tls,
            nodes=self.nodes,
            node_prefix=self.node_prefix,
        )
        self.kube.start()
        self.port = self.kube.port
        set_bay(self.uuid, api_address=self.kube.url)
        return self

    def stop(self):
        """Stop serving (the bay keeps its address)."""
        if self.kube is not None:
            self.kube.stop()
            self.kube = None

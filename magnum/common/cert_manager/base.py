"""The interface of certificate storage backends."""

import abc
import dataclasses


@dataclasses.dataclass(frozen=True)
class Cert:
    """A stored certificate; PEM documents as ``str``.

    ``private_key`` is the (normally encrypted) PEM of the key and
    ``private_key_passphrase`` its passphrase; neither shows in ``repr``.
    """

    certificate: str
    private_key: str | None = dataclasses.field(default=None, repr=False)
    private_key_passphrase: str | None = dataclasses.field(
        default=None, repr=False
    )
    intermediates: str | None = None


class CertManager(abc.ABC):
    """Stores certificates with their keys and hands back a reference."""

    @abc.abstractmethod
    def store_cert(
        self,
        context,
        certificate,
        private_key,
        intermediates=None,
        private_key_passphrase=None,
    ):
        """Store a certificate and its key; return the new reference.

        :param context: the request context (its project is recorded
            where the backend can).
        :param certificate: PEM of the certificate.
        :param private_key: PEM of its key (normally encrypted).
        :param intermediates: PEM of the chain, if any.
        :param private_key_passphrase: passphrase of ``private_key``.
        :raises: CertificateStorageException (HTTP 500).
        """

    @abc.abstractmethod
    def get_cert(self, context, ref):
        """Return the :class:`Cert` stored under ``ref``.

        :raises: X509KeyPairNotFound (HTTP 404);
            CertificateStorageException (HTTP 500).
        """

    @abc.abstractmethod
    def delete_cert(self, context, ref):
        """Delete what is stored under ``ref``.

        :raises: X509KeyPairNotFound (HTTP 404) when nothing is;
            CertificateStorageException (HTTP 500).
        """

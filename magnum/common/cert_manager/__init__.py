"""Certificate storage backends, chosen by [certificates] cert_manager_type.

Backends are entry points of ``magnum.cert_manager.backend`` implementing
:class:`magnum.common.cert_manager.base.CertManager`.
"""

from oslo_config import cfg
from stevedore import driver
from stevedore import exception as stevedore_exc

from magnum.common import exception
from magnum.i18n import _

CONF = cfg.CONF
NAMESPACE = 'magnum.cert_manager.backend'
_BACKENDS = {}


def get_backend(name=None):
    """Return the (shared) instance of a storage backend.

    :param name: an entry point name; the configured one when None.
    :raises: CertificateStorageException (HTTP 500) for an unknown name.
    """
    name = name or CONF.certificates.cert_manager_type
    backend = _BACKENDS.get(name)
    if backend is None:
        try:
            manager = driver.DriverManager(
                NAMESPACE, name, invoke_on_load=True
            )
        except stevedore_exc.NoMatches:
            raise exception.CertificateStorageException(
                msg=_('unknown [certificates] cert_manager_type %s') % name
            )
        backend = _BACKENDS[name] = manager.driver
    return backend

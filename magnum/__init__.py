"""Container infrastructure management service for OpenStack.

magnum runs on native threads: the oslo.service threading backend is
selected here, before any OpenStack library can pick the deprecated
eventlet one. (Tools that load magnum's modules late, such as
oslo-config-generator, may already have chosen; that is harmless there.)
"""

from oslo_service import backend as _service_backend
from oslo_service.backend import exceptions as _backend_exceptions

try:
    _service_backend.init_backend(_service_backend.BackendType.THREADING)
except _backend_exceptions.BackendAlreadySelected:
    pass

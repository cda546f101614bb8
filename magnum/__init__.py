"""Container infrastructure management service for OpenStack.

magnum runs on native threads: the oslo.service threading backend is
selected here, before any OpenStack library can pick the deprecated
eventlet one.
"""

from oslo_service import backend as _service_backend

_service_backend.init_backend(_service_backend.BackendType.THREADING)

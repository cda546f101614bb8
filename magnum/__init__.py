"""Container infrastructure management service for OpenStack.

magnum runs on native threads: the oslo.service threading backend is
selected here, before any OpenStack library can pick the deprecated
eventlet one. (Tools that load magnum's modules late, such as
oslo-config-generator, may already have chosen; that is harmless there.)

eventlet is installed only because oslo.service requires it, and futurist
imports it when it is there, which prints eventlet's deprecation warning at
every start of magnum-status or magnum-db-manage. magnum never runs on it,
so that warning (and only that one) is silenced here.
"""

import warnings

warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

from oslo_service import backend as _service_backend  # noqa: E402
from oslo_service.backend import exceptions as _backend_exceptions  # noqa: E402

try:
    _service_backend.init_backend(_service_backend.BackendType.THREADING)
except _backend_exceptions.BackendAlreadySelected:
    pass

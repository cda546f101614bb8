"""An ML2 mechanism driver that binds every port without any agent.

Neutron's ML2 needs a mechanism driver to bind a port to a host; without one
the port gets ``binding_failed`` and Nova gives up on the boot. In the sandbox
no agent and no virtual switch exist, so this driver binds each port to the
first segment offered, as an OVS port, and reports it ACTIVE at once. It is
registered as ``neutron.ml2.mechanism_drivers: sandbox_loopback`` by the venv
stage, for tests only.
"""

from neutron_lib import constants
from neutron_lib.api.definitions import portbindings
from neutron_lib.plugins.ml2 import api

VIF_DETAILS = {
    portbindings.CAP_PORT_FILTER: True,
    portbindings.OVS_HYBRID_PLUG: False,
}


class LoopbackBindingDriver(api.MechanismDriver):
    """Bind any port on any host to its first segment."""

    def initialize(self):
        """Nothing to set up: there is no backend."""

    def bind_port(self, context):
        """Bind the port to the first segment Neutron offers."""
        for segment in context.segments_to_bind:
            context.set_binding(
                segment[api.ID],
                portbindings.VIF_TYPE_OVS,
                VIF_DETAILS,
                status=constants.PORT_STATUS_ACTIVE,
            )
            return

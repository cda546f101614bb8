"""Kubernetes on Fedora CoreOS bare metal machines (Ironic through Nova).

The templates are the VM driver's; the differences are declared in
:class:`~magnum.drivers.heat.template_def.BareMetalTemplateDefinition`:
the machines go on the existing fixed network of the template (Ironic
needs a network its conductors can provision on, so no private network
is created), keep containers on their local disks (no Cinder volume),
get no server groups and more time to deploy and boot.
"""

from magnum.common import exception
from magnum.drivers.heat import driver
from magnum.drivers.heat import provides
from magnum.drivers.heat import template_def
from magnum.i18n import _


class KubernetesBMDriver(driver.HeatDriver):
    """Bays of Ironic machines (bare metal flavors)."""

    provides = provides.K8S_BM
    definition = template_def.BareMetalTemplateDefinition()

    def _check(self, inputs):
        """Refuse a bare metal bay without an existing fixed network.

        :raises: InvalidParameterValue (HTTP 400).
        """
        if not inputs.derived.get('fixed_network'):
            raise exception.InvalidParameterValue(
                err=_(
                    'Bare metal bays need the fixed_network (and '
                    'fixed_subnet) their machines are provisioned on.'
                )
            )

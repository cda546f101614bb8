"""Kubernetes on Fedora CoreOS virtual machines (Nova, Neutron, Cinder,
optionally an Octavia load balancer in front of the API)."""

from magnum.drivers.heat import driver
from magnum.drivers.heat import provides
from magnum.drivers.heat import template_def


class KubernetesVMDriver(driver.HeatDriver):
    """Bays of Fedora CoreOS VMs built with templates/kubecluster.yaml."""

    provides = provides.K8S_VM
    definition = template_def.TemplateDefinition()

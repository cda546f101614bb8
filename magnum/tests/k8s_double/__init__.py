"""A Kubernetes API double for tests and sandbox bays.

It behaves like kube-apiserver for the core/v1 resources Magnum uses
(pods, services, replication controllers, nodes, namespaces) and is
checked against the official Python client and kubectl.  See README.rst.
"""

from magnum.tests.k8s_double.double import KubeDouble
from magnum.tests.k8s_double.server import TLSConfig

__all__ = ['KubeDouble', 'TLSConfig']

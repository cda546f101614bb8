"""The cloud-lookup interface: the API's only window on Glance, Nova,
Neutron and Keystone.

Implementations find one resource by id or name with server-side filters
and answer ``None`` when it does not exist; they raise
:class:`~magnum.common.exception.CloudLookupFailed` (503) when the service
cannot be asked, and :class:`~magnum.common.exception.Conflict` (409) when
a name matches several resources.
"""

import abc
import dataclasses


@dataclasses.dataclass(frozen=True)
class Image:
    """A Glance image."""

    id: str
    name: str
    os_distro: str | None = None
    #: The ``magnum_driver`` property, if the image names a driver.
    driver: str | None = None


@dataclasses.dataclass(frozen=True)
class Flavor:
    """A Nova flavor."""

    id: str
    name: str
    disk: int = 0


@dataclasses.dataclass(frozen=True)
class Keypair:
    """A Nova keypair of the requesting user."""

    name: str
    public_key: str | None = None


@dataclasses.dataclass(frozen=True)
class Network:
    """A Neutron network."""

    id: str
    name: str
    external: bool = False


@dataclasses.dataclass(frozen=True)
class Subnet:
    """A Neutron subnet."""

    id: str
    name: str
    cidr: str
    network_id: str


@dataclasses.dataclass(frozen=True)
class Project:
    """A Keystone project."""

    id: str
    name: str


class CloudLookup(abc.ABC):
    """Find OpenStack resources on behalf of a request context."""

    @abc.abstractmethod
    def find_image(self, context, ident):
        """Return the :class:`Image` named or identified by ``ident``."""

    @abc.abstractmethod
    def find_flavor(self, context, ident):
        """Return the :class:`Flavor` named or identified by ``ident``."""

    @abc.abstractmethod
    def find_keypair(self, context, name):
        """Return the context user's :class:`Keypair` called ``name``."""

    @abc.abstractmethod
    def find_network(self, context, ident):
        """Return the :class:`Network` named or identified by ``ident``."""

    @abc.abstractmethod
    def find_subnet(self, context, ident):
        """Return the :class:`Subnet` named or identified by ``ident``."""

    @abc.abstractmethod
    def find_project(self, context, ident):
        """Return the Keystone :class:`Project` with id ``ident``."""

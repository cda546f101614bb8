"""Cloud lookups with openstacksdk, using the requesting user's token.

Each lookup asks for one resource by id, then by name with a server-side
``name`` filter (Nova has no name filter for flavors: that one case lists
flavors and matches the name here). The requesting user's token is used so
that private images and per-user keypairs are found as the user sees them.
"""

from keystoneauth1 import exceptions as ka_exc
import openstack
from openstack import exceptions as sdk_exc
from oslo_config import cfg
from oslo_log import log as logging

from magnum.common import exception
from magnum.common import keystone
from magnum.common.cloud import base
from magnum.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


class OpenStackLookup(base.CloudLookup):
    """:class:`~magnum.common.cloud.base.CloudLookup` on a real cloud."""

    def _connection(self, session):
        group = CONF.cloud_lookup
        region = group.region_name or CONF.keystone_auth.get('region_name')
        return openstack.connection.Connection(
            session=session,
            region_name=region,
            interface=group.interface,
            app_name='magnum',
            app_version='1',
        )

    def _user_conn(self, context):
        return self._connection(
            keystone.user_session(context, timeout=CONF.cloud_lookup.timeout)
        )

    def _call(self, kind, service, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except sdk_exc.DuplicateResource:
            raise exception.Conflict(
                _(
                    'Multiple %(kind)s resources exist with name %(name)s; '
                    'use the id instead.'
                )
                % {'kind': kind, 'name': args[0]}
            )
        except (sdk_exc.SDKException, ka_exc.ClientException) as e:
            LOG.warning('%s lookup in %s failed: %s', kind, service, e)
            raise exception.CloudLookupFailed(
                resource=kind, service=service, reason=e
            )

    def _find(self, conn, kind, service, finder, ident):
        """Return what ``conn.<finder>`` finds by id or name, or None.

        :raises: Conflict (HTTP 409) when several have that name;
            CloudLookupFailed (HTTP 503) when the service fails.
        """
        proxy, _, method = finder.partition('.')
        find = getattr(getattr(conn, proxy), method)
        return self._call(kind, service, find, ident, ignore_missing=True)

    def find_image(self, context, ident):
        """Return the image by id or name, with its os_distro."""
        image = self._find(
            self._user_conn(context),
            'image',
            'Glance',
            'image.find_image',
            ident,
        )
        if image is None:
            return None
        properties = image.properties or {}
        return base.Image(
            id=image.id,
            name=image.name,
            os_distro=image.os_distro or properties.get('os_distro'),
            driver=properties.get('magnum_driver'),
        )

    def find_flavor(self, context, ident):
        """Return the flavor by id or name."""
        flavor = self._find(
            self._user_conn(context),
            'flavor',
            'Nova',
            'compute.find_flavor',
            ident,
        )
        if flavor is None:
            return None
        return base.Flavor(
            id=flavor.id, name=flavor.name, disk=flavor.disk or 0
        )

    def find_keypair(self, context, name):
        """Return the requesting user's keypair ``name``."""
        keypair = self._find(
            self._user_conn(context),
            'keypair',
            'Nova',
            'compute.find_keypair',
            name,
        )
        if keypair is None:
            return None
        return base.Keypair(name=keypair.name, public_key=keypair.public_key)

    def find_network(self, context, ident):
        """Return the network by id or name."""
        network = self._find(
            self._user_conn(context),
            'network',
            'Neutron',
            'network.find_network',
            ident,
        )
        if network is None:
            return None
        return base.Network(
            id=network.id,
            name=network.name,
            external=bool(network.is_router_external),
        )

    def find_subnet(self, context, ident):
        """Return the subnet by id or name."""
        subnet = self._find(
            self._user_conn(context),
            'subnet',
            'Neutron',
            'network.find_subnet',
            ident,
        )
        if subnet is None:
            return None
        return base.Subnet(
            id=subnet.id,
            name=subnet.name,
            cidr=subnet.cidr,
            network_id=subnet.network_id,
        )

    def find_project(self, context, ident):
        """Return the project with id or name ``ident`` (service user)."""
        project = self._find(
            self._connection(keystone.service_session()),
            'project',
            'Keystone',
            'identity.find_project',
            ident,
        )
        if project is None:
            return None
        return base.Project(id=project.id, name=project.name)

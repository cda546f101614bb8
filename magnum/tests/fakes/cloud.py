"""An in-memory cloud for tests that cannot reach Glance/Nova/Neutron."""

from magnum.common.cloud import base


class FakeCloud(base.CloudLookup):
    """Resources found by id or name in dictionaries.

    The default content mirrors the sandbox cloud's seeds.
    """

    def __init__(self):
        self.images = {
            'fedora-coreos-sandbox': base.Image(
                id='6b1d6e41-0c86-4e3c-9a57-d3e1c85c1a01',
                name='fedora-coreos-sandbox',
                os_distro='fedora-coreos',
            ),
            'no-distro-sandbox': base.Image(
                id='6b1d6e41-0c86-4e3c-9a57-d3e1c85c1a02',
                name='no-distro-sandbox',
            ),
        }
        self.flavors = {
            name: base.Flavor(id=fid, name=name, disk=disk)
            for name, fid, disk in (
                ('m1.small', '2', 20),
                ('m1.magnum', '7', 40),
            )
        }
        self.keypairs = {
            'testkey': base.Keypair(name='testkey', public_key='ssh-rsa AAAA')
        }
        self.networks = {
            'public': base.Network(
                id='b4a3c1de-0000-4000-8000-000000000001',
                name='public',
                external=True,
            ),
            'private': base.Network(
                id='b4a3c1de-0000-4000-8000-000000000002', name='private'
            ),
        }
        self.subnets = {
            'private-subnet': base.Subnet(
                id='b4a3c1de-0000-4000-8000-000000000003',
                name='private-subnet',
                cidr='10.0.0.0/24',
                network_id='b4a3c1de-0000-4000-8000-000000000002',
            )
        }
        self.projects = {}
        self.calls = []

    @staticmethod
    def _find(table, ident):
        for item in table.values():
            if ident in (item.name, getattr(item, 'id', None)):
                return item
        return None

    def find_image(self, context, ident):
        self.calls.append(('image', ident))
        return self._find(self.images, ident)

    def find_flavor(self, context, ident):
        self.calls.append(('flavor', ident))
        return self._find(self.flavors, ident)

    def find_keypair(self, context, name):
        self.calls.append(('keypair', name))
        return self.keypairs.get(name)

    def find_network(self, context, ident):
        self.calls.append(('network', ident))
        return self._find(self.networks, ident)

    def find_subnet(self, context, ident):
        self.calls.append(('subnet', ident))
        return self._find(self.subnets, ident)

    def find_project(self, context, ident):
        self.calls.append(('project', ident))
        return self._find(self.projects, ident)

    def add_project(self, project_id, name=None):
        """Make a Keystone project known."""
        self.projects[project_id] = base.Project(
            id=project_id, name=name or project_id
        )

"""Stage ``seed``: images, flavors, external network and keypairs.

All owned by admin and public, except the keypairs (one ``testkey`` per
openrc user, generated here; private keys in ``.sandbox/keys/``). The
external network's subnet is a loopback range, so every floating IP and
router gateway a sandbox bay gets is an address of this machine.
"""

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .. import rest
from .. import settings

IMAGE_BYTES = (
    b'\0' * 65536
)  # a tiny raw disk; Glance checks the format on upload


def _images(admin):
    glance = rest.Api(admin, 'image')
    ids = {}
    for name, properties in settings.IMAGES.items():
        found = glance.get(f'/v2/images?name={name}')['images']
        for image in found:
            if image['status'] != 'active':
                glance.delete(f'/v2/images/{image["id"]}')
        active = [i for i in found if i['status'] == 'active']
        if active:
            ids[name] = active[0]['id']
            continue
        image = glance.post(
            '/v2/images',
            {
                'name': name,
                'disk_format': 'raw',
                'container_format': 'bare',
                'visibility': 'public',
                **properties,
            },
        )
        glance.put(
            f'/v2/images/{image["id"]}/file',
            data=IMAGE_BYTES,
            headers={'Content-Type': 'application/octet-stream'},
        )
        ids[name] = image['id']
    return ids


def _flavors(admin):
    nova = rest.Api(admin, 'compute')
    existing = {f['name']: f['id'] for f in nova.get('/flavors')['flavors']}
    ids = {}
    for name, (vcpus, ram, disk) in settings.FLAVORS.items():
        if name not in existing:
            existing[name] = nova.post(
                '/flavors',
                {
                    'flavor': {
                        'name': name,
                        'vcpus': vcpus,
                        'ram': ram,
                        'disk': disk,
                        'os-flavor-access:is_public': True,
                    }
                },
            )['flavor']['id']
        ids[name] = existing[name]
    return ids


def _public_network(admin):
    neutron = rest.Api(admin, 'network')
    net = neutron.find_one(
        '/v2.0/networks', 'networks', name=settings.PUBLIC_NETWORK
    )
    if net is None:
        net = neutron.post(
            '/v2.0/networks',
            {
                'network': {
                    'name': settings.PUBLIC_NETWORK,
                    'router:external': True,
                    'shared': False,
                    'provider:network_type': 'flat',
                    'provider:physical_network': settings.PUBLIC_NETWORK,
                }
            },
        )['network']
    wanted = settings.PUBLIC_SUBNET
    subnet = neutron.find_one(
        '/v2.0/subnets', 'subnets', name=wanted['name'], network_id=net['id']
    )
    if subnet is None:
        subnet = neutron.post(
            '/v2.0/subnets',
            {'subnet': {**wanted, 'network_id': net['id'], 'ip_version': 4}},
        )['subnet']
    return net['id'], subnet['id']


def _local_key(layout, user):
    """Return ``user``'s testkey public key; generate the pair if needed."""
    private = layout.keys / f'{user}-{settings.KEYPAIR}'
    public = private.with_name(private.name + '.pub')
    if not (private.exists() and public.exists()):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        private.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.OpenSSH,
                serialization.NoEncryption(),
            )
        )
        private.chmod(0o600)
        public.write_text(
            key.public_key()
            .public_bytes(
                serialization.Encoding.OpenSSH,
                serialization.PublicFormat.OpenSSH,
            )
            .decode()
            + f' {user}@sandbox\n'
        )
    return public.read_text().strip(), private


def _keypair(layout, user):
    public_key, private = _local_key(layout, user.name)
    nova = rest.Api(rest.session(user), 'compute')
    current = nova.get(f'/os-keypairs/{settings.KEYPAIR}', ok_404=True)
    if current is not None:
        if (
            current['keypair']['public_key'].split()[:2]
            == public_key.split()[:2]
        ):
            return str(private)
        nova.delete(f'/os-keypairs/{settings.KEYPAIR}')
    nova.post(
        '/os-keypairs',
        {'keypair': {'name': settings.KEYPAIR, 'public_key': public_key}},
    )
    return str(private)


def run(ctx):
    """Create whatever seeded resources are missing; publish their ids."""
    admin = rest.session(settings.ADMIN)
    ctx.publish('images', _images(admin))
    ctx.publish('flavors', _flavors(admin))
    network_id, subnet_id = _public_network(admin)
    ctx.publish('networks', {settings.PUBLIC_NETWORK: network_id})
    ctx.publish('subnets', {settings.PUBLIC_SUBNET['name']: subnet_id})
    ctx.publish(
        'keypairs',
        {
            user.name: _keypair(ctx.layout, user)
            for user in settings.OPENRC_USERS
        },
    )

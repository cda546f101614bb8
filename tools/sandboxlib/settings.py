"""Fixed facts of the sandbox cloud: addresses, ports, names and credentials.

Everything a client of the sandbox may need to know lives here, so that the
stages, the report and the README agree. Only one sandbox runs per machine,
because the ports below are the standard OpenStack ones.
"""

from dataclasses import dataclass

HOST = '127.0.0.1'
REGION = 'RegionOne'
AUTH_URL = f'http://{HOST}:5000/v3'
MAGNUM_URL = f'http://{HOST}:9511/v1'

# The fixed ports of the processes `up` starts (name -> port).
PORTS = {
    'keystone': 5000,
    'heat-api': 8004,
    'glance-api': 9292,
    'nova-api': 8774,
    'placement-api': 8778,
    'neutron-api': 9696,
    'magnum-api': 9511,
}

# Catalog: service type -> (service name, URL); all interfaces share the URL.
CATALOG = {
    'identity': ('keystone', AUTH_URL),
    'image': ('glance', f'http://{HOST}:9292'),
    'compute': ('nova', f'http://{HOST}:8774/v2.1'),
    'placement': ('placement', f'http://{HOST}:8778'),
    'network': ('neutron', f'http://{HOST}:9696'),
    'orchestration': ('heat', f'http://{HOST}:8004/v1/%(project_id)s'),
    'container-infra': ('magnum', MAGNUM_URL),
    # python-magnumclient 2.1.0 (the legacy `magnum` shell) looks this type up.
    'container': ('magnum-legacy', MAGNUM_URL),
}
INTERFACES = ('public', 'internal', 'admin')

# The nova/neutron "host" of the single fake hypervisor.
COMPUTE_HOST = 'sandbox'

RABBIT_URL_BASE = f'rabbit://guest:guest@{HOST}:5672'
RABBIT_VHOST = 'sandbox'
TRANSPORT_URL = f'{RABBIT_URL_BASE}/{RABBIT_VHOST}'

# MariaDB: database user -> its databases; all named with the sandbox_ prefix.
DATABASES = {
    'sandbox_keystone': ('sandbox_keystone',),
    'sandbox_glance': ('sandbox_glance',),
    'sandbox_placement': ('sandbox_placement',),
    'sandbox_nova': ('sandbox_nova_api', 'sandbox_nova_cell0', 'sandbox_nova'),
    'sandbox_neutron': ('sandbox_neutron',),
    'sandbox_heat': ('sandbox_heat',),
    'sandbox_magnum': ('sandbox_magnum',),
}


def db_password(db_user):
    """Return the MariaDB password of a sandbox database user."""
    return db_user.replace('_', '-') + '-db-pass'


def db_url(db_user, database):
    """Return the SQLAlchemy URL a service uses for one of its databases."""
    return f'mysql+pymysql://{db_user}:{db_password(db_user)}@{HOST}/{database}?charset=utf8'


@dataclass(frozen=True)
class User:
    """A Keystone user the sandbox creates, with its role assignments.

    ``project`` is the project the user's openrc scopes to (None for users
    that act on a domain); ``grants`` lists (role, "project"|"domain", name).
    """

    name: str
    password: str
    project: str | None
    grants: tuple
    domain: str = 'Default'


def _service_user(name, password=None):
    return User(
        name,
        password or f'{name}-pass',
        'service',
        (('admin', 'project', 'service'), ('service', 'project', 'service')),
    )


ADMIN = User('admin', 'admin', 'admin', (('admin', 'project', 'admin'),))
SERVICE_USERS = tuple(
    _service_user(n)
    for n in ('glance', 'nova', 'placement', 'neutron', 'heat')
)
MAGNUM = _service_user('magnum', 'magnum-pass')
TENANT_USERS = (
    User('demo', 'demo-pass', 'demo', (('member', 'project', 'demo'),)),
    User(
        'alt_demo',
        'alt-demo-pass',
        'alt_demo',
        (('member', 'project', 'alt_demo'),),
    ),
    User(
        'demo_reader',
        'demo-reader-pass',
        'demo',
        (('reader', 'project', 'demo'),),
    ),
)
HEAT_DOMAIN = 'heat'
HEAT_DOMAIN_ADMIN = User(
    'heat_domain_admin',
    'heat-domain-pass',
    None,
    (('admin', 'domain', HEAT_DOMAIN),),
    domain=HEAT_DOMAIN,
)
TRUSTEE_DOMAIN = 'magnum'
TRUSTEE_DOMAIN_ADMIN = User(
    'trustee_domain_admin',
    'trustee-domain-pass',
    None,
    (('admin', 'domain', TRUSTEE_DOMAIN),),
    domain=TRUSTEE_DOMAIN,
)
# Users the identity stage creates (admin comes from keystone-manage bootstrap)
CREATED_USERS = (
    SERVICE_USERS
    + (MAGNUM,)
    + TENANT_USERS
    + (HEAT_DOMAIN_ADMIN, TRUSTEE_DOMAIN_ADMIN)
)
PROJECTS = ('service', 'demo', 'alt_demo')
EXTRA_ROLES = ('heat_stack_owner', 'heat_stack_user')
# Users that get an openrc file and a `testkey` keypair.
OPENRC_USERS = (ADMIN,) + TENANT_USERS[:2]


def user(name):
    """Return the sandbox User called ``name``."""
    for candidate in (ADMIN,) + CREATED_USERS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


# Seeded resources.
IMAGES = {
    'fedora-coreos-sandbox': {'os_distro': 'fedora-coreos'},
    'no-distro-sandbox': {},
}
FLAVORS = {
    'm1.small': (1, 2048, 20),
    'm1.magnum': (2, 4096, 40),
}  # vcpus, MB, GB
KEYPAIR = 'testkey'
PUBLIC_NETWORK = 'public'
PUBLIC_SUBNET = {
    'name': 'public-subnet',
    'cidr': '127.42.0.0/24',
    'gateway_ip': '127.42.0.1',
    'allocation_pools': [{'start': '127.42.0.10', 'end': '127.42.0.250'}],
    'enable_dhcp': False,
}

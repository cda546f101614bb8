"""Stage ``magnum``: this checkout's magnum-api and magnum-conductor.

The project is installed (editable) into ``.sandbox/magnum-venv`` with the
pins of ``tools/requirements-lock.txt``. magnum-api runs under gunicorn
with two workers on 127.0.0.1:9511 (the catalog's container-infra and
container endpoints), magnum-conductor next to it; both use MariaDB
database ``sandbox_magnum`` and the sandbox's RabbitMQ vhost, Keystone for
tokens and trusts, and check templates against the real Glance, Nova and
Neutron. A changed configuration or changed code restarts them.
"""

import hashlib

from .. import pyenv
from .. import rabbit
from .. import services
from .. import settings
from ..files import authtoken_section
from ..files import keystone_auth_section
from ..files import render_ini
from ..files import write_if_changed

DB = 'sandbox_magnum'
API = 'magnum-api'
CONDUCTOR = 'magnum-conductor'
TOPIC = 'magnum-conductor'


def _config(layout):
    service = keystone_auth_section('magnum', 'magnum-pass')
    service['auth_type'] = 'password'
    trustee_admin = settings.TRUSTEE_DOMAIN_ADMIN
    return {
        'DEFAULT': {
            'host': 'sandbox-conductor',
            'transport_url': settings.TRANSPORT_URL,
            'auth_strategy': 'keystone',
        },
        'api': {
            'host': settings.HOST,
            'port': settings.PORTS[API],
            'workers': 2,
        },
        'database': {'connection': settings.db_url(DB, DB)},
        'keystone_authtoken': authtoken_section('magnum'),
        'keystone_auth': service,
        'trust': {
            'trustee_domain_name': settings.TRUSTEE_DOMAIN,
            'trustee_domain_admin_name': trustee_admin.name,
            'trustee_domain_admin_password': trustee_admin.password,
        },
        'conductor': {'sync_interval': 1.0},
        'kubernetes': {'health_polling_interval': 10},
        # The sandbox's stand-ins of Cinder and Octavia (no such services
        # here); Nova and Neutron resources stay real.
        'cluster_heat': {
            'extra_environment_files': layout.tools
            / 'sandboxlib'
            / 'bay'
            / 'heat'
            / 'sandbox-env.yaml'
        },
        'certificates': {'cert_manager_type': 'x509keypair'},
        'oslo_messaging_notifications': {'driver': 'noop'},
        'oslo_concurrency': {'lock_path': layout.data / 'magnum' / 'locks'},
    }


def _code_digest(layout):
    """A digest of the package's sources: changed code restarts."""
    digest = hashlib.sha256()
    for path in sorted((layout.checkout / 'magnum').rglob('*')):
        if path.suffix in (
            '.py',
            '.yaml',
            '.sh',
            '.ini',
        ) and '/tests/' not in str(path):
            stat = path.stat()
            digest.update(f'{path}:{stat.st_size}:{stat.st_mtime_ns}'.encode())
    return digest.hexdigest()


def run(ctx):
    """Install, configure, migrate and start magnum; wait until ready."""
    layout = ctx.layout
    venv = layout.home / 'magnum-venv'
    lock = layout.tools / 'requirements-lock.txt'
    pyenv.ensure(
        ctx,
        'magnum',
        venv,
        ['-c', lock, '-e', layout.checkout],
        inputs=(
            layout.checkout / 'requirements.txt',
            layout.checkout / 'setup.cfg',
            lock,
        ),
    )
    ctx.require('backends', 'identity')
    etc = layout.etc / 'magnum'
    conf = etc / 'magnum.conf'
    changed = write_if_changed(conf, render_ini(_config(layout)))
    changed |= write_if_changed(
        layout.state / 'magnum.code', _code_digest(layout)
    )
    services.run(
        ctx,
        'magnum',
        [venv / 'bin' / 'magnum-db-manage', '--config-file', conf, 'upgrade'],
        'magnum-db-manage upgrade',
    )
    services.ensure_process(
        ctx,
        'magnum',
        CONDUCTOR,
        [
            venv / 'bin' / CONDUCTOR,
            '--config-file',
            conf,
            '--log-file',
            layout.log / f'{CONDUCTOR}.log',
        ],
        rabbit.consumer_probe(TOPIC),
        restart=changed,
    )
    url = f'http://{settings.HOST}:{settings.PORTS[API]}/'
    services.ensure_process(
        ctx,
        'magnum',
        API,
        [
            venv / 'bin' / API,
            '--config-file',
            conf,
            '--log-file',
            layout.log / f'{API}.log',
        ],
        services.http_ready(url),
        url=settings.MAGNUM_URL,
        restart=changed,
    )
    ctx.publish(
        'magnum',
        {'url': settings.MAGNUM_URL, 'config': str(conf), 'venv': str(venv)},
    )

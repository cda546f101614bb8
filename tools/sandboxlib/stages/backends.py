"""Stage ``backends``: MariaDB and RabbitMQ, the sandbox's databases and vhost.

The machine's MariaDB and RabbitMQ are used as they are. Only when one is
missing does this stage install it from Debian packages and start it; it
never stops or restarts them. The sandbox then gets its own databases and
users (``sandbox_*``) and its own vhost.

The databases belong to this checkout's ``.sandbox/``: when that directory
is new (no ``state/databases.done``) any ``sandbox_*`` databases and the
vhost left behind by an earlier sandbox are dropped and made anew, so keys,
state files and data always match.
"""

import shutil
import socket
import subprocess
import time

from .. import rabbit
from .. import settings
from ..mysql import MySQL
from ..runner import SandboxError

SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin'
SERVERS = (
    # (what, port, daemon binary, Debian packages, init script)
    (
        'MariaDB',
        3306,
        'mariadbd',
        ('mariadb-server', 'mariadb-client'),
        'mariadb',
    ),
    (
        'RabbitMQ',
        5672,
        'rabbitmq-server',
        ('rabbitmq-server',),
        'rabbitmq-server',
    ),
)


def port_open(port):
    """Return True if something accepts connections on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((settings.HOST, port)) == 0


def _ensure_server(ctx, what, port, binary, packages, init_script):
    if port_open(port):
        return
    if not shutil.which(binary, path=SYSTEM_PATH):
        ctx.log(
            'backends',
            f'{what} is not installed: apt-get install {" ".join(packages)}',
        )
        for argv in (
            ['apt-get', 'update', '-q'],
            [
                'apt-get',
                'install',
                '-y',
                '-q',
                '--no-install-recommends',
                *packages,
            ],
        ):
            result = subprocess.run(
                argv,
                capture_output=True,
                text=True,
                env={'DEBIAN_FRONTEND': 'noninteractive', 'PATH': SYSTEM_PATH},
            )
            if result.returncode != 0:
                raise SandboxError(
                    f'{" ".join(argv)} failed:\n{result.stdout[-2000:]}'
                    f'{result.stderr[-2000:]}'
                )
    if not port_open(port):
        ctx.log('backends', f'starting {what} (service {init_script} start)')
        subprocess.run(['service', init_script, 'start'], capture_output=True)
    deadline = time.monotonic() + 60
    while not port_open(port):
        if time.monotonic() > deadline:
            raise SandboxError(f'{what} does not listen on 127.0.0.1:{port}')
        time.sleep(0.5)


def run(ctx):
    """Make sure the servers run; create the databases and the vhost."""
    for server in SERVERS:
        _ensure_server(ctx, *server)
    mysql = MySQL()
    marker = ctx.layout.state / 'databases.done'
    if not marker.exists():
        stale = mysql.databases('sandbox_')
        if stale:
            ctx.log(
                'backends',
                f'dropping databases of an earlier sandbox: {" ".join(stale)}',
            )
            mysql.drop(settings.DATABASES, stale)
        if rabbit.vhost_exists():
            rabbit.delete_vhost()
    for user, databases in settings.DATABASES.items():
        mysql.ensure(user, settings.db_password(user), databases)
    if rabbit.ensure_vhost():
        ctx.log('backends', f'created RabbitMQ vhost {settings.RABBIT_VHOST}')
    marker.touch()
    ctx.publish('mysql', mysql)

"""Stage ``backends``: MariaDB and RabbitMQ, the sandbox's databases and vhost.

The machine's MariaDB and RabbitMQ are used as they are. Only when one is
missing does this stage install it from Debian packages and start it; it
never stops or restarts them. The sandbox then gets its own databases and
users (``sandbox_*``) and its own vhost.

The databases belong to this checkout's ``.sandbox/``: when that directory
is new (no ``state/databases.done``) any ``sandbox_*`` databases and the
vhost left behind by an earlier sandbox are dropped and made anew, so keys,
state files and data always match. The marker holds a token that also
names an empty database (``sandbox_owner_<token>``): when another
checkout's sandbox has since taken the databases over (or they were
dropped), this sandbox's processes are stopped and its state, data and
keys are started afresh with new databases (the venvs stay).
"""

import shutil
import socket
import subprocess
import time
import uuid

from .. import rabbit
from .. import settings
from ..mysql import MySQL
from ..runner import SandboxError

SYSTEM_PATH = '/usr/sbin:/usr/bin:/sbin:/bin'
#: The empty database whose name says which sandbox owns the databases.
OWNER_PREFIX = 'sandbox_owner_'
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


def _new_token():
    return uuid.uuid4().hex[:12]


def _owner(mysql, marker):
    """Return this sandbox's token when the databases are still its own."""
    if not marker.exists():
        return None
    token = marker.read_text().strip()
    if not token:  # marked before tokens: adopt the databases
        token = _new_token()
        mysql.ensure_database(OWNER_PREFIX + token)
        marker.write_text(token)
    if mysql.databases(OWNER_PREFIX + token):
        return token
    return None


def _start_afresh(ctx):
    """Forget what this sandbox kept of databases it no longer owns."""
    layout = ctx.layout
    stopped = ctx.procs.stop_all()
    ctx.log(
        'backends',
        'the sandbox databases were dropped or taken over by another '
        "checkout's sandbox: starting this one's data afresh"
        + (f' (stopped {", ".join(sorted(stopped))})' if stopped else ''),
    )
    for path in (layout.state, layout.data, layout.keys, layout.etc):
        shutil.rmtree(path, ignore_errors=True)
    layout.ids_file.unlink(missing_ok=True)
    layout.make_dirs()


def run(ctx):
    """Make sure the servers run; create the databases and the vhost."""
    for server in SERVERS:
        _ensure_server(ctx, *server)
    mysql = MySQL()
    marker = ctx.layout.state / 'databases.done'
    token = _owner(mysql, marker)
    if token is None and marker.exists():
        _start_afresh(ctx)
    if token is None:
        token = _new_token()
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
    mysql.ensure_database(OWNER_PREFIX + token)
    if rabbit.ensure_vhost():
        ctx.log('backends', f'created RabbitMQ vhost {settings.RABBIT_VHOST}')
    marker.write_text(token)
    ctx.publish('mysql', mysql)

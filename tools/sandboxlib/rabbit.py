"""The sandbox's RabbitMQ vhost, and waiting for RPC servers to consume.

The vhost is managed with ``rabbitmqctl`` (no management plugin needed).
Consumer checks use AMQP itself: a passive queue declare returns the queue's
consumer count, which answers "is nova-conductor listening yet" in a few ms.
"""

import subprocess

from .runner import SandboxError
from .settings import HOST
from .settings import RABBIT_VHOST


def _ctl(*args):
    result = subprocess.run(
        ['rabbitmqctl', '-q', *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if result.returncode != 0:
        raise SandboxError(
            f'rabbitmqctl {" ".join(args)}: {result.stderr.strip()}'
        )
    return result.stdout


def connection():
    """Return an open AMQP connection to the sandbox vhost as guest."""
    import amqp  # from the sandbox venv: only `up` uses it

    conn = amqp.Connection(
        host=f'{HOST}:5672',
        userid='guest',
        password='guest',
        virtual_host=RABBIT_VHOST,
        connect_timeout=5,
    )
    conn.connect()
    return conn


def vhost_exists():
    """Return True if the sandbox vhost exists and guest may use it."""
    import amqp

    try:
        connection().close()
    except (amqp.exceptions.AccessRefused, amqp.exceptions.NotAllowed):
        return False
    return True


def ensure_vhost():
    """Create the sandbox vhost and give guest full rights on it."""
    if vhost_exists():
        return False
    _ctl('add_vhost', RABBIT_VHOST)
    _ctl('set_permissions', '-p', RABBIT_VHOST, 'guest', '.*', '.*', '.*')
    return True


def delete_vhost():
    """Delete the sandbox vhost (and so every queue in it), if it exists."""
    if RABBIT_VHOST in _ctl('list_vhosts', 'name').split():
        _ctl('delete_vhost', RABBIT_VHOST)


def consumers(conn, queue):
    """Return the consumer count of ``queue`` (0 if it does not exist yet)."""
    import amqp

    channel = conn.channel()
    try:
        return channel.queue_declare(queue, passive=True).consumer_count
    except amqp.exceptions.NotFound:
        return 0
    finally:
        if channel.is_open:
            channel.close()


def consumer_probe(queue):
    """Return a probe: true once ``queue`` has a consumer (a server)."""

    def probe():
        with connection() as conn:
            return consumers(conn, queue) > 0

    return probe

"""The e2e tests' handle on the sandbox cloud that ``tools/sandbox`` runs.

``ensure_up()`` runs ``tools/sandbox up`` (the very command a developer
types; idempotent, about a second when the cloud already runs) and returns a
:class:`Testbed` built from ``.sandbox/sandbox.json``: credentials per user,
keystoneauth sessions, and the ids of the seeded resources. It raises
:class:`TestbedError`, with the tail of the output, when the cloud cannot
come up: callers fail, they never skip.

Test-side imports stay within keystoneauth1 (here) so the project's own venv
can run the e2e layer; the sandbox's OpenStack services live in their own venv.
"""

from dataclasses import dataclass
import json
import os
from pathlib import Path
import subprocess

CHECKOUT = Path(__file__).resolve().parents[3]
TOOL = CHECKOUT / 'tools' / 'sandbox'
HOME = CHECKOUT / '.sandbox'
IDS_FILE = HOME / 'sandbox.json'
IDS_FORMAT = 1
# A cold start installs from PyPI: give it room on a slow machine.
UP_TIMEOUT = 900


class TestbedError(RuntimeError):
    """The sandbox cloud is not usable; the message says why."""

    __test__ = False  # not a test class, despite the name


@dataclass(frozen=True)
class Credentials:
    """Password credentials of one sandbox user, scoped to their project."""

    auth_url: str
    username: str
    password: str
    project_name: str | None
    region_name: str
    user_domain_name: str = 'Default'
    project_domain_name: str = 'Default'

    def as_env(self):
        """Return the OS_* variables (as in the openrc file)."""
        env = {
            'OS_AUTH_URL': self.auth_url,
            'OS_IDENTITY_API_VERSION': '3',
            'OS_USERNAME': self.username,
            'OS_PASSWORD': self.password,
            'OS_USER_DOMAIN_NAME': self.user_domain_name,
            'OS_PROJECT_DOMAIN_NAME': self.project_domain_name,
            'OS_REGION_NAME': self.region_name,
            'OS_INTERFACE': 'public',
        }
        if self.project_name:
            env['OS_PROJECT_NAME'] = env['OS_TENANT_NAME'] = self.project_name
        return env


class Testbed:
    """The running sandbox, as described by ``.sandbox/sandbox.json``."""

    __test__ = False

    def __init__(self, ids):
        if ids.get('format') != IDS_FORMAT:
            raise TestbedError(
                f'{IDS_FILE} has format {ids.get("format")}, '
                f'expected {IDS_FORMAT}: run tools/sandbox up'
            )
        self.ids = ids

    @property
    def auth_url(self):
        return self.ids['auth_url']

    @property
    def region(self):
        return self.ids['region']

    @property
    def catalog(self):
        """Return {service type: URL} as registered in Keystone."""
        return dict(self.ids['catalog'])

    @property
    def openstack_cli(self):
        """Return the path of the sandbox venv's ``openstack`` command."""
        return HOME / 'venv' / 'bin' / 'openstack'

    def credentials(self, user='demo'):
        """Return the Credentials of a sandbox user (demo, admin...)."""
        entry = self.ids['users'][user]
        return Credentials(
            self.auth_url,
            user,
            entry['password'],
            entry['project'],
            self.region,
            user_domain_name=entry['domain'],
        )

    def session(self, user='demo'):
        """Return a keystoneauth1 Session of ``user`` in their project."""
        from keystoneauth1 import session
        from keystoneauth1.identity import v3

        creds = self.credentials(user)
        auth = v3.Password(
            auth_url=creds.auth_url,
            username=creds.username,
            password=creds.password,
            project_name=creds.project_name,
            user_domain_name=creds.user_domain_name,
            project_domain_name=creds.project_domain_name,
        )
        return session.Session(auth=auth)

    def user_id(self, user):
        return self.ids['users'][user]['id']

    def project_id(self, project):
        return self.ids['projects'][project]

    def image_id(self, name='fedora-coreos-sandbox'):
        return self.ids['images'][name]

    def flavor_id(self, name='m1.small'):
        return self.ids['flavors'][name]

    def network_id(self, name='public'):
        return self.ids['networks'][name]

    @property
    def keypair(self):
        """Return the name of the keypair every openrc user has."""
        return self.ids['keypair']['name']

    def private_key(self, user='demo'):
        """Return the path of ``user``'s private key (OpenSSH format)."""
        return Path(self.ids['keypair']['private_keys'][user])


def load():
    """Return the Testbed of the running sandbox without starting anything."""
    try:
        return Testbed(json.loads(IDS_FILE.read_text()))
    except (OSError, ValueError) as exc:
        raise TestbedError(
            f'cannot read {IDS_FILE} ({exc}): run tools/sandbox up'
        ) from exc


def ensure_up(timeout=UP_TIMEOUT):
    """Run ``tools/sandbox up`` and return the Testbed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    try:
        result = subprocess.run(
            [str(TOOL), 'up'],
            cwd=CHECKOUT,
            env=env,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    except subprocess.TimeoutExpired as exc:
        output = (
            exc.output.decode(errors='replace')
            if isinstance(exc.output, bytes)
            else (exc.output or '')
        )
        raise TestbedError(
            f'tools/sandbox up did not finish in {timeout} s:\n'
            + _tail(output)
        ) from exc
    if result.returncode != 0:
        raise TestbedError(
            f'tools/sandbox up failed (exit {result.returncode}):\n'
            + _tail(result.stdout)
        )
    return load()


def _tail(text, lines=80):
    return '\n'.join(text.splitlines()[-lines:])

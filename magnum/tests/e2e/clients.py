"""The real command-line clients, run as the sandbox's users.

``openstack`` is python-openstackclient with python-magnumclient 5.0.0
(``.sandbox/clients-venv``); ``magnum`` is python-magnumclient 2.1.0's
legacy shell (``.sandbox/magnum-2.1-venv``). Both authenticate with the
user's password against the sandbox Keystone, as a person would.
"""

import dataclasses
import json
import os
import subprocess

from magnum.tests.e2e import testbed

OPENSTACK = testbed.HOME / 'clients-venv' / 'bin' / 'openstack'
MAGNUM = testbed.HOME / 'magnum-2.1-venv' / 'bin' / 'magnum'
TIMEOUT = 120


@dataclasses.dataclass
class Result:
    """What a command printed and how it ended."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self):
        """The JSON document printed (after any "Request … accepted")."""
        starts = [
            i for i in (self.stdout.find('{'), self.stdout.find('[')) if i >= 0
        ]
        return json.loads(self.stdout[min(starts) :] if starts else '')

    @property
    def output(self):
        return self.stdout + self.stderr


class CLI:
    """One user's command lines."""

    def __init__(self, sandbox, user='demo'):
        self.env = dict(
            os.environ,
            PYTHONWARNINGS='ignore',
            # `coe cluster config` prints the exports for $SHELL, which a
            # CI job may not set.
            SHELL=os.environ.get('SHELL', '/bin/bash'),
            **sandbox.credentials(user).as_env(),
        )
        for key in ('OS_CLOUD', 'OS_TOKEN', 'OS_CLIENT_CONFIG_FILE'):
            self.env.pop(key, None)

    def _run(self, argv):
        done = subprocess.run(
            [str(a) for a in argv],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def openstack(self, *args):
        """Run ``openstack <args>``."""
        return self._run([OPENSTACK, *args])

    def coe_json(self, *args):
        """Run ``openstack coe <args> -f json`` and return the document.

        :raises: AssertionError with the output when the command fails.
        """
        result = self.openstack('coe', *args, '-f', 'json')
        assert result.returncode == 0, result.output
        return result.json

    def magnum(self, *args):
        """Run the legacy ``magnum <args>`` (python-magnumclient 2.1.0)."""
        return self._run([MAGNUM, *args])

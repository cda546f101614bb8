"""Stage ``venv``: the sandbox's virtualenv, pinned OpenStack releases.

Runs before anything else, under the python that started ``tools/sandbox``
(stdlib only); ``up`` then re-executes itself inside this venv. The install is
skipped when a stamp (hash of the package list and the constraints file)
matches. The venv also gets ``tools/`` on its path and the entry point of the
sandbox's ML2 binding driver, without any build step.
"""

import hashlib
import subprocess
import sys
import time

from ..files import write_if_changed
from ..runner import SandboxError

# Top-level requirements; tools/sandbox-constraints.txt pins the rest.
PACKAGES = (
    'keystone==30.0.0',
    'openstack-heat==27.0.1',
    'glance==33.0.0',
    'nova==34.0.0',
    'openstack-placement==16.0.0',
    'neutron==29.0.0',
    'PyMySQL',
    'gunicorn',
    'python-openstackclient',
    'python-heatclient',
)

ML2_ENTRY_POINTS = """[neutron.ml2.mechanism_drivers]
sandbox_loopback = sandboxlib.runtime.ml2:LoopbackBindingDriver
"""


def _stamp(layout):
    digest = hashlib.sha256()
    digest.update('\n'.join(PACKAGES).encode())
    digest.update(layout.constraints.read_bytes())
    return digest.hexdigest()


def _site_packages(layout):
    found = sorted(layout.venv.glob('lib/python3*/site-packages'))
    if not found:
        raise SandboxError(f'no site-packages in {layout.venv}')
    return found[-1]


def _link_tools(layout):
    """Put tools/ on the venv's path; register the ML2 entry point."""
    site = _site_packages(layout)
    write_if_changed(site / 'sandbox-tools.pth', f'{layout.tools}\n')
    dist = site / 'sandbox_loopback_ml2-1.0.dist-info'
    write_if_changed(
        dist / 'METADATA',
        'Metadata-Version: 2.1\nName: sandbox-loopback-ml2\nVersion: 1.0\n',
    )
    write_if_changed(dist / 'entry_points.txt', ML2_ENTRY_POINTS)


def ensure_venv(layout, log):
    """Create or update ``.sandbox/venv`` when needed; return True if pip ran.

    ``log(message)`` prints progress.
    """
    stamp_file = layout.venv / 'sandbox-stamp'
    wanted = _stamp(layout)
    python = layout.python
    if (
        python.exists()
        and stamp_file.exists()
        and stamp_file.read_text() == wanted
    ):
        _link_tools(layout)
        return False
    started = time.monotonic()
    pip_log = layout.log / 'venv-pip.log'
    with open(pip_log, 'ab') as out:
        if not python.exists():
            log(f'creating {layout.venv} with {sys.executable}')
            subprocess.run(
                [sys.executable, '-m', 'venv', str(layout.venv)],
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        log(
            'installing the pinned OpenStack releases from PyPI '
            '(about a minute)'
        )
        code = subprocess.run(
            [
                str(python),
                '-m',
                'pip',
                'install',
                '--disable-pip-version-check',
                '--no-input',
                '-c',
                str(layout.constraints),
                *PACKAGES,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        ).returncode
    if code != 0:
        raise SandboxError(f'pip install failed (exit {code}); see {pip_log}')
    _link_tools(layout)
    stamp_file.write_text(wanted)
    log(f'venv ready ({time.monotonic() - started:.0f}s)')
    return True

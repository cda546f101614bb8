"""Virtualenvs of their own for the service and the clients under test.

Each venv is (re)built only when its stamp, a hash of what goes into it,
changes; ``ensure`` is then a few stat calls.
"""

import hashlib
import subprocess
import sys
import time

from .runner import SandboxError


def _base_python():
    # The stages run inside the sandbox venv; new venvs come from the
    # interpreter that venv was made with.
    return getattr(sys, '_base_executable', None) or sys.executable


def ensure(ctx, stage, path, pip_args, inputs=()):
    """Make sure the venv ``path`` holds ``pip_args``' packages.

    :param pip_args: arguments of ``pip install`` (requirements, -c, -e).
    :param inputs: files whose contents also decide the stamp.
    :returns: True when pip ran.
    """
    digest = hashlib.sha256('\0'.join(map(str, pip_args)).encode())
    for item in inputs:
        digest.update(item.read_bytes())
    wanted = digest.hexdigest()
    stamp = path / 'sandbox-stamp'
    python = path / 'bin' / 'python'
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return False
    started = time.monotonic()
    log_path = ctx.layout.log / f'{path.name}-pip.log'
    with open(log_path, 'ab') as out:
        if not python.exists():
            subprocess.run(
                [_base_python(), '-m', 'venv', str(path)],
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        ctx.log(stage, f'installing {path.name} (pip)')
        code = subprocess.run(
            [
                str(python),
                '-m',
                'pip',
                'install',
                '--disable-pip-version-check',
                '--no-input',
                *map(str, pip_args),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        ).returncode
    if code != 0:
        raise SandboxError(
            f'pip install into {path} failed (exit {code}); see {log_path}'
        )
    stamp.write_text(wanted)
    ctx.log(stage, f'{path.name} ready ({time.monotonic() - started:.0f}s)')
    return True

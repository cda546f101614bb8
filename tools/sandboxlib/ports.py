"""Who listens on the sandbox's fixed ports (read from /proc)."""

import os
from pathlib import Path

from . import procs

_LISTEN = '0A'


def _listening_inodes(port):
    inodes = set()
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == _LISTEN and int(local.rsplit(':', 1)[1], 16) == port:
                inodes.add(inode)
    return inodes


def listeners(port):
    """Return the pids of processes holding a listening socket on ``port``.

    An empty list with a listening socket means the holder is invisible to us
    (another container or user); callers treat that as a foreign process.
    """
    inodes = _listening_inodes(port)
    if not inodes:
        return []
    targets = {f'socket:[{i}]' for i in inodes}
    pids = []
    for pid in (p for p in os.listdir('/proc') if p.isdigit()):
        try:
            fds = os.listdir(f'/proc/{pid}/fd')
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f'/proc/{pid}/fd/{fd}') in targets:
                    pids.append(int(pid))
                    break
            except OSError:
                continue
    return pids or [0]


def describe(pid):
    """Return a one-line description of a foreign port holder."""
    if not pid:
        return 'a process this user cannot see'
    try:
        cmd = (
            Path(f'/proc/{pid}/cmdline')
            .read_bytes()
            .replace(b'\0', b' ')
            .decode()
            .strip()
        )
    except OSError:
        cmd = '?'
    return f'pid {pid} ({cmd[:100]})'


def conflicts(layout, ports):
    """Return problems for ports held by anything but our sandbox.

    ``ports`` maps a process name to its port. Ports held by the sandbox of
    another checkout are reported together, with the command that stops it.
    """
    problems = []
    others = {}
    for name, port in ports.items():
        for pid in listeners(port):
            home = procs.owner_home(pid) if pid else None
            if home == str(layout.home):
                continue
            if home:
                others.setdefault(Path(home).parent, []).append(str(port))
            else:
                problems.append(
                    f'port {port} ({name}) is held by {describe(pid)}'
                )
            break
    for checkout, held in others.items():
        problems.append(
            f'the sandbox of another checkout, {checkout}, runs on ports '
            f'{", ".join(held)}; only one sandbox fits on a machine. '
            f'Stop it with: {checkout}/tools/sandbox down'
        )
    return problems

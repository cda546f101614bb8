"""Start, find and stop the sandbox's own processes.

Each process is started in a new session (so it leads its own process group)
with ``SANDBOX_HOME`` and ``SANDBOX_PROC`` in its environment. Its pid goes to
``.sandbox/run/<name>.pid``, and an optional URL to ``<name>.url``. A process
(or a worker it forked) counts as ours only when it is in that group and its
environment carries our marker: nothing is ever found or killed by name, and
gunicorn's retitled workers are recognised all the same.
"""

from concurrent.futures import ThreadPoolExecutor
import os
from pathlib import Path
import signal
import subprocess
import time

MARK_HOME = 'SANDBOX_HOME'
MARK_PROC = 'SANDBOX_PROC'


def clean_env():
    """Return our environment without OS_* (a sourced openrc stays out)."""
    return {k: v for k, v in os.environ.items() if not k.startswith('OS_')}


def read_environ(pid):
    """Return the environment of ``pid`` ({} if gone or unreadable)."""
    try:
        raw = Path(f'/proc/{pid}/environ').read_bytes()
    except OSError:
        return {}
    pairs = (item.partition(b'=') for item in raw.split(b'\0') if item)
    return {
        k.decode(errors='replace'): v.decode(errors='replace')
        for k, _, v in pairs
    }


def _stat_fields(pid):
    """Return /proc/<pid>/stat fields after the command name, or None."""
    try:
        text = Path(f'/proc/{pid}/stat').read_text()
    except OSError:
        return None
    return text.rpartition(')')[2].split()


def _pgid(pid):
    fields = _stat_fields(pid)
    # fields[0] is the state, [2] the process group; zombies count as gone.
    if fields is None or fields[0] == 'Z':
        return None
    return int(fields[2])


def owner_home(pid):
    """Return the SANDBOX_HOME marker of ``pid`` (None if foreign)."""
    return read_environ(pid).get(MARK_HOME)


def _all_pids():
    return [int(p) for p in os.listdir('/proc') if p.isdigit()]


def group_members(pgid, home, name):
    """Return live pids of group ``pgid`` marked as ``home``'s ``name``."""
    members = []
    for pid in _all_pids():
        if _pgid(pid) != pgid:
            continue
        env = read_environ(pid)
        if env.get(MARK_HOME) == str(home) and env.get(MARK_PROC) == name:
            members.append(pid)
    return members


def rss_kib(pid):
    """Return the resident set size of ``pid`` in KiB (0 if it is gone)."""
    try:
        for line in Path(f'/proc/{pid}/status').read_text().splitlines():
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class ProcessTable:
    """The pid files of one sandbox and the processes behind them."""

    def __init__(self, layout):
        self.layout = layout

    def _pidfile(self, name):
        return self.layout.run / f'{name}.pid'

    def names(self):
        """Return the names of all processes that have a pid file, sorted."""
        if not self.layout.run.is_dir():
            return []
        return sorted(p.stem for p in self.layout.run.glob('*.pid'))

    def pid(self, name):
        """Return the pid of ``name`` if it runs and is ours, else None."""
        try:
            pid = int(self._pidfile(name).read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        if _pgid(pid) != pid:
            return None
        env = read_environ(pid)
        if (
            env.get(MARK_HOME) != str(self.layout.home)
            or env.get(MARK_PROC) != name
        ):
            return None
        return pid

    def url(self, name):
        """Return the URL recorded for ``name`` ('' if none)."""
        try:
            return (self.layout.run / f'{name}.url').read_text().strip()
        except OSError:
            return ''

    def start(self, name, argv, env=None, url=None, cwd=None):
        """Start ``argv`` as the sandbox process ``name`` and record its pid.

        stdout and stderr are appended to ``.sandbox/log/<name>.out``.
        """
        full_env = clean_env()
        full_env.update(env or {})
        full_env[MARK_HOME] = str(self.layout.home)
        full_env[MARK_PROC] = name
        full_env.setdefault('PYTHONWARNINGS', 'ignore')
        # setproctitle (gunicorn's titles) would otherwise overwrite the
        # environment block that /proc/<pid>/environ shows, marker included.
        full_env['SPT_NOENV'] = '1'
        out = open(self.layout.log / f'{name}.out', 'ab')  # noqa: SIM115 - handed to the child
        with out:
            out.write(
                f'\n==== {time.strftime("%F %T")} start '
                f'{" ".join(map(str, argv))}\n'.encode()
            )
            out.flush()
            proc = subprocess.Popen(
                [str(a) for a in argv],
                env=full_env,
                cwd=cwd or self.layout.home,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._pidfile(name).write_text(f'{proc.pid}\n')
        url_file = self.layout.run / f'{name}.url'
        if url:
            url_file.write_text(url + '\n')
        else:
            url_file.unlink(missing_ok=True)
        return proc.pid

    def members(self, name):
        """Return the pids of ``name``'s group that carry our marker."""
        try:
            pgid = int(self._pidfile(name).read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        return group_members(pgid, self.layout.home, name)

    def stop(self, name, grace=6.0):
        """Stop ``name``: TERM its marked group, KILL after ``grace`` s.

        Returns the pids that had to be killed.
        """
        pids = self.members(name)
        _signal_all(pids, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while pids and time.monotonic() < deadline:
            time.sleep(0.1)
            pids = [p for p in pids if _pgid(p) is not None]
        _signal_all(pids, signal.SIGKILL)
        for suffix in ('.pid', '.url'):
            (self.layout.run / f'{name}{suffix}').unlink(missing_ok=True)
        return pids

    def stop_all(self, names=None, grace=6.0):
        """Stop several processes in parallel; return {name: killed pids}."""
        names = self.names() if names is None else names
        if not names:
            return {}
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            stopped = pool.map(lambda n: self.stop(n, grace), names)
            return dict(zip(names, stopped, strict=True))

    def stray_pids(self):
        """Return live pids with our marker that no pid file accounts for."""
        known = {pid for name in self.names() for pid in self.members(name)}
        return [
            pid
            for pid in _all_pids()
            if pid not in known
            and owner_home(pid) == str(self.layout.home)
            and _pgid(pid) is not None
        ]


def _signal_all(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass

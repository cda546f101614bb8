"""Helpers the service stages share: commands, readiness waits, log tails."""

from concurrent.futures import ThreadPoolExecutor
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

from . import ports
from .procs import clean_env
from .runner import SandboxError
from .settings import HOST


def tail(path, lines=25):
    """Return the last ``lines`` lines of a file ('' if it does not exist)."""
    try:
        with open(path, 'rb') as handle:
            handle.seek(0, 2)
            handle.seek(max(0, handle.tell() - 65536))
            text = handle.read().decode(errors='replace')
    except OSError:
        return ''
    return '\n'.join(text.splitlines()[-lines:])


def run(ctx, stage, argv, what, ok_codes=(0,)):
    """Run a setup command (db sync...); log to log/<stage>-setup.log."""
    log_path = ctx.layout.log / f'{stage}-setup.log'
    started = time.monotonic()
    with open(log_path, 'ab') as out:
        out.write(
            f'\n==== {time.strftime("%F %T")} '
            f'{" ".join(map(str, argv))}\n'.encode()
        )
        out.flush()
        code = subprocess.run(
            [str(a) for a in argv],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=clean_env(),
            cwd=ctx.layout.home,
        ).returncode
    if code not in ok_codes:
        raise SandboxError(
            f'{what} failed (exit {code}); last lines of {log_path}:\n'
            + tail(log_path)
        )
    ctx.log(stage, f'{what} ({time.monotonic() - started:.1f}s)')
    return code


def run_parallel(ctx, stage, commands):
    """Run several (argv, what) setup commands at once; raise if any failed."""
    with ThreadPoolExecutor(max_workers=max(1, len(commands))) as pool:
        futures = [
            pool.submit(run, ctx, stage, argv, what) for argv, what in commands
        ]
    for future in futures:
        future.result()


def gunicorn(ctx, name, app, port, threads=8):
    """Return the command serving the WSGI ``app`` spec on 127.0.0.1:``port``.

    One gthread worker: the in-process caches stay coherent and memory small.
    """
    return [
        ctx.layout.bin('gunicorn'),
        '--bind',
        f'{HOST}:{port}',
        '--workers',
        '1',
        '--worker-class',
        'gthread',
        '--threads',
        str(threads),
        '--timeout',
        '300',
        '--graceful-timeout',
        '3',
        '--no-control-socket',
        '--name',
        name,
        '--access-logfile',
        str(ctx.layout.log / f'{name}-access.log'),
        app,
    ]


def http_ready(url):
    """Return a probe: true once ``url`` answers HTTP (status < 500)."""

    def probe():
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True
        except urllib.error.HTTPError as exc:
            return exc.code < 500
        except OSError:
            return False

    return probe


def wait_until(probe, timeout, what, alive=None, logs=(), interval=0.2):
    """Poll ``probe`` until true; fail after ``timeout`` s or if not alive.

    The error names ``what`` and shows the tails of the existing ``logs``.
    """
    deadline = time.monotonic() + timeout
    while True:
        if probe():
            return
        if alive is not None and not alive():
            reason = 'exited'
            break
        if time.monotonic() > deadline:
            reason = f'not ready after {timeout} s'
            break
        time.sleep(interval)
    details = [
        f'\n--- last lines of {log}:\n{tail(log)}' for log in logs if tail(log)
    ]
    raise SandboxError(f'{what} {reason}{"".join(details)}')


def ensure_process(
    ctx,
    stage,
    name,
    argv,
    ready,
    env=None,
    url=None,
    restart=False,
    timeout=90,
):
    """Make sure the sandbox process ``name`` runs and is ready.

    A running process is kept unless ``restart`` (its config changed); a dead
    one's leftovers are cleared and it is started again. Returns True if it
    was (re)started.
    """
    pid = ctx.procs.pid(name)
    started = False
    if pid is not None and restart:
        ctx.log(stage, f'restarting {name}: its configuration changed')
    if pid is None or restart:
        ctx.procs.stop(name)
        pid = ctx.procs.start(name, argv, env=env, url=url)
        ctx.log(stage, f'started {name} (pid {pid})')
        started = True
    try:
        wait_until(
            ready,
            timeout,
            f'{name} (pid {pid})',
            alive=lambda: ctx.procs.pid(name) is not None,
            logs=(
                ctx.layout.log / f'{name}.out',
                ctx.layout.log / f'{name}.log',
            ),
        )
    except SandboxError as exc:
        held = _port_holders(ctx, name, url)
        if held:
            raise SandboxError(f'{exc}\n' + '\n'.join(held)) from exc
        raise
    if started:
        ctx.log(stage, f'{name} ready')
    return started


def _port_holders(ctx, name, url):
    """Say who else holds the port of ``url`` (the likely cause of a
    failed start: only one sandbox fits on a machine)."""
    port = urllib.parse.urlsplit(url).port if url else None
    if port is None:
        return []
    return ports.conflicts(ctx.layout, {name: port})


def schema_current(ctx, name, database, version):
    """Return True if ``database`` has ``name``'s schema of ``version``."""
    stamp = ctx.layout.state / f'{name}.schema'
    return (
        stamp.exists()
        and stamp.read_text() == version
        and ctx.results['mysql'].table_count(database) > 0
    )


def mark_schema(ctx, name, version):
    """Record that ``name``'s schema is synced for release ``version``."""
    (ctx.layout.state / f'{name}.schema').write_text(version)

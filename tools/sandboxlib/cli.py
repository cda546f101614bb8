"""``tools/sandbox up|down|status``: this checkout's loopback OpenStack."""

import argparse
import fcntl
import os
from pathlib import Path
import shutil
import sys
import time

from . import ports
from . import report
from . import settings
from .layout import Layout
from .procs import ProcessTable
from .runner import Context
from .runner import run_stages
from .runner import SandboxError

# Kept across the re-exec into the venv, so reported times cover the whole run.
STARTED_ENV = 'SANDBOX_UP_STARTED'


def _lock(layout):
    """Serialise concurrent `up` runs (e.g. parallel test sessions)."""
    layout.home.mkdir(parents=True, exist_ok=True)
    handle = open(layout.home / 'up.lock', 'w')  # noqa: SIM115 - held until exit
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _check_machine(layout, table):
    problems = ports.conflicts(layout, settings.PORTS)
    strays = table.stray_pids()
    if strays:
        problems.append(
            f'processes of this sandbox run without pid files ({strays}); '
            'run: tools/sandbox down'
        )
    if problems:
        raise SandboxError(
            'cannot start the sandbox:\n  ' + '\n  '.join(problems)
        )


def _in_venv(layout):
    return Path(sys.prefix).resolve() == layout.venv.resolve()


def up(layout):
    """Bring the whole sandbox up (idempotent); return an exit code."""
    started = float(os.environ.setdefault(STARTED_ENV, str(time.time())))
    lock = _lock(layout)
    layout.make_dirs()
    table = ProcessTable(layout)
    _check_machine(layout, table)
    if not _in_venv(layout):
        from .stages.venv import ensure_venv

        ensure_venv(
            layout,
            lambda msg: print(
                f'{time.time() - started:7.1f}s  venv         {msg}',
                flush=True,
            ),
        )
        lock.close()
        os.execv(
            layout.python,
            [str(layout.python), str(layout.tools / 'sandbox'), *sys.argv[1:]],
        )
    from .plan import STAGES

    ctx = Context(
        layout, table, started=time.monotonic() - (time.time() - started)
    )
    errors = run_stages(ctx, STAGES)
    if errors:
        print('\nThe sandbox did not come up:')
        for name, error in errors.items():
            print(f'  {name}: {str(error).splitlines()[0]}')
        print(
            f'Logs: {layout.log}/   (processes left running; '
            'stop them with tools/sandbox down)'
        )
        return 1
    report.write_files(ctx)
    report.print_summary(ctx, time.time() - started)
    return 0


def down(layout, purge):
    """Stop every process of this sandbox; ``purge`` also drops its data."""
    table = ProcessTable(layout)
    started = time.monotonic()
    stopped = table.stop_all()
    for name, killed in sorted(stopped.items()):
        note = f' (killed {killed} after the grace period)' if killed else ''
        print(f'stopped {name}{note}')
    strays = table.stray_pids()
    if strays:
        print(f'stopping stray processes of this sandbox: {strays}')
        for pid in strays:
            os.kill(pid, 15)
        time.sleep(2)
        for pid in table.stray_pids():
            os.kill(pid, 9)
    if purge:
        _purge(layout)
    left = table.stray_pids()
    print(f'down took {time.monotonic() - started:.1f}s')
    if left:
        print(f'still running: {left}')
        return 1
    return 0


def _purge(layout):
    from . import rabbit
    from .mysql import MySQL
    from .stages.backends import OWNER_PREFIX

    mysql = MySQL()
    ours = [db for dbs in settings.DATABASES.values() for db in dbs]
    owners = mysql.databases(OWNER_PREFIX)
    mysql.drop(settings.DATABASES, ours + owners)
    print('dropped the sandbox_* databases and their users')
    rabbit.delete_vhost()
    print(f'deleted RabbitMQ vhost {settings.RABBIT_VHOST}')
    shutil.rmtree(layout.home, ignore_errors=True)
    print(f'removed {layout.home}')


def status(layout):
    """Print the processes; return 0 if all run, 3 if none, else 1."""
    table = ProcessTable(layout)
    dead = report.print_processes(table)
    if layout.ids_file.exists():
        print(f'ids: {layout.ids_file}')
    if not table.names():
        return 3
    return 1 if dead else 0


def main(tools_dir):
    """Parse the command line and run a command; return the exit code."""
    parser = argparse.ArgumentParser(prog='tools/sandbox', description=__doc__)
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser(
        'up', help='install, configure and start everything (idempotent)'
    )
    down_parser = sub.add_parser(
        'down', help='stop the processes `up` started'
    )
    down_parser.add_argument(
        '--purge',
        action='store_true',
        help='also drop the databases, the vhost and .sandbox/',
    )
    sub.add_parser('status', help='show each process, its pid, RSS and URL')
    args = parser.parse_args()
    layout = Layout.for_tools_dir(tools_dir)
    try:
        if args.command == 'up':
            return up(layout)
        if args.command == 'down':
            return down(layout, args.purge)
        return status(layout)
    except SandboxError as exc:
        print(f'error: {exc}', file=sys.stderr)
        return 1

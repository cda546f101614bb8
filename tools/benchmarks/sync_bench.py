#!/usr/bin/env python3
"""Benchmark of the conductor's status sync (a script, not a test).

Puts 1,000 bays in CREATE_IN_PROGRESS (their create handed to Heat) in a
throwaway MariaDB database and runs the real status sync with the real
Heat driver against a Heat stand-in on loopback that counts requests. It
prints, for one sync round:

* the Heat requests and seconds when every stack is still in progress;
* the same when some stacks have just finished;
and the time from a stack reaching its terminal state in Heat to its bay
showing it, with rounds every ``[conductor] sync_interval`` seconds.

Usage: PYTHONWARNINGS=ignore .venv/bin/python tools/benchmarks/sync_bench.py
       [--bays 1000] [--finishing 20]
"""

import argparse
import contextlib
import datetime
import http.server
import json
import pathlib
import tempfile
import threading
import time
import urllib.parse
import uuid

from futurist import ThreadPoolExecutor
from keystoneauth1 import session as ka_session
from keystoneauth1 import token_endpoint
import sqlalchemy as sa

from magnum.common import config
from magnum.common import context as magnum_context
from magnum.common import keystone
from magnum.conductor import status_sync
from magnum.db.sqlalchemy import common as db_common
from magnum.db.sqlalchemy import migration
from magnum.db.sqlalchemy import models

ADMIN_URL = 'mysql+pymysql://root@127.0.0.1:3306/'
PROJECT = 'p' * 32
CONFIG = """[DEFAULT]
transport_url = fake:/
host = bench-conductor
[database]
connection = {db}
[oslo_messaging_notifications]
driver = noop
"""


class FakeHeat(http.server.ThreadingHTTPServer):
    """Answers stacks.list and stacks.get like Heat; counts requests."""

    daemon_threads = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), Handler)
        self.stacks = {}
        self.lists = 0
        self.gets = 0
        self.lock = threading.Lock()

    def finish_stacks(self, ids):
        now = datetime.datetime.utcnow().replace(microsecond=0)
        with self.lock:
            for sid in ids:
                self.stacks[sid].update(
                    stack_status='CREATE_COMPLETE',
                    updated_time=now.isoformat(),
                )


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        server = self.server
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = url.path.strip('/').split('/')
        with server.lock:
            if parts[-1] == 'stacks':
                server.lists += 1
                stacks = list(server.stacks.values())
                if 'id' in query:
                    wanted = set(query['id'])
                    stacks = [s for s in stacks if s['id'] in wanted]
                if 'status' in query:
                    stacks = [
                        s
                        for s in stacks
                        if s['stack_status'].endswith('_' + query['status'][0])
                    ]
                return self._send({'stacks': [dict(s) for s in stacks]})
            server.gets += 1
            stack = dict(server.stacks[parts[-1]])
        stack['outputs'] = [
            {'output_key': 'api_address', 'output_value': '127.42.0.10'},
            {'output_key': 'kube_masters', 'output_value': ['127.42.0.10']},
            {'output_key': 'kube_minions', 'output_value': ['127.42.0.11']},
        ]
        stack['parameters'] = {
            'number_of_masters': '1',
            'number_of_minions': '1',
        }
        return self._send({'stack': stack})


@contextlib.contextmanager
def database():
    name = 'magnum_syncbench_%s' % uuid.uuid4().hex[:8]
    admin = sa.create_engine(ADMIN_URL, isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(sa.text('CREATE DATABASE %s' % name))
    try:
        yield '%s%s?charset=utf8mb4' % (ADMIN_URL, name)
    finally:
        db_common.get_engine().dispose()
        with admin.connect() as conn:
            conn.execute(sa.text('DROP DATABASE %s' % name))
        admin.dispose()


def populate(heat, count):
    now = datetime.datetime.utcnow().replace(microsecond=0)
    template = str(uuid.uuid4())
    bays, groups = [], []
    for i in range(count):
        bay, stack = str(uuid.uuid4()), str(uuid.uuid4())
        heat.stacks[stack] = {
            'id': stack,
            'stack_name': 'bay-%d' % i,
            'stack_status': 'CREATE_IN_PROGRESS',
            'stack_status_reason': 'Stack CREATE started',
            'creation_time': now.isoformat(),
            'updated_time': None,
        }
        bays.append(
            dict(
                uuid=bay,
                name='bay-%d' % i,
                project_id=PROJECT,
                cluster_template_id=template,
                stack_id=stack,
                status='CREATE_IN_PROGRESS',
                operation='create',
                operation_args='{}',
                status_started_at=now,
                operation_submitted_at=now,
                create_timeout=60,
                created_at=now,
            )
        )
        for role in ('master', 'worker'):
            groups.append(
                dict(
                    uuid=str(uuid.uuid4()),
                    cluster_id=bay,
                    name='default-%s' % role,
                    role=role,
                    node_count=1,
                    is_default=True,
                    stack_id=stack,
                    project_id=PROJECT,
                    status='CREATE_IN_PROGRESS',
                )
            )
    with db_common.get_engine().begin() as conn:
        conn.execute(
            models.ClusterTemplate.__table__.insert().values(
                uuid=template,
                name='bench',
                coe='kubernetes',
                server_type='vm',
                cluster_distro='fedora-coreos',
                image_id='img',
                project_id=PROJECT,
                public=False,
                hidden=False,
            )
        )
        conn.execute(models.Cluster.__table__.insert(), bays)
        conn.execute(models.NodeGroup.__table__.insert(), groups)
    return [b['stack_id'] for b in bays]


def settled(stack_ids):
    with db_common.get_engine().connect() as conn:
        return conn.execute(
            sa.select(sa.func.count())
            .select_from(models.Cluster.__table__)
            .where(
                models.Cluster.stack_id.in_(stack_ids),
                models.Cluster.status == 'CREATE_COMPLETE',
            )
        ).scalar()


def one_round(sync, heat, context):
    heat.lists = heat.gets = 0
    started = time.perf_counter()
    in_progress = sync.sync_round(context)
    return in_progress, heat.lists, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--bays', type=int, default=1000)
    parser.add_argument('--finishing', type=int, default=20)
    args = parser.parse_args()
    heat = FakeHeat()
    threading.Thread(target=heat.serve_forever, daemon=True).start()
    endpoint = 'http://127.0.0.1:%d/v1/%s' % (heat.server_address[1], PROJECT)
    session = ka_session.Session(auth=token_endpoint.Token(endpoint, 'tok'))
    keystone.service_session = lambda: session
    with database() as db, tempfile.TemporaryDirectory() as tmp:
        conf = pathlib.Path(tmp) / 'magnum.conf'
        conf.write_text(CONFIG.format(db=db))
        config.parse_args(['--config-file', str(conf)])
        migration.upgrade('head')
        stack_ids = populate(heat, args.bays)
        context = magnum_context.get_admin_context()
        executor = ThreadPoolExecutor(max_workers=16)
        sync = status_sync.StatusSync('bench-conductor', None, executor)
        one_round(sync, heat, context)  # warm: imports, connections
        print(
            'status sync, %d bays in CREATE_IN_PROGRESS, MariaDB, real '
            'Heat driver, Heat stand-in on loopback' % args.bays
        )
        count, lists, seconds = one_round(sync, heat, context)
        print(
            'round, all stacks in progress: %d bays, %d Heat requests, '
            '%.3f s' % (count, lists, seconds)
        )
        done = stack_ids[: args.finishing]
        heat.finish_stacks(done)
        count, lists, seconds = one_round(sync, heat, context)
        print(
            'round, %d stacks just finished: %d bays, %d Heat requests '
            '(+ %d reads of outputs), %.3f s'
            % (len(done), count, lists, heat.gets, seconds)
        )
        deadline = time.monotonic() + 30
        while settled(done) < len(done) and time.monotonic() < deadline:
            time.sleep(0.05)
        latencies = []
        interval = config.CONF.conductor.sync_interval
        stop = threading.Event()
        thread = threading.Thread(
            target=sync.run, args=(context, stop), daemon=True
        )
        thread.start()
        for batch in range(5):
            time.sleep(interval * 0.37 * (batch + 1))
            ids = stack_ids[
                args.finishing * (batch + 1) : args.finishing * (batch + 2)
            ]
            heat.finish_stacks(ids)
            finished = time.monotonic()
            while settled(ids) < len(ids) and time.monotonic() - finished < 30:
                time.sleep(0.02)
            latencies.append(time.monotonic() - finished)
        stop.set()
        thread.join()
        executor.shutdown(wait=True)
        print(
            'Heat terminal state -> bay status (rounds every %.1f s): '
            'max %.2f s, mean %.2f s over %d batches of %d bays'
            % (
                interval,
                max(latencies),
                sum(latencies) / len(latencies),
                len(latencies),
                args.finishing,
            )
        )
    heat.shutdown()


if __name__ == '__main__':
    main()

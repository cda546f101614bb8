#!/usr/bin/env python3
"""Benchmark of the cluster template API (a script, not a test).

Starts ``magnum-api`` (gunicorn, several worker processes) on a throwaway
MariaDB database and measures, at concurrency 1 and 4, template POST, GET
of one template, PATCH, and lists of 100 and of 1,000 templates. Prints
requests per second and the 50th/99th percentile latencies.

Requests use ``auth_strategy = noauth`` and the resource checks against
Glance/Nova/Neutron are off, so the figures are the API's own cost (the
sandbox cloud's figures depend on Keystone and the other services).

Usage: tools/benchmarks/api_bench.py [--workers 4] [--requests 200]
Run it with the project's venv python (``.venv/bin/python``).
"""

import argparse
import concurrent.futures
import contextlib
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import requests
import sqlalchemy as sa

TOP = pathlib.Path(__file__).resolve().parents[2]
ADMIN_URL = os.environ.get(
    'MAGNUM_BENCH_MYSQL', 'mysql+pymysql://root@127.0.0.1:3306/'
)
TEMPLATE = {
    'coe': 'kubernetes',
    'image_id': 'fedora-coreos-sandbox',
    'external_network_id': 'public',
    'keypair_id': 'testkey',
    'flavor_id': 'm1.small',
    'cluster_distro': 'fedora-coreos',
    'labels': {'kube_tag': 'v1.32.4'},
}
CONFIG = """[DEFAULT]
auth_strategy = noauth
transport_url = rabbit://guest:guest@127.0.0.1:5672/
[api]
host = 127.0.0.1
port = {port}
workers = {workers}
[database]
connection = {db}
[cloud_lookup]
validate_image = false
validate_flavor = false
validate_keypair = false
validate_external_network = false
validate_fixed_network = false
[oslo_messaging_notifications]
driver = noop
"""


def headers(project):
    return {
        'X-User-Id': 'bench-user',
        'X-Project-Id': project,
        'X-Roles': 'member,reader',
        'Content-Type': 'application/json',
        'OpenStack-API-Version': 'container-infra latest',
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def database():
    name = 'magnum_bench_%s' % uuid.uuid4().hex[:8]
    admin = sa.create_engine(ADMIN_URL, isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(sa.text('CREATE DATABASE %s' % name))
    try:
        yield '%s%s?charset=utf8mb4' % (ADMIN_URL, name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text('DROP DATABASE %s' % name))
        admin.dispose()


@contextlib.contextmanager
def api_server(db, workers):
    port = free_port()
    bindir = pathlib.Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        conf = pathlib.Path(tmp) / 'magnum.conf'
        conf.write_text(CONFIG.format(port=port, workers=workers, db=db))
        subprocess.run(
            [bindir / 'magnum-db-manage', '--config-file', conf, 'upgrade'],
            check=True,
            capture_output=True,
        )
        log = open(pathlib.Path(tmp) / 'api.log', 'wb')
        proc = subprocess.Popen(
            [bindir / 'magnum-api', '--config-file', conf],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, PYTHONWARNINGS='ignore'),
        )
        url = 'http://127.0.0.1:%d' % port
        try:
            wait_ready(url, proc)
            yield url
        except BaseException:
            log.flush()
            tail = (pathlib.Path(tmp) / 'api.log').read_text().splitlines()
            print('\n'.join(['--- end of magnum-api log:'] + tail[-40:]))
            raise
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            log.close()


def wait_ready(url, proc):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit('magnum-api exited during start-up')
        try:
            requests.get(url + '/', timeout=1)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise SystemExit('magnum-api did not start within 60 s')


def populate(url, project, count):
    session = requests.Session()
    for i in range(count):
        resp = session.post(
            url + '/v1/clustertemplates',
            json=dict(TEMPLATE, name='t%d' % i),
            headers=headers(project),
        )
        resp.raise_for_status()
    return resp.json()['uuid']


def measure(total, concurrency, request):
    """Run ``request(session, i)`` ``total`` times; return (rps, p50, p99)."""
    sessions = [requests.Session() for _ in range(concurrency)]
    latencies = []

    def worker(index):
        session = sessions[index]
        own = []
        for i in range(index, total, concurrency):
            started = time.perf_counter()
            resp = request(session, i)
            own.append(time.perf_counter() - started)
            if resp.status_code >= 400:
                raise SystemExit(
                    'request failed: %s %s'
                    % (resp.status_code, resp.text[:200])
                )
        return own

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for own in pool.map(worker, range(concurrency)):
            latencies.extend(own)
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return total / elapsed, statistics.median(latencies) * 1000, p99 * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '--workers',
        type=int,
        default=4,
        help='API worker processes (default 4)',
    )
    parser.add_argument(
        '--requests',
        type=int,
        default=200,
        help='requests per measurement (lists: a tenth)',
    )
    args = parser.parse_args()
    with database() as db, api_server(db, args.workers) as url:
        one = populate(url, 'p-small', 100)
        populate(url, 'p-large', 1000)
        item = url + '/v1/clustertemplates/' + one
        patch = [{'op': 'replace', 'path': '/tags', 'value': 'x'}]
        scenarios = [
            (
                'POST template',
                args.requests,
                lambda s, i: s.post(
                    url + '/v1/clustertemplates',
                    json=dict(TEMPLATE, name='new%d' % i),
                    headers=headers('p-post'),
                ),
            ),
            (
                'GET one',
                args.requests * 2,
                lambda s, i: s.get(item, headers=headers('p-small')),
            ),
            (
                'PATCH',
                args.requests,
                lambda s, i: s.patch(
                    item, json=patch, headers=headers('p-small')
                ),
            ),
            (
                'list of 100',
                args.requests // 2,
                lambda s, i: s.get(
                    url + '/v1/clustertemplates', headers=headers('p-small')
                ),
            ),
            (
                'list of 1,000',
                args.requests // 4,
                lambda s, i: s.get(
                    url + '/v1/clustertemplates', headers=headers('p-large')
                ),
            ),
        ]
        print(
            'magnum-api, gunicorn with %d workers, MariaDB, %d CPUs'
            % (args.workers, os.cpu_count())
        )
        print(
            '%-15s %4s %8s %10s %9s %9s'
            % ('scenario', 'conc', 'requests', 'req/s', 'p50 ms', 'p99 ms')
        )
        for name, total, request in scenarios:
            # Warm every worker (imports, database connections) first.
            measure(4 * args.workers, 4, request)
            for concurrency in (1, 4):
                rps, p50, p99 = measure(total, concurrency, request)
                print(
                    '%-15s %4d %8d %10.1f %9.1f %9.1f'
                    % (name, concurrency, total, rps, p50, p99)
                )


if __name__ == '__main__':
    main()

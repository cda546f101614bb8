"""Stage ``nova``: nova-api on :8774, conductor, scheduler, fake compute.

nova-compute runs the fake virt driver ``FakeDriverWithoutFakeNodes``: one
stable node named after the host, whose UUID is kept in
``.sandbox/data/nova/compute_id``, so it survives restarts (the plain
FakeDriver invents new node UUIDs and refuses a second start). Servers go
ACTIVE without a hypervisor; they live in the compute's memory only.

The database settings live in ``nova-db.conf``, which nova-compute never
reads (it must not have DB access). Conductor and scheduler run in-process
(no forked worker). Compute is started only once the conductor consumes its
queue: a ping published before that is lost and costs compute 10 s.
"""

from concurrent.futures import ThreadPoolExecutor
from importlib import metadata

from .. import rabbit
from .. import services
from .. import settings
from ..files import authtoken_section
from ..files import copy_stock_file
from ..files import keystone_auth_section
from ..files import render_ini
from ..files import write_if_changed

DB_USER = 'sandbox_nova'
API_DB, CELL0_DB, CELL1_DB = settings.DATABASES[DB_USER]
HOST = settings.COMPUTE_HOST


def _config(layout, etc):
    data = layout.data / 'nova'
    return {
        'DEFAULT': {
            # nova-api's log; the daemons get their own with --log-file.
            'log_file': layout.log / 'nova-api.log',
            'host': HOST,
            'state_path': data,
            'instances_path': data / 'instances',
            'transport_url': settings.TRANSPORT_URL,
            'my_ip': settings.HOST,
            'graceful_shutdown_timeout': 5,
            # Else the scheduler's first host discovery comes 30-60 s late.
            'periodic_fuzzy_delay': 0,
            'compute_driver': 'fake.FakeDriverWithoutFakeNodes',
        },
        'api': {'auth_strategy': 'keystone'},
        'wsgi': {'api_paste_config': etc / 'api-paste.ini'},
        'keystone_authtoken': authtoken_section('nova'),
        'service_user': keystone_auth_section(
            'nova', 'nova-pass', send_service_user_token=True
        ),
        'placement': keystone_auth_section(
            'placement', 'placement-pass', valid_interfaces='public'
        ),
        'neutron': keystone_auth_section(
            'neutron', 'neutron-pass', valid_interfaces='public'
        ),
        'glance': {
            'valid_interfaces': 'public',
            'region_name': settings.REGION,
        },
        'conductor': {'workers': 1},
        'scheduler': {'workers': 1, 'discover_hosts_in_cells_interval': 2},
        'quota': {'instances': 100, 'cores': 1000, 'ram': 4096000},
        'oslo_concurrency': {'lock_path': data / 'locks'},
        'oslo_messaging_notifications': {'driver': 'noop'},
        'vnc': {'enabled': False},
        'spice': {'enabled': False},
        'serial_console': {'enabled': False},
    }


def _db_config():
    return {
        'api_database': {'connection': settings.db_url(DB_USER, API_DB)},
        'database': {'connection': settings.db_url(DB_USER, CELL1_DB)},
    }


def _sync(ctx, manage):
    """Create the API and cell schemas and the cell0/cell1 mappings."""
    services.run(
        ctx, 'nova', [*manage, 'api_db', 'sync'], 'nova-manage api_db sync'
    )
    services.run(
        ctx,
        'nova',
        [
            *manage,
            'cell_v2',
            'map_cell0',
            '--database_connection',
            settings.db_url(DB_USER, CELL0_DB),
        ],
        'nova-manage map_cell0',
    )
    # Exit code 2: cell1 exists already.
    services.run(
        ctx,
        'nova',
        [*manage, 'cell_v2', 'create_cell', '--name', 'cell1'],
        'nova-manage create_cell',
        ok_codes=(0, 2),
    )
    services.run(ctx, 'nova', [*manage, 'db', 'sync'], 'nova-manage db sync')


def _restore_compute_id(ctx):
    """Restore the node UUID file from the database if it was lost."""
    path = ctx.layout.data / 'nova' / 'compute_id'
    if path.exists():
        return
    rows = ctx.results['mysql'].query(
        f'SELECT uuid FROM `{CELL1_DB}`.compute_nodes '
        f"WHERE host = '{HOST}' AND deleted = 0"
    )
    if rows:
        path.write_text(rows[0][0] + '\n')


def _compute_registered(ctx):
    mysql = ctx.results['mysql']

    def probe():
        mapped = mysql.query(
            f'SELECT COUNT(*) FROM `{API_DB}`.host_mappings '
            f"WHERE host = '{HOST}'"
        )[0][0]
        provider = mysql.query(
            'SELECT COUNT(*) FROM sandbox_placement.resource_providers '
            f"WHERE name = '{HOST}'"
        )[0][0]
        return mapped != '0' and provider != '0'

    return probe


def run(ctx):
    """Configure and sync Nova, start its services, then the fake compute."""
    layout = ctx.layout
    etc = layout.etc / 'nova'
    conf, db_conf = etc / 'nova.conf', etc / 'nova-db.conf'
    changed = copy_stock_file(layout, 'nova', 'api-paste.ini')
    changed |= write_if_changed(conf, render_ini(_config(layout, etc)))
    changed |= write_if_changed(db_conf, render_ini(_db_config()), mode=0o600)
    version = metadata.version('nova')
    manage = [
        layout.bin('nova-manage'),
        '--config-file',
        conf,
        '--config-file',
        db_conf,
    ]
    if not services.schema_current(ctx, 'nova', CELL1_DB, version):
        _sync(ctx, manage)
        services.mark_schema(ctx, 'nova', version)

    api_url = settings.CATALOG['compute'][1]
    api = (
        'nova-api',
        services.gunicorn(
            ctx,
            'nova-api',
            'sandboxlib.runtime.wsgi:nova()',
            settings.PORTS['nova-api'],
        ),
        services.http_ready(
            f'http://{settings.HOST}:{settings.PORTS["nova-api"]}/'
        ),
        api_url,
    )
    daemons = [
        (
            f'nova-{binary}',
            [
                layout.python,
                '-m',
                'sandboxlib.runtime.nova_service',
                binary,
                '--config-file',
                conf,
                '--config-file',
                db_conf,
                '--log-file',
                layout.log / f'nova-{binary}.log',
            ],
            rabbit.consumer_probe(binary),
            None,
        )
        for binary in ('conductor', 'scheduler')
    ]
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [
            pool.submit(
                services.ensure_process,
                ctx,
                'nova',
                name,
                argv,
                ready,
                url=url,
                restart=changed,
            )
            for name, argv, ready, url in (api, *daemons)
        ]
    for future in futures:
        future.result()

    ctx.require('identity', 'placement')
    (layout.data / 'nova').mkdir(parents=True, exist_ok=True)
    _restore_compute_id(ctx)
    services.ensure_process(
        ctx,
        'nova',
        'nova-compute',
        [
            layout.bin('nova-compute'),
            '--config-file',
            conf,
            '--log-file',
            layout.log / 'nova-compute.log',
        ],
        rabbit.consumer_probe(f'compute.{HOST}'),
        restart=changed,
    )
    services.wait_until(
        _compute_registered(ctx),
        90,
        'nova-compute registration (host mapping + resource provider)',
        logs=(
            layout.log / 'nova-compute.log',
            layout.log / 'nova-scheduler.log',
        ),
    )

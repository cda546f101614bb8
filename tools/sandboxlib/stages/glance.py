"""Stage ``glance``: glance-api on 127.0.0.1:9292, images in .sandbox/data."""

from importlib import metadata

from .. import services
from .. import settings
from ..files import authtoken_section
from ..files import copy_stock_file
from ..files import render_ini
from ..files import write_if_changed

NAME = 'glance-api'
DB = 'sandbox_glance'


def _config(layout, etc):
    data = layout.data / 'glance'
    return {
        'DEFAULT': {
            'log_file': layout.log / f'{NAME}.log',
            'enabled_backends': 'file:file',
            # Plain PUT uploads only (the import workflow needs tasks).
            'enabled_import_methods': '[]',
            'image_cache_dir': data / 'cache',
            'bind_host': settings.HOST,
        },
        'database': {'connection': settings.db_url(DB, DB)},
        'glance_store': {'default_backend': 'file'},
        'file': {'filesystem_store_datadir': data / 'images'},
        'os_glance_staging_store': {
            'filesystem_store_datadir': data / 'staging'
        },
        'os_glance_tasks_store': {'filesystem_store_datadir': data / 'tasks'},
        'paste_deploy': {
            'flavor': 'keystone',
            'config_file': etc / 'glance-api-paste.ini',
        },
        'keystone_authtoken': authtoken_section('glance'),
        'oslo_concurrency': {'lock_path': data / 'locks'},
        'oslo_messaging_notifications': {'driver': 'noop'},
    }


def run(ctx):
    """Configure, sync and start glance-api."""
    layout = ctx.layout
    etc = layout.etc / 'glance'
    conf = etc / 'glance-api.conf'
    changed = copy_stock_file(layout, 'glance', 'glance-api-paste.ini')
    changed |= write_if_changed(conf, render_ini(_config(layout, etc)))
    version = metadata.version('glance')
    if not services.schema_current(ctx, 'glance', DB, version):
        services.run(
            ctx,
            'glance',
            [layout.bin('glance-manage'), '--config-file', conf, 'db_sync'],
            'glance-manage db_sync',
        )
        services.mark_schema(ctx, 'glance', version)
    url = settings.CATALOG['image'][1]
    services.ensure_process(
        ctx,
        'glance',
        NAME,
        services.gunicorn(
            ctx, NAME, 'sandboxlib.runtime.wsgi:glance()', settings.PORTS[NAME]
        ),
        services.http_ready(url),
        url=url,
        restart=changed,
    )

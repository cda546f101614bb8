"""Stage ``placement``: placement-api on 127.0.0.1:8778."""

from importlib import metadata

from .. import services
from .. import settings
from ..files import authtoken_section
from ..files import render_ini
from ..files import write_if_changed

NAME = 'placement-api'
DB = 'sandbox_placement'


def run(ctx):
    """Configure, sync and start placement-api."""
    layout = ctx.layout
    conf = layout.etc / 'placement' / 'placement.conf'
    changed = write_if_changed(
        conf,
        render_ini(
            {
                'DEFAULT': {'log_file': layout.log / f'{NAME}.log'},
                'api': {'auth_strategy': 'keystone'},
                'placement_database': {'connection': settings.db_url(DB, DB)},
                'keystone_authtoken': authtoken_section('placement'),
            }
        ),
    )
    version = metadata.version('openstack-placement')
    if not services.schema_current(ctx, 'placement', DB, version):
        services.run(
            ctx,
            'placement',
            [
                layout.bin('placement-manage'),
                '--config-file',
                conf,
                'db',
                'sync',
            ],
            'placement-manage db sync',
        )
        services.mark_schema(ctx, 'placement', version)
    url = settings.CATALOG['placement'][1]
    services.ensure_process(
        ctx,
        'placement',
        NAME,
        services.gunicorn(
            ctx,
            NAME,
            'sandboxlib.runtime.wsgi:placement()',
            settings.PORTS[NAME],
        ),
        services.http_ready(url),
        url=url,
        restart=changed,
    )

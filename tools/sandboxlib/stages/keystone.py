"""Stage ``keystone``: Keystone on 127.0.0.1:5000 under gunicorn.

Fernet tokens, the in-process dogpile cache (one gunicorn worker with
threads, so the cache stays coherent) and cheap bcrypt make every
authenticated call take milliseconds instead of ~0.5 s.
"""

import grp
from importlib import metadata
import os
import pwd

from .. import services
from .. import settings
from ..files import render_ini
from ..files import write_if_changed

NAME = 'keystone'
DB = 'sandbox_keystone'


def _config(layout):
    etc = layout.etc / 'keystone'
    return {
        'DEFAULT': {'log_file': layout.log / 'keystone.log'},
        'database': {'connection': settings.db_url(DB, DB)},
        'identity': {'password_hash_rounds': 4},
        'token': {'provider': 'fernet', 'expiration': 86400},
        'fernet_tokens': {'key_repository': etc / 'fernet-keys'},
        'credential': {'key_repository': etc / 'credential-keys'},
        'cache': {
            'enabled': True,
            'backend': 'dogpile.cache.memory',
            'expiration_time': 600,
        },
        'oslo_messaging_notifications': {'driver': 'noop'},
    }


def _setup_keys(ctx, manage):
    etc = ctx.layout.etc / 'keystone'
    owner = [
        '--keystone-user',
        pwd.getpwuid(os.getuid()).pw_name,
        '--keystone-group',
        grp.getgrgid(os.getgid()).gr_name,
    ]
    services.run_parallel(
        ctx,
        NAME,
        [
            ([*manage, command, *owner], f'keystone-manage {command}')
            for command, repo in (
                ('fernet_setup', 'fernet-keys'),
                ('credential_setup', 'credential-keys'),
            )
            if not (etc / repo / '0').exists()
        ],
    )


def run(ctx):
    """Configure, sync, bootstrap and start Keystone."""
    layout = ctx.layout
    conf = layout.etc / 'keystone' / 'keystone.conf'
    changed = write_if_changed(conf, render_ini(_config(layout)))
    manage = [layout.bin('keystone-manage'), '--config-file', conf]
    _setup_keys(ctx, manage)
    version = metadata.version('keystone')
    bootstrapped = layout.state / 'keystone.bootstrapped'
    if not services.schema_current(ctx, NAME, DB, version):
        services.run(
            ctx, NAME, [*manage, 'db_sync'], 'keystone-manage db_sync'
        )
        services.mark_schema(ctx, NAME, version)
        bootstrapped.unlink(missing_ok=True)
    if not bootstrapped.exists():
        services.run(
            ctx,
            NAME,
            [
                *manage,
                'bootstrap',
                '--bootstrap-password',
                settings.ADMIN.password,
                '--bootstrap-username',
                settings.ADMIN.name,
                '--bootstrap-project-name',
                settings.ADMIN.project,
                '--bootstrap-role-name',
                'admin',
                '--bootstrap-service-name',
                'keystone',
                '--bootstrap-region-id',
                settings.REGION,
                *(
                    arg
                    for iface in settings.INTERFACES
                    for arg in (f'--bootstrap-{iface}-url', settings.AUTH_URL)
                ),
            ],
            'keystone-manage bootstrap',
        )
        bootstrapped.touch()
    services.ensure_process(
        ctx,
        NAME,
        NAME,
        services.gunicorn(
            ctx,
            NAME,
            'sandboxlib.runtime.wsgi:keystone()',
            settings.PORTS[NAME],
        ),
        services.http_ready(settings.AUTH_URL),
        url=settings.AUTH_URL,
        restart=changed,
    )

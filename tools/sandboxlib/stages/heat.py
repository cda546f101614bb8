"""Stage ``heat``: heat-api on 127.0.0.1:8004 and one heat-engine.

The engine runs through ``sandboxlib.runtime.heat_engine``: one process, and
in the default "fast" mode the 1 s pause convergence takes after triggering
each independent resource is cut to 10 ms (SANDBOX_HEAT_ENGINE_MODE=stock
keeps stock Heat). The policy lets admins list every project's stacks
(``stacks:global_index``), as the service user of Magnum needs. Heat reaches
Nova, Neutron and Glance through the catalog, with the caller's token.
"""

from importlib import metadata
import os
import shutil

from .. import rabbit
from .. import rest
from .. import services
from .. import settings
from ..files import authtoken_section
from ..files import copy_stock_file
from ..files import keystone_auth_section
from ..files import render_ini
from ..files import write_if_changed
from ..runner import SandboxError

DB = 'sandbox_heat'
LEAF_PAUSES = {'fast': '0.01', 'stock': '1'}
POLICY = '"stacks:global_index": "rule:context_is_admin"\n'


def _config(layout, etc):
    trustee = keystone_auth_section('heat', 'heat-pass')
    del (
        trustee['project_name'],
        trustee['project_domain_name'],
        trustee['region_name'],
    )
    return {
        'DEFAULT': {
            # heat-api's log; the engine gets its own with --log-file.
            'log_file': layout.log / 'heat-api.log',
            'transport_url': settings.TRANSPORT_URL,
            'host': settings.COMPUTE_HOST,
            'region_name_for_services': settings.REGION,
            'num_engine_workers': 1,
            'convergence_engine': True,
            'graceful_shutdown_timeout': 5,
            'environment_dir': etc / 'environment.d',
            'template_dir': etc / 'templates',
            'heat_metadata_server_url': f'http://{settings.HOST}:8000',
            'heat_waitcondition_server_url': f'http://{settings.HOST}:8000/v1/waitcondition',
            'stack_user_domain_name': settings.HEAT_DOMAIN,
            'stack_domain_admin': settings.HEAT_DOMAIN_ADMIN.name,
            'stack_domain_admin_password': settings.HEAT_DOMAIN_ADMIN.password,
        },
        'database': {'connection': settings.db_url(DB, DB)},
        'paste_deploy': {'api_paste_config': etc / 'api-paste.ini'},
        'oslo_policy': {'policy_file': etc / 'policy.yaml'},
        'keystone_authtoken': authtoken_section('heat'),
        'trustee': trustee,
        'clients': {'endpoint_type': 'public'},
        'clients_keystone': {'auth_uri': f'http://{settings.HOST}:5000'},
        'ec2authtoken': {'auth_uri': settings.AUTH_URL},
        'oslo_concurrency': {'lock_path': layout.data / 'heat' / 'locks'},
        'oslo_messaging_notifications': {'driver': 'noop'},
    }


def _engine_mode():
    mode = os.environ.get('SANDBOX_HEAT_ENGINE_MODE', 'fast')
    if mode not in LEAF_PAUSES:
        raise SandboxError(
            f'SANDBOX_HEAT_ENGINE_MODE must be one of {", ".join(LEAF_PAUSES)}'
        )
    return mode


def _write_files(layout, etc, mode):
    """Write heat's files; return (api changed, engine changed)."""
    for tree in ('environment.d', 'templates'):
        if not (etc / tree).exists():
            shutil.copytree(layout.venv / 'etc' / 'heat' / tree, etc / tree)
    common = write_if_changed(
        etc / 'heat.conf', render_ini(_config(layout, etc))
    )
    common |= write_if_changed(etc / 'policy.yaml', POLICY)
    api = copy_stock_file(layout, 'heat', 'api-paste.ini')
    engine = write_if_changed(etc / 'engine-mode', mode + '\n')
    return common or api, common or engine


def run(ctx):
    """Configure and sync Heat, start engine and API; check build_info."""
    layout = ctx.layout
    etc = layout.etc / 'heat'
    mode = _engine_mode()
    api_changed, engine_changed = _write_files(layout, etc, mode)
    conf = etc / 'heat.conf'
    version = metadata.version('openstack-heat')
    if not services.schema_current(ctx, 'heat', DB, version):
        services.run(
            ctx,
            'heat',
            [layout.bin('heat-manage'), '--config-file', conf, 'db_sync'],
            'heat-manage db_sync',
        )
        services.mark_schema(ctx, 'heat', version)
    services.ensure_process(
        ctx,
        'heat',
        'heat-engine',
        [
            layout.python,
            '-m',
            'sandboxlib.runtime.heat_engine',
            '--config-file',
            conf,
            '--log-file',
            layout.log / 'heat-engine.log',
        ],
        rabbit.consumer_probe('engine'),
        env={'SANDBOX_HEAT_LEAF_PAUSE': LEAF_PAUSES[mode]},
        restart=engine_changed,
    )
    url = f'http://{settings.HOST}:{settings.PORTS["heat-api"]}/'
    services.ensure_process(
        ctx,
        'heat',
        'heat-api',
        services.gunicorn(
            ctx,
            'heat-api',
            'sandboxlib.runtime.wsgi:heat()',
            settings.PORTS['heat-api'],
        ),
        services.http_ready(url),
        url=url + 'v1',
        restart=api_changed,
    )
    ctx.require('identity')
    # API -> RPC -> engine: the whole path answers.
    rest.Api(rest.session(settings.ADMIN), 'orchestration').get('/build_info')
    ctx.publish('heat_engine_mode', mode)

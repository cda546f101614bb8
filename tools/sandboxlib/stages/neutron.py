"""Stage ``neutron``: neutron-api (ML2, no agents) on 127.0.0.1:9696.

Only the API server runs. ML2 has flat (for the external network ``public``)
and vxlan (tenant networks) type drivers and one mechanism driver, the
sandbox's ``sandbox_loopback``, which binds every port without an agent so
Nova can boot servers. Routers and floating IPs are database objects only:
nothing forwards packets, and the external subnet is on loopback.
"""

from importlib import metadata

from .. import services
from .. import settings
from ..files import authtoken_section
from ..files import copy_stock_file
from ..files import keystone_auth_section
from ..files import render_ini
from ..files import write_if_changed

NAME = 'neutron-api'
DB = 'sandbox_neutron'


def _config(layout, etc):
    data = layout.data / 'neutron'
    return {
        'DEFAULT': {
            'log_file': layout.log / f'{NAME}.log',
            'host': settings.COMPUTE_HOST,
            'core_plugin': 'ml2',
            'service_plugins': 'router',
            'auth_strategy': 'keystone',
            'transport_url': settings.TRANSPORT_URL,
            'api_paste_config': etc / 'api-paste.ini',
            'state_path': data,
            'allow_overlapping_ips': True,
            'network_auto_schedule': False,
            'router_auto_schedule': False,
            'dhcp_agent_notification': False,
            'notify_nova_on_port_status_changes': True,
            'notify_nova_on_port_data_changes': True,
        },
        'database': {'connection': settings.db_url(DB, DB)},
        'keystone_authtoken': authtoken_section('neutron'),
        'nova': keystone_auth_section(
            'nova', 'nova-pass', endpoint_type='public'
        ),
        'oslo_concurrency': {'lock_path': data / 'locks'},
        'oslo_messaging_notifications': {'driver': 'noop'},
    }


ML2 = {
    'ml2': {
        'type_drivers': 'flat,vxlan',
        'tenant_network_types': 'vxlan',
        'mechanism_drivers': 'sandbox_loopback',
        'extension_drivers': 'port_security',
    },
    'ml2_type_flat': {'flat_networks': settings.PUBLIC_NETWORK},
    'ml2_type_vxlan': {'vni_ranges': '1:1000'},
    'securitygroup': {
        'enable_security_group': True,
        'firewall_driver': 'noop',
    },
}


def run(ctx):
    """Configure, migrate and start neutron-api."""
    layout = ctx.layout
    etc = layout.etc / 'neutron'
    conf, ml2 = etc / 'neutron.conf', etc / 'ml2_conf.ini'
    changed = copy_stock_file(layout, 'neutron', 'api-paste.ini')
    changed |= write_if_changed(conf, render_ini(_config(layout, etc)))
    changed |= write_if_changed(ml2, render_ini(ML2))
    version = metadata.version('neutron')
    if not services.schema_current(ctx, 'neutron', DB, version):
        services.run(
            ctx,
            'neutron',
            [
                layout.bin('neutron-db-manage'),
                '--config-file',
                conf,
                '--config-file',
                ml2,
                'upgrade',
                'heads',
            ],
            'neutron-db-manage upgrade heads',
        )
        services.mark_schema(ctx, 'neutron', version)
    url = settings.CATALOG['network'][1]
    services.ensure_process(
        ctx,
        'neutron',
        NAME,
        services.gunicorn(
            ctx,
            NAME,
            'sandboxlib.runtime.wsgi:neutron()',
            settings.PORTS[NAME],
        ),
        services.http_ready(url),
        url=url,
        restart=changed,
    )

"""What ``up`` leaves for people and tests: openrc, clouds.yaml, ids.

``.sandbox/sandbox.json`` (format 1) is the machine-readable description of
the running sandbox that ``magnum/tests/e2e/testbed.py`` reads: URLs, users
with their passwords and project ids, and the ids of the seeded resources.
"""

import json

from . import settings
from .files import write_if_changed
from .procs import rss_kib

FORMAT = 1


def _openrc(user):
    lines = [
        f'# Sandbox credentials of {user.name}: source this file.',
        '# Works for python-openstackclient and the legacy `magnum` shell.',
        'unset OS_CLOUD OS_TOKEN OS_PROJECT_ID OS_TENANT_ID OS_SYSTEM_SCOPE',
        'unset OS_DOMAIN_NAME OS_DOMAIN_ID',
        f'export OS_AUTH_URL={settings.AUTH_URL}',
        'export OS_IDENTITY_API_VERSION=3',
        f'export OS_USERNAME={user.name}',
        f'export OS_PASSWORD={user.password}',
        f'export OS_PROJECT_NAME={user.project}',
        f'export OS_TENANT_NAME={user.project}',
        'export OS_USER_DOMAIN_NAME=Default',
        'export OS_PROJECT_DOMAIN_NAME=Default',
        f'export OS_REGION_NAME={settings.REGION}',
        'export OS_INTERFACE=public',
    ]
    return '\n'.join(lines) + '\n'


def _clouds_yaml(users):
    lines = ['clouds:']
    for user in users:
        lines += [
            f'  sandbox-{user.name}:',
            f'    region_name: {settings.REGION}',
            '    interface: public',
            '    identity_api_version: 3',
            '    auth:',
            f'      auth_url: {settings.AUTH_URL}',
            f'      username: {user.name}',
            f'      password: {user.password}',
            f'      project_name: {user.project}',
            '      user_domain_name: Default',
            '      project_domain_name: Default',
        ]
    return '\n'.join(lines) + '\n'


def _ids(ctx):
    results = ctx.results
    users = {}
    for user in (settings.ADMIN, *settings.CREATED_USERS):
        users[user.name] = {
            'id': results['users'][user.name],
            'password': user.password,
            'domain': user.domain,
            'project': user.project,
            'project_id': results['projects'].get(user.project),
        }
    return {
        'format': FORMAT,
        'checkout': str(ctx.layout.checkout),
        'auth_url': settings.AUTH_URL,
        'region': settings.REGION,
        'catalog': {kind: url for kind, (_, url) in settings.CATALOG.items()},
        'transport_url_base': settings.RABBIT_URL_BASE,
        'heat_engine_mode': results.get('heat_engine_mode'),
        'projects': results['projects'],
        'domains': results['domains'],
        'users': users,
        'images': results['images'],
        'flavors': results['flavors'],
        'networks': results['networks'],
        'subnets': results['subnets'],
        'keypair': {
            'name': settings.KEYPAIR,
            'private_keys': results['keypairs'],
        },
        'openrc': {
            u.name: str(ctx.layout.openrc(u.name))
            for u in settings.OPENRC_USERS
        },
        'clouds_yaml': str(ctx.layout.home / 'clouds.yaml'),
    }


def write_files(ctx):
    """Write the openrc files, clouds.yaml and sandbox.json."""
    layout = ctx.layout
    for user in settings.OPENRC_USERS:
        write_if_changed(layout.openrc(user.name), _openrc(user), mode=0o600)
    clouds = (
        *settings.OPENRC_USERS,
        settings.user('demo_reader'),
        settings.MAGNUM,
    )
    write_if_changed(
        layout.home / 'clouds.yaml', _clouds_yaml(clouds), mode=0o600
    )
    write_if_changed(
        layout.ids_file,
        json.dumps(_ids(ctx), indent=2, sort_keys=True) + '\n',
        mode=0o600,
    )


def process_rows(table):
    """Return (name, pid or None, RSS MiB, URL) for every pid file."""
    rows = []
    for name in table.names():
        pid = table.pid(name)
        rss = (
            sum(rss_kib(p) for p in table.members(name)) / 1024 if pid else 0.0
        )
        rows.append((name, pid, rss, table.url(name)))
    return rows


def print_processes(table):
    """Print each process and the total RSS; return how many are dead."""
    rows = process_rows(table)
    if not rows:
        print('no sandbox processes (no pid files in .sandbox/run)')
        return 0
    print(f'{"process":<16} {"pid":>8} {"RSS MiB":>8}  URL')
    for name, pid, rss, url in rows:
        print(f'{name:<16} {pid or "DEAD":>8} {rss:8.0f}  {url}')
    print(f'{"total":<16} {"":>8} {sum(r[2] for r in rows):8.0f}')
    return sum(1 for r in rows if r[1] is None)


def print_summary(ctx, elapsed):
    """Print endpoints, credentials and what to try after ``up``."""
    layout = ctx.layout
    print(
        f'\nSandbox cloud is up ({elapsed:.1f}s). '
        f'Everything listens on {settings.HOST} only.'
    )
    print(
        'No VMs are booted: Nova runs a fake virt driver, '
        'Neutron binds ports without agents.\n'
    )
    print_processes(ctx.procs)
    print('\nCatalog (region RegionOne, public = internal = admin):')
    for kind, (_, url) in settings.CATALOG.items():
        note = (
            '  (magnum-api of this checkout)'
            if url == settings.MAGNUM_URL
            else ''
        )
        print(f'  {kind:<16} {url}{note}')
    print(
        '\nUsers (domain Default): admin/admin, demo/demo-pass, '
        'alt_demo/alt-demo-pass,'
        ' demo_reader/demo-reader-pass (reader), magnum/magnum-pass (service)'
    )
    print(
        f'Ids for tests: {layout.ids_file}   '
        f'clouds.yaml: {layout.home / "clouds.yaml"}'
    )
    rel = layout.home.relative_to(layout.checkout)
    print(
        f'\nTry:\n  source {rel}/openrc-demo'
        '\n  openstack image show fedora-coreos-sandbox'
        '\n  openstack flavor list\n  openstack keypair show testkey'
        '\n  openstack network show public'
    )
    print(
        'Stop: tools/sandbox down   '
        f'(down --purge also drops databases, vhost and {rel}/)'
    )

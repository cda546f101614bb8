"""The devstack plugin, run against a stand-in of devstack's functions.

devstack itself cannot run here, so each phase of the plugin is sourced by
bash the way stack.sh, unstack.sh and clean.sh source it, with
``fake-devstack.sh`` in place of devstack's function library. The test
checks the magnum.conf the plugin writes and the commands it would run.
"""

import configparser
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

TOP = pathlib.Path(__file__).resolve().parents[4]
FAKE = pathlib.Path(__file__).resolve().with_name('fake-devstack.sh')
PHASES = ('install', 'post-config', 'extra')
pytestmark = pytest.mark.skipif(
    shutil.which('bash') is None, reason='needs bash'
)


class Devstack:
    """A throwaway devstack layout: DEST, /etc/magnum, a bin directory."""

    def __init__(self, tmp_path, services):
        self.root = tmp_path
        self.log = tmp_path / 'calls.log'
        self.bin = tmp_path / 'bin'
        self.conf_dir = tmp_path / 'etc' / 'magnum'
        self.bin.mkdir()
        for tool in ('magnum-db-manage', 'magnum-status', 'uwsgi'):
            script = self.bin / tool
            script.write_text(
                '#!/bin/sh\necho "%s $*" | sed "s/ / | /g" >> "%s"\n'
                % (tool, self.log)
            )
            script.chmod(0o755)
        self.env = {
            'PATH': '%s:%s' % (self.bin, os.environ['PATH']),
            'HOME': str(tmp_path),
            'FAKE_DEVSTACK_LOG': str(self.log),
            'FAKE_PYTHON': sys.executable,
            'FAKE_BIN_DIR': str(self.bin),
            'ENABLED_SERVICES': services,
            'DATABASE_BACKENDS': 'mysql postgresql',
            'DEST': str(tmp_path / 'opt'),
            'MAGNUM_DIR': str(TOP),
            'MAGNUM_CONF_DIR': str(self.conf_dir),
            'MAGNUM_STATE_PATH': str(tmp_path / 'state'),
            'MAGNUM_NODE_NAME': 'devstack-1',
            'STACK_USER': subprocess.run(
                ['id', '-un'], capture_output=True, text=True, check=True
            ).stdout.strip(),
            'SERVICE_HOST': '192.0.2.10',
            'SERVICE_PROTOCOL': 'http',
            'SERVICE_PASSWORD': 'svcpass',
            'SERVICE_DOMAIN_NAME': 'Default',
            'SERVICE_PROJECT_NAME': 'service',
            'SERVICE_TIMEOUT': '60',
            'KEYSTONE_SERVICE_URI': 'http://192.0.2.10/identity',
            'REGION_NAME': 'RegionOne',
            'API_WORKERS': '2',
            'ENABLE_DEBUG_LOG_LEVEL': 'True',
            'IMAGE_URLS': 'http://images.example.com/cirros.img',
        }

    def run(self, script):
        """Run ``script`` after the fake library and the settings."""
        prologue = (
            'set -eu -o pipefail\n'
            'source %s\n'
            'source %s/devstack/settings\n' % (FAKE, TOP)
        )
        done = subprocess.run(
            ['bash', '-c', prologue + script],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def phase(self, *args):
        """Source plugin.sh as devstack does for one phase."""
        return 'source %s/devstack/plugin.sh %s\n' % (TOP, ' '.join(args))

    def calls(self):
        """The recorded calls, each a list of its arguments."""
        if not self.log.exists():
            return []
        return [
            line.split(' | ') for line in self.log.read_text().splitlines()
        ]

    def conf(self, name='magnum.conf'):
        parser = configparser.RawConfigParser(strict=False)
        parser.optionxform = str
        parser.read(self.conf_dir / name)
        return parser


@pytest.fixture(scope='module')
def stacked(tmp_path_factory):
    """A devstack that ran the three stack phases: (devstack, its output)."""
    devstack = Devstack(
        tmp_path_factory.mktemp('devstack'),
        'key,mysql,rabbit,magnum-api,magnum-cond',
    )
    script = ''.join(
        devstack.phase('stack', p)
        + 'echo "== %s" >> "$FAKE_DEVSTACK_LOG"\n' % p
        for p in PHASES
    )
    out = devstack.run(script + 'echo "IMAGE_URLS=$IMAGE_URLS"\n')
    return devstack, out


def _by_phase(calls):
    phases, current = {}, []
    for call in calls:
        if call[0].startswith('== '):
            phases[call[0][3:]] = current
            current = []
        else:
            current.append(call)
    return phases


def test_install_phase(stacked):
    devstack, out = stacked
    calls = _by_phase(devstack.calls())['install']
    assert ['setup_develop', str(TOP)] in calls
    assert ['pip_install', 'python-magnumclient'] in calls
    urls = out.split('IMAGE_URLS=', 1)[1].strip().split(',')
    assert urls[0] == 'http://images.example.com/cirros.img'
    assert urls[1].endswith('-openstack.x86_64.qcow2.xz')
    assert 'fedora-coreos' in urls[1]


def test_magnum_conf_comes_from_the_cloud(stacked):
    devstack, _out = stacked
    conf = devstack.conf()
    expect = {
        ('DEFAULT', 'host'): 'devstack-1',
        ('DEFAULT', 'auth_strategy'): 'keystone',
        ('DEFAULT', 'transport_url'): (
            'rabbit://stackrabbit:rabbitpass@127.0.0.1:5672/'
        ),
        ('database', 'connection'): (
            'mysql+pymysql://root:dbpass@127.0.0.1/magnum?charset=utf8'
        ),
        ('api', 'host'): '192.0.2.10',
        ('api', 'port'): '9511',
        ('api', 'api_paste_config'): str(devstack.conf_dir / 'api-paste.ini'),
        ('keystone_authtoken', 'username'): 'magnum',
        ('keystone_authtoken', 'www_authenticate_uri'): (
            'http://192.0.2.10/identity/v3'
        ),
        ('keystone_auth', 'auth_type'): 'password',
        ('keystone_auth', 'auth_url'): 'http://192.0.2.10/identity/v3',
        ('keystone_auth', 'username'): 'magnum',
        ('keystone_auth', 'password'): 'svcpass',
        ('keystone_auth', 'project_name'): 'service',
        ('keystone_auth', 'region_name'): 'RegionOne',
        ('trust', 'trustee_domain_name'): 'magnum',
        ('trust', 'trustee_domain_admin_name'): 'trustee_domain_admin',
        ('trust', 'trustee_domain_admin_password'): 'svcpass',
        ('trust', 'cluster_user_trust'): 'True',
        ('certificates', 'cert_manager_type'): 'x509keypair',
        ('cluster_heat', 'create_timeout'): '60',
    }
    for (section, key), value in expect.items():
        assert conf.get(section, key) == value, (section, key)
    assert not conf.has_option('drivers', 'disabled_drivers')
    paste = (devstack.conf_dir / 'api-paste.ini').read_text()
    assert paste == (TOP / 'etc' / 'magnum' / 'api-paste.ini').read_text()


def test_uwsgi_serves_the_wsgi_script_on_the_api_port(stacked):
    devstack, _out = stacked
    uwsgi = devstack.conf('magnum-api-uwsgi.ini')
    assert uwsgi.get('uwsgi', 'wsgi-file') == str(
        devstack.bin / 'magnum-api-wsgi'
    )
    assert uwsgi.get('uwsgi', 'http') == '192.0.2.10:9511'
    assert uwsgi.get('uwsgi', 'processes') == '2'
    assert uwsgi.get('uwsgi', 'env') == 'MAGNUM_CONFIG_FILES=%s' % (
        devstack.conf_dir / 'magnum.conf'
    )


def test_wsgi_script_is_declared_in_setup_cfg():
    """The script uwsgi loads is the one pbr generates from setup.cfg."""
    setup = configparser.ConfigParser()
    setup.read(TOP / 'setup.cfg')
    scripts = setup.get('entry_points', 'wsgi_scripts')
    assert 'magnum-api-wsgi = magnum.api.app:build_wsgi_app' in scripts


def test_post_config_creates_the_keystone_accounts(stacked):
    devstack, _out = stacked
    calls = _by_phase(devstack.calls())['post-config']
    url = 'http://192.0.2.10:9511/v1'
    for call in [
        ['create_service_user', 'magnum', 'admin'],
        [
            'get_or_create_service',
            'magnum',
            'container-infra',
            'Container Infrastructure Management Service',
        ],
        ['get_or_create_endpoint', 'container-infra', 'RegionOne', url],
        ['get_or_create_endpoint', 'container', 'RegionOne', url],
        [
            'get_or_create_user',
            'trustee_domain_admin',
            'svcpass',
            'domain-magnum',
        ],
        [
            'get_or_add_user_domain_role',
            'admin',
            'user-trustee_domain_admin',
            'domain-magnum',
        ],
    ]:
        assert call in calls, call
    assert [c[:3] for c in calls if c[0] == 'get_or_create_service'] == [
        ['get_or_create_service', 'magnum', 'container-infra'],
        ['get_or_create_service', 'magnum', 'container'],
    ]
    assert ['get_or_create_domain', 'magnum'] == [
        c for c in calls if c[0] == 'get_or_create_domain'
    ][0][:2]


def test_extra_migrates_registers_the_image_and_starts(stacked):
    devstack, _out = stacked
    calls = _by_phase(devstack.calls())['extra']
    conf = str(devstack.conf_dir / 'magnum.conf')
    names = [c[0] for c in calls]
    assert names.index('recreate_database') < names.index('magnum-db-manage')
    assert names.index('magnum-db-manage') < names.index('magnum-status')
    assert names.index('magnum-status') < names.index('run_process')
    assert ['recreate_database', 'magnum'] in calls
    assert ['magnum-db-manage', '--config-file', conf, 'upgrade'] in calls
    assert [
        'magnum-status',
        '--config-file',
        conf,
        'upgrade',
        'check',
    ] in calls
    image = [c for c in calls if c[0] == 'openstack'][0]
    assert image[-4:-1] == ['set', '--property', 'os_distro=fedora-coreos']
    assert image[-1].startswith('fedora-coreos-')
    assert image[-1].endswith('-openstack.x86_64')
    runs = {c[1]: c[2] for c in calls if c[0] == 'run_process'}
    assert runs['magnum-api'] == (
        '%s/uwsgi --procname-prefix magnum-api --ini %s/magnum-api-uwsgi.ini'
        % (devstack.bin, devstack.conf_dir)
    )
    assert runs['magnum-cond'] == (
        '%s/magnum-conductor --config-file %s' % (devstack.bin, conf)
    )
    assert [
        'wait_for_service',
        '60',
        'http://192.0.2.10:9511/v1',
    ] in calls


def test_unstack_stops_both_services(tmp_path):
    devstack = Devstack(tmp_path, 'magnum-api,magnum-cond')
    devstack.run(devstack.phase('unstack'))
    assert devstack.calls() == [
        ['stop_process', 'magnum-api'],
        ['stop_process', 'magnum-cond'],
    ]


def test_clean_removes_what_stack_wrote(tmp_path):
    devstack = Devstack(tmp_path, 'magnum-api,magnum-cond')
    devstack.conf_dir.mkdir(parents=True)
    (devstack.conf_dir / 'magnum.conf').write_text('[DEFAULT]\n')
    devstack.run(devstack.phase('clean'))
    assert [
        'remove_uwsgi_config',
        str(devstack.conf_dir / 'magnum-api-uwsgi.ini'),
        'magnum-api',
    ] in devstack.calls()
    assert not devstack.conf_dir.exists()


def test_disabled_services_do_nothing(tmp_path):
    devstack = Devstack(tmp_path, 'key,mysql')
    devstack.run(
        'ENABLED_SERVICES=key,mysql\n'
        + ''.join(devstack.phase('stack', p) for p in PHASES)
    )
    assert devstack.calls() == []
    assert not devstack.conf_dir.exists()


def test_options_of_local_conf(tmp_path):
    """Disabled drivers, another client version, no guest image."""
    devstack = Devstack(tmp_path, 'key,mysql,magnum-api,magnum-cond')
    devstack.env.update(
        MAGNUM_DISABLED_DRIVERS='heat_k8s_bm',
        MAGNUM_CLIENT_VERSION='2.1.0',
        MAGNUM_REGISTER_GUEST_IMAGE='False',
        MAGNUM_SERVICE_PORT='19511',
    )
    out = devstack.run(
        ''.join(devstack.phase('stack', p) for p in PHASES)
        + 'echo "IMAGE_URLS=$IMAGE_URLS"\n'
    )
    conf = devstack.conf()
    assert conf.get('drivers', 'disabled_drivers') == 'heat_k8s_bm'
    assert conf.get('api', 'port') == '19511'
    calls = devstack.calls()
    assert ['pip_install', 'python-magnumclient==2.1.0'] in calls
    assert not [c for c in calls if c[0] == 'openstack']
    assert out.strip().endswith(
        'IMAGE_URLS=http://images.example.com/cirros.img'
    )

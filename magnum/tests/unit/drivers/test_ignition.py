"""The nodes' Ignition configs the Heat driver renders (ignition.py)."""

import base64
import json
from pathlib import Path
import secrets
import subprocess
import urllib.parse

import pytest

from magnum.common import exception
from magnum.drivers.heat import ignition

FRAGMENTS = Path(ignition.FRAGMENTS)
AWKWARD = {
    'kubelet_options': "--x='it'\\''s' \"q\" $(id) `id` #c %41 ~",
    'kubeapi_options': 'two\nlines\twith tab',
    'http_proxy': 'http://u:p@proxy:3128/?a=1&b={2}|<>^',
    'https_proxy': '@@NODE_IP@@',
    'no_proxy': 'ünïcode,☃',
    'container_infra_prefix': '',
    'discovery_url': None,
}
#: Values as Heat puts them in for the placeholders.
HEAT_VALUES = {
    'TRUSTEE_USER_ID': 'a2f0c9d4e5b64c1f8f2a7c3b9e0d1f23',
    'TRUSTEE_USERNAME': '5d12f6fd-a196-4bf9-bd4c-7c3b8f1a9b22_b7f0a1e2',
    'TRUSTEE_PASSWORD': secrets.token_urlsafe(18),
    'TRUST_ID': 'e0f1a2b3c4d54e6f8a9b0c1d2e3f4a5b',
    'FIXED_SUBNET_CIDR': '10.0.0.0/24',
    'KUBE_API_PUBLIC_ADDRESS': '2001:db8::7',
    'KUBE_API_PRIVATE_ADDRESS': '10.0.0.4',
    'NODE_NAME': 'k1-abcdefghijkl-minion-12',
    'NODE_INDEX': '12',
    'NODE_IP': '10.0.0.17',
    'NODE_PUBLIC_IP': '',
    'DOCKER_VOLUME': '',
    'DOCKER_VOLUME_SIZE': '0',
    'WAIT_TOKEN': 'gAAAAABm' + 'x' * 160 + '_-=',
    'WAIT_ENDPOINT': 'http://127.0.0.1:8004/v1/0a1b/stacks/k1-kube_minions-'
    'x7-12-node-ab/4f3c/resources/wait_handle/signal',
}


def _filled(config):
    for name, value in HEAT_VALUES.items():
        config = config.replace(ignition.placeholder(name), value)
    return config


def _decode(source):
    assert source.startswith('data:,')
    return urllib.parse.unquote(source[len('data:,') :])


def _files(config):
    return {
        f['path']: (f['mode'], _decode(f['contents']['source']))
        for f in json.loads(config)['storage']['files']
    }


def _sourced(text, tmp_path, names):
    """The values bash gets when it sources ``text``."""
    path = tmp_path / 'heat-params'
    path.write_text(text, encoding='utf-8')
    script = '. "$1"; shift; for v; do printf "%s\\0" "${!v}"; done'
    done = subprocess.run(
        ['bash', '-c', script, 'bash', str(path), *names],
        capture_output=True,
        check=True,
    )
    return dict(zip(names, done.stdout.decode().split('\0'), strict=False))


@pytest.mark.parametrize('role', ['master', 'minion'])
def test_config_carries_the_fragments_and_units(role):
    config = json.loads(ignition.render(role, {}))
    assert config['ignition'] == {'version': '3.3.0'}
    files = _files(json.dumps(config))
    assert files['/etc/sysconfig/heat-params'][0] == 0o600
    for path, name in (
        ('/usr/local/lib/magnum/common.sh', 'common.sh'),
        ('/usr/local/lib/magnum/boot-role.sh', '%s.sh' % role),
        ('/usr/local/lib/magnum/rotate-ca.sh', 'rotate-ca.sh'),
    ):
        assert files[path] == (0o644, (FRAGMENTS / name).read_text())
    assert {u['name']: u['contents'] for u in config['systemd']['units']} == {
        name: (FRAGMENTS / name).read_text()
        for name in (
            'magnum-node-boot.service',
            'magnum-ca-rotation.service',
            'magnum-ca-rotation.timer',
        )
    }
    assert all(u['enabled'] for u in config['systemd']['units'])


@pytest.mark.parametrize('role', ['master', 'minion'])
def test_bash_reads_back_every_value(role, tmp_path):
    parameters = dict(AWKWARD, cluster_uuid='c-1', verify_ca=False)
    config = _filled(ignition.render(role, parameters))
    json.loads(config)
    text = _files(config)['/etc/sysconfig/heat-params'][1]
    wanted = {
        var: '' if parameters.get(param) is None else parameters[param]
        for var, param in ignition.FROM_PARAMETERS
        if param in parameters
    }
    wanted.update(VERIFY_CA='false', NODE_ROLE=role, KUBE_API_PORT='6443')
    wanted.update(
        {name: HEAT_VALUES[name] for name in ignition.placeholders(role)}
    )
    assert _sourced(text, tmp_path, sorted(wanted)) == wanted


def test_no_value_can_form_a_placeholder():
    config = ignition.render('minion', AWKWARD)
    found = [part.split('@@')[0] for part in config.split("='@@")[1:] if part]
    assert sorted(found) == sorted(ignition.placeholders('minion'))
    assert config.count('@@') == 2 * len(found)


@pytest.mark.parametrize('name', sorted(HEAT_VALUES))
def test_heat_s_values_are_safe(name):
    assert ignition.SAFE_VALUE.match(HEAT_VALUES[name])


@pytest.mark.parametrize('value', ["it's", 'a b', 'a"b', 'a%b', 'a@b', 'a\n'])
def test_unsafe_credentials_are_refused(value):
    with pytest.raises(exception.InvalidParameterValue) as e:
        ignition.check_values({'trustee_password': value})
    assert 'trustee_password' in str(e.value)


def test_generated_credentials_pass():
    ignition.check_values(
        {
            'trustee_user_id': HEAT_VALUES['TRUSTEE_USER_ID'],
            'trustee_username': HEAT_VALUES['TRUSTEE_USERNAME'],
            'trustee_password': secrets.token_urlsafe(18),
            'trust_id': HEAT_VALUES['TRUST_ID'],
            'kubelet_options': "anything 'goes' here",
        }
    )


@pytest.mark.parametrize('role', ['master', 'minion'])
def test_user_data_fits_nova_s_limit(role):
    """Nova takes at most 65535 bytes of base64 user data."""
    parameters = {param: 'x' * 200 for _, param in ignition.FROM_PARAMETERS}
    config = _filled(ignition.render(role, parameters))
    assert len(base64.b64encode(config.encode())) < 65535

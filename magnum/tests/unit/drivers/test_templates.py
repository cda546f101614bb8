"""The HOT templates, environments and boot fragments hang together, and
the driver's mappings match them."""

import json
import os
from pathlib import Path
import re
import subprocess

import pytest
import yaml

from magnum.drivers.heat import driver as heat_driver
from magnum.drivers.heat import ignition
from magnum.drivers.heat import template_def as td

TEMPLATES = Path(td.TEMPLATES)
HOT = sorted(TEMPLATES.glob('*.yaml'))
ENVIRONMENTS = sorted((TEMPLATES / 'environments').glob('*.yaml'))
FRAGMENTS = TEMPLATES / 'fragments'
SANDBOX = Path(__file__).resolve().parents[4] / 'tools/sandboxlib/bay/heat'
PSEUDO = {'OS::stack_name', 'OS::stack_id', 'OS::project_id'}
#: What the sandbox stand-ins must look like to pass Heat's facade check
#: (Heat 27): required properties and every attribute ('show' included).
FACADES = {
    'OS::Cinder::Volume': (
        (),
        'attachments attachments_list availability_zone bootable created_at '
        'display_description display_name encrypted metadata '
        'metadata_values multiattach size snapshot_id source_volid status '
        'volume_type show',
    ),
    'OS::Cinder::VolumeAttachment': (('instance_uuid', 'volume_id'), 'show'),
    'OS::Octavia::LoadBalancer': (
        ('vip_subnet',),
        'flavor_id pools vip_address vip_port_id vip_subnet_id show',
    ),
    'OS::Octavia::Listener': (
        ('protocol_port', 'protocol', 'loadbalancer'),
        'default_pool_id loadbalancers show',
    ),
    'OS::Octavia::Pool': (
        ('lb_algorithm', 'protocol'),
        'healthmonitor_id listeners members show',
    ),
    'OS::Octavia::PoolMember': (
        ('pool', 'address', 'protocol_port'),
        'show',
    ),
    'OS::Octavia::HealthMonitor': (
        ('delay', 'max_retries', 'pool', 'timeout', 'type'),
        'pools show',
    ),
}


class HotLoader(yaml.SafeLoader):
    """YAML as Heat reads it: dates stay strings."""


HotLoader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp']
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path):
    return yaml.load(Path(path).read_text(), Loader=HotLoader)


def walk(node, key):
    """Yield the values of every ``{key: value}`` map inside ``node``."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from walk(v, key)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item, key)


def required(template):
    return {
        name
        for name, spec in template.get('parameters', {}).items()
        if 'default' not in spec
    }


@pytest.mark.parametrize('path', HOT, ids=lambda p: p.name)
def test_templates_parse_and_refer_to_what_they_declare(path):
    template = load(path)
    assert template['heat_template_version'] == '2021-04-16'
    params = set(template.get('parameters', {})) | PSEUDO
    resources = set(template.get('resources', {}))
    conditions = set(template.get('conditions', {}))
    for name in walk(template, 'get_param'):
        name = name[0] if isinstance(name, list) else name
        assert name in params, name
    for name in walk(template, 'get_resource'):
        assert name in resources, name
    for args in walk(template, 'get_attr'):
        assert args[0] in resources, args
    for section in ('resources', 'outputs'):
        for name, item in template.get(section, {}).items():
            if 'condition' in item:
                assert item['condition'] in conditions, name
    for args in walk(template, 'if'):
        if isinstance(args[0], str):
            assert args[0] in conditions, args


@pytest.mark.parametrize('path', HOT, ids=lambda p: p.name)
def test_no_resource_is_named_like_a_parameter(path):
    """Heat refuses such a template ("Duplicate names") once the resource
    is enabled, so a clash can hide behind a condition until then."""
    template = load(path)
    clash = set(template.get('parameters', {})) & set(
        template.get('resources', {})
    )
    assert not clash


@pytest.mark.parametrize('path', HOT, ids=lambda p: p.name)
def test_nested_templates_and_files_exist_and_get_their_parameters(path):
    template = load(path)
    for name, resource in template.get('resources', {}).items():
        definition = resource
        if resource['type'] == 'OS::Heat::ResourceGroup':
            definition = resource['properties']['resource_def']
        if not definition['type'].endswith('.yaml'):
            continue
        nested = load(TEMPLATES / definition['type'])
        given = set(definition.get('properties', {}))
        assert given <= set(nested['parameters']), name
        assert required(nested) <= given, name
    for name in walk(template, 'get_file'):
        assert (TEMPLATES / name).is_file(), name


def kubecluster():
    return load(TEMPLATES / 'kubecluster.yaml')


def test_every_parameter_the_driver_sends_exists():
    declared = set(kubecluster()['parameters'])
    sent = {p.name for p in td.PARAMETERS} | set(td.LABELS)
    assert sent <= declared, sent - declared


def test_required_parameters_are_the_driver_s_required_ones():
    driver_required = {p.name for p in td.PARAMETERS if p.required}
    assert required(kubecluster()) == driver_required


@pytest.mark.parametrize('path', ENVIRONMENTS, ids=lambda p: p.name)
def test_environments_only_set_switches_of_the_template(path):
    environment = load(path)
    assert set(environment) == {'parameter_defaults'}
    declared = kubecluster()['parameters']
    sent = {p.name for p in td.PARAMETERS} | set(td.LABELS)
    for name in environment['parameter_defaults']:
        assert name in declared, name
    switches = {
        name
        for path in ENVIRONMENTS
        if path.name != 'baremetal.yaml'
        for name in load(path)['parameter_defaults']
    }
    assert not switches & sent


def test_the_chosen_environments_exist():
    names = {on for _, on, _ in td.SWITCHES} | {
        off for _, _, off in td.SWITCHES
    }
    names |= set(td.BareMetalTemplateDefinition.environments)
    assert names == {p.name for p in ENVIRONMENTS}


def test_outputs_the_driver_reads_exist():
    outputs = set(kubecluster()['outputs'])
    params = set(kubecluster()['parameters'])
    for out in td.OUTPUTS:
        kind, _, key = out.source.rpartition(':')
        assert key in (params if kind == 'parameter' else outputs), key
    # create_nodegroup reads these from the bay's stack.
    assert {
        'fixed_network',
        'fixed_subnet',
        'fixed_subnet_cidr',
        'api_private_address',
        'minion_security_group',
    } <= outputs


def test_minion_names_match_the_driver_s_removal_mapping():
    group = kubecluster()['resources']['kube_minions']['properties']
    name = group['resource_def']['properties']['name']['list_join']
    assert name[1][1:] == ['minion', '%index%']
    assert heat_driver._minion_members(['bay-abc-minion-4']) == ['4']


@pytest.mark.parametrize(
    'name', ['common.sh', 'master.sh', 'minion.sh', 'rotate-ca.sh'], ids=str
)
def test_boot_scripts_are_valid_bash(name):
    subprocess.run(['bash', '-n', str(FRAGMENTS / name)], check=True)


def test_no_template_asks_heat_for_yaql():
    """Heat 27 evaluates yaql on threads sharing one parser: nodes built
    at the same time failed with "Bad expression Parse error"."""

    def functions(node):
        if isinstance(node, dict):
            yield from node
            for value in node.values():
                yield from functions(value)
        elif isinstance(node, list):
            for value in node:
                yield from functions(value)

    for path in HOT + sorted(SANDBOX.glob('*.yaml')):
        assert 'yaql' not in set(functions(load(path))), path.name
    assert not list(FRAGMENTS.glob('*.yaql'))


def test_kubenode_fills_in_exactly_the_placeholders_of_the_configs():
    server = load(TEMPLATES / 'kubenode.yaml')['resources']['server']
    replace = server['properties']['user_data']['str_replace_strict']
    assert replace['template'] == {'get_param': 'ignition'}
    merged = replace['params']['map_merge']
    assert merged[:2] == [
        {'get_param': 'stack_values'},
        {'get_param': 'role_values'},
    ]
    node_keys = set(merged[2])
    groups = kubecluster()['resources']
    for role, group in (
        ('master', 'kube_masters'),
        ('minion', 'kube_minions'),
    ):
        props = groups[group]['properties']['resource_def']['properties']
        assert props['ignition'] == {'get_param': '%s_ignition' % role}
        stack_keys = set(props['stack_values'])
        role_file = TEMPLATES / ('kube%s.yaml' % role)
        node = load(role_file)['resources']['node']['properties']
        role_keys = set(node['role_values'])
        # Each key exactly once: str_replace_strict fails on a key the
        # config lacks, and a placeholder left over would reach the node.
        assert not (
            stack_keys & role_keys or node_keys & (stack_keys | role_keys)
        )
        wanted = {'@@%s@@' % name for name in ignition.placeholders(role)}
        assert stack_keys | role_keys | node_keys == wanted
        config = ignition.render(role, {'cluster_uuid': 'u'})
        assert set(re.findall('@@[A-Z_]+@@', config)) == wanted
    assert {
        '@@%s@@' % k: {'get_param': v}
        for k, v in ignition.STACK_PLACEHOLDERS.items()
        if v
    }.items() <= props['stack_values'].items()


@pytest.mark.parametrize('kind', sorted(FACADES))
def test_sandbox_stand_ins_match_heat_s_facades(kind):
    registry = load(SANDBOX / 'sandbox-env.yaml')['resource_registry']
    provider = load(SANDBOX / registry[kind])
    assert provider['heat_template_version'] == '2021-04-16'
    needed, attributes = FACADES[kind]
    assert set(needed) <= set(provider['parameters'])
    assert set(required(provider)) <= set(needed)
    assert set(attributes.split()) <= set(provider['outputs'])


def test_the_sandbox_environment_maps_only_what_the_sandbox_lacks():
    registry = load(SANDBOX / 'sandbox-env.yaml')['resource_registry']
    assert set(registry) == set(FACADES)
    assert all(os.path.isfile(SANDBOX / v) for v in registry.values())


def test_rotations_reach_every_node():
    """ca_rotation_id goes to each server's metadata (changed in place),
    node_user_data_update_policy to its user_data_update_policy; neither
    is a heat-param (a CA rotation must not change the user data)."""
    resources = kubecluster()['resources']
    for group in ('kube_masters', 'kube_minions'):
        props = resources[group]['properties']['resource_def']['properties']
        assert props['ca_rotation_id'] == {'get_param': 'ca_rotation_id'}
        assert props['user_data_update_policy'] == {
            'get_param': 'node_user_data_update_policy'
        }
    for role in ('kubemaster.yaml', 'kubeminion.yaml'):
        node = load(TEMPLATES / role)['resources']['node']['properties']
        assert node['ca_rotation_id'] == {'get_param': 'ca_rotation_id'}
    server = load(TEMPLATES / 'kubenode.yaml')['resources']['server']
    props = server['properties']
    assert props['metadata'] == {
        'magnum_ca_rotation_id': {'get_param': 'ca_rotation_id'}
    }
    assert props['user_data_update_policy'] == {
        'get_param': 'user_data_update_policy'
    }
    params = kubecluster()['parameters']
    assert params['node_user_data_update_policy']['default'] == 'IGNORE'
    # ca_rotation_id is not a heat-param: a CA rotation keeps the user data.
    config = json.loads(ignition.render('master', {'ca_rotation_id': 'x1'}))
    assert 'x1' not in json.dumps(config)
    assert 'CA_ROTATION_ID' not in json.dumps(config)
    assert [u['name'] for u in config['systemd']['units']] == [
        'magnum-node-boot.service',
        'magnum-ca-rotation.service',
        'magnum-ca-rotation.timer',
    ]


def test_the_ca_rotation_script_reuses_the_role_scripts():
    rotate = (FRAGMENTS / 'rotate-ca.sh').read_text()
    assert 'magnum_ca_rotation_id' in rotate
    # The marker is checked before common.sh asks Keystone for a token.
    assert rotate.index('magnum_ca_rotation_id') < rotate.index('common.sh')
    for role in ('master.sh', 'minion.sh'):
        text = (FRAGMENTS / role).read_text()
        assert 'if [ -n "${MAGNUM_ROTATING_CA:-}" ]; then' in text
        assert text.index('MAGNUM_ROTATING_CA') < text.index('docker_volume\n')

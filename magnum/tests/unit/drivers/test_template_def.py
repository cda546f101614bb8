"""The parameter, label, environment and output mappings (data)."""

import os
import types

import pytest

from magnum.common import exception
from magnum.drivers.heat import template_def as td
from magnum.tests.unit.drivers import conftest as c

DERIVED = {
    'magnum_url': 'http://127.0.0.1:9511/v1',
    'auth_url': 'http://127.0.0.1:5000/v3',
    'verify_ca': True,
    'external_network': 'ext-id',
}


def inputs(cluster=None, template=None, groups=None, derived=None):
    cluster = cluster or c.make_cluster()
    template = template or c.make_template()
    master, worker = groups or c.make_groups()
    labels = dict(template.labels or {})
    labels.update(cluster.labels or {})
    return td.Inputs(
        cluster=cluster,
        template=template,
        master=master,
        worker=worker,
        labels=labels,
        derived=dict(DERIVED, **(derived or {})),
    )


def test_parameters_take_the_first_source_with_a_value():
    params = td.TemplateDefinition().stack_parameters(inputs())
    assert params['cluster_uuid'] == c.BAY_UUID
    assert params['master_flavor'] == 'm1.magnum'  # template's
    assert params['minion_flavor'] == 'm1.small'
    assert params['master_image'] == params['minion_image']
    assert params['number_of_masters'] == 1
    assert params['number_of_minions'] == 2
    assert params['external_network'] == 'ext-id'
    assert params['ssh_key_name'] == 'testkey'
    assert params['trust_id'] == 'trust-id'
    assert params['trustee_password'] == 'secret'
    assert params['tls_disabled'] is False
    # The bay's label wins over the template's.
    assert params['kube_tag'] == 'v1.30.4'


def test_nodegroup_and_bay_values_win_over_the_template():
    master, worker = c.make_groups()
    worker.flavor_id = 'm1.large'
    worker.docker_volume_size = 7
    params = td.TemplateDefinition().stack_parameters(
        inputs(
            cluster=c.make_cluster(keypair='mine', docker_volume_size=3),
            groups=(master, worker),
        )
    )
    assert params['minion_flavor'] == 'm1.large'
    assert params['docker_volume_size'] == 7
    assert params['ssh_key_name'] == 'mine'


def test_parameters_without_a_value_are_left_to_the_template():
    params = td.TemplateDefinition().stack_parameters(inputs())
    for name in ('fixed_network', 'fixed_subnet', 'discovery_url'):
        assert name not in params
    assert 'docker_volume_size' not in params
    assert 'is_cluster_stack' not in params


def test_declared_labels_are_copied_verbatim_and_others_are_not():
    cluster = c.make_cluster(
        labels={'kubelet_options': '--v=2', 'unknown_label': 'x'}
    )
    params = td.TemplateDefinition().stack_parameters(inputs(cluster=cluster))
    assert params['kubelet_options'] == '--v=2'
    assert params['flannel_backend'] == 'host-gw'  # the template's label
    assert 'unknown_label' not in params


def test_pods_network_comes_from_the_network_driver_labels():
    cluster = c.make_cluster(labels={'calico_ipv4pool': '10.9.0.0/16'})
    params = td.TemplateDefinition().stack_parameters(inputs(cluster=cluster))
    assert params['pods_network_cidr'] == '10.9.0.0/16'


def test_a_missing_required_parameter_is_refused():
    template = c.make_template(image_id=None)
    with pytest.raises(exception.RequiredParameterNotProvided) as e:
        td.TemplateDefinition().stack_parameters(inputs(template=template))
    assert e.value.code == 400
    assert 'master_image' in str(e.value)


def names(files):
    return [os.path.basename(f) for f in files]


def test_environments_follow_the_bay():
    definition = td.TemplateDefinition()
    assert names(definition.environment_files(inputs())) == [
        'with_private_network.yaml',
        'enable_floating_ip.yaml',
        'no_master_lb.yaml',
        'no_volume.yaml',
    ]
    other = inputs(
        cluster=c.make_cluster(
            floating_ip_enabled=False,
            master_lb_enabled=True,
            docker_volume_size=5,
        ),
        derived={'fixed_network': 'net-id'},
    )
    assert names(definition.environment_files(other, ['/x/extra.yaml'])) == [
        'no_private_network.yaml',
        'disable_floating_ip.yaml',
        'with_master_lb.yaml',
        'with_volume.yaml',
        'extra.yaml',
    ]


def test_nodegroup_stacks_never_build_a_load_balancer():
    states = td.TemplateDefinition().switch_states(
        inputs(
            cluster=c.make_cluster(master_lb_enabled=True),
            derived={'is_cluster_stack': False, 'fixed_network': 'n'},
        )
    )
    assert states['master_lb'] is False


def test_bare_metal_uses_the_fixed_network_local_disks_and_its_env():
    other = inputs(
        cluster=c.make_cluster(docker_volume_size=5),
        derived={'fixed_network': 'net-id'},
    )
    assert names(
        td.BareMetalTemplateDefinition().environment_files(other)
    ) == [
        'no_private_network.yaml',
        'enable_floating_ip.yaml',
        'no_master_lb.yaml',
        'no_volume.yaml',
        'baremetal.yaml',
    ]


def stack(outputs, **parameters):
    return types.SimpleNamespace(
        outputs=[
            {'output_key': k, 'output_value': v} for k, v in outputs.items()
        ],
        parameters=parameters,
    )


OUTPUTS = {
    'api_address': '127.42.0.7',
    'kube_masters': ['127.42.0.7'],
    'kube_masters_private': ['10.0.0.5'],
    'kube_minions': ['127.42.0.8', ''],
    'kube_minions_private': ['10.0.0.6', '10.0.0.9'],
}


def test_outputs_map_onto_the_bay_and_its_nodegroups():
    result = td.TemplateDefinition().stack_outputs(
        stack(
            OUTPUTS,
            kube_tag='v1.30.4',
            number_of_masters='1',
            number_of_minions='2',
        ),
        c.make_template(),
        True,
        'default-master',
        'default-worker',
    )
    assert result.api_address == 'https://127.42.0.7:6443'
    assert result.coe_version == 'v1.30.4'
    master = result.nodegroups['default-master']
    worker = result.nodegroups['default-worker']
    assert (master.node_count, master.node_addresses) == (1, ('127.42.0.7',))
    assert (worker.node_count, worker.node_addresses) == (2, ('127.42.0.8',))


def test_fixed_addresses_without_floating_ips_and_http_without_tls():
    result = td.TemplateDefinition().stack_outputs(
        stack(OUTPUTS),
        c.make_template(tls_disabled=True),
        False,
        'default-master',
        'default-worker',
    )
    assert result.api_address == 'http://127.42.0.7:8080'
    assert result.nodegroups['default-worker'].node_addresses == (
        '10.0.0.6',
        '10.0.0.9',
    )


def test_nodegroup_stack_outputs_only_fill_its_nodegroup():
    result = td.TemplateDefinition().stack_outputs(
        stack({'kube_minions': ['127.42.0.9']}, number_of_minions='1'),
        c.make_template(),
        True,
        None,
        'extra',
    )
    assert list(result.nodegroups) == ['extra']
    assert result.nodegroups['extra'].node_count == 1
    assert result.api_address is None

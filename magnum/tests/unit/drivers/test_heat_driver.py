"""The Heat drivers against an autospecced heatclient."""

import datetime
import json
from unittest import mock
import urllib.parse

from heatclient import exc as heat_exc
from heatclient.v1 import resources as heat_resources
from heatclient.v1 import stacks as heat_stacks
import pytest

from magnum.common import exception
from magnum.drivers import base
from magnum.drivers.heat import driver as heat_driver
from magnum.drivers.heat import k8s_bm
from magnum.drivers.heat import k8s_vm
from magnum.tests.unit.drivers import conftest as c


def not_found():
    return heat_exc.HTTPNotFound(json.dumps({'error': {'message': 'gone'}}))


def conflict():
    return heat_exc.HTTPConflict(json.dumps({'error': {'message': 'busy'}}))


def stack(**info):
    values = {
        'id': c.STACK_ID,
        'stack_name': 'my-bay-one-5d12f6fda196',
        'stack_status': 'CREATE_COMPLETE',
        'stack_status_reason': 'done',
        'creation_time': '2026-11-22T04:00:00Z',
        'updated_time': None,
        'parameters': {},
        'outputs': [],
    }
    values.update(info)
    return heat_stacks.Stack(None, values)


def test_stack_names_are_deterministic_sanitised_and_short():
    name = heat_driver.stack_name('My_bay.one!', c.BAY_UUID)
    assert name == 'my-bay-one-5d12f6fda196'
    assert heat_driver.stack_name('My_bay.one!', c.BAY_UUID) == name
    assert heat_driver.stack_name('9lives', c.BAY_UUID).startswith('bay9lives')
    assert len(heat_driver.stack_name('x' * 80, c.BAY_UUID)) == 30 + 13


def create(heat, sessions, user_context, drv=None, **cluster_fields):
    heat.stacks.get.side_effect = not_found()
    heat.stacks.create.return_value = {'stack': {'id': 'new-id'}}
    drv = drv or k8s_vm.KubernetesVMDriver()
    stack_id = drv.create_cluster(
        user_context,
        c.make_cluster(**cluster_fields),
        c.make_template(),
        c.make_groups(),
        None,
    )
    return stack_id, heat.stacks.create.call_args.kwargs


def test_create_uses_the_user_token_and_the_mappings(
    heat, sessions, user_context, fake_cloud_lookup
):
    stack_id, kwargs = create(heat, sessions, user_context)
    assert stack_id == 'new-id'
    sessions.user_session.assert_called_once_with(user_context)
    heat.factory.assert_called_once_with(sessions.user)
    assert kwargs['stack_name'] == 'my-bay-one-5d12f6fda196'
    assert kwargs['timeout_mins'] == 60
    assert kwargs['disable_rollback'] is True
    assert kwargs['tags'] == 'magnum'
    params = kwargs['parameters']
    assert (
        params['external_network'] == fake_cloud_lookup.networks['public'].id
    )
    assert params['magnum_url'] == 'http://127.0.0.1:9511/v1'
    assert params['auth_url'] == 'http://127.0.0.1:5000/v3'
    assert params['number_of_minions'] == 2
    assert kwargs['environment']['parameter_defaults'] == {
        'private_network_enabled': True,
        'floating_ip_enabled': True,
        'master_lb_enabled': False,
        'docker_volume_enabled': False,
    }
    assert kwargs['template']['heat_template_version'] == '2021-04-16'
    nested = [f for f in kwargs['files'] if f.endswith('kubemaster.yaml')]
    assert nested
    # The nodes' user data is rendered here (ignition.py), never with yaql.
    assert not [f for f in kwargs['files'] if 'yaql' in f]
    for role in ('master', 'minion'):
        config = json.loads(params['%s_ignition' % role])
        heat_params = urllib.parse.unquote(
            config['storage']['files'][0]['contents']['source']
        )
        assert "NODE_ROLE='%s'" % role in heat_params
        assert "MAGNUM_URL='http://127.0.0.1:9511/v1'" in heat_params
        assert "TRUSTEE_PASSWORD='@@TRUSTEE_PASSWORD@@'" in heat_params
        # Template defaults count where the driver sends nothing.
        assert (
            "ETCD_TAG='%s'"
            % (kwargs['template']['parameters']['etcd_tag']['default'])
            in heat_params
        )
        assert "KUBE_API_PORT='6443'" in heat_params


def test_create_refuses_credentials_heat_may_not_copy(
    heat, sessions, user_context
):
    heat.stacks.get.side_effect = not_found()
    with pytest.raises(exception.InvalidParameterValue) as e:
        k8s_vm.KubernetesVMDriver().create_cluster(
            user_context,
            c.make_cluster(trustee_password="it's"),
            c.make_template(),
            c.make_groups(),
            None,
        )
    assert 'trustee_password' in str(e.value)
    heat.stacks.create.assert_not_called()


def test_create_names_its_timeout_and_extra_environments(
    heat, sessions, user_context, conf, tmp_path
):
    (tmp_path / 'extra.yaml').write_text(
        'resource_registry:\n  OS::Cinder::Volume: volume.yaml\n'
    )
    (tmp_path / 'volume.yaml').write_text(
        'heat_template_version: 2021-04-16\n'
    )
    conf.config(
        group='cluster_heat',
        extra_environment_files=[str(tmp_path / 'extra.yaml')],
    )
    heat.stacks.get.side_effect = not_found()
    heat.stacks.create.return_value = {'stack': {'id': 'new-id'}}
    k8s_vm.KubernetesVMDriver().create_cluster(
        user_context, c.make_cluster(), c.make_template(), c.make_groups(), 12
    )
    kwargs = heat.stacks.create.call_args.kwargs
    assert kwargs['timeout_mins'] == 12
    mapped = kwargs['environment']['resource_registry']['OS::Cinder::Volume']
    assert mapped.endswith('/volume.yaml') and mapped in kwargs['files']


def test_create_is_idempotent(heat, sessions, user_context, fake_cloud_lookup):
    heat.stacks.get.return_value = stack(id='existing')
    stack_id = k8s_vm.KubernetesVMDriver().create_cluster(
        user_context, c.make_cluster(), c.make_template(), c.make_groups(), 5
    )
    assert stack_id == 'existing'
    heat.stacks.get.assert_called_once_with('my-bay-one-5d12f6fda196')
    heat.stacks.create.assert_not_called()
    assert fake_cloud_lookup.calls == []


def test_create_racing_another_conductor_returns_its_stack(
    heat, sessions, user_context
):
    heat.stacks.get.side_effect = [not_found(), stack(id='theirs')]
    heat.stacks.create.side_effect = conflict()
    stack_id = k8s_vm.KubernetesVMDriver().create_cluster(
        user_context, c.make_cluster(), c.make_template(), c.make_groups(), 5
    )
    assert stack_id == 'theirs'


def test_create_refuses_an_unknown_external_network(
    heat, sessions, user_context, fake_cloud_lookup
):
    del fake_cloud_lookup.networks['public']
    with pytest.raises(exception.ExternalNetworkNotFound):
        create(heat, sessions, user_context)
    heat.stacks.create.assert_not_called()


def test_create_translates_heat_refusals(heat, sessions, user_context):
    heat.stacks.get.side_effect = not_found()
    heat.stacks.create.side_effect = heat_exc.HTTPBadRequest(
        json.dumps({'error': {'message': 'Unknown flavor'}})
    )
    with pytest.raises(exception.InvalidParameterValue, match='flavor'):
        k8s_vm.KubernetesVMDriver().create_cluster(
            user_context,
            c.make_cluster(),
            c.make_template(),
            c.make_groups(),
            5,
        )


def test_bare_metal_needs_a_fixed_network(heat, sessions, user_context):
    with pytest.raises(exception.InvalidParameterValue, match='fixed_net'):
        create(heat, sessions, user_context, k8s_bm.KubernetesBMDriver())


def test_bare_metal_goes_on_the_fixed_network(
    heat, sessions, user_context, fake_cloud_lookup
):
    _, kwargs = create(
        heat,
        sessions,
        user_context,
        k8s_bm.KubernetesBMDriver(),
        fixed_network='private',
        fixed_subnet='private-subnet',
        docker_volume_size=10,
    )
    params = kwargs['parameters']
    assert params['fixed_network'] == fake_cloud_lookup.networks['private'].id
    assert params['fixed_subnet_cidr'] == '10.0.0.0/24'
    defaults = kwargs['environment']['parameter_defaults']
    assert defaults['private_network_enabled'] is False
    assert defaults['docker_volume_enabled'] is False
    assert defaults['nodes_affinity_policy'] == ''


def heat_lists(heat, stacks):
    """Answer stacks.list as Heat does, from ``stacks`` (id -> Stack);
    return the list of the requests' keyword arguments."""
    requests = []

    def answer(**kwargs):
        requests.append(kwargs)
        filters = kwargs.get('filters', {})
        found = list(stacks.values())
        if 'status' in filters:
            found = [
                s
                for s in found
                if s.stack_status.endswith('_' + filters['status'])
            ]
        if 'id' in filters:
            found = [s for s in found if s.id in filters['id']]
        if 'tags_any' in kwargs:
            found = [s for s in found if kwargs['tags_any'] in (s.tags or ())]
        return iter(found)

    heat.stacks.list.side_effect = answer
    return requests


def uuids(count, seed):
    return ['%08d-0000-4000-8000-%012d' % (seed, i) for i in range(count)]


RUNNING = {'filters': {'status': 'IN_PROGRESS'}, 'tags_any': 'magnum'}


def test_get_states_of_stacks_all_in_progress_is_one_request(heat, sessions):
    ids = uuids(1000, 1)
    stacks = {
        i: stack(id=i, stack_status='UPDATE_IN_PROGRESS', tags=['magnum'])
        for i in ids
    }
    # Other stacks in progress (other bays, other services) are ignored.
    stacks['other'] = stack(
        id='other', stack_status='CREATE_IN_PROGRESS', tags=['magnum']
    )
    requests = heat_lists(heat, stacks)
    states = k8s_vm.KubernetesVMDriver().get_states(None, ids + ids[:3])
    assert requests == [dict(RUNNING, global_tenant=True)]
    heat.factory.assert_called_once_with(sessions.service)
    assert sorted(states) == sorted(ids)
    assert {s.status for s in states.values()} == {'UPDATE_IN_PROGRESS'}


def test_get_states_asks_again_only_for_stacks_that_finished(heat, sessions):
    stacks = {
        'a': stack(id='a', stack_status='CREATE_IN_PROGRESS', tags=['magnum']),
        'b': stack(
            id='b',
            stack_status='UPDATE_FAILED',
            stack_status_reason='boom',
            updated_time='2026-11-22T05:00:00Z',
            tags=['magnum'],
        ),
        # Created before stacks were tagged: found by id.
        'c': stack(id='c', stack_status='UPDATE_IN_PROGRESS', tags=None),
    }
    requests = heat_lists(heat, stacks)
    states = k8s_vm.KubernetesVMDriver().get_states(None, ['a', 'b', 'c'])
    assert requests == [
        dict(RUNNING, global_tenant=True),
        {'global_tenant': True, 'filters': {'id': ['b', 'c']}},
    ]
    assert states['a'].status == 'CREATE_IN_PROGRESS'
    assert states['a'].updated_at == datetime.datetime(2026, 11, 22, 4, 0)
    assert states['b'] == base.StackState(
        'b', 'UPDATE_FAILED', 'boom', datetime.datetime(2026, 11, 22, 5, 0)
    )
    assert states['c'].status == 'UPDATE_IN_PROGRESS'


def test_get_states_of_many_finished_stacks_chunks_the_ids(heat, sessions):
    running, finished = uuids(500, 1), uuids(500, 2)
    stacks = {
        i: stack(id=i, stack_status='CREATE_IN_PROGRESS', tags=['magnum'])
        for i in running
    }
    stacks.update(
        {
            i: stack(id=i, stack_status='CREATE_COMPLETE', tags=['magnum'])
            for i in finished
        }
    )
    requests = heat_lists(heat, stacks)
    states = k8s_vm.KubernetesVMDriver().get_states(None, running + finished)
    by_id = [r['filters']['id'] for r in requests[1:]]
    assert requests[0] == dict(RUNNING, global_tenant=True)
    assert [i for chunk in by_id for i in chunk] == finished
    # As few requests as the URL bound allows, each URL under it.
    assert len(by_id) == 6
    for chunk in by_id:
        query = urllib.parse.urlencode(
            {'global_tenant': True, 'id': chunk}, True
        )
        url = 'https://heat.example.org:8004/v1/%s/stacks?%s' % (
            'f' * 32,
            query,
        )
        assert len(url) < heat_driver.MAX_URL
    assert {states[i].status for i in finished} == {'CREATE_COMPLETE'}
    assert {states[i].status for i in running} == {'CREATE_IN_PROGRESS'}


def test_get_states_reports_vanished_stacks_deleted(heat, sessions):
    stacks = {
        'a': stack(id='a', stack_status='DELETE_IN_PROGRESS', tags=['magnum'])
    }
    requests = heat_lists(heat, stacks)
    states = k8s_vm.KubernetesVMDriver().get_states(None, ['a', 'gone'])
    assert len(requests) == 2
    assert requests[1]['filters'] == {'id': ['gone']}
    assert states['a'].status == 'DELETE_IN_PROGRESS'
    assert states['gone'] == base.StackState(
        'gone', 'DELETE_COMPLETE', 'Stack with id gone not found in Heat.'
    )


def test_id_chunks_keep_every_url_under_the_bound():
    ids = uuids(1000, 3)
    chunks = heat_driver.id_chunks(ids)
    assert [i for c in chunks for i in c] == ids
    per_id = len('&id=') + 36
    limit = (heat_driver.MAX_URL - heat_driver.URL_BASE_ALLOWANCE) // per_id
    assert [len(c) for c in chunks[:-1]] == [limit] * (len(chunks) - 1)
    assert heat_driver.id_chunks([]) == []
    # An id longer than the bound still gets a request of its own.
    assert heat_driver.id_chunks(['x' * 5000, 'y']) == [['x' * 5000], ['y']]


def test_get_states_without_stacks_asks_nothing(heat, sessions):
    assert k8s_vm.KubernetesVMDriver().get_states(None, []) == {}
    heat.stacks.list.assert_not_called()


def test_get_states_names_the_policy_it_needs(heat, sessions):
    heat.stacks.list.side_effect = heat_exc.HTTPForbidden(
        json.dumps({'error': {'message': 'denied'}})
    )
    with pytest.raises(exception.NotAuthorized, match='global_index'):
        k8s_vm.KubernetesVMDriver().get_states(None, ['a'])


def resource(name, status, stack_id, physical='', reason='', rtype='X'):
    return heat_resources.Resource(
        None,
        {
            'resource_name': name,
            'resource_status': status,
            'resource_status_reason': reason,
            'resource_type': rtype,
            'physical_resource_id': physical,
            'links': [
                {
                    'rel': 'self',
                    'href': 'http://h/v1/p/stacks/s/%s/r' % stack_id,
                },
                {
                    'rel': 'stack',
                    'href': 'http://h/v1/p/stacks/s/%s' % stack_id,
                },
            ],
        },
    )


NESTED = [
    resource('network', 'CREATE_COMPLETE', 'top', 'net-stack'),
    resource(
        'kube_masters',
        'CREATE_FAILED',
        'top',
        'group',
        'Resource CREATE failed: WaitConditionFailure: ...',
        'OS::Heat::ResourceGroup',
    ),
    resource('secgroup', 'CREATE_FAILED', 'top', 'sg', 'quota', 'SG'),
    resource('0', 'CREATE_FAILED', 'group', 'master0', 'nested failed'),
    resource('node', 'CREATE_FAILED', 'master0', 'node0', 'nested failed'),
    resource('server', 'CREATE_COMPLETE', 'node0', 'srv'),
    resource(
        'wait_condition',
        'CREATE_FAILED',
        'node0',
        'wc',
        ' WaitConditionFailure: resources.wait_condition: kube down ',
        'OS::Heat::WaitCondition',
    ),
]


def test_failure_reason_is_the_deepest_failed_resource(heat, sessions):
    heat.stacks.get.return_value = stack(
        id='top', stack_status='CREATE_FAILED'
    )
    heat.resources.list.return_value = iter(NESTED)
    reason = k8s_vm.KubernetesVMDriver().get_failure_reason(
        None, c.make_cluster(), 'top'
    )
    heat.resources.list.assert_called_once_with('top', nested_depth=5)
    heat.factory.assert_called_with(sessions.service)
    assert reason == (
        'Resource kube_masters/0/node/wait_condition '
        '(OS::Heat::WaitCondition) failed: WaitConditionFailure: '
        'resources.wait_condition: kube down'
    )


def test_failure_reason_without_failed_resources_is_the_stack_s(
    heat, sessions
):
    heat.stacks.get.return_value = stack(
        id='top', stack_status='CREATE_FAILED', stack_status_reason='Timed out'
    )
    heat.resources.list.return_value = iter(NESTED[:1])
    reason = k8s_vm.KubernetesVMDriver().get_failure_reason(
        None, c.make_cluster(), 'top'
    )
    assert reason == 'Timed out'


def test_failure_reason_of_a_missing_stack(heat, sessions):
    heat.stacks.get.side_effect = not_found()
    reason = k8s_vm.KubernetesVMDriver().get_failure_reason(
        None, c.make_cluster(), 'top'
    )
    assert reason == 'Stack with id top not found in Heat.'


def test_update_patches_the_minion_count_with_the_user_token(
    heat, sessions, user_context
):
    groups = c.make_groups(minions=3)
    k8s_vm.KubernetesVMDriver().update_cluster(
        user_context, c.make_cluster(), c.make_template(), groups
    )
    heat.stacks.update.assert_called_once_with(
        c.STACK_ID,
        existing=True,
        parameters={'number_of_minions': 3},
        disable_rollback=True,
    )
    heat.factory.assert_called_once_with(sessions.user)


def test_update_without_a_token_goes_through_the_trust(heat, sessions):
    trust = mock.sentinel.trust_session
    with mock.patch.object(
        heat_driver.HeatDriver,
        '_trust_session',
        autospec=True,
        return_value=trust,
    ) as trust_session:
        cluster = c.make_cluster()
        k8s_vm.KubernetesVMDriver().update_cluster(
            None, cluster, c.make_template(), c.make_groups()
        )
    trust_session.assert_called_once_with(cluster)
    heat.factory.assert_called_once_with(trust)


def test_a_repeated_update_that_already_took_is_fine(
    heat, sessions, user_context
):
    heat.stacks.update.side_effect = conflict()
    heat.stacks.get.return_value = stack(
        stack_status='UPDATE_IN_PROGRESS',
        parameters={'number_of_minions': '2'},
    )
    drv = k8s_vm.KubernetesVMDriver()
    drv.update_cluster(
        user_context, c.make_cluster(), c.make_template(), c.make_groups()
    )
    heat.stacks.get.return_value = stack(
        stack_status='UPDATE_IN_PROGRESS',
        parameters={'number_of_minions': '5'},
    )
    with pytest.raises(exception.OperationInProgress):
        drv.update_cluster(
            user_context, c.make_cluster(), c.make_template(), c.make_groups()
        )


def test_update_of_a_missing_stack(heat, sessions, user_context):
    heat.stacks.update.side_effect = not_found()
    with pytest.raises(exception.ResourceNotFound):
        k8s_vm.KubernetesVMDriver().update_cluster(
            user_context, c.make_cluster(), c.make_template(), c.make_groups()
        )


def test_resize_removes_the_named_minions(heat, sessions, user_context):
    _, worker = c.make_groups()
    server_id = '3f0c1a7e-9b21-4c55-8d1e-0a5c2e7d9f11'
    k8s_vm.KubernetesVMDriver().resize_cluster(
        user_context,
        c.make_cluster(),
        c.make_template(),
        worker,
        1,
        [server_id, 'my-bay-one-5d12f6fda196-minion-3'],
    )
    heat.stacks.update.assert_called_once_with(
        c.STACK_ID,
        existing=True,
        parameters={
            'number_of_minions': 1,
            'minions_to_remove': [server_id, '3'],
        },
        disable_rollback=True,
    )


def test_masters_cannot_be_resized(heat, sessions, user_context):
    master, _ = c.make_groups()
    with pytest.raises(exception.MasterNGResizeNotSupported):
        k8s_vm.KubernetesVMDriver().resize_cluster(
            user_context, c.make_cluster(), c.make_template(), master, 3, []
        )
    heat.stacks.update.assert_not_called()


def test_delete_starts_every_stack_and_says_when_all_are_gone(
    heat, sessions, user_context
):
    groups = c.make_groups()
    extra = c.make_groups()[1]
    extra.name, extra.is_default, extra.stack_id = 'extra', False, 'ng-stack'
    heat.stacks.delete.side_effect = [None, None]
    drv = k8s_vm.KubernetesVMDriver()
    assert not drv.delete_cluster(
        user_context, c.make_cluster(), groups + [extra]
    )
    assert heat.stacks.delete.call_args_list == [
        mock.call('ng-stack'),
        mock.call(c.STACK_ID),
    ]
    heat.stacks.delete.side_effect = not_found()
    assert drv.delete_cluster(user_context, c.make_cluster(), groups)


def test_delete_while_deleting_is_fine(heat, sessions, user_context):
    heat.stacks.delete.side_effect = conflict()
    heat.stacks.get.return_value = stack(stack_status='DELETE_IN_PROGRESS')
    assert not k8s_vm.KubernetesVMDriver().delete_cluster(
        user_context, c.make_cluster(), c.make_groups()
    )
    heat.stacks.get.return_value = stack(stack_status='UPDATE_IN_PROGRESS')
    with pytest.raises(exception.OperationInProgress):
        k8s_vm.KubernetesVMDriver().delete_cluster(
            user_context, c.make_cluster(), c.make_groups()
        )


BAY_OUTPUTS = [
    {'output_key': 'api_address', 'output_value': '127.42.0.7'},
    {'output_key': 'api_private_address', 'output_value': '10.0.0.5'},
    {'output_key': 'kube_masters', 'output_value': ['127.42.0.7']},
    {'output_key': 'kube_minions', 'output_value': ['127.42.0.8']},
    {'output_key': 'fixed_network', 'output_value': 'net-id'},
    {'output_key': 'fixed_subnet', 'output_value': 'subnet-id'},
    {'output_key': 'fixed_subnet_cidr', 'output_value': '10.0.0.0/24'},
    {'output_key': 'minion_security_group', 'output_value': 'sg-id'},
]


def test_nodegroups_get_stacks_of_their_own_on_the_bay_network(
    heat, sessions, user_context
):
    _, extra = c.make_groups()
    extra.name, extra.is_default, extra.stack_id = 'gpu-workers', False, None
    extra.flavor_id = 'm1.gpu'
    heat.stacks.get.side_effect = [not_found(), stack(outputs=BAY_OUTPUTS)]
    heat.stacks.create.return_value = {'stack': {'id': 'ng-stack'}}
    stack_id = k8s_vm.KubernetesVMDriver().create_nodegroup(
        user_context, c.make_cluster(), c.make_template(), extra
    )
    assert stack_id == 'ng-stack'
    kwargs = heat.stacks.create.call_args.kwargs
    assert kwargs['stack_name'] == 'my-bay-one-gpu-worke-7f7e1f3a0000'
    assert kwargs['tags'] == 'magnum'
    params = kwargs['parameters']
    assert params['is_cluster_stack'] is False
    assert params['existing_master_private_ip'] == '10.0.0.5'
    assert params['existing_security_group'] == 'sg-id'
    assert params['fixed_network'] == 'net-id'
    assert params['minion_flavor'] == 'm1.gpu'
    assert 'number_of_masters' not in params
    assert 'master_ignition' not in params
    assert "NODE_ROLE='minion'" in urllib.parse.unquote(
        params['minion_ignition']
    )
    defaults = kwargs['environment']['parameter_defaults']
    assert defaults['private_network_enabled'] is False


def test_master_nodegroups_cannot_be_created(heat, sessions, user_context):
    master, _ = c.make_groups()
    with pytest.raises(exception.CreateMasterNodeGroup):
        k8s_vm.KubernetesVMDriver().create_nodegroup(
            user_context, c.make_cluster(), c.make_template(), master
        )


def test_delete_nodegroup(heat, sessions, user_context):
    _, extra = c.make_groups()
    extra.stack_id = 'ng-stack'
    heat.stacks.delete.side_effect = not_found()
    assert k8s_vm.KubernetesVMDriver().delete_nodegroup(
        user_context, c.make_cluster(), extra
    )
    heat.stacks.delete.assert_called_once_with('ng-stack')
    # A default nodegroup lives in the bay's stack: nothing to delete.
    assert k8s_vm.KubernetesVMDriver().delete_nodegroup(
        user_context, c.make_cluster(), c.make_groups()[1]
    )


def test_outputs_of_the_bay_and_its_nodegroup_stacks(heat, sessions):
    groups = c.make_groups()
    extra = c.make_groups()[1]
    extra.name, extra.is_default, extra.stack_id = 'extra', False, 'ng-stack'
    heat.stacks.get.side_effect = [
        stack(
            outputs=BAY_OUTPUTS,
            parameters={
                'kube_tag': 'v1.30.4',
                'number_of_masters': '1',
                'number_of_minions': '1',
            },
        ),
        stack(
            id='ng-stack',
            outputs=[
                {'output_key': 'kube_minions', 'output_value': ['127.42.0.9']}
            ],
            parameters={'number_of_minions': '1'},
        ),
    ]
    outputs = k8s_vm.KubernetesVMDriver().get_outputs(
        None, c.make_cluster(), c.make_template(), groups + [extra]
    )
    assert heat.stacks.get.call_args_list == [
        mock.call(c.STACK_ID, resolve_outputs=True),
        mock.call('ng-stack', resolve_outputs=True),
    ]
    assert outputs.api_address == 'https://127.42.0.7:6443'
    assert outputs.coe_version == 'v1.30.4'
    assert outputs.nodegroups == {
        'default-master': base.NodeGroupOutputs(1, ('127.42.0.7',)),
        'default-worker': base.NodeGroupOutputs(1, ('127.42.0.8',)),
        'extra': base.NodeGroupOutputs(1, ('127.42.0.9',)),
    }


def rotation_groups():
    groups = c.make_groups()
    extra = c.make_groups()[1]
    extra.name, extra.is_default, extra.stack_id = 'extra', False, 'ng-stack'
    return groups + [extra]


def test_ca_rotation_updates_every_stack_in_place(
    heat, sessions, user_context
):
    cluster = c.make_cluster(ca_cert_ref='new-ca-ref')
    drv = k8s_vm.KubernetesVMDriver()
    assert drv.supports('rotate_ca_certificate')
    assert drv.rotate_ca_certificate(
        user_context, cluster, c.make_template(), rotation_groups()
    )
    heat.factory.assert_called_once_with(sessions.user)
    calls = heat.stacks.update.call_args_list
    # The default nodegroups live in the bay's stack: two stacks.
    assert [call.args for call in calls] == [(c.STACK_ID,), ('ng-stack',)]
    rotation = calls[0].kwargs['parameters']['ca_rotation_id']
    for call in calls:
        kwargs = call.kwargs
        assert kwargs['existing'] is True
        assert kwargs['parameters'] == {
            'ca_rotation_id': rotation,
            'node_user_data_update_policy': 'IGNORE',
        }
        # The current templates: older stacks lack the parameters.
        assert kwargs['template']['parameters']['ca_rotation_id']
        assert any(f.endswith('kubenode.yaml') for f in kwargs['files'])
    # Derived from the new CA: a retry sends the same, the next differs.
    assert len(rotation) == 16
    drv.rotate_ca_certificate(
        user_context, cluster, c.make_template(), c.make_groups()
    )
    assert (
        heat.stacks.update.call_args.kwargs['parameters']
        == (calls[0].kwargs['parameters'])
    )
    cluster.ca_cert_ref = 'newer-ca-ref'
    drv.rotate_ca_certificate(
        user_context, cluster, c.make_template(), c.make_groups()
    )
    assert (
        heat.stacks.update.call_args.kwargs['parameters']['ca_rotation_id']
        != rotation
    )


def test_credential_rotation_replaces_the_nodes(heat, sessions, user_context):
    cluster = c.make_cluster(trustee_password='new-secret', trust_id='trust-2')
    drv = k8s_vm.KubernetesVMDriver()
    assert drv.supports('rotate_credential')
    assert drv.rotate_credential(
        user_context, cluster, c.make_template(), rotation_groups()
    )
    calls = heat.stacks.update.call_args_list
    assert [call.args for call in calls] == [(c.STACK_ID,), ('ng-stack',)]
    for call in calls:
        assert call.kwargs['parameters'] == {
            'trustee_user_id': 'trustee-id',
            'trustee_username': 'trustee',
            'trustee_password': 'new-secret',
            'trust_id': 'trust-2',
            'node_user_data_update_policy': 'REPLACE',
        }
        assert call.kwargs['existing'] is True


def test_credential_rotation_refuses_what_heat_may_not_copy(
    heat, sessions, user_context
):
    cluster = c.make_cluster(trustee_password='new secret')
    with pytest.raises(exception.InvalidParameterValue):
        k8s_vm.KubernetesVMDriver().rotate_credential(
            user_context, cluster, c.make_template(), rotation_groups()
        )
    heat.stacks.update.assert_not_called()


def test_a_repeated_credential_rotation_in_progress_is_fine(
    heat, sessions, user_context
):
    """Heat shows the hidden trustee values masked."""
    heat.stacks.update.side_effect = conflict()
    heat.stacks.get.return_value = stack(
        stack_status='UPDATE_IN_PROGRESS',
        parameters={
            'trustee_user_id': 'trustee-id',
            'trustee_username': 'trustee',
            'trustee_password': '******',
            'trust_id': '******',
            'node_user_data_update_policy': 'REPLACE',
        },
    )
    assert k8s_vm.KubernetesVMDriver().rotate_credential(
        user_context, c.make_cluster(), c.make_template(), c.make_groups()
    )
    heat.stacks.get.return_value = stack(
        stack_status='UPDATE_IN_PROGRESS',
        parameters={'node_user_data_update_policy': 'IGNORE'},
    )
    with pytest.raises(exception.OperationInProgress):
        k8s_vm.KubernetesVMDriver().rotate_credential(
            user_context, c.make_cluster(), c.make_template(), c.make_groups()
        )


def test_rotation_of_a_bay_whose_stack_is_gone(heat, sessions, user_context):
    heat.stacks.update.side_effect = not_found()
    with pytest.raises(exception.ResourceNotFound):
        k8s_vm.KubernetesVMDriver().rotate_ca_certificate(
            user_context,
            c.make_cluster(ca_cert_ref='r'),
            c.make_template(),
            c.make_groups(),
        )


def test_rotation_without_a_token_goes_through_the_trust(heat, sessions):
    with mock.patch.object(
        heat_driver.HeatDriver,
        '_trust_session',
        autospec=True,
        return_value=mock.sentinel.trust_session,
    ):
        k8s_vm.KubernetesVMDriver().rotate_ca_certificate(
            None,
            c.make_cluster(ca_cert_ref='r'),
            c.make_template(),
            c.make_groups(),
        )
    heat.factory.assert_called_once_with(mock.sentinel.trust_session)

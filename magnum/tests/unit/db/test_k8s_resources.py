"""Records of pods, services and rcs: queries and objects."""

from oslo_utils import uuidutils
import pytest

from magnum import objects
from magnum.common import context
from magnum.common import exception
from magnum.objects import base as objects_base

BAY = uuidutils.generate_uuid()
OTHER_BAY = uuidutils.generate_uuid()


@pytest.fixture
def ctx():
    return context.make_context(project_id='p', user_id='u', is_admin=False)


def _pod(ctx, name, bay=BAY, **fields):
    pod = objects.Pod(
        ctx,
        uuid=fields.pop('uuid', uuidutils.generate_uuid()),
        name=name,
        bay_uuid=bay,
        labels={'app': name},
        images=['nginx'],
        status='Pending',
        project_id='p',
        user_id='u',
        **fields,
    )
    pod.create()
    return pod


def test_pod_lifecycle(ctx):
    pod = _pod(ctx, 'web', desc='front')
    assert pod.id and pod.created_at
    found = objects.Pod.get(ctx, BAY, 'web')
    assert found.uuid == pod.uuid
    assert found.images == ['nginx'] and found.desc == 'front'
    assert objects.Pod.get(ctx, BAY, pod.uuid).name == 'web'
    found.status = 'Running'
    found.host = 'node-0'
    found.save()
    again = objects.Pod.get(ctx, BAY, 'web')
    assert (again.status, again.host) == ('Running', 'node-0')
    assert again.destroy() is True
    assert again.destroy() is False
    with pytest.raises(exception.PodNotFound) as info:
        objects.Pod.get(ctx, BAY, 'web')
    assert info.value.code == 404


def test_records_are_per_bay(ctx):
    _pod(ctx, 'web')
    _pod(ctx, 'web', bay=OTHER_BAY)
    _pod(ctx, 'db')
    names = [p.name for p in objects.Pod.list(ctx, BAY, sort_key='name')]
    assert names == ['db', 'web']
    with pytest.raises(exception.PodNotFound):
        objects.Pod.get(ctx, uuidutils.generate_uuid(), 'web')


def test_list_pages(ctx):
    pods = [_pod(ctx, 'p%d' % i) for i in range(3)]
    page = objects.Pod.list(ctx, BAY, limit=2)
    assert [p.name for p in page] == ['p0', 'p1']
    rest = objects.Pod.list(ctx, BAY, limit=2, marker=pods[1].uuid)
    assert [p.name for p in rest] == ['p2']
    with pytest.raises(exception.PodNotFound):
        objects.Pod.list(ctx, BAY, marker=uuidutils.generate_uuid())
    with pytest.raises(exception.InvalidSortKey):
        objects.Pod.list(ctx, BAY, sort_key='nope')


def test_stale_record_of_the_name_is_replaced(ctx):
    old = _pod(ctx, 'web')
    new = _pod(ctx, 'web')
    assert [p.uuid for p in objects.Pod.list(ctx, BAY)] == [new.uuid]
    assert old.uuid != new.uuid


def test_duplicate_uuid_is_a_conflict(ctx):
    pod = _pod(ctx, 'web')
    with pytest.raises(exception.Conflict) as info:
        _pod(ctx, 'other', uuid=pod.uuid)
    assert info.value.code == 409


def test_service_and_rc(ctx):
    service = objects.Service(
        ctx,
        uuid=uuidutils.generate_uuid(),
        name='web',
        bay_uuid=BAY,
        labels={},
        selector={'app': 'web'},
        ip='10.254.0.2',
        ports=[{'port': 80, 'protocol': 'TCP', 'targetPort': 80}],
    )
    service.create()
    found = objects.Service.get(ctx, BAY, 'web')
    assert found.ports == [{'port': 80, 'protocol': 'TCP', 'targetPort': 80}]
    assert found.selector == {'app': 'web'}
    rc = objects.ReplicationController(
        ctx,
        uuid=uuidutils.generate_uuid(),
        name='redis',
        bay_uuid=BAY,
        images=['redis:7'],
        replicas=2,
    )
    rc.create()
    with pytest.raises(exception.ReplicationControllerNotFound):
        objects.ReplicationController.get(ctx, BAY, 'web')
    with pytest.raises(exception.ServiceNotFound):
        objects.Service.get(ctx, BAY, 'redis')
    _pod(ctx, 'web')
    _pod(ctx, 'web', bay=OTHER_BAY)
    assert objects.Pod.destroy_for_bay(ctx, BAY) == 3
    assert objects.Pod.list(ctx, BAY) == []
    assert objects.Service.list(ctx, BAY) == []
    assert len(objects.Pod.list(ctx, OTHER_BAY)) == 1


def test_objects_cross_rpc(ctx):
    service = objects.Service(
        ctx,
        id=1,
        uuid=uuidutils.generate_uuid(),
        name='web',
        bay_uuid=BAY,
        labels={'a': 'b'},
        selector=None,
        ip=None,
        ports=[{'port': 80}],
    )
    serializer = objects_base.MagnumObjectSerializer()
    wire = serializer.serialize_entity(ctx, [service])
    back = serializer.deserialize_entity(ctx, wire)[0]
    assert isinstance(back, objects.Service)
    assert back.ports == [{'port': 80}] and back.labels == {'a': 'b'}

"""Exceptions keep their status and message across RPC."""

from oslo_messaging._drivers import common as rpc_common

from magnum.common import exception
from magnum.common import rpc


def _round_trip(exc):
    try:
        raise exc
    except exception.MagnumException as raised:
        data = rpc_common.serialize_remote_exception(
            (type(raised), raised, raised.__traceback__)
        )
    return rpc_common.deserialize_remote_exception(data, rpc.ALLOWED_EXMODS)


def test_code_given_per_instance_survives_rpc():
    exc = exception.KubernetesAPIFailed(err='pods "web" is invalid', code=422)
    assert exc.code == 422
    remote = _round_trip(exc)
    assert isinstance(remote, exception.KubernetesAPIFailed)
    assert remote.code == 422
    assert remote.message == 'pods "web" is invalid'


def test_class_code_survives_rpc():
    remote = _round_trip(exception.PodNotFound(pod='web'))
    assert isinstance(remote, exception.PodNotFound)
    assert remote.code == 404
    assert remote.message == 'Pod web could not be found.'

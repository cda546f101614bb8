"""How the conductor reports what a bay's Kubernetes API answers."""

import json

from kubernetes.client import exceptions as k8s_exc
import pydantic
import pytest
import urllib3

from magnum import objects
from magnum.common import context
from magnum.common import exception
from magnum.conductor.handlers import k8s_resources

BAY = objects.Cluster(
    context.get_admin_context(),
    uuid='9d1a1e8e-1c22-4f0e-9a55-6b1f4a1d0a11',
    api_address='https://127.0.0.9:6443',
)


def _api_exception(status, reason, message, kind='Status'):
    error = k8s_exc.ApiException(status=status, reason=reason)
    error.body = json.dumps(
        {
            'kind': kind,
            'status': 'Failure',
            'message': message,
            'reason': reason,
            'code': status,
        }
    )
    return error


def _raised(error):
    with pytest.raises(exception.MagnumException) as info:
        with k8s_resources.translated(BAY):
            raise error
    return info.value


@pytest.mark.parametrize(
    'status,reason,message,code',
    [
        (400, 'BadRequest', 'the namespace does not match', 400),
        (403, 'Forbidden', 'default may not be deleted', 403),
        (404, 'NotFound', 'pods "web" not found', 404),
        (409, 'AlreadyExists', 'pods "web" already exists', 409),
        (409, 'Conflict', 'the object has been modified', 409),
        (422, 'Invalid', 'Pod "Web" is invalid: metadata.name', 422),
    ],
)
def test_passed_through(status, reason, message, code):
    error = _raised(_api_exception(status, reason, message))
    assert isinstance(error, exception.KubernetesAPIFailed)
    assert error.code == code
    assert error.message == '%s (Kubernetes: %s)' % (message, reason)


@pytest.mark.parametrize(
    'status,code,text',
    [
        (401, 502, "refused magnum's client certificate"),
        (405, 502, 'failed (HTTP 405)'),
        (415, 502, 'failed (HTTP 415)'),
        (429, 503, 'busy'),
        (500, 502, 'failed (HTTP 500)'),
        (503, 502, 'failed (HTTP 503)'),
    ],
)
def test_server_side_problems(status, code, text):
    error = _raised(_api_exception(status, 'X', 'boom'))
    assert error.code == code
    assert text in error.message
    assert BAY.uuid in error.message


def test_body_that_is_not_a_status():
    error = k8s_exc.ApiException(status=404, reason='Not Found')
    error.body = '<html>nope</html>'
    raised = _raised(error)
    assert raised.code == 404
    assert raised.message == 'Not Found (Kubernetes: Not Found)'


class _Container(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra='forbid')
    image: str


@pydantic.validate_call
def _create(namespace: str, body: _Container):
    """Checks its body as the client's methods do."""


def test_client_body_check_is_a_400():
    with pytest.raises(pydantic.ValidationError) as info:
        _create('default', {'colour': 'red'})
    raised = _raised(info.value)
    assert isinstance(raised, exception.InvalidManifest)
    assert raised.code == 400
    assert 'image: Field required' in raised.message
    assert 'colour: Extra inputs are not permitted' in raised.message


def test_unreachable_is_a_503():
    error = urllib3.exceptions.MaxRetryError(
        None, '/api/v1/namespaces/default/pods', reason='connection refused'
    )
    raised = _raised(error)
    assert raised.code == 503
    assert 'Cannot reach the Kubernetes API of bay' in raised.message
    assert 'connection refused' in raised.message
    assert _raised(ConnectionResetError('reset')).code == 503

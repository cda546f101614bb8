"""Heat's errors become magnum's in one place (client.call)."""

import json

from heatclient import exc as heat_exc
from keystoneauth1 import exceptions as ka_exc
from keystoneauth1 import session as ka_session
from keystoneauth1 import token_endpoint
import pytest

from magnum.common import exception
from magnum.drivers.heat import client


def heat_error(cls, message):
    return cls(json.dumps({'error': {'message': message}}))


def raising(error):
    def fn(*args, **kwargs):
        raise error

    return fn


def test_results_pass_through():
    assert client.call(lambda a, b=0: a + b, 1, b=2) == 3


def test_not_found_is_gone():
    result = client.call(raising(heat_error(heat_exc.HTTPNotFound, 'nope')))
    assert result is client.GONE
    assert not result


@pytest.mark.parametrize(
    'error, expected, code',
    [
        (
            heat_error(heat_exc.HTTPBadRequest, 'Property error: flavor'),
            exception.InvalidParameterValue,
            400,
        ),
        (
            heat_error(heat_exc.HTTPConflict, 'Stack in progress'),
            exception.OperationInProgress,
            400,
        ),
        (
            heat_error(heat_exc.HTTPUnauthorized, 'no'),
            exception.NotAuthorized,
            403,
        ),
        (
            heat_error(heat_exc.HTTPForbidden, 'policy'),
            exception.NotAuthorized,
            403,
        ),
        (
            heat_error(heat_exc.HTTPMethodNotAllowed, 'not allowed'),
            exception.InvalidParameterValue,
            400,
        ),
        (
            heat_error(heat_exc.HTTPInternalServerError, 'boom'),
            exception.ServiceUnavailable,
            503,
        ),
        (
            heat_error(heat_exc.HTTPServiceUnavailable, 'down'),
            exception.ServiceUnavailable,
            503,
        ),
        (
            heat_exc.CommunicationError('gone'),
            exception.ServiceUnavailable,
            503,
        ),
        (ka_exc.ConnectFailure('refused'), exception.ServiceUnavailable, 503),
        (ka_exc.ConnectTimeout('slow'), exception.ServiceUnavailable, 503),
        (
            ka_exc.EndpointNotFound('no heat'),
            exception.ServiceUnavailable,
            503,
        ),
        (ka_exc.Unauthorized('expired'), exception.NotAuthorized, 403),
    ],
)
def test_errors_are_translated(error, expected, code):
    with pytest.raises(expected) as raised:
        client.call(raising(error), what='bay1')
    assert raised.value.code == code


def test_messages_keep_heat_words_without_its_prefix():
    with pytest.raises(exception.InvalidParameterValue) as raised:
        client.call(
            raising(heat_error(heat_exc.HTTPBadRequest, 'Unknown flavor x'))
        )
    assert str(raised.value) == 'Unknown flavor x'


def test_conflicts_name_the_bay():
    with pytest.raises(exception.OperationInProgress) as raised:
        client.call(
            raising(heat_error(heat_exc.HTTPConflict, 'busy')), what='bay1'
        )
    assert 'bay1' in str(raised.value)


def test_the_client_uses_the_session_auth_and_cluster_heat_options(conf):
    conf.config(
        group='cluster_heat',
        region_name='R2',
        interface='internal',
        ca_file='/ca.pem',
        timeout=7.0,
    )
    session = ka_session.Session(
        auth=token_endpoint.Token('http://127.0.0.1:8004/v1/p', 'token')
    )
    heat = client.heat(session)
    wrapped = heat.http_client.session
    assert wrapped.auth is session.auth
    assert wrapped.verify == '/ca.pem'
    assert wrapped.timeout == 7.0
    assert heat.http_client.interface == 'internal'
    assert heat.http_client.region_name == 'R2'

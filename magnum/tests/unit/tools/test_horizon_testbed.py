"""The Horizon testbed's record of Magnum calls (tools/horizon).

python-magnumclient 4.11 logs each request as a curl command line and each
answer as a dump; ``horizon_testbed.MagnumCallLog`` pairs them into JSON
lines, which the browser test reads. The module is loaded from its file:
tools/ is not a package of the project.
"""

import importlib.util
import json
import logging
import pathlib

import pytest

TOP = pathlib.Path(__file__).resolve().parents[4]
SOURCE = TOP / 'tools' / 'horizon' / 'horizon_testbed.py'

CURL_PATCH = (
    "curl -i -X PATCH -H 'Content-Type: application/json' "
    "-H 'Accept: application/json' -H 'User-Agent: python-magnumclient' "
    "-H 'OpenStack-API-Version: container-infra 1.13' "
    "-H 'X-Auth-Token: gAAAA-secret' "
    '-d \'[{"op": "replace", "path": "/labels", "value": '
    '"{\'kube_tag\': \'v1.31.1\'}"}, {"op": "replace", '
    '"path": "/docker_volume_size", "value": "20"}]\' '
    'http://127.0.0.1:9511/v1/clustertemplates/1234'
)
ANSWER = (
    '\nHTTP/1.1 200 OK\n'
    'Content-Type: application/json\n'
    'OpenStack-API-Version: container-infrastructure-management 1.13\n'
    '\n'
    '{"uuid": "1234", "docker_volume_size": 20}\n'
)


@pytest.fixture(scope='module')
def glue():
    spec = importlib.util.spec_from_file_location('horizon_testbed', SOURCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_request_with_quoted_body(glue):
    entry = glue.parse_request(CURL_PATCH)
    assert entry['method'] == 'PATCH'
    assert entry['url'] == 'http://127.0.0.1:9511/v1/clustertemplates/1234'
    assert entry['request_body'] == [
        {
            'op': 'replace',
            'path': '/labels',
            'value': "{'kube_tag': 'v1.31.1'}",
        },
        {'op': 'replace', 'path': '/docker_volume_size', 'value': '20'},
    ]
    assert entry['auth_token_sent'] is True
    assert 'X-Auth-Token' not in entry['request_headers']
    assert entry['request_headers']['OpenStack-API-Version'] == (
        'container-infra 1.13'
    )


def test_request_without_body(glue):
    entry = glue.parse_request(
        "curl -i -X GET -H 'X-Auth-Token: t' "
        'http://127.0.0.1:9511/v1/clusters/detail'
    )
    assert entry['method'] == 'GET'
    assert entry['url'].endswith('/v1/clusters/detail')
    assert 'request_body' not in entry


def test_response(glue):
    entry = glue.parse_response(ANSWER)
    assert entry == {
        'status': 200,
        'response_version': 'container-infrastructure-management 1.13',
        'response_body': {'uuid': '1234', 'docker_volume_size': 20},
    }


def test_handler_pairs_request_and_answer(glue, tmp_path):
    path = tmp_path / 'calls.jsonl'
    logger = logging.getLogger('test-horizon-testbed')
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = glue.MagnumCallLog(str(path))
    logger.addHandler(handler)
    try:
        logger.debug(CURL_PATCH)
        logger.warning('Request returned failure status.')
        logger.debug(ANSWER)
    finally:
        logger.removeHandler(handler)
    (line,) = path.read_text().splitlines()
    entry = json.loads(line)
    assert entry['method'] == 'PATCH'
    assert entry['status'] == 200
    assert 'gAAAA-secret' not in line

"""Fixtures of the e2e layer: the sandbox cloud, up once per session."""

from pathlib import Path

import pytest

from magnum.tests.e2e import testbed

E2E_DIR = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line(
        'markers',
        'e2e: runs against the sandbox cloud (tools/sandbox up): real '
        'Keystone, '
        'Glance, Nova, Neutron and Heat on loopback',
    )


def pytest_collection_modifyitems(items):
    """Mark every test under magnum/tests/e2e as e2e."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope='session')
def sandbox():
    """The running sandbox cloud (a testbed.Testbed).

    Fails the test, never skips it, when the cloud cannot come up.
    """
    try:
        return testbed.ensure_up()
    except testbed.TestbedError as exc:
        problem = str(exc)
    pytest.fail(
        'the sandbox cloud is not available, and e2e tests never skip:\n'
        + problem,
        pytrace=False,
    )

"""The functional layer: API, RPC and conductor in one process tree.

The API runs its real WSGI pipeline in process (webtest); its casts and
calls go through the real RabbitMQ to a real conductor service started in
this process (its own threads), which works on the real database. What
cannot run here stands in: the cloud lookups (an in-memory cloud), the
Heat driver (stacks in memory, moved along by the test) and Keystone's
trusts (autospec'd).
"""

import time

import pytest
import webtest

from magnum.api import app as api_app
from magnum.conductor import service as conductor_service
from magnum.drivers import loader
from magnum.tests.fakes import driver as fake_driver
from magnum.tests.fakes import trust as fake_trust_module
from magnum.tests.unit.api import conftest as api_conftest

DRIVER_NAME = 'heat_k8s_vm'


@pytest.fixture(scope='session')
def fake_trust():
    """Keystone trusts stand in for the whole session."""
    with fake_trust_module.stubbed() as mocks:
        yield mocks


@pytest.fixture(scope='session')
def conductor(database, fake_trust):
    """A conductor service on this process's RPC topic."""
    service = conductor_service.ConductorService()
    service.start()
    yield service
    service.stop()


@pytest.fixture
def driver(conductor):
    """The in-memory driver every bay of this test uses."""
    fake = fake_driver.FakeDriver()
    loader.install(DRIVER_NAME, fake)
    yield fake
    loader.install(DRIVER_NAME, None)


@pytest.fixture(scope='session')
def functional_app(conductor):
    return api_app.load_app()


@pytest.fixture
def api(functional_app, clean_db, fake_cloud_lookup, driver):
    """A client of the member persona, on a clean database."""
    return api_conftest.Client(webtest.TestApp(functional_app))


def wait_for(predicate, timeout=10.0, interval=0.05):
    """Poll ``predicate`` until it returns a true value or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('condition not met after %ss' % timeout)
        time.sleep(interval)

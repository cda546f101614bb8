"""Fixtures of the Horizon browser test: Horizon, the sandbox, Chromium.

Horizon is started by ``tools/horizon/run up`` (``tox -e horizon`` does it
first), which writes ``.horizon/horizon.json``; nothing here starts or stops
a service. When Horizon or the sandbox does not answer, the test fails with
the command to run: it never skips.

Artefacts go to ``test-artifacts/horizon/`` (git-ignored): the screenshots
of each step, the page's HTML and a screenshot when a test fails, and the
Magnum API calls Horizon made during the run.
"""

import json
import os
from pathlib import Path
import shutil
import urllib.error
import urllib.request

import pytest

from magnum.tests.e2e import testbed

CHECKOUT = Path(__file__).resolve().parents[4]
HORIZON_CONF = CHECKOUT / '.horizon' / 'horizon.json'
ARTIFACTS = Path(
    os.environ.get(
        'MAGNUM_TEST_ARTIFACTS', CHECKOUT / 'test-artifacts' / 'horizon'
    )
)
CHROMIUM = Path(os.environ.get('MAGNUM_TEST_CHROMIUM', '/usr/bin/chromium'))
# Headless, and no background networking: this machine's network is closed,
# and Chromium's calls home would only be refused (or hang).
CHROMIUM_ARGS = (
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
)
VIEWPORT = {'width': 1400, 'height': 900}
#: Bound of every single wait of the browser (ms).
STEP_TIMEOUT_MS = 30_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the page's HTML and a screenshot of a failed test."""
    report = yield
    page = item.funcargs.get('page') if hasattr(item, 'funcargs') else None
    if report.when == 'call' and report.failed and page is not None:
        base = ARTIFACTS / f'FAILED-{item.name}'
        try:
            base.with_suffix('.html').write_text(page.content())
            page.screenshot(path=str(base.with_suffix('.png')), full_page=True)
        except Exception as exc:  # noqa: BLE001 - keep the real failure
            base.with_suffix('.txt').write_text(f'no page capture: {exc!r}\n')
    return report


def _fail(message):
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope='session')
def artifacts():
    """Return test-artifacts/horizon/, emptied for this run."""
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture(scope='session')
def horizon():
    """Return .horizon/horizon.json of the running Horizon."""
    try:
        conf = json.loads(HORIZON_CONF.read_text())
    except (OSError, ValueError) as exc:
        _fail(
            f'Horizon is not set up ({HORIZON_CONF}: {exc}): run '
            'tools/horizon/run up (tox -e horizon runs it first)'
        )
    login = conf['url'] + 'auth/login/'
    try:
        with urllib.request.urlopen(login, timeout=15):
            pass
    except (OSError, urllib.error.HTTPError) as exc:
        _fail(
            f'Horizon does not answer at {login} ({exc}): run '
            'tools/horizon/run up'
        )
    return conf


@pytest.fixture(scope='session')
def sandbox(horizon):
    """The sandbox cloud Horizon talks to (a testbed.Testbed).

    Overrides the e2e layer's fixture: this test never starts the sandbox,
    it checks that it runs (a demo token from Keystone).
    """
    ids_file = Path(horizon['sandbox_home']) / 'sandbox.json'
    try:
        bed = testbed.Testbed(json.loads(ids_file.read_text()))
        bed.session('demo').get_token()
    except Exception as exc:  # noqa: BLE001 - any failure means "not up"
        _fail(
            f'the sandbox cloud is not usable ({ids_file}: {exc!r}); '
            'start it with tools/sandbox up'
        )
    return bed


@pytest.fixture(scope='session')
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    if not CHROMIUM.exists():
        _fail(
            f'{CHROMIUM} is missing: apt-get install -y chromium '
            '(tools/horizon/run up does it when run as root)'
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=list(CHROMIUM_ARGS),
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, horizon):
    """A fresh browser context and page (own cookies: logged out)."""
    context = browser.new_context(
        viewport=VIEWPORT, base_url=horizon['url'].rstrip('/')
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    context.set_default_navigation_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()

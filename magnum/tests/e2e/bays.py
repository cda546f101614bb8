"""Helpers of the bay e2e tests: templates, waits, Heat, kubeconfigs."""

import importlib.util
from pathlib import Path
import subprocess
import time
import uuid

from heatclient import client as heat_client
from heatclient import exc as heat_exc

from magnum.tests.e2e import clients

BAY_TIMEOUT = 300
TEMPLATE = (
    '--coe',
    'kubernetes',
    '--image',
    'fedora-coreos-sandbox',
    '--external-network',
    'public',
    '--keypair',
    'testkey',
    '--flavor',
    'm1.small',
    '--master-flavor',
    'm1.small',
)


def unique(prefix):
    """A name no other test uses."""
    return '%s-%s' % (prefix, uuid.uuid4().hex[:6])


def template(cli):
    """Create a template for bays; return its name."""
    name = unique('tpl')
    cli.coe_json('cluster', 'template', 'create', *TEMPLATE, name)
    return name


def create(cli, bay_template, bay, *options):
    """Ask for a bay (``openstack coe cluster create``); fail unless the
    API accepted it."""
    result = cli.openstack(
        'coe',
        'cluster',
        'create',
        '--cluster-template',
        bay_template,
        *options,
        bay,
    )
    assert result.returncode == 0, result.output
    return result


def node_agent():
    """This checkout's sandbox node agent (tools/sandboxlib/bay), as a
    module: its reading of heat-params is the node contract's."""
    path = (
        Path(__file__).resolve().parents[3]
        / 'tools/sandboxlib/bay/node_agent.py'
    )
    spec = importlib.util.spec_from_file_location('e2e_node_agent', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def show(cli, bay):
    """Return the bay's document, or None once it is gone."""
    result = cli.openstack('coe', 'cluster', 'show', bay, '-f', 'json')
    if result.returncode != 0:
        if '404' in result.output:
            return None
        raise AssertionError(result.output)
    return result.json


def wait_status(cli, bay, wanted, timeout=BAY_TIMEOUT, interval=1.0):
    """Wait until the bay's status is ``wanted`` (or any *_FAILED when
    another status is wanted); return its document."""
    deadline = time.monotonic() + timeout
    while True:
        doc = show(cli, bay)
        status = doc and doc['status']
        if status == wanted:
            return doc
        if status and status.endswith('FAILED') and wanted != status:
            raise AssertionError(
                'bay %s ended %s: %s' % (bay, status, doc.get('status_reason'))
            )
        if time.monotonic() > deadline:
            raise AssertionError(
                'bay %s is %s, not %s, after %ss'
                % (bay, status, wanted, timeout)
            )
        time.sleep(interval)


def wait_gone(cli, bay, timeout=BAY_TIMEOUT):
    """Wait until the API no longer knows the bay."""
    deadline = time.monotonic() + timeout
    while show(cli, bay) is not None:
        if time.monotonic() > deadline:
            raise AssertionError(
                'bay %s still exists after %ss' % (bay, timeout)
            )
        time.sleep(1.0)


def heat(sandbox, user='admin'):
    """A heatclient of ``user`` (admin sees every project's stacks)."""
    return heat_client.Client(
        '1', session=sandbox.session(user), service_type='orchestration'
    )


def stack_exists(sandbox, stack_id):
    """Return whether Heat still has the stack (any project)."""
    client = heat(sandbox)
    try:
        stack = list(
            client.stacks.list(global_tenant=True, filters={'id': stack_id})
        )
    except heat_exc.HTTPNotFound:
        return False
    return bool(stack)


def kubectl(kubeconfig, *args):
    """Run kubectl with a kubeconfig; return the completed process."""
    return subprocess.run(
        [
            'kubectl',
            '--kubeconfig',
            str(kubeconfig),
            '--request-timeout',
            '10s',
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


def delete(cli, *names):
    """Delete bays, all at once, and wait until they are gone (cleanup)."""
    asked = [bay for bay in names if show(cli, bay) is not None]
    for bay in asked:
        cli.openstack('coe', 'cluster', 'delete', bay)
    for bay in asked:
        wait_gone(cli, bay)


__all__ = ('clients',)

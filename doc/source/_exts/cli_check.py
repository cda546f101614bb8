"""Sphinx extension: check the guides' CLI examples against the real clients.

Every line of a literal block that starts with the prompt ``$ `` and runs
``openstack coe ...`` or ``magnum ...`` is parsed (with ``\\``
continuations): the command must exist in the client, and each ``--option``
must be one of that command's options. A mismatch is a Sphinx warning, so
``sphinx-build -W`` fails.

* ``openstack coe ...``: the commands are the ``openstack.container_infra.v1``
  entry points of the installed python-magnumclient (doc/requirements.txt
  pins 5.0.0); their options come from each command's argument parser.
* ``magnum ...``: the legacy shell of python-magnumclient 2.1.0, read from
  ``_data/magnum-2.1.0-commands.json`` (see tools/legacy-cli-commands for
  how it was produced; 2.1.0 does not install next to 5.0.0).

Commands in ``magnum`` guides are written as users type them, e.g.::

    $ openstack coe cluster template create k8s --coe kubernetes ...
"""

import functools
from importlib import metadata
import json
import os
import shlex

from docutils import nodes
from sphinx.util import logging

LOG = logging.getLogger(__name__)
OSC_GROUP = 'openstack.container_infra.v1'
OSC_VERSION = '5.0.0'
LEGACY_DATA = os.path.join(
    os.path.dirname(__file__), '..', '_data', 'magnum-2.1.0-commands.json'
)
#: Options of the ``openstack`` program itself, allowed before ``coe``.
OSC_GLOBAL = ('--os-cloud', '--os-container-infra-api-version')


class _App:
    """The least of an OSC application a command needs to build its parser."""

    def __init__(self):
        self.options = None
        self.client_manager = None
        self.stdout = None


@functools.lru_cache(maxsize=1)
def osc_commands():
    """``{('coe', 'cluster', 'create'): {options}}`` of the installed client."""
    version = metadata.version('python-magnumclient')
    if version != OSC_VERSION:
        raise RuntimeError(
            'the CLI check needs python-magnumclient %s, not %s'
            % (OSC_VERSION, version)
        )
    commands = {}
    for entry in metadata.entry_points(group=OSC_GROUP):
        words = tuple(entry.name.split('_'))
        command = entry.load()(_App(), None)
        parser = command.get_parser('openstack ' + ' '.join(words))
        commands[words] = {
            o for action in parser._actions for o in action.option_strings
        }
    return commands


@functools.lru_cache(maxsize=1)
def legacy_commands():
    """``{('bay-create',): {options}}`` of python-magnumclient 2.1.0."""
    with open(LEGACY_DATA) as stream:
        data = json.load(stream)
    return {
        (name,): set(spec['options'])
        for name, spec in data['commands'].items()
    }


def command_lines(text):
    """Yield the commands typed after a ``$ `` prompt in ``text``."""
    lines = iter(text.splitlines())
    for line in lines:
        if not line.startswith('$ '):
            continue
        command = line[2:]
        while command.endswith('\\'):
            command = command[:-1] + ' ' + next(lines, '').strip()
        yield command


def check(command):
    """Return a list of problems of one command line ([] when it is right).

    Lines that run other programs (kubectl, export, …) are not checked.
    """
    try:
        words = shlex.split(command, comments=True)
    except ValueError as e:
        return ['cannot parse %r: %s' % (command, e)]
    if words[:1] == ['openstack']:
        args = words[1:]
        while args and args[0] in OSC_GLOBAL:
            args = args[2:]
        if args[:1] != ['coe']:
            return []
        table, program = osc_commands(), 'openstack'
    elif words[:1] == ['magnum']:
        args, table, program = words[1:], legacy_commands(), 'magnum'
    else:
        return []
    name = max(
        (k for k in table if tuple(args[: len(k)]) == k),
        key=len,
        default=None,
    )
    if name is None:
        return [
            '"%s %s" is not a command of the client'
            % (program, ' '.join(a for a in args if not a.startswith('-')))
        ]
    problems = []
    for arg in args[len(name) :]:
        option = arg.split('=', 1)[0]
        if option.startswith('-') and option not in table[name]:
            problems.append(
                '"%s %s" has no option %s'
                % (program, ' '.join(name), option)
            )
    return problems


class _Counter:
    checked = 0


def _check_doctree(app, doctree):
    for block in doctree.findall(nodes.literal_block):
        for command in command_lines(block.astext()):
            if command.split()[:1] not in (['openstack'], ['magnum']):
                continue
            _Counter.checked += 1
            for problem in check(command):
                LOG.warning('CLI example: %s', problem, location=block)


def _report(app, exception):
    if exception is None:
        LOG.info('cli_check: %d CLI examples checked', _Counter.checked)


def setup(app):
    """Register the check on every document read."""
    app.connect('doctree-read', _check_doctree)
    app.connect('build-finished', _report)
    return {'parallel_read_safe': False, 'version': '1.0'}


def self_test():
    """Show that the check tells good commands from bad ones (tox -e docs)."""
    good = [
        'openstack coe cluster create k8s --cluster-template t --node-count 2',
        'openstack coe cluster config k8s --dir ~/k8s --force',
        'magnum bay-create --name k8s --baymodel m --node-count 1',
        'magnum pod-list --bay k8s',
    ]
    bad = [
        'openstack coe clusters list',
        'openstack coe cluster create k8s --template t',
        'magnum bay-frobnicate k8s',
        'magnum bay-create --cluster-template t',
    ]
    for command in good:
        assert check(command) == [], (command, check(command))
    for command in bad:
        assert check(command), command
    print(
        'cli_check self-test: %d openstack coe and %d magnum commands known'
        % (len(osc_commands()), len(legacy_commands()))
    )


if __name__ == '__main__':
    self_test()

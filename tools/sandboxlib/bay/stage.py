"""Stage ``node-agent``: the sandbox node agent behind every sandbox bay.

It starts ``python -m sandboxlib.bay.node_agent`` (pid file
``.sandbox/run/node-agent.pid``, log ``.sandbox/log/node-agent.log``,
state ``.sandbox/state/node-agent/``) as admin, with the Kubernetes API
double of this checkout, and restarts it when its code changes. It also
publishes the sandbox Heat environment (``heat/sandbox-env.yaml``) that
magnum's ``[cluster_heat] extra_environment_files`` must name in the
sandbox. Registered in plan.py as::

    Stage('node-agent', bay_stage.run, after=('identity', 'nova'),
          doc='sandbox node agent (boots the nodes of bays)'),
"""

import hashlib
from pathlib import Path

from .. import services
from .. import settings
from ..files import write_if_changed

NAME = 'node-agent'
HERE = Path(__file__).resolve().parent
ENVIRONMENT = HERE / 'heat' / 'sandbox-env.yaml'


def run(ctx):
    """Start the agent unless it runs (restart it if its code changed)."""
    layout = ctx.layout
    state = layout.state / NAME
    code = hashlib.sha256((HERE / 'node_agent.py').read_bytes()).hexdigest()
    changed = write_if_changed(state / 'code.sha256', code + '\n')
    admin = settings.ADMIN
    argv = [
        layout.python,
        '-m',
        'sandboxlib.bay.node_agent',
        '--auth-url',
        settings.AUTH_URL,
        '--username',
        admin.name,
        '--password',
        admin.password,
        '--project',
        admin.project,
        '--state-dir',
        state,
        '--log-file',
        layout.log / f'{NAME}.log',
        '--python',
        layout.python,
        '--double-path',
        layout.checkout,
    ]

    def ready():
        pid = ctx.procs.pid(NAME)
        try:
            return (state / 'ready').read_text().strip() == str(pid)
        except OSError:
            return False

    services.ensure_process(ctx, NAME, NAME, argv, ready, restart=changed)
    ctx.publish(
        'node_agent',
        {'state_dir': str(state), 'heat_environment': str(ENVIRONMENT)},
    )

"""The plan of ``tools/sandbox up``: its stages, in reading order.

Stage 0, ``venv`` (stages/venv.py), runs first and alone, before ``up``
re-executes itself inside the venv it made. The stages below then run
concurrently as soon as the stages in their ``after`` are done (see
runner.py); a stage may also wait for another one midway with
``ctx.require(...)``.

To add a stage (for instance the Magnum API and conductor, or the sandbox
node agent): write ``stages/<name>.py`` with a ``run(ctx)`` that is
idempotent and fast when its work is already done, start processes with
``services.ensure_process`` (pid file in .sandbox/run/, log in .sandbox/log/,
and ``tools/sandbox down``/``status`` then handle them), publish ids with
``ctx.publish``, and append a Stage to STAGES below.
"""

from .bay import stage as bay_stage
from .runner import Stage
from .stages import backends
from .stages import clients
from .stages import glance
from .stages import heat
from .stages import identity
from .stages import keystone
from .stages import magnum
from .stages import neutron
from .stages import nova
from .stages import placement
from .stages import seed

STAGES = (
    Stage('backends', backends.run, doc='MariaDB, RabbitMQ, databases, vhost'),
    Stage('keystone', keystone.run, after=('backends',), doc='Keystone :5000'),
    Stage(
        'identity',
        identity.run,
        after=('keystone',),
        doc='users, projects, catalog',
    ),
    Stage('glance', glance.run, after=('backends',), doc='glance-api :9292'),
    Stage(
        'placement',
        placement.run,
        after=('backends',),
        doc='placement-api :8778',
    ),
    Stage(
        'neutron', neutron.run, after=('backends',), doc='neutron-api :9696'
    ),
    Stage(
        'nova',
        nova.run,
        after=('backends',),
        doc='nova-api :8774, conductor, scheduler, compute',
    ),
    Stage(
        'heat',
        heat.run,
        after=('backends',),
        doc='heat-api :8004, heat-engine',
    ),
    Stage(
        'seed',
        seed.run,
        after=('identity', 'glance', 'nova', 'neutron'),
        doc='images, flavors, network public, keypairs',
    ),
    Stage('clients', clients.run, doc='openstack/magnum clients under test'),
    Stage(
        'magnum',
        magnum.run,
        doc='magnum-api :9511 (2 workers), magnum-conductor',
    ),
    Stage(
        'node-agent',
        bay_stage.run,
        after=('identity', 'nova'),
        doc='sandbox node agent (boots the nodes of bays)',
    ),
)

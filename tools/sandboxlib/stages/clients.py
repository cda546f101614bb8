"""Stage ``clients``: the real clients the e2e tests and users run.

* ``.sandbox/clients-venv``: python-openstackclient with
  python-magnumclient 5.0.0 (``openstack coe …``) and python-heatclient
  (``openstack stack …``, to look at a bay's stack);
* ``.sandbox/magnum-2.1-venv``: python-magnumclient 2.1.0, the last with
  the legacy ``magnum`` shell's pod, rc and coe-service commands.
"""

from .. import pyenv

CURRENT = (
    'python-openstackclient==10.5.0',
    'python-magnumclient==5.0.0',
    'python-heatclient==5.3.0',
)
LEGACY = ('python-magnumclient==2.1.0',)


def run(ctx):
    """Install both client venvs (only when their stamps changed)."""
    home = ctx.layout.home
    pyenv.ensure(ctx, 'clients', home / 'clients-venv', CURRENT)
    pyenv.ensure(ctx, 'clients', home / 'magnum-2.1-venv', LEGACY)
    ctx.publish(
        'clients',
        {
            'openstack': str(home / 'clients-venv' / 'bin' / 'openstack'),
            'magnum': str(home / 'magnum-2.1-venv' / 'bin' / 'magnum'),
        },
    )

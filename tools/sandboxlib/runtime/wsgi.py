"""WSGI application factories of the sandbox's API services, for gunicorn.

gunicorn is given e.g. ``sandboxlib.runtime.wsgi:keystone()``. Every factory
hides gunicorn's own command line from oslo.config (which would reject it) and
points the service at its directory under ``$SANDBOX_HOME/etc`` (without that,
Keystone silently falls back to a SQLite file in the working directory).
"""

import os
import sys


def _config_dir(project, *argv):
    sys.argv = sys.argv[:1] + list(argv)
    return os.path.join(os.environ['SANDBOX_HOME'], 'etc', project)


def keystone():
    """Return Keystone's public WSGI application."""
    os.environ['OS_KEYSTONE_CONFIG_DIR'] = _config_dir('keystone')
    from keystone.server import wsgi

    return wsgi.initialize_public_application()


def glance():
    """Return glance-api's WSGI application."""
    os.environ['OS_GLANCE_CONFIG_DIR'] = _config_dir('glance')
    from glance.wsgi.api import application

    return application


def placement():
    """Return placement-api's WSGI application."""
    os.environ['OS_PLACEMENT_CONFIG_DIR'] = _config_dir('placement')
    from placement.wsgi.api import application

    return application


def nova():
    """Return nova-api's (os-compute) WSGI application."""
    os.environ['OS_NOVA_CONFIG_DIR'] = _config_dir('nova')
    os.environ['OS_NOVA_CONFIG_FILES'] = 'api-paste.ini;nova.conf;nova-db.conf'
    from nova.wsgi.osapi_compute import application

    return application


def neutron():
    """Return neutron-api's WSGI application."""
    os.environ['OS_NEUTRON_CONFIG_DIR'] = _config_dir('neutron')
    os.environ['OS_NEUTRON_CONFIG_FILES'] = 'neutron.conf;ml2_conf.ini'
    from neutron.wsgi.api import application

    return application


def heat():
    """Return heat-api's (native OpenStack API) WSGI application."""
    conf = os.path.join(_config_dir('heat'), 'heat.conf')
    sys.argv[1:] = ['--config-file', conf]
    from heat.api.openstack import wsgi

    return wsgi.init_application()

"""Horizon's settings in the testbed (tools/horizon/run).

``tools/horizon/run up`` installs this file as
``openstack_dashboard/local/local_settings.py`` in Horizon's own venv
(``.horizon/venv``) and writes what varies per machine to
``.horizon/horizon.json``, next to the venv: the sandbox's Keystone and
region, where state, static files and logs go, and the optional Magnum
endpoint override. Horizon reaches Magnum through the Keystone catalog
(``container-infra``) unless that override is set.
"""

import json
from pathlib import Path
import sys

from horizon.utils import secret_key

# Horizon's settings.py has defined MIDDLEWARE when it imports this module.
from openstack_dashboard.settings import MIDDLEWARE

_HOME = Path(sys.prefix).resolve().parent
_CONF = json.loads((_HOME / 'horizon.json').read_text())

DEBUG = False
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
SECRET_KEY = secret_key.generate_or_read_from_file(
    str(_HOME / 'etc' / 'secret_key')
)

OPENSTACK_HOST = '127.0.0.1'
OPENSTACK_KEYSTONE_URL = _CONF['keystone_url']
OPENSTACK_KEYSTONE_DEFAULT_DOMAIN = 'Default'
TIME_ZONE = 'UTC'

# Sessions and the cache live in one SQLite file, so that both gunicorn
# workers see the same login.
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': str(_HOME / 'horizon.sqlite'),
        'OPTIONS': {'timeout': 20},
    }
}
SESSION_ENGINE = 'django.contrib.sessions.backends.db'
CACHES = {
    'default': {
        'BACKEND': 'django.core.cache.backends.db.DatabaseCache',
        'LOCATION': 'horizon_cache',
    }
}

# Static files: collected and compressed once by `run up`, served by
# WhiteNoise in front of Django (horizon_testbed.application).
STATIC_ROOT = str(_HOME / 'static')
COMPRESS_OFFLINE = True

# The sandbox's flavors are small (m1.small: 1 vCPU, 2 GiB); magnum-ui hides
# flavors below 2 vCPUs by default.
MAGNUM_MINIMUM_FLAVOR_RAM = 1024
MAGNUM_MINIMUM_FLAVOR_VCPU = 1

if _CONF.get('magnum_url'):
    MIDDLEWARE = (*MIDDLEWARE, 'horizon_testbed.MagnumEndpointOverride')
    HORIZON_TESTBED_MAGNUM_URL = _CONF['magnum_url']

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'formatters': {
        'plain': {'format': '%(asctime)s %(levelname)s %(name)s %(message)s'},
    },
    'handlers': {
        'console': {
            'level': 'INFO',
            'class': 'logging.StreamHandler',
            'formatter': 'plain',
        },
        # Every request python-magnumclient makes, one JSON line each.
        'magnum_calls': {
            'level': 'DEBUG',
            'class': 'horizon_testbed.MagnumCallLog',
            'path': str(Path(_CONF['log_dir']) / 'magnum-calls.jsonl'),
        },
    },
    'root': {'handlers': ['console'], 'level': 'WARNING'},
    'loggers': {
        'horizon': {'level': 'INFO'},
        'openstack_dashboard': {'level': 'INFO'},
        'magnum_ui': {'level': 'INFO'},
        'magnumclient.common.httpclient': {
            'handlers': ['magnum_calls'],
            'level': 'DEBUG',
            'propagate': False,
        },
    },
}

"""The Ignition configs (user data) of a bay's nodes, rendered in Python.

Each role (master, minion) gets one config: the boot scripts and units of
``templates/fragments`` and ``/etc/sysconfig/heat-params``, the shell
variables the scripts read (the node contract, in the driver's README).
The driver renders it from the stack's parameters and hands it to the stack
as ``master_ignition`` / ``minion_ignition``; ``kubenode.yaml`` only swaps
the values Heat alone knows (the node's name, addresses, volume and wait
condition handle; the bay's subnet and API addresses; the trustee's
credentials, which a rotation changes) for their ``@@NAME@@`` placeholders
with ``str_replace_strict``.

Heat is not asked to build the config with yaql: Heat's engine evaluates
yaql on parallel threads sharing one parser, and nodes built at the same
time then fail at random with "Bad expression Parse error".

A placeholder stands unescaped in the JSON, in the data URL and inside the
shell's single quotes, so the values Heat puts there must match
:data:`SAFE_VALUE` (addresses, names, numbers, uuids, tokens, URLs of
Heat's): :func:`check_values` refuses any other value the driver sends.
Every other value is quoted for the shell and percent-encoded, ``@``
included, so no label or password can form a placeholder.
"""

import json
import os
import re
import urllib.parse

from magnum.common import exception

FRAGMENTS = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), 'templates', 'fragments'
)
VERSION = '3.3.0'
HEAT_PARAMS = '/etc/sysconfig/heat-params'

#: heat-params taken from the stack's parameters: (variable, parameter).
FROM_PARAMETERS = (
    ('CLUSTER_UUID', 'cluster_uuid'),
    ('MAGNUM_URL', 'magnum_url'),
    ('AUTH_URL', 'auth_url'),
    ('VERIFY_CA', 'verify_ca'),
    ('TLS_DISABLED', 'tls_disabled'),
    ('NUMBER_OF_MASTERS', 'number_of_masters'),
    ('DISCOVERY_URL', 'discovery_url'),
    ('NETWORK_DRIVER', 'network_driver'),
    ('PODS_NETWORK_CIDR', 'pods_network_cidr'),
    ('PORTAL_NETWORK_CIDR', 'portal_network_cidr'),
    ('KUBE_TAG', 'kube_tag'),
    ('ETCD_TAG', 'etcd_tag'),
    ('FLANNEL_TAG', 'flannel_tag'),
    ('FLANNEL_BACKEND', 'flannel_backend'),
    ('CALICO_TAG', 'calico_tag'),
    ('CONTAINER_INFRA_PREFIX', 'container_infra_prefix'),
    ('CGROUP_DRIVER', 'cgroup_driver'),
    ('KUBELET_OPTIONS', 'kubelet_options'),
    ('KUBEAPI_OPTIONS', 'kubeapi_options'),
    ('KUBECONTROLLER_OPTIONS', 'kubecontroller_options'),
    ('KUBESCHEDULER_OPTIONS', 'kubescheduler_options'),
    ('KUBEPROXY_OPTIONS', 'kubeproxy_options'),
    ('HTTP_PROXY', 'http_proxy'),
    ('HTTPS_PROXY', 'https_proxy'),
    ('NO_PROXY', 'no_proxy'),
)

#: heat-params Heat fills in from the bay's stack (kubecluster.yaml's
#: ``stack_values``), with the parameter they come from when one does.
STACK_PLACEHOLDERS = {
    'TRUSTEE_USER_ID': 'trustee_user_id',
    'TRUSTEE_USERNAME': 'trustee_username',
    'TRUSTEE_PASSWORD': 'trustee_password',
    'TRUST_ID': 'trust_id',
    'FIXED_SUBNET_CIDR': None,
}
#: heat-params Heat fills in per role (kubemaster.yaml, kubeminion.yaml).
ROLE_PLACEHOLDERS = {
    'master': ('KUBE_API_PUBLIC_ADDRESS', 'KUBE_API_PRIVATE_ADDRESS'),
    'minion': ('KUBE_API_PRIVATE_ADDRESS',),
}
#: heat-params Heat fills in per node (kubenode.yaml).
NODE_PLACEHOLDERS = (
    'NODE_NAME',
    'NODE_INDEX',
    'NODE_IP',
    'NODE_PUBLIC_IP',
    'DOCKER_VOLUME',
    'DOCKER_VOLUME_SIZE',
    'WAIT_TOKEN',
    'WAIT_ENDPOINT',
)

#: What a value Heat puts in place of a placeholder may hold.
SAFE_VALUE = re.compile(r'[A-Za-z0-9._~:/=+,\[\]-]*\Z')

#: Characters left as they are in the data URLs (RFC 2397 allows them
#: unescaped); everything else, ``@`` and ``%`` included, is escaped.
_DATA_URL_SAFE = "!$&'()*+,-./:;=?[]_~"

#: The boot scripts each role's nodes get: (path on the node, fragment).
_FILES = (
    ('/usr/local/lib/magnum/common.sh', 'common.sh'),
    ('/usr/local/lib/magnum/boot-role.sh', '%(role)s.sh'),
    ('/usr/local/lib/magnum/rotate-ca.sh', 'rotate-ca.sh'),
)
_UNITS = (
    'magnum-node-boot.service',
    'magnum-ca-rotation.service',
    'magnum-ca-rotation.timer',
)
_FILE_MODE = 0o644
_HEAT_PARAMS_MODE = 0o600


def placeholder(name):
    """Return the placeholder of heat-params variable ``name``."""
    return '@@%s@@' % name


def placeholders(role):
    """Return the heat-params variables Heat fills in on ``role``'s nodes."""
    return (
        tuple(STACK_PLACEHOLDERS) + ROLE_PLACEHOLDERS[role] + NODE_PLACEHOLDERS
    )


def check_values(parameters):
    """Refuse stack parameters Heat would copy into a placeholder unescaped.

    :param parameters: the stack parameters the driver sends.
    :raises: InvalidParameterValue (HTTP 400) naming the parameter.
    """
    for name in filter(None, STACK_PLACEHOLDERS.values()):
        value = parameters.get(name)
        if value is not None and not SAFE_VALUE.match(str(value)):
            raise exception.InvalidParameterValue(
                'Heat parameter %s holds characters a node cannot be given '
                'unescaped (allowed: letters, digits and ._~:/=+,[]-)' % name
            )


def _shell_value(value):
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _quoted(value):
    return "'%s'" % value.replace("'", "'\\''")


def _data_url(text):
    return 'data:,' + urllib.parse.quote(text, safe=_DATA_URL_SAFE)


def heat_params(role, parameters):
    """Return ``role``'s heat-params as a data URL with placeholders.

    :param parameters: the stack's effective parameters (sent, else the
        environment's, else the template's defaults).
    """
    values = {
        var: _shell_value(parameters.get(param))
        for var, param in FROM_PARAMETERS
    }
    values['NODE_ROLE'] = role
    values['KUBE_API_PORT'] = (
        '8080' if parameters.get('tls_disabled') else ('6443')
    )
    holes = set(placeholders(role))
    lines = []
    for var in sorted(set(values) | holes):
        if var in holes:
            # Built after the escaping: only Heat's value goes here.
            lines.append("%s='%s'%%0A" % (var, placeholder(var)))
        else:
            line = '%s=%s\n' % (var, _quoted(values[var]))
            lines.append(_data_url(line)[len('data:,') :])
    return 'data:,' + ''.join(lines)


def _fragment(name):
    with open(os.path.join(FRAGMENTS, name), encoding='utf-8') as f:
        return f.read()


def render(role, parameters):
    """Return the Ignition config (JSON text) of ``role``'s nodes.

    :param role: ``master`` or ``minion``.
    :param parameters: the stack's effective parameters.
    """
    files = [
        {
            'path': HEAT_PARAMS,
            'mode': _HEAT_PARAMS_MODE,
            'overwrite': True,
            'contents': {'source': heat_params(role, parameters)},
        }
    ]
    for path, fragment in _FILES:
        text = _fragment(fragment % {'role': role})
        files.append(
            {
                'path': path,
                'mode': _FILE_MODE,
                'overwrite': True,
                'contents': {'source': _data_url(text)},
            }
        )
    config = {
        'ignition': {'version': VERSION},
        'storage': {'files': files},
        'systemd': {
            'units': [
                {'name': unit, 'enabled': True, 'contents': _fragment(unit)}
                for unit in _UNITS
            ]
        },
    }
    return json.dumps(config, sort_keys=True, separators=(',', ':'))

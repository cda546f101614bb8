"""Server-side printing: ``meta.k8s.io/v1`` ``Table`` answers.

kubectl asks for ``Accept: application/json;as=Table;v=v1;g=meta.k8s.io``
when it prints for people, and shows the columns the server chooses
(``-o wide`` adds the priority-1 ones).  These columns follow the
apiserver's for the five served kinds.
"""

import calendar
import time

from magnum.tests.k8s_double import selectors


def _age(obj):
    stamp = obj['metadata'].get('creationTimestamp')
    if not stamp:
        return '<unknown>'
    seconds = max(
        0,
        int(
            time.time()
            - calendar.timegm(time.strptime(stamp, '%Y-%m-%dT%H:%M:%SZ'))
        ),
    )
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 120:
        return f'{seconds}s'
    if minutes < 10:
        return f'{minutes}m{seconds % 60}s'
    if hours < 3:
        return f'{minutes}m'
    if hours < 8:
        return f'{hours}h{minutes % 60}m'
    if hours < 48:
        return f'{hours}h'
    return f'{days}d'


def _get(path, default='<none>'):
    return lambda obj: selectors.field_value(obj, path) or default


def _pod_ready(obj):
    statuses = obj['status'].get('containerStatuses') or []
    ready = sum(1 for s in statuses if s.get('ready'))
    return f'{ready}/{len(obj["spec"].get("containers") or [])}'


def _restarts(obj):
    return sum(
        s.get('restartCount', 0)
        for s in obj['status'].get('containerStatuses') or []
    )


def _service_ports(obj):
    ports = []
    for port in obj['spec'].get('ports') or []:
        node = f':{port["nodePort"]}' if port.get('nodePort') else ''
        ports.append(f'{port.get("port")}{node}/{port.get("protocol")}')
    return ','.join(ports) or '<none>'


def _map(path):
    def render(obj):
        value = obj
        for part in path.split('.'):
            value = (value or {}).get(part)
        return (
            ','.join(f'{k}={v}' for k, v in sorted((value or {}).items()))
            or '<none>'
        )

    return render


def _containers(field):
    def render(obj):
        spec = obj['spec'].get('template', {}).get('spec', {})
        return ','.join(c.get(field, '') for c in spec.get('containers', []))

    return render


def _node_status(obj):
    for condition in obj['status'].get('conditions') or []:
        if condition.get('type') == 'Ready':
            ready = condition.get('status') == 'True'
            return 'Ready' if ready else 'NotReady'
    return 'Unknown'


def _address(kind):
    def render(obj):
        for address in obj['status'].get('addresses') or []:
            if address.get('type') == kind:
                return address.get('address')
        return '<none>'

    return render


_NAME = ('Name', 'string', lambda o: o['metadata']['name'], 0)
_AGE = ('Age', 'string', _age, 0)
COLUMNS = {
    'pods': [
        _NAME,
        ('Ready', 'string', _pod_ready, 0),
        ('Status', 'string', _get('status.phase', 'Unknown'), 0),
        ('Restarts', 'integer', _restarts, 0),
        _AGE,
        ('IP', 'string', _get('status.podIP'), 1),
        ('Node', 'string', _get('spec.nodeName'), 1),
    ],
    'services': [
        _NAME,
        ('Type', 'string', _get('spec.type'), 0),
        ('Cluster-IP', 'string', _get('spec.clusterIP'), 0),
        ('External-IP', 'string', lambda o: '<none>', 0),
        ('Port(s)', 'string', _service_ports, 0),
        _AGE,
        ('Selector', 'string', _map('spec.selector'), 1),
    ],
    'replicationcontrollers': [
        _NAME,
        ('Desired', 'integer', lambda o: o['spec']['replicas'], 0),
        ('Current', 'integer', lambda o: o['status'].get('replicas', 0), 0),
        ('Ready', 'integer', lambda o: o['status'].get('readyReplicas', 0), 0),
        _AGE,
        ('Containers', 'string', _containers('name'), 1),
        ('Images', 'string', _containers('image'), 1),
        ('Selector', 'string', _map('spec.selector'), 1),
    ],
    'nodes': [
        _NAME,
        ('Status', 'string', _node_status, 0),
        ('Roles', 'string', lambda o: '<none>', 0),
        _AGE,
        ('Version', 'string', _get('status.nodeInfo.kubeletVersion', ''), 0),
        ('Internal-IP', 'string', _address('InternalIP'), 1),
        ('OS-Image', 'string', _get('status.nodeInfo.osImage'), 1),
    ],
    'namespaces': [_NAME, ('Status', 'string', _get('status.phase'), 0), _AGE],
}


def wants_table(accept):
    """True if an Accept header asks for a meta.k8s.io Table first."""
    first = (accept or '').split(',')[0]
    return 'as=Table' in first


def _row_object(obj, include):
    if include == 'Object':
        return obj
    return {
        'kind': 'PartialObjectMetadata',
        'apiVersion': 'meta.k8s.io/v1',
        'metadata': obj['metadata'],
    }


def table(plural, objects, resource_version=None, include='Metadata'):
    """Render ``objects`` of ``plural`` as a Table."""
    columns = COLUMNS[plural]
    result = {
        'kind': 'Table',
        'apiVersion': 'meta.k8s.io/v1',
        'metadata': {'resourceVersion': resource_version or ''},
        'columnDefinitions': [
            {
                'name': name,
                'type': kind,
                'format': 'name' if i == 0 else '',
                'description': '',
                'priority': priority,
            }
            for i, (name, kind, _, priority) in enumerate(columns)
        ],
        'rows': [
            {
                'cells': [render(obj) for _, _, render, _ in columns],
                'object': _row_object(obj, include),
            }
            for obj in objects
        ],
    }
    if include == 'None':
        for row in result['rows']:
            del row['object']
    return result

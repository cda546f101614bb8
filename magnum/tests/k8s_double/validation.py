"""Object validation: the apiserver's 422 ``Invalid`` checks that matter.

Names (DNS-1123 subdomain for pods, RCs and nodes; DNS-1035 label for
services; DNS-1123 label for namespaces), labels, pod specs (containers,
ports, policies), service ports and type, RC replicas and selector, and
what an update may not change (pod spec, service clusterIP).
"""

import json
import re

from magnum.tests.k8s_double import kinds
from magnum.tests.k8s_double import status

_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
_SUBDOMAIN = rf'{_LABEL}(\.{_LABEL})*'
_DNS1035 = '[a-z]([-a-z0-9]*[a-z0-9])?'
_LABEL_VALUE = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'
_QUALIFIED = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'

NAME_RULES = {
    'subdomain': (
        _SUBDOMAIN,
        253,
        (
            'a lowercase RFC 1123 subdomain must '
            "consist of lower case alphanumeric characters, '-' or "
            "'.', and must start and end with an alphanumeric "
            "character (e.g. 'example.com', regex used for "
            f"validation is '{_SUBDOMAIN}')"
        ),
    ),
    'label': (
        _LABEL,
        63,
        (
            'a lowercase RFC 1123 label must consist of '
            "lower case alphanumeric characters or '-', and must start "
            "and end with an alphanumeric character (e.g. 'my-name',  or "
            f"'123-abc', regex used for validation is '{_LABEL}')"
        ),
    ),
    'dns1035': (
        _DNS1035,
        63,
        (
            'a DNS-1035 label must consist of lower case'
            " alphanumeric characters or '-', start with an alphabetic "
            'character, and end with an alphanumeric character (e.g. '
            "'my-name',  or 'abc-123', regex used for validation is "
            f"'{_DNS1035}')"
        ),
    ),
}
NAME_KIND = {
    'pods': 'subdomain',
    'replicationcontrollers': 'subdomain',
    'nodes': 'subdomain',
    'services': 'dns1035',
    'namespaces': 'label',
}
POD_UPDATABLE = (
    'pod updates may not change fields other than `spec.containers[*].'
    'image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,'
    '`spec.tolerations` (only additions to existing tolerations),'
    '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it '
    'was previously negative)'
)


def _go_map(labels):
    return json.dumps(labels, separators=(',', ':'))


def _show(value):
    return json.dumps(value) if isinstance(value, str) else str(value)


def required(field, detail=None):
    """A FieldValueRequired cause."""
    return (
        'FieldValueRequired',
        field,
        'Required value' + (': ' + detail if detail else ''),
    )


def bad_value(field, value, detail):
    """A FieldValueInvalid cause."""
    return (
        'FieldValueInvalid',
        field,
        f'Invalid value: {_show(value)}: {detail}',
    )


def unsupported(field, value, supported):
    """A FieldValueNotSupported cause."""
    return (
        'FieldValueNotSupported',
        field,
        f'Unsupported value: {_show(value)}: supported values: '
        + ', '.join(_show(s) for s in supported),
    )


def name_errors(field, name, rule):
    """Causes for ``name`` not following ``rule`` (see NAME_RULES)."""
    pattern, limit, text = NAME_RULES[rule]
    causes = []
    if len(name) > limit:
        causes.append(
            bad_value(field, name, f'must be no more than {limit} characters')
        )
    if not re.fullmatch(pattern, name):
        causes.append(bad_value(field, name, text))
    return causes


def _metadata(plural, obj):
    meta = obj.get('metadata') or {}
    name = meta.get('name')
    if name is not None and not isinstance(name, str):
        return [bad_value('metadata.name', name, 'must be a string')]
    if not name:
        return [required('metadata.name', 'name or generateName is required')]
    causes = name_errors('metadata.name', name, NAME_KIND[plural])
    for key, value in (meta.get('labels') or {}).items():
        if not re.fullmatch(_QUALIFIED, key.rsplit('/', 1)[-1]):
            causes.append(
                bad_value(
                    'metadata.labels',
                    key,
                    'name part must consist of alphanumeric'
                    " characters, '-', '_' or '.'",
                )
            )
        if (
            not isinstance(value, str)
            or len(value) > 63
            or not re.fullmatch(_LABEL_VALUE, value)
        ):
            causes.append(
                bad_value(
                    'metadata.labels',
                    value,
                    'a valid label must be an empty string '
                    'or consist of alphanumeric characters,'
                    " '-', '_' or '.', and must start and "
                    'end with an alphanumeric character',
                )
            )
    return causes


def _port_number(field, value):
    if not isinstance(value, int) or not 1 <= value <= 65535:
        return [
            bad_value(field, value, 'must be between 1 and 65535, inclusive')
        ]
    return []


def _protocol(field, item):
    value = item.get('protocol', 'TCP')
    supported = ('SCTP', 'TCP', 'UDP')
    return [] if value in supported else [unsupported(field, value, supported)]


def _containers(path, spec, key):
    causes, seen = [], set()
    for i, container in enumerate(spec.get(key) or []):
        field = f'{path}.{key}[{i}]'
        if not isinstance(container, dict):
            causes.append(
                bad_value(field, str(container), 'must be an object')
            )
            continue
        name = container.get('name') or ''
        if not name:
            causes.append(required(field + '.name'))
        elif name in seen:
            causes.append(
                (
                    'FieldValueDuplicate',
                    field + '.name',
                    f'Duplicate value: {_show(name)}',
                )
            )
        else:
            causes.extend(name_errors(field + '.name', name, 'label'))
        seen.add(name)
        if not container.get('image'):
            causes.append(required(field + '.image'))
        for j, port in enumerate(container.get('ports') or []):
            pfield = f'{field}.ports[{j}]'
            causes += _port_number(
                pfield + '.containerPort', port.get('containerPort')
            )
            causes += _protocol(pfield + '.protocol', port)
    return causes


def pod_spec(path, spec):
    """Causes for a PodSpec found at ``path``."""
    if not spec.get('containers'):
        causes = [required(path + '.containers')]
    else:
        causes = _containers(path, spec, 'containers')
    causes += _containers(path, spec, 'initContainers')
    for field, supported in (
        ('restartPolicy', ('Always', 'Never', 'OnFailure')),
        (
            'dnsPolicy',
            ('ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'),
        ),
    ):
        if spec.get(field) not in supported:
            causes.append(
                unsupported(f'{path}.{field}', spec.get(field), supported)
            )
    return causes


def _without_mutable(spec, images):
    spec = json.loads(json.dumps(spec))
    for key in (
        'activeDeadlineSeconds',
        'tolerations',
        'terminationGracePeriodSeconds',
    ):
        spec.pop(key, None)
    for key in ('containers', 'initContainers'):
        for i, container in enumerate(spec.get(key) or []):
            if i < len(images.get(key, [])):
                container['image'] = images[key][i]
    return spec


def _pod(obj, old):
    spec = obj.get('spec') or {}
    causes = pod_spec('spec', spec)
    if old is not None and not causes:
        old_spec = old.get('spec') or {}
        images = {
            k: [c.get('image') for c in old_spec.get(k) or []]
            for k in ('containers', 'initContainers')
        }
        if _without_mutable(spec, images) != _without_mutable(
            old_spec, images
        ):
            causes.append(
                ('FieldValueForbidden', 'spec', 'Forbidden: ' + POD_UPDATABLE)
            )
    return causes


def _service(obj, old):
    spec = obj.get('spec') or {}
    causes, kind = [], spec.get('type')
    types = ('ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort')
    if kind not in types:
        causes.append(unsupported('spec.type', kind, types))
    if kind == 'ExternalName' and not spec.get('externalName'):
        causes.append(required('spec.externalName'))
    ports = spec.get('ports') or []
    if (
        not ports
        and kind != 'ExternalName'
        and spec.get('clusterIP') != 'None'
    ):
        causes.append(required('spec.ports'))
    names = set()
    for i, port in enumerate(ports):
        field = f'spec.ports[{i}]'
        if len(ports) > 1 and not port.get('name'):
            causes.append(required(field + '.name'))
        elif port.get('name') in names:
            causes.append(
                (
                    'FieldValueDuplicate',
                    field + '.name',
                    'Duplicate value: {}'.format(_show(port['name'])),
                )
            )
        names.add(port.get('name'))
        causes += _port_number(field + '.port', port.get('port'))
        causes += _protocol(field + '.protocol', port)
        target = port.get('targetPort')
        if not isinstance(target, str):
            causes += _port_number(field + '.targetPort', target)
    old_ip = ((old or {}).get('spec') or {}).get('clusterIP')
    if old_ip and spec.get('clusterIP') != old_ip:
        causes.append(
            bad_value(
                'spec.clusterIP', spec.get('clusterIP'), 'field is immutable'
            )
        )
    return causes


def _replication_controller(obj, old):
    spec = obj.get('spec') or {}
    causes = []
    replicas = spec.get('replicas')
    if not isinstance(replicas, int) or replicas < 0:
        causes.append(
            bad_value(
                'spec.replicas', replicas, 'must be greater than or equal to 0'
            )
        )
    selector = spec.get('selector') or {}
    if not selector:
        causes.append(required('spec.selector'))
    template = spec.get('template')
    if not isinstance(template, dict):
        return causes + [required('spec.template')]
    labels = (template.get('metadata') or {}).get('labels') or {}
    if selector and any(labels.get(k) != v for k, v in selector.items()):
        causes.append(
            (
                'FieldValueInvalid',
                'spec.template.metadata.labels',
                (
                    f'Invalid value: map[string]string{_go_map(labels)}:'
                    ' `selector` does not match template `labels`'
                ),
            )
        )
    tspec = template.get('spec') or {}
    causes += pod_spec('spec.template.spec', tspec)
    if tspec.get('restartPolicy') not in ('Always', None):
        causes.append(
            unsupported(
                'spec.template.spec.restartPolicy',
                tspec['restartPolicy'],
                ('Always',),
            )
        )
    return causes


CHECKS = {
    'pods': _pod,
    'services': _service,
    'replicationcontrollers': _replication_controller,
}


def validate(plural, obj, old=None):
    """Raise a 422 :class:`ApiError` if ``obj`` is not a valid ``plural``.

    ``old`` is the stored object on update (for immutability checks).
    """
    causes = _metadata(plural, obj)
    check = CHECKS.get(plural)
    if check:
        causes += check(obj, old)
    if causes:
        raise status.invalid(
            kinds.KINDS[plural].kind,
            (obj.get('metadata') or {}).get('name'),
            causes,
        )

"""Label and field selectors, parsed the way the apiserver reads them.

Label selectors: ``k=v``, ``k==v``, ``k!=v``, ``k in (a,b)``,
``k notin (a,b)``, ``k`` and ``!k``, joined by commas.  Field selectors:
``f=v``, ``f==v``, ``f!=v`` on a small set of fields per resource.
A selector that cannot be parsed raises a 400 :class:`ApiError`.
"""

import re

from magnum.tests.k8s_double import status

_KEY = (
    r'([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?'
    r'[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?'
)
_VALUE = r'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'
_SET_RE = re.compile(
    rf'^(?P<key>{_KEY})\s+(?P<op>in|notin)\s*\((?P<vals>.*)\)$'
)
_OP_RE = re.compile(rf'^(?P<key>{_KEY})\s*(?P<op>==|!=|=)\s*(?P<val>.*)$')
_KEY_RE = re.compile(rf'^(?P<neg>!?)\s*(?P<key>{_KEY})$')
_VALUE_RE = re.compile(f'^{_VALUE}$')

COMMON_FIELDS = ('metadata.name', 'metadata.namespace')
EXTRA_FIELDS = {
    'pods': (
        'status.phase',
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'status.podIP',
    ),
    'nodes': ('spec.unschedulable',),
    'namespaces': ('status.phase',),
    'replicationcontrollers': ('status.replicas',),
}


def _split(text):
    """Split on commas that are not inside parentheses."""
    parts, depth, current = [], 0, ''
    for char in text:
        if char == '(':
            depth += 1
        elif char == ')':
            depth -= 1
        if char == ',' and depth == 0:
            parts.append(current)
            current = ''
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _value(text, requirement):
    text = text.strip()
    if len(text) > 63 or not _VALUE_RE.match(text):
        raise status.bad_request(
            f'unable to parse requirement: invalid label value: {text!r}'
            if requirement
            else f'invalid label value: {text!r}'
        )
    return text


def _requirement(text):
    match = _SET_RE.match(text)
    if match:
        values = {_value(v, text) for v in match['vals'].split(',')}
        return match['key'], match['op'], values
    match = _OP_RE.match(text)
    if match:
        op = {'=': 'in', '==': 'in', '!=': 'notin'}[match['op']]
        return match['key'], op, {_value(match['val'], text)}
    match = _KEY_RE.match(text)
    if match:
        return match['key'], '!' if match['neg'] else 'exists', None
    raise status.bad_request(
        f"unable to parse requirement: found '{text}', expected a selector"
    )


def parse_labels(text):
    """Parse a label selector into a list of (key, op, values) triples."""
    return [_requirement(part) for part in _split(text or '')]


def match_labels(requirements, labels):
    """Return True if ``labels`` (a dict or None) satisfies every term."""
    labels = labels or {}
    for key, op, values in requirements:
        present = key in labels
        if op == 'exists' and not present:
            return False
        if op == '!' and present:
            return False
        if op == 'in' and (not present or labels[key] not in values):
            return False
        if op == 'notin' and present and labels[key] in values:
            return False
    return True


def parse_fields(text, plural):
    """Parse a field selector for ``plural`` into (field, equal, value)."""
    allowed = COMMON_FIELDS + EXTRA_FIELDS.get(plural, ())
    terms = []
    for part in _split(text or ''):
        match = re.match(r'^([^=!]+)(==|!=|=)(.*)$', part)
        if not match:
            raise status.bad_request(
                f"invalid selector: '{text}'; can't understand '{part}'"
            )
        field = match.group(1).strip()
        if field not in allowed:
            raise status.bad_request(f'field label not supported: {field}')
        terms.append((field, match.group(2) != '!=', match.group(3)))
    return terms


def field_value(obj, path):
    """Read a dotted field of ``obj`` as the string a selector compares."""
    value = obj
    for part in path.split('.'):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def match_fields(terms, obj):
    """Return True if ``obj`` satisfies every field selector term."""
    return all((field_value(obj, f) == v) == eq for f, eq, v in terms)


class Filter:
    """A parsed label+field selector pair applied to stored objects."""

    def __init__(self, plural, label_selector=None, field_selector=None):
        self.labels = parse_labels(label_selector)
        self.fields = parse_fields(field_selector, plural)

    def __call__(self, obj):
        """Return True if ``obj`` is selected."""
        meta = obj.get('metadata') or {}
        return match_labels(self.labels, meta.get('labels')) and match_fields(
            self.fields, obj
        )

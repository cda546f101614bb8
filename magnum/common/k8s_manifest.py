"""Manifests of pods, services and replication controllers.

A manifest is the text a user sends (or a ``manifest_url`` serves): JSON
when it starts with ``{``, YAML otherwise (one document, no aliases). It
must describe one object of the kind of the route in the ``default``
namespace, with the fields magnum records (the rest is Kubernetes's to
judge: its answer, 422 for an invalid object, reaches the user as is).

    manifest = k8s_manifest.load('pod', text)
"""

import datetime
import json

from oslo_config import cfg
import yaml

from magnum.common import exception
from magnum.i18n import _

CONF = cfg.CONF

NAMESPACE = 'default'
API_VERSION = 'v1'
#: Resource of the API -> ``kind`` of its manifests.
KINDS = {
    'pod': 'Pod',
    'service': 'Service',
    'rc': 'ReplicationController',
}
_MAX_DEPTH = 64


class _Loader(yaml.SafeLoader):
    """A safe YAML loader that refuses aliases.

    An alias makes a small text describe a huge object (the "billion
    laughs"); manifests never need one.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, 'YAML aliases are not allowed', event.start_mark
            )
        return super().compose_node(parent, index)


def _invalid(fmt, **values):
    return exception.InvalidManifest(reason=fmt % values if values else fmt)


def _plain(value, path, depth=0):
    """Return ``value`` made of JSON types only (YAML dates become text).

    :raises: InvalidManifest (HTTP 400) for other keys or values.
    """
    if depth > _MAX_DEPTH:
        raise _invalid(_('it is nested too deeply'))
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _invalid(
                    _('the key %(key)r under %(path)s is not a string'),
                    key=key,
                    path=path or '/',
                )
            result[key] = _plain(item, '%s.%s' % (path, key), depth + 1)
        return result
    if isinstance(value, list):
        return [
            _plain(item, '%s[%d]' % (path, i), depth + 1)
            for i, item in enumerate(value)
        ]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise _invalid(
        _('the value at %(path)s is not a JSON value'), path=path.lstrip('.')
    )


def parse(text):
    """Parse manifest text (JSON or YAML) into a dict.

    :raises: InvalidManifest (HTTP 400) for text larger than
        ``[manifest] max_manifest_size``, that does not parse, or that is
        not one mapping.
    """
    if not isinstance(text, str):
        raise _invalid(_('the manifest must be text'))
    limit = CONF.manifest.max_manifest_size
    if len(text.encode('utf-8', errors='replace')) > limit:
        raise _invalid(
            _('the manifest is larger than %(limit)d bytes'), limit=limit
        )
    stripped = text.strip()
    if not stripped:
        raise _invalid(_('the manifest is empty'))
    try:
        if stripped.startswith('{'):
            data = json.loads(stripped)
        else:
            data = yaml.load(stripped, Loader=_Loader)  # noqa: S506 - safe
    except ValueError as e:
        raise _invalid(_('not valid JSON: %(err)s'), err=e)
    except yaml.YAMLError as e:
        raise _invalid(_('not valid YAML: %(err)s'), err=e)
    except RecursionError:
        raise _invalid(_('it is nested too deeply'))
    if not isinstance(data, dict):
        raise _invalid(_('it must be a mapping (one Kubernetes object)'))
    return _plain(data, '')


def _get(manifest, path):
    value = manifest
    for key in path.split('.'):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _required_mapping(manifest, path, required=True):
    value = _get(manifest, path)
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or (required and not value):
        raise _invalid(_('%(path)s must be a non-empty mapping'), path=path)
    return value


def _labels(manifest, path, required=False):
    labels = _required_mapping(manifest, path, required)
    for key, value in labels.items():
        if not isinstance(value, str):
            raise _invalid(
                _('the value of %(path)s.%(key)s must be a string'),
                path=path,
                key=key,
            )
    return labels


def _containers(manifest, path):
    containers = _get(manifest, path)
    if not isinstance(containers, list) or not containers:
        raise _invalid(_('%(path)s must be a non-empty list'), path=path)
    for index, container in enumerate(containers):
        image = container.get('image') if isinstance(container, dict) else None
        if not isinstance(image, str) or not image.strip():
            raise _invalid(
                _('%(path)s[%(index)d].image is required'),
                path=path,
                index=index,
            )


def _check_pod(manifest):
    _labels(manifest, 'metadata.labels')
    _containers(manifest, 'spec.containers')


def _check_service(manifest):
    _labels(manifest, 'metadata.labels')
    ports = _get(manifest, 'spec.ports')
    if not isinstance(ports, list) or not ports:
        raise _invalid(_('spec.ports must be a non-empty list'))
    if not all(isinstance(p, dict) for p in ports):
        raise _invalid(_('each item of spec.ports must be a mapping'))
    _labels(manifest, 'spec.selector')


def _check_rc(manifest):
    replicas = _get(manifest, 'spec.replicas')
    if replicas is not None and (
        isinstance(replicas, bool)
        or not isinstance(replicas, int)
        or replicas < 0
    ):
        raise _invalid(_('spec.replicas must be an integer of at least 0'))
    _labels(manifest, 'spec.selector')
    _labels(manifest, 'spec.template.metadata.labels', required=True)
    _containers(manifest, 'spec.template.spec.containers')


_CHECKS = {'pod': _check_pod, 'service': _check_service, 'rc': _check_rc}


def validate(resource, manifest):
    """Check a parsed manifest for ``resource`` (pod, service or rc).

    ``kind`` and ``apiVersion`` may be left out; given, they must be the
    resource's kind and ``v1``. The namespace, if given, must be
    ``default``. The name is required (no ``generateName``), and so are
    the fields magnum records: a pod's container images, a service's
    ports, an rc's template labels and container images.

    :returns: a copy with ``apiVersion``, ``kind`` and the namespace set.
    :raises: InvalidManifest (HTTP 400) naming the first problem.
    """
    kind = KINDS[resource]
    given = manifest.get('kind')
    if given is not None and given != kind:
        raise _invalid(
            _('kind must be %(kind)s, not %(given)s'), kind=kind, given=given
        )
    version = manifest.get('apiVersion')
    if version is not None and version != API_VERSION:
        raise _invalid(
            _('apiVersion must be %(version)s, not %(given)s'),
            version=API_VERSION,
            given=version,
        )
    metadata = manifest.get('metadata')
    if not isinstance(metadata, dict):
        raise _invalid(_('metadata must be a mapping'))
    name = metadata.get('name')
    if not isinstance(name, str) or not name.strip():
        raise _invalid(_('metadata.name is required'))
    if len(name) > 253:
        raise _invalid(_('metadata.name is longer than 253 characters'))
    namespace = metadata.get('namespace')
    if namespace not in (None, NAMESPACE):
        raise _invalid(
            _('objects live in the %(ns)s namespace, not %(given)s'),
            ns=NAMESPACE,
            given=namespace,
        )
    if not isinstance(manifest.get('spec'), dict):
        raise _invalid(_('spec must be a mapping'))
    _CHECKS[resource](manifest)
    result = dict(manifest, apiVersion=API_VERSION, kind=kind)
    result['metadata'] = dict(metadata, namespace=NAMESPACE)
    return result


def load(resource, text):
    """Parse and validate manifest text for ``resource``.

    :raises: InvalidManifest (HTTP 400).
    """
    return validate(resource, parse(text))


def name_of(manifest):
    """Return the object name of a validated manifest."""
    return manifest['metadata']['name']

"""Pods, services and replication controllers in bays (RPC calls).

The conductor creates, replaces, scales and deletes the objects in the
``default`` namespace of a bay through its Kubernetes API, and keeps a
record of each object it created (``magnum.objects.Pod``, ``Service``,
``ReplicationController``; ``uuid`` is the object's ``metadata.uid``):

* create: the object is created in Kubernetes first, then recorded; if
  the record cannot be written the object is deleted again;
* reads refresh the records from the bay (refresh on read, no periodic
  task): a list reads the kind's objects once and updates every record
  of the bay (a pod's phase and node, a service's cluster IP and ports,
  an rc's replicas and images, labels) and forgets the records whose
  object is gone, deleted behind magnum's back or replaced by another
  object of the same name (another uid) -- a record missing from the
  list is confirmed by reading its object, so one created while the
  list was answered stays; a show does so for one object;
* update: a new manifest replaces a service or an rc (PUT, with the
  current ``resourceVersion``; a service keeps its cluster IP) and is
  merged into a pod (strategic merge patch, as ``kubectl apply`` does:
  Kubernetes lets only some fields of a pod change, e.g. its images, and
  answers 422 for the others); ``replicas`` scales an rc through its
  ``scale`` subresource;
* delete: deletes the object (only if it still has the recorded uid;
  an rc's pods with it) and forgets the record; an object already gone
  is not an error;
* :func:`forget_bay` forgets every record of a deleted bay and drops its
  client.

Every operation needs a Kubernetes bay in a ``*_COMPLETE`` status with an
API address. Errors of the Kubernetes API come back with its status code
and message (:func:`translated`).
"""

import contextlib
import dataclasses
import functools
import json
import typing

import kubernetes
from kubernetes.client import exceptions as k8s_exc
from oslo_log import log as logging
import pydantic
import urllib3

from magnum import objects
from magnum.common import exception
from magnum.common import k8s_client
from magnum.common import k8s_manifest
from magnum.conductor import certificates
from magnum.conductor import states
from magnum.i18n import _
from magnum.objects import fields as m_fields

LOG = logging.getLogger(__name__)

NAMESPACE = k8s_manifest.NAMESPACE
#: Kubernetes status codes the API answers with as they are.
PASSED_THROUGH = (400, 403, 404, 409, 422)


def _get(item, path, default=None):
    value = item
    for key in path.split('.'):
        if not isinstance(value, dict):
            return default
        value = value.get(key)
    return default if value is None else value


def _images(containers):
    return [c.get('image') for c in containers or () if c.get('image')]


def _pod_fields(item):
    return {
        'labels': _get(item, 'metadata.labels', {}),
        'images': _images(_get(item, 'spec.containers')),
        'status': _get(item, 'status.phase'),
        'host': _get(item, 'spec.nodeName'),
    }


def _service_fields(item):
    return {
        'labels': _get(item, 'metadata.labels', {}),
        'selector': _get(item, 'spec.selector', {}),
        'ip': _get(item, 'spec.clusterIP'),
        'ports': _get(item, 'spec.ports', []),
    }


def _rc_fields(item):
    return {
        'labels': _get(item, 'spec.template.metadata.labels', {}),
        'images': _images(_get(item, 'spec.template.spec.containers')),
        'replicas': _get(item, 'spec.replicas'),
    }


@dataclasses.dataclass(frozen=True)
class Kind:
    """How one resource of the API maps to Kubernetes."""

    #: The API's resource name (pod, service, rc).
    resource: str
    #: The object class of its records.
    record: type
    #: The suffix of CoreV1Api's ``*_namespaced_<suffix>`` methods.
    suffix: str
    #: The record's fields read from a Kubernetes object (a JSON dict).
    fields: typing.Callable
    #: How a new manifest is applied: ``replace`` (PUT) or ``patch``
    #: (strategic merge, for pods: the apiserver and its admission
    #: plugins set parts of a pod's spec that a PUT of the user's
    #: manifest would try to remove).
    apply_verb: str = 'replace'

    def call(self, core, verb, *args, **kwargs):
        """Call ``<verb>_namespaced_<suffix>``; return the JSON answer."""
        method = getattr(core, '%s_namespaced_%s' % (verb, self.suffix))
        response = method(
            *args,
            _request_timeout=k8s_client.timeouts(),
            _preload_content=False,
            **kwargs,
        )
        try:
            data = response.data
        finally:
            response.release_conn()
        return json.loads(data) if data else {}


KINDS = {
    'pod': Kind('pod', objects.Pod, 'pod', _pod_fields, 'patch'),
    'service': Kind('service', objects.Service, 'service', _service_fields),
    'rc': Kind(
        'rc',
        objects.ReplicationController,
        'replication_controller',
        _rc_fields,
    ),
}


def _status_body(error):
    try:
        body = json.loads(error.body or '')
    except (TypeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def api_error(cluster, error):
    """Turn an ApiException of a bay's Kubernetes API into an exception
    with the status the API answers with.

    400, 403, 404, 409 and 422 pass through with Kubernetes's message;
    401 (magnum's certificate refused) and 5xx become 502, 429 becomes
    503.
    """
    body = _status_body(error)
    message = body.get('message') or error.reason or _('no message')
    reason = body.get('reason') or error.reason
    status = error.status or 502
    if status in PASSED_THROUGH:
        text = _('%(message)s (Kubernetes: %(reason)s)') % {
            'message': message,
            'reason': reason,
        }
        return exception.KubernetesAPIFailed(err=text, code=status)
    if status == 401:
        text = _(
            "The Kubernetes API of bay %(bay)s refused magnum's client "
            'certificate: %(message)s'
        )
        code = 502
    elif status == 429:
        text = _('The Kubernetes API of bay %(bay)s is busy: %(message)s')
        code = 503
    else:
        text = _(
            'The Kubernetes API of bay %(bay)s failed (HTTP %(status)s): '
            '%(message)s'
        )
        code = 502
    return exception.KubernetesAPIFailed(
        err=text % {'bay': cluster.uuid, 'message': message, 'status': status},
        code=code,
    )


def validation_error(error):
    """Turn the client's own check of a body (pydantic) into a 400."""
    problems = []
    for item in error.errors()[:5]:
        # The first element locates the argument of the client's method.
        where = '.'.join(str(part) for part in item['loc'][1:]) or _('body')
        problems.append('%s: %s' % (where, item['msg']))
    return exception.InvalidManifest(reason='; '.join(problems))


@contextlib.contextmanager
def translated(cluster):
    """Translate what talking to a bay's Kubernetes API may raise.

    :raises: KubernetesAPIFailed (the Kubernetes status, 502 or 503);
        InvalidManifest (HTTP 400) for a body the client refuses.
    """
    try:
        yield
    except k8s_exc.ApiException as e:
        raise api_error(cluster, e) from None
    except pydantic.ValidationError as e:
        raise validation_error(e) from None
    except (urllib3.exceptions.HTTPError, OSError) as e:
        reason = getattr(e, 'reason', None) or e
        raise exception.KubernetesAPIFailed(
            err=_(
                'Cannot reach the Kubernetes API of bay %(bay)s at '
                '%(address)s: %(reason)s'
            )
            % {
                'bay': cluster.uuid,
                'address': cluster.api_address,
                'reason': reason,
            },
            code=503,
        ) from None


def load_bay(context, cluster_uuid):
    """Load a bay that may take pods, services and rcs, and its template.

    :raises: ClusterNotFound (HTTP 404); NotSupported (HTTP 400) for a
        bay that is not a Kubernetes bay; Conflict (HTTP 409) for a bay
        that is not in a ``*_COMPLETE`` status or has no API address yet.
    """
    cluster = objects.Cluster.get_by_uuid(context, cluster_uuid)
    template = objects.ClusterTemplate.get(
        context.elevated(), cluster.cluster_template_id
    )
    if template.coe != m_fields.ClusterType.KUBERNETES:
        raise exception.NotSupported(
            operation=_(
                'Pods, services and replication controllers in a %s bay'
            )
            % template.coe
        )
    if cluster.status not in states.SETTLED_OK or not cluster.api_address:
        raise exception.Conflict(
            _(
                'Bay %(bay)s is %(status)s: pods, services and replication '
                'controllers need a bay whose status is one of %(ready)s.'
            )
            % {
                'bay': cluster.name or cluster.uuid,
                'status': cluster.status,
                'ready': ', '.join(states.SETTLED_OK),
            }
        )
    return cluster, template


@contextlib.contextmanager
def core_api(context, cluster, template):
    """Lend a CoreV1Api on the bay's cached client, errors translated."""
    load = None
    if not template.tls_disabled:
        load = functools.partial(certificates.client_files, context, cluster)
    with translated(cluster):
        with k8s_client.client_for(cluster, load) as api_client:
            yield kubernetes.client.CoreV1Api(api_client)


def _refresh(record, kind, item):
    for key, value in kind.fields(item).items():
        if getattr(record, key) != value:
            setattr(record, key, value)
    record.save()
    return record


def _uid(item):
    return _get(item, 'metadata.uid')


def _read(core, kind, record):
    """The object of ``record`` in the bay, or None when it is gone."""
    try:
        item = kind.call(core, 'read', record.name, NAMESPACE)
    except k8s_exc.ApiException as e:
        if e.status == 404:
            return None
        raise
    return item if _uid(item) == record.uuid else None


def _gone(context, kind, record):
    LOG.info(
        '%s %s (%s) of bay %s is gone from the bay; forgetting it',
        kind.resource,
        record.name,
        record.uuid,
        record.bay_uuid,
    )
    record.destroy(context)
    return kind.record.not_found(record.name)


def list_resources(
    context,
    resource,
    cluster_uuid,
    limit=None,
    marker=None,
    sort_key=None,
    sort_dir=None,
):
    """Refresh the records of one kind in a bay and return one page.

    :raises: as :func:`load_bay`; KubernetesAPIFailed; the resource's
        NotFound (HTTP 404) for an unknown marker.
    """
    kind = KINDS[resource]
    cluster, template = load_bay(context, cluster_uuid)
    with core_api(context, cluster, template) as core:
        items = kind.call(core, 'list', NAMESPACE).get('items') or []
        live = {_uid(item): item for item in items}
        for record in kind.record.list(context, cluster.uuid):
            item = live.get(record.uuid)
            if item is None:
                # Gone, or created while the list was answered: ask.
                item = _read(core, kind, record)
            if item is None:
                _gone(context, kind, record)
            else:
                _refresh(record, kind, item)
    return kind.record.list(
        context,
        cluster.uuid,
        limit=limit,
        marker=marker,
        sort_key=sort_key,
        sort_dir=sort_dir,
    )


@contextlib.contextmanager
def _current(context, resource, cluster_uuid, ident):
    """Yield ``(kind, cluster, record, core API, live object)``.

    :raises: as :func:`load_bay`; the resource's NotFound (HTTP 404),
        also when the object left the bay (its record is then forgotten).
    """
    kind = KINDS[resource]
    cluster, template = load_bay(context, cluster_uuid)
    record = kind.record.get(context, cluster.uuid, ident)
    with core_api(context, cluster, template) as core:
        item = _read(core, kind, record)
        if item is None:
            raise _gone(context, kind, record)
        yield kind, cluster, record, core, item


def get_resource(context, resource, cluster_uuid, ident):
    """Return one object of a bay, refreshed.

    :raises: as :func:`load_bay`; KubernetesAPIFailed; the resource's
        NotFound (HTTP 404), also when the object left the bay.
    """
    with _current(context, resource, cluster_uuid, ident) as current:
        kind, _cluster, record, _core, item = current
    return _refresh(record, kind, item)


def create_resource(context, resource, cluster_uuid, manifest, values=None):
    """Create an object in a bay from a validated manifest; record it.

    :param values: more fields of the record (a pod's ``desc``).
    :raises: as :func:`load_bay`; KubernetesAPIFailed (409 when the name
        is taken, 422 for an invalid object); InvalidManifest (HTTP 400).
    """
    kind = KINDS[resource]
    cluster, template = load_bay(context, cluster_uuid)
    with core_api(context, cluster, template) as core:
        item = kind.call(core, 'create', NAMESPACE, manifest)
        record = kind.record(
            context,
            uuid=_uid(item),
            name=_get(item, 'metadata.name'),
            bay_uuid=cluster.uuid,
            project_id=cluster.project_id,
            user_id=context.user_id,
            **dict(values or {}, **kind.fields(item)),
        )
        try:
            record.create()
        except Exception:
            LOG.warning(
                'Cannot record %s %s of bay %s; deleting it again',
                resource,
                record.name,
                cluster.uuid,
            )
            try:
                _delete(core, kind, record.name, record.uuid)
            except Exception:  # noqa: BLE001 - report the first error
                LOG.exception(
                    'Cannot delete unrecorded %s %s of bay %s',
                    resource,
                    record.name,
                    cluster.uuid,
                )
            raise
    LOG.info(
        'Created %s %s (%s) in bay %s',
        resource,
        record.name,
        record.uuid,
        cluster.uuid,
    )
    return record


def _delete(core, kind, name, uid):
    """Delete the object ``name`` if it still has ``uid``.

    :returns: False when it was already gone (or another object took the
        name).
    """
    options = {
        'preconditions': {'uid': uid},
        'propagationPolicy': 'Background',
    }
    try:
        kind.call(core, 'delete', name, NAMESPACE, body=options)
    except k8s_exc.ApiException as e:
        if e.status in (404, 409):
            return False
        raise
    return True


def _replacement(kind, record, manifest, current):
    """The body that replaces ``current`` with ``manifest``."""
    if k8s_manifest.name_of(manifest) != record.name:
        raise exception.InvalidManifest(
            reason=_(
                'the manifest names %(new)s; it must keep the name %(name)s'
            )
            % {
                'new': k8s_manifest.name_of(manifest),
                'name': record.name,
            }
        )
    body = dict(manifest)
    metadata = dict(body['metadata'])
    metadata.setdefault(
        'resourceVersion', _get(current, 'metadata.resourceVersion')
    )
    body['metadata'] = metadata
    if kind.resource == 'service':
        spec = dict(body.get('spec') or {})
        for key in ('clusterIP', 'clusterIPs'):
            if key not in spec and _get(current, 'spec.' + key) is not None:
                spec[key] = _get(current, 'spec.' + key)
        body['spec'] = spec
    return body


def update_resource(
    context,
    resource,
    cluster_uuid,
    ident,
    manifest=None,
    replicas=None,
    values=None,
):
    """Replace an object by a new manifest and/or scale an rc.

    :param manifest: a validated manifest with the object's name.
    :param replicas: the rc's new number of replicas.
    :param values: more fields of the record to change (a pod's desc).
    :raises: as :func:`load_bay`; the resource's NotFound (HTTP 404);
        KubernetesAPIFailed (422 for an invalid or forbidden change, 409
        for a concurrent change); InvalidManifest (HTTP 400).
    """
    with _current(context, resource, cluster_uuid, ident) as current:
        kind, cluster, record, core, item = current
        if manifest is not None:
            body = _replacement(kind, record, manifest, item)
            item = kind.call(
                core, kind.apply_verb, record.name, NAMESPACE, body
            )
        if replicas is not None:
            core.patch_namespaced_replication_controller_scale(
                record.name,
                NAMESPACE,
                {'spec': {'replicas': replicas}},
                _request_timeout=k8s_client.timeouts(),
            )
            item = kind.call(core, 'read', record.name, NAMESPACE)
    for key, value in (values or {}).items():
        setattr(record, key, value)
    LOG.info(
        'Updated %s %s (%s) of bay %s',
        resource,
        record.name,
        record.uuid,
        cluster.uuid,
    )
    return _refresh(record, kind, item)


def delete_resource(context, resource, cluster_uuid, ident):
    """Delete an object from a bay and forget it.

    :raises: as :func:`load_bay`; the resource's NotFound (HTTP 404) for
        an object magnum has no record of; KubernetesAPIFailed.
    """
    kind = KINDS[resource]
    cluster, template = load_bay(context, cluster_uuid)
    record = kind.record.get(context, cluster.uuid, ident)
    with core_api(context, cluster, template) as core:
        deleted = _delete(core, kind, record.name, record.uuid)
    record.destroy(context)
    LOG.info(
        '%s %s %s (%s) of bay %s',
        'Deleted' if deleted else 'Forgot the already deleted',
        resource,
        record.name,
        record.uuid,
        cluster.uuid,
    )


def forget_bay(context, cluster):
    """Forget the pods, services and rcs of a deleted bay; drop its client.

    The objects themselves go with the bay's nodes.
    """
    count = objects.Pod.destroy_for_bay(context, cluster.uuid)
    k8s_client.forget(cluster.uuid)
    if count:
        LOG.info(
            'Forgot %d pods, services and rcs of bay %s', count, cluster.uuid
        )

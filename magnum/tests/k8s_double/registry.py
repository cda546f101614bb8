"""The API verbs on stored objects: create, read, list, update, patch,
delete, and the RC scale subresource.

This is where server-owned metadata is set (namespace, uid,
resourceVersion, creationTimestamp, generation, generateName), where
``status`` is kept out of main-resource writes, where optimistic
concurrency is enforced, and where defaults and validation run.  Every
operation holds the store's lock for its whole length, then lets the
optional controller settle the cluster before the lock is released.
"""

import copy
import random
import uuid

from magnum.tests.k8s_double import defaults
from magnum.tests.k8s_double import kinds
from magnum.tests.k8s_double import patching
from magnum.tests.k8s_double import selectors
from magnum.tests.k8s_double import status
from magnum.tests.k8s_double import validation

PROTECTED_NAMESPACES = ('default', 'kube-system', 'kube-public')
SERVER_FIELDS = (
    'uid',
    'resourceVersion',
    'creationTimestamp',
    'deletionTimestamp',
    'generation',
    'selfLink',
)
NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789'


def _strip_type(obj):
    obj.pop('kind', None)
    obj.pop('apiVersion', None)
    return obj


class Registry:
    """Kubernetes semantics over a :class:`~.store.Store`."""

    def __init__(self, store, controller=None):
        self.store = store
        self.controller = controller
        self._settling = False

    # -- helpers ---------------------------------------------------------

    def _settle(self):
        if self.controller is None or self._settling:
            return
        self._settling = True
        try:
            self.controller(self)
        finally:
            self._settling = False

    def existing(self, plural, namespace, name):
        """Return the stored object or raise 404."""
        obj = self.store.get(plural, namespace, name)
        if obj is None:
            raise status.not_found(plural, name)
        return obj

    def _decode(self, kind, body, namespace):
        if not isinstance(body, dict):
            raise status.bad_request(
                'the body of the request must be a JSON object'
            )
        obj = copy.deepcopy(body)
        if obj.get('kind', kind.kind) != kind.kind:
            raise status.bad_request(
                'the kind of the object ({}) does not match the kind of '
                'the request ({})'.format(obj['kind'], kind.kind)
            )
        obj['kind'], obj['apiVersion'] = kind.kind, 'v1'
        for field in ('metadata', 'spec', 'status'):
            if not isinstance(obj.setdefault(field, {}), dict):
                raise status.bad_request(
                    f'json: cannot unmarshal {type(obj[field]).__name__} '
                    f'into Go struct field {kind.kind}.{field}'
                )
        meta = obj['metadata']
        if not kind.namespaced:
            meta.pop('namespace', None)
        elif meta.setdefault('namespace', namespace) != namespace:
            raise status.bad_request(
                'the namespace of the provided object does not match the '
                'namespace sent on the request'
            )
        return obj

    def _generate_name(self, plural, namespace, prefix):
        for _ in range(16):
            name = prefix + ''.join(
                random.choice(NAME_CHARS) for _ in range(5)
            )
            if self.store.get(plural, namespace, name) is None:
                return name
        raise status.ApiError(
            500, 'InternalError', 'could not generate a unique name'
        )

    def _allocate(self, service):
        others = [
            s
            for s in self.store.items('services')
            if s['metadata']['uid'] != service['metadata'].get('uid')
        ]
        ips = {
            s['spec']['clusterIP']
            for s in others
            if s['spec'].get('clusterIP') not in (None, '', 'None')
        }
        ports = {
            p.get('nodePort')
            for s in others
            for p in s['spec'].get('ports') or []
        }
        causes = defaults.allocate(service, ips, ports)
        if causes:
            raise status.invalid(
                'Service', service['metadata']['name'], causes
            )

    # -- verbs -----------------------------------------------------------

    def create(self, plural, namespace, body):
        """POST: create an object in ``namespace`` ("" if cluster-scoped)."""
        kind = kinds.KINDS[plural]
        obj = self._decode(kind, body, namespace)
        meta = obj['metadata']
        with self.store.lock:
            if (
                kind.namespaced
                and self.store.get('namespaces', '', namespace) is None
            ):
                raise status.not_found('namespaces', namespace)
            if plural != 'nodes':
                obj.pop('status', None)
            for field in SERVER_FIELDS:
                meta.pop(field, None)
            if not meta.get('name') and meta.get('generateName'):
                meta['name'] = self._generate_name(
                    plural, namespace, meta['generateName']
                )
            defaults.APPLY[plural](obj)
            validation.validate(plural, obj)
            if self.store.get(plural, namespace, meta['name']) is not None:
                raise status.already_exists(plural, meta['name'])
            if plural == 'services':
                self._allocate(obj)
            meta['uid'] = str(uuid.uuid4())
            meta['creationTimestamp'] = defaults.now()
            if plural == 'replicationcontrollers':
                meta['generation'] = 1
            stored = self.store.put(plural, namespace, obj)
            self._settle()
            return stored

    def read(self, plural, namespace, name):
        """GET an item (also its ``/status``)."""
        return self.existing(plural, namespace, name)

    def list(
        self, plural, namespace=None, label_selector=None, field_selector=None
    ):
        """GET a collection; ``namespace=None`` lists all namespaces."""
        kind = kinds.KINDS[plural]
        selected = selectors.Filter(plural, label_selector, field_selector)
        with self.store.lock:
            items = [
                _strip_type(o)
                for o in self.store.items(plural, namespace)
                if selected(o)
            ]
            version = self.store.resource_version
        return {
            'kind': kind.list_kind,
            'apiVersion': 'v1',
            'metadata': {'resourceVersion': version},
            'items': items,
        }

    def replace(self, plural, namespace, name, body, sub=None):
        """PUT an item (``sub="status"`` for the status subresource)."""
        kind = kinds.KINDS[plural]
        obj = self._decode(kind, body, namespace)
        with self.store.lock:
            old = self.existing(plural, namespace, name)
            return self._update(plural, old, obj, sub)

    def patch(self, plural, namespace, name, content_type, raw, sub=None):
        """PATCH an item with a body of ``content_type``."""
        kind = kinds.KINDS[plural]
        with self.store.lock:
            old = self.existing(plural, namespace, name)
            patched = patching.apply(content_type, old, raw)
            obj = self._decode(kind, patched, namespace)
            return self._update(plural, old, obj, sub)

    def _update(self, plural, old, obj, sub):
        meta, old_meta = obj['metadata'], old['metadata']
        if meta.get('name') != old_meta['name']:
            raise status.bad_request(
                'the name of the object ({}) does not match the name on '
                'the URL ({})'.format(meta.get('name', ''), old_meta['name'])
            )
        wanted = meta.get('resourceVersion')
        if wanted and wanted != old_meta['resourceVersion']:
            raise status.conflict(plural, old_meta['name'])
        if sub == 'status':
            new = copy.deepcopy(old)
            new['status'] = obj.get('status') or {}
        else:
            new = obj
            new['status'] = copy.deepcopy(old.get('status') or {})
            for field in SERVER_FIELDS:
                meta.pop(field, None)
                if field in old_meta:
                    meta[field] = old_meta[field]
            if plural == 'services':
                defaults.keep_allocated(new, old)
            defaults.APPLY[plural](new)
        validation.validate(plural, new, old)
        if plural == 'services' and sub is None:
            self._allocate(new)
        if plural == 'replicationcontrollers' and new.get('spec') != old.get(
            'spec'
        ):
            meta['generation'] = old_meta.get('generation', 1) + 1
        if new == old:
            return old
        stored = self.store.put(plural, old_meta.get('namespace'), new)
        self._settle()
        return stored

    def delete(self, plural, namespace, name, options=None):
        """DELETE an item; returns the object or a Success ``Status``."""
        kind = kinds.KINDS[plural]
        options = options if isinstance(options, dict) else {}
        with self.store.lock:
            old = self.existing(plural, namespace, name)
            self._check_preconditions(plural, old, options)
            if plural == 'namespaces':
                self._empty_namespace(name)
            gone = self.store.remove(plural, namespace, name)
            if plural == 'replicationcontrollers':
                self._release_dependents(old, options)
            self._settle()
        if plural == 'namespaces':
            gone['metadata']['deletionTimestamp'] = defaults.now()
            gone['status'] = {'phase': 'Terminating'}
        if kind.delete_returns_object:
            return gone
        return status.success(name, plural, old['metadata']['uid'])

    def _check_preconditions(self, plural, old, options):
        meta = old['metadata']
        pre = options.get('preconditions') or {}
        if pre.get('uid') and pre['uid'] != meta['uid']:
            raise status.conflict(
                plural,
                meta['name'],
                (
                    f'Precondition failed: UID in precondition: {pre["uid"]}, '
                    f'UID in object meta: {meta["uid"]}'
                ),
            )
        if (
            pre.get('resourceVersion')
            and pre['resourceVersion'] != meta['resourceVersion']
        ):
            raise status.conflict(
                plural,
                meta['name'],
                (
                    'Precondition failed: ResourceVersion in precondition: '
                    f'{pre["resourceVersion"]}, ResourceVersion in object '
                    f'meta: {meta["resourceVersion"]}'
                ),
            )

    def _empty_namespace(self, name):
        if name in PROTECTED_NAMESPACES:
            raise status.forbidden(
                'namespaces', name, 'this namespace may not be deleted'
            )
        for plural in kinds.NAMESPACED:
            for obj in self.store.items(plural, name):
                self.store.remove(plural, name, obj['metadata']['name'])

    def _release_dependents(self, rc, options):
        uid = rc['metadata']['uid']
        orphan = (
            options.get('propagationPolicy') == 'Orphan'
            or options.get('orphanDependents') is True
        )
        for pod in self.store.items('pods', rc['metadata']['namespace']):
            refs = pod['metadata'].get('ownerReferences') or []
            if not any(r.get('uid') == uid for r in refs):
                continue
            if orphan:
                kept = [r for r in refs if r.get('uid') != uid]
                pod['metadata']['ownerReferences'] = kept
                if not kept:
                    del pod['metadata']['ownerReferences']
                self.store.put('pods', pod['metadata']['namespace'], pod)
            else:
                self.store.remove(
                    'pods',
                    pod['metadata']['namespace'],
                    pod['metadata']['name'],
                )

    # -- replicationcontrollers/{name}/scale -----------------------------

    @staticmethod
    def _scale(rc):
        meta = rc['metadata']
        selector = rc['spec'].get('selector') or {}
        return {
            'kind': 'Scale',
            'apiVersion': 'autoscaling/v1',
            'metadata': {
                k: meta[k]
                for k in (
                    'name',
                    'namespace',
                    'uid',
                    'resourceVersion',
                    'creationTimestamp',
                )
            },
            'spec': {'replicas': rc['spec'].get('replicas', 0)},
            'status': {
                'replicas': rc['status'].get('replicas', 0),
                'selector': ','.join(
                    '{}={}'.format(*kv) for kv in sorted(selector.items())
                ),
            },
        }

    def read_scale(self, namespace, name):
        """GET an RC's ``/scale`` (autoscaling/v1 Scale)."""
        return self._scale(
            self.existing('replicationcontrollers', namespace, name)
        )

    def replace_scale(self, namespace, name, body):
        """PUT an RC's ``/scale``: set ``spec.replicas``."""
        with self.store.lock:
            rc = self.existing('replicationcontrollers', namespace, name)
            scale = body if isinstance(body, dict) else {}
            meta = scale.get('metadata') or {}
            if meta.get('name') != name:
                raise status.bad_request(
                    'the name of the object ({}) does not match the name '
                    'on the URL ({})'.format(meta.get('name', ''), name)
                )
            wanted = meta.get('resourceVersion')
            if wanted and wanted != rc['metadata']['resourceVersion']:
                raise status.conflict('replicationcontrollers', name)
            replicas = (scale.get('spec') or {}).get('replicas', 0)
            if not isinstance(replicas, int) or replicas < 0:
                raise status.invalid(
                    'Scale',
                    name,
                    [
                        validation.bad_value(
                            'spec.replicas',
                            replicas,
                            'must be greater than or equal to 0',
                        )
                    ],
                    group='autoscaling',
                )
            new = copy.deepcopy(rc)
            new['spec']['replicas'] = replicas
            del new['metadata']['resourceVersion']
            return self._scale(
                self._update('replicationcontrollers', rc, new, None)
            )

    def patch_scale(self, namespace, name, content_type, raw):
        """PATCH an RC's ``/scale``."""
        with self.store.lock:
            current = self.read_scale(namespace, name)
            patched = patching.apply(content_type, current, raw)
            return self.replace_scale(namespace, name, patched)

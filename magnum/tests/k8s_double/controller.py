"""A tiny, synchronous stand-in for the controller manager and scheduler.

After every write the registry calls :class:`Controller`, still under the
store's lock, so the cluster settles deterministically before the API
answers the next request; there are no background threads.

* Replication: each RC adopts matching orphan pods, releases owned pods
  that stop matching, creates pods from its template (``generateName``
  ``<rc>-``, an ownerReference) or deletes surplus ones until it has
  ``spec.replicas`` active pods, then writes ``status``.
* Scheduling: a pending pod gets the next Ready node (round-robin by
  name) and becomes ``Running``; a pod already bound to a Ready node also
  starts.  Without a Ready node pods stay ``Pending``.
"""

import ipaddress

from magnum.tests.k8s_double import defaults
from magnum.tests.k8s_double import selectors

MAX_PASSES = 8
POD_NETWORK = ipaddress.ip_network('10.100.0.0/16')
RC = 'replicationcontrollers'


def _ready(node):
    return any(
        c.get('type') == 'Ready' and c.get('status') == 'True'
        for c in (node.get('status') or {}).get('conditions') or []
    )


def _controller_ref(pod):
    for ref in pod['metadata'].get('ownerReferences') or []:
        if ref.get('controller'):
            return ref
    return None


def _owner_ref(rc):
    return {
        'apiVersion': 'v1',
        'kind': 'ReplicationController',
        'name': rc['metadata']['name'],
        'uid': rc['metadata']['uid'],
        'controller': True,
        'blockOwnerDeletion': True,
    }


class Controller:
    """Keeps RCs at their replica count and runs pods on Ready nodes."""

    def __init__(self):
        self._turn = 0
        self._ips = POD_NETWORK.hosts()

    def __call__(self, registry):
        """Settle the cluster: repeat until a pass changes nothing."""
        for _ in range(MAX_PASSES):
            changed = False
            for rc in registry.store.items(RC):
                changed |= self._replicate(registry, rc)
            changed |= self._schedule(registry)
            if not changed:
                return

    # -- replication -----------------------------------------------------

    def _owned(self, registry, rc):
        """Adopt and release pods; return the pods the RC controls."""
        store, meta = registry.store, rc['metadata']
        wanted = [
            (k, 'in', {v})
            for k, v in (rc['spec'].get('selector') or {}).items()
        ]
        owned, changed = [], False
        for pod in store.items('pods', meta['namespace']):
            pmeta = pod['metadata']
            ref = _controller_ref(pod)
            matches = bool(wanted) and selectors.match_labels(
                wanted, pmeta.get('labels')
            )
            if ref is None and matches:
                pmeta.setdefault('ownerReferences', []).append(_owner_ref(rc))
                pod = store.put('pods', meta['namespace'], pod)
                changed = True
            elif ref is not None and ref.get('uid') == meta['uid']:
                if not matches:
                    pmeta['ownerReferences'].remove(ref)
                    store.put('pods', meta['namespace'], pod)
                    changed = True
                    continue
            else:
                continue
            owned.append(pod)
        return owned, changed

    def _replicate(self, registry, rc):
        owned, changed = self._owned(registry, rc)
        active = [
            p
            for p in owned
            if p['status'].get('phase') not in ('Succeeded', 'Failed')
        ]
        meta, spec = rc['metadata'], rc['spec']
        missing = spec.get('replicas', 0) - len(active)
        for _ in range(missing):
            template = spec.get('template') or {}
            pod = {
                'metadata': dict(
                    template.get('metadata') or {},
                    generateName=meta['name'] + '-',
                    ownerReferences=[_owner_ref(rc)],
                ),
                'spec': template.get('spec') or {},
            }
            pod['metadata'].pop('name', None)
            active.append(registry.create('pods', meta['namespace'], pod))
        if missing < 0:
            active.sort(
                key=lambda p: (
                    p['status'].get('phase') == 'Running',
                    p['metadata']['name'],
                )
            )
            for pod in active[:-missing]:
                registry.store.remove(
                    'pods', meta['namespace'], pod['metadata']['name']
                )
            active = active[-missing:]
        running = sum(
            1 for p in active if p['status'].get('phase') == 'Running'
        )
        new_status = {
            'replicas': len(active),
            'fullyLabeledReplicas': len(active),
            'observedGeneration': meta.get('generation', 1),
        }
        if running:
            new_status.update(readyReplicas=running, availableReplicas=running)
        if rc.get('status') != new_status:
            rc['status'] = new_status
            registry.store.put(RC, meta['namespace'], rc)
            changed = True
        return changed or missing != 0

    # -- scheduling ------------------------------------------------------

    def _schedule(self, registry):
        store = registry.store
        nodes = {
            n['metadata']['name']: n for n in store.items('nodes') if _ready(n)
        }
        names = sorted(nodes)
        changed = False
        for pod in store.items('pods'):
            if pod['status'].get('phase') != 'Pending':
                continue
            node = pod['spec'].get('nodeName')
            if not node and names:
                node = names[self._turn % len(names)]
                pod['spec']['nodeName'] = node
                self._turn += 1
            if node in nodes:
                self._start(pod, nodes[node])
                store.put('pods', pod['metadata']['namespace'], pod)
                changed = True
        return changed

    def _start(self, pod, node):
        stamp = defaults.now()
        addresses = {
            a.get('type'): a.get('address')
            for a in node['status'].get('addresses') or []
        }
        pod['status'].update(
            phase='Running',
            startTime=stamp,
            hostIP=addresses.get('InternalIP', '127.0.0.1'),
            podIP=str(next(self._ips, '10.100.255.254')),
            conditions=[
                {'type': t, 'status': 'True', 'lastTransitionTime': stamp}
                for t in (
                    'PodScheduled',
                    'Initialized',
                    'ContainersReady',
                    'Ready',
                )
            ],
            containerStatuses=[
                {
                    'name': c.get('name'),
                    'image': c.get('image'),
                    'imageID': '',
                    'ready': True,
                    'restartCount': 0,
                    'started': True,
                    'state': {'running': {'startedAt': stamp}},
                }
                for c in pod['spec'].get('containers') or []
            ],
        )

"""In-memory object storage with a global resourceVersion and event log.

The store knows nothing of Kubernetes semantics: it keeps objects keyed by
``(plural, namespace, name)`` (``""`` for cluster-scoped objects), stamps
each write with the next value of one global counter, and records every
change in a bounded log that watches replay from.  One re-entrant lock
guards everything; a condition on it wakes watchers.
"""

import collections
import copy
import threading
import time

from magnum.tests.k8s_double import status

Event = collections.namedtuple('Event', 'rv type plural namespace obj old')


class Store:
    """Objects, the resourceVersion counter and the bounded event log."""

    def __init__(self, log_size=1000):
        self.lock = threading.RLock()
        self._changed = threading.Condition(self.lock)
        self._objects = {}
        self._rv = 0
        self._log = collections.deque()
        self._log_size = max(1, int(log_size))
        self._compacted = 0
        self._closed = False

    @property
    def resource_version(self):
        """The current global resourceVersion, as a string."""
        return str(self._rv)

    def get(self, plural, namespace, name):
        """Return a copy of the stored object, or None."""
        with self.lock:
            obj = self._objects.get((plural, namespace or '', name))
            return copy.deepcopy(obj)

    def items(self, plural, namespace=None):
        """Return copies of the objects of ``plural``, by namespace, name.

        ``namespace=None`` means every namespace.
        """
        with self.lock:
            keys = sorted(
                k
                for k in self._objects
                if k[0] == plural and (namespace is None or k[1] == namespace)
            )
            return [copy.deepcopy(self._objects[k]) for k in keys]

    def _record(self, event_type, plural, namespace, obj, old):
        self._rv += 1
        obj = copy.deepcopy(obj)
        obj.setdefault('metadata', {})['resourceVersion'] = str(self._rv)
        self._log.append(
            Event(self._rv, event_type, plural, namespace, obj, old)
        )
        while len(self._log) > self._log_size:
            self._compacted = self._log.popleft().rv
        self._changed.notify_all()
        return obj

    def put(self, plural, namespace, obj):
        """Store ``obj`` (ADDED or MODIFIED); return the stored copy."""
        namespace = namespace or ''
        key = (plural, namespace, obj['metadata']['name'])
        with self.lock:
            old = self._objects.get(key)
            stored = self._record(
                'MODIFIED' if old else 'ADDED', plural, namespace, obj, old
            )
            self._objects[key] = stored
            return copy.deepcopy(stored)

    def remove(self, plural, namespace, name):
        """Delete an object (DELETED event); return it, or None."""
        namespace = namespace or ''
        with self.lock:
            old = self._objects.pop((plural, namespace, name), None)
            if old is None:
                return None
            return copy.deepcopy(
                self._record('DELETED', plural, namespace, old, old)
            )

    def _events_after(self, rv):
        if rv < self._compacted:
            raise status.expired(rv, self._compacted + 1)
        return [e for e in self._log if e.rv > rv]

    def wait_events(self, rv, deadline):
        """Return events newer than ``rv``, waiting until ``deadline``.

        Returns an empty list at the deadline or once the store is closed;
        raises a 410 :class:`ApiError` if ``rv`` has left the log.
        """
        with self.lock:
            while True:
                events = self._events_after(rv)
                remaining = deadline - time.monotonic()
                if events or self._closed or remaining <= 0:
                    return events
                self._changed.wait(remaining)

    def check_replayable(self, rv):
        """Raise 410 if events after ``rv`` are no longer all logged."""
        with self.lock:
            self._events_after(rv)

    def close(self):
        """Wake every waiting watch so that it ends."""
        with self.lock:
            self._closed = True
            self._changed.notify_all()

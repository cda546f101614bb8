"""Watch streams: synthetic ADDED events, replay from the event log,
410 ``Expired`` ERROR events, selector filtering, a bounded lifetime and,
when asked for, one BOOKMARK with the last resourceVersion at the end.

A :class:`Watch` is built (and its parameters checked) before any byte of
the response is sent, so a bad request still gets a plain 400; then
:meth:`Watch.events` yields the event dicts the transport writes out one
JSON line each.
"""

import time

from magnum.tests.k8s_double import kinds
from magnum.tests.k8s_double import selectors
from magnum.tests.k8s_double import status


def _parse_int(name, value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise status.bad_request(f'invalid {name}: {value!r}')
    if number < 0:
        raise status.bad_request(f'invalid {name}: {value!r}')
    return number


class Watch:
    """One watch on a collection (``namespace=None``: all namespaces)."""

    def __init__(self, store, plural, namespace, query, max_seconds):
        self.store = store
        self.plural = plural
        self.namespace = namespace
        self.selected = selectors.Filter(
            plural, query.get('labelSelector'), query.get('fieldSelector')
        )
        seconds = max_seconds
        if query.get('timeoutSeconds'):
            wanted = _parse_int('timeoutSeconds', query['timeoutSeconds'])
            seconds = min(wanted or max_seconds, max_seconds)
        self.deadline = time.monotonic() + seconds
        self.render = lambda obj: obj
        self.bookmarks = query.get('allowWatchBookmarks') in ('true', '1')
        version = query.get('resourceVersion') or '0'
        self._initial = []
        with store.lock:
            if version == '0':
                self._cursor = int(store.resource_version)
                self._initial = [
                    obj
                    for obj in store.items(plural, namespace)
                    if self.selected(obj)
                ]
            else:
                self._cursor = _parse_int('resourceVersion', version)

    def _translate(self, event):
        if event.plural != self.plural or (
            self.namespace is not None and event.namespace != self.namespace
        ):
            return None
        now_in = self.selected(event.obj)
        if event.type != 'MODIFIED':
            return event.type if now_in else None
        was_in = self.selected(event.old)
        if now_in:
            return 'MODIFIED' if was_in else 'ADDED'
        return 'DELETED' if was_in else None

    def _bookmark(self):
        return {
            'type': 'BOOKMARK',
            'object': {
                'kind': kinds.KINDS[self.plural].kind,
                'apiVersion': 'v1',
                'metadata': {'resourceVersion': str(self._cursor)},
            },
        }

    def events(self):
        """Yield ``{"type", "object"}`` dicts until the deadline."""
        for obj in self._initial:
            yield {'type': 'ADDED', 'object': self.render(obj)}
        while True:
            try:
                batch = self.store.wait_events(self._cursor, self.deadline)
            except status.ApiError as exc:
                yield {'type': 'ERROR', 'object': exc.body()}
                return
            if not batch:
                if self.bookmarks:
                    yield self._bookmark()
                return
            for event in batch:
                self._cursor = event.rv
                kind = self._translate(event)
                if kind:
                    yield {'type': kind, 'object': self.render(event.obj)}

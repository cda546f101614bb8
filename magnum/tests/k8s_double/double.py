"""The embeddable Kubernetes API double: :class:`KubeDouble`."""

from magnum.tests.k8s_double import controller as controller_mod
from magnum.tests.k8s_double import defaults
from magnum.tests.k8s_double import registry as registry_mod
from magnum.tests.k8s_double import server as server_mod
from magnum.tests.k8s_double import store as store_mod

DEFAULT_VERSION = 'v1.32.4'


class KubeDouble:
    """A kube-apiserver stand-in on a loopback address.

    :param host: address to bind (any loopback address, e.g. 127.42.0.15).
    :param port: port, 0 for a free one (see :attr:`url` after start).
    :param tls: a :class:`~.server.TLSConfig` or None for plain HTTP.
    :param token: bearer token that authenticates a client, or None.
    :param nodes: number of Ready nodes to register at start.
    :param node_prefix: node names are ``<prefix>-<i>``.
    :param controllers: run the RC/scheduler stand-in on every write.
    :param event_log_size: events kept for watch replay.
    :param max_watch_seconds: upper bound on every watch stream.
    :param git_version: version reported by ``/version``.

    The store can be used directly by tests, before or after start, and
    behind the API's back (see the helpers below).
    """

    def __init__(
        self,
        host='127.0.0.1',
        port=0,
        tls=None,
        token=None,
        nodes=0,
        node_prefix='node',
        controllers=True,
        event_log_size=1000,
        max_watch_seconds=300,
        git_version=DEFAULT_VERSION,
    ):
        self.host, self.port = host, port
        self.tls = tls
        self.token = token
        self.max_watch_seconds = max_watch_seconds
        self.git_version = git_version
        self.store = store_mod.Store(event_log_size)
        self.registry = registry_mod.Registry(
            self.store, controller_mod.Controller() if controllers else None
        )
        self._server = self._thread = None
        for name in ('default', 'kube-system', 'kube-public'):
            self.registry.create(
                'namespaces', '', {'metadata': {'name': name}}
            )
        self.registry.create(
            'services',
            'default',
            {
                'metadata': {
                    'name': 'kubernetes',
                    'labels': {
                        'component': 'apiserver',
                        'provider': 'kubernetes',
                    },
                },
                'spec': {
                    'clusterIP': '10.254.0.1',
                    'ports': [
                        {'name': 'https', 'port': 443, 'targetPort': 6443}
                    ],
                },
            },
        )
        for index in range(nodes):
            self.add_node(f'{node_prefix}-{index}')

    # -- lifecycle -------------------------------------------------------

    def start(self):
        """Start serving in a background thread; return self."""
        self._server, self._thread = server_mod.serve(
            self, self.host, self.port, self.tls
        )
        self.port = self._server.server_address[1]
        return self

    def stop(self):
        """End watches and connections, stop serving and join threads."""
        self.store.close()
        if self._server is not None:
            server_mod.shutdown(self._server, self._thread)
            self._server = self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def address(self):
        """``host:port`` as advertised in ``/api``."""
        host = f'[{self.host}]' if ':' in self.host else self.host
        return f'{host}:{self.port}'

    @property
    def url(self):
        """Base URL, e.g. ``https://127.0.0.1:6443``."""
        return '{}://{}'.format('https' if self.tls else 'http', self.address)

    # -- direct store access for tests -----------------------------------

    def create(self, plural, namespace, body):
        """Create an object as the API would (defaults, validation)."""
        return self.registry.create(plural, namespace or '', body)

    def get(self, plural, namespace, name):
        """Return a copy of a stored object, or None."""
        return self.store.get(plural, namespace, name)

    def list(self, plural, namespace=None):
        """Return copies of stored objects (all namespaces by default)."""
        return self.store.items(plural, namespace)

    def remove(self, plural, namespace, name):
        """Delete an object behind the API's back (a DELETED event)."""
        with self.store.lock:
            gone = self.store.remove(plural, namespace, name)
            self.registry._settle()
        return gone

    def add_node(self, name, ready=True, address=None, labels=None):
        """Register a node as its kubelet would; return it."""
        return self.create(
            'nodes', '', defaults.make_node(name, ready, address, labels)
        )

    def set_node_ready(self, name, ready):
        """Flip a node's Ready condition."""
        return self.set_status(
            'nodes', '', name, conditions=[defaults.ready_condition(ready)]
        )

    def set_pod_phase(self, namespace, name, phase):
        """Set a pod's ``status.phase`` (e.g. Running, Failed)."""
        return self.set_status('pods', namespace, name, phase=phase)

    def set_status(self, plural, namespace, name, **fields):
        """Update fields of an object's status through ``/status``."""
        with self.store.lock:
            obj = self.registry.existing(plural, namespace, name)
            obj['status'].update(fields)
            return self.registry.replace(
                plural, namespace, name, obj, 'status'
            )

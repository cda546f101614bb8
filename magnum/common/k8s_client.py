"""Clients of the bays' Kubernetes APIs, one per bay, cached.

The conductor reaches a bay's API (``cluster.api_address``) with the
official ``kubernetes`` client, authenticated by the bay's admin client
certificate and trusting only the bay's Kubernetes CA; the caller says
how to load them (e.g. :func:`magnum.conductor.certificates.client_files`)::

    def load():
        return certificates.client_files(context, cluster)

    with k8s_client.client_for(cluster, load) as api_client:
        core = kubernetes.client.CoreV1Api(api_client)
        core.list_namespaced_pod('default',
                                 _request_timeout=k8s_client.timeouts())

The CA is handed to the client in memory. The client library (urllib3,
Python's ``ssl``) loads a client certificate and key only from files, so
those two are written to a private temporary directory (mode 0700, files
0600), which is removed when the client is dropped.

A client is cached per bay under the bay's API address and certificate
references: when the certificates are rotated (new references) or the
address changes, the next use drops the old client and builds a new one.
:func:`forget` drops a bay's client when the bay is deleted; beyond
``[kubernetes] client_cache_size`` bays the least recently used client is
dropped. A client still in use when it is dropped is closed by its last
user. Connections never go through a proxy from the environment.
"""

import atexit
import collections
import contextlib
import os
import shutil
import tempfile
import threading

import kubernetes
from oslo_config import cfg
from oslo_log import log as logging
import urllib3

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


def timeouts():
    """Return ``(connect, read)`` timeouts of requests to bays."""
    return (CONF.kubernetes.connect_timeout, CONF.kubernetes.read_timeout)


def cache_key(cluster, tls):
    """The cache key of a bay's client: what, changed, needs a new one."""
    return (
        cluster.uuid,
        cluster.api_address,
        cluster.ca_cert_ref if tls else None,
        cluster.magnum_cert_ref if tls else None,
    )


def _write_private(directory, name, text):
    path = os.path.join(directory, name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'w') as handle:
        handle.write(text)
    return path


class BayClient:
    """The ApiClient of one bay and the files its TLS needs.

    Users hold it between :meth:`acquire` and :meth:`release`; once
    :meth:`drop` is called, the last user closes it.
    """

    def __init__(self, key, api_client, directory=None):
        self.key = key
        self.api_client = api_client
        self.directory = directory
        self._lock = threading.Lock()
        self._users = 0
        self._dropped = False
        self.closed = False

    def acquire(self):
        with self._lock:
            self._users += 1

    def release(self):
        with self._lock:
            self._users -= 1
            close = self._dropped and self._users == 0
        if close:
            self._close()

    def drop(self):
        """Close now, or when the last user releases it."""
        with self._lock:
            self._dropped = True
            close = self._users == 0
        if close:
            self._close()

    def _close(self):
        with self._lock:
            if self.closed:
                return
            self.closed = True
        try:
            self.api_client.close()
        except Exception:  # noqa: BLE001 - the files go anyway
            LOG.debug('Closing the client of bay %s failed', self.key[0])
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)


def build(cluster, load_files=None):
    """Return a new :class:`BayClient` for ``cluster``.

    :param load_files: callable returning the PEM texts ``(ca, cert,
        key)`` of the bay's TLS client; None for a bay whose template
        disables TLS (no client certificate, plain HTTP).
    :raises: what ``load_files`` raises.
    """
    config = kubernetes.client.Configuration(
        host=cluster.api_address,
        proxy='',
        # One more try of a failed connection; requests that reached the
        # server are never sent twice.
        retries=urllib3.Retry(
            total=1, connect=1, read=0, status=0, other=0, redirect=0
        ),
    )
    directory = None
    if load_files is not None:
        ca, cert, key = load_files()
        directory = tempfile.mkdtemp(prefix='magnum-k8s-')
        try:
            os.chmod(directory, 0o700)
            config.cert_file = _write_private(directory, 'cert.pem', cert)
            config.key_file = _write_private(directory, 'key.pem', key)
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        config.ca_cert_data = ca
        config.verify_ssl = True
    return BayClient(
        cache_key(cluster, load_files is not None),
        kubernetes.client.ApiClient(config),
        directory,
    )


class ClientCache:
    """Clients of bays by bay uuid, least recently used first."""

    def __init__(self):
        self._lock = threading.Lock()
        self._clients = collections.OrderedDict()

    def _current(self, uuid, key):
        """The cached client of ``uuid`` if its key is ``key``; else drop
        a stale one and return None. Call with the lock held."""
        entry = self._clients.get(uuid)
        if entry is not None and entry.key != key:
            self._clients.pop(uuid)
            LOG.info(
                'Dropping the Kubernetes client of bay %s: its address or '
                'certificates changed',
                uuid,
            )
            entry.drop()
            entry = None
        if entry is not None:
            self._clients.move_to_end(uuid)
            entry.acquire()
        return entry

    def _evict(self):
        while len(self._clients) > CONF.kubernetes.client_cache_size:
            _uuid, entry = self._clients.popitem(last=False)
            entry.drop()

    @contextlib.contextmanager
    def client(self, cluster, load_files=None):
        """Lend the cached ApiClient of ``cluster``, built if needed.

        :raises: as :func:`build`.
        """
        key = cache_key(cluster, load_files is not None)
        with self._lock:
            entry = self._current(cluster.uuid, key)
        if entry is None:
            fresh = build(cluster, load_files)
            with self._lock:
                entry = self._current(cluster.uuid, key)
                if entry is None:
                    entry = fresh
                    fresh = None
                    self._clients[cluster.uuid] = entry
                    entry.acquire()
                    self._evict()
            if fresh is not None:
                fresh.drop()
        try:
            yield entry.api_client
        finally:
            entry.release()

    def forget(self, bay_uuid):
        """Drop the client of a bay, if any."""
        with self._lock:
            entry = self._clients.pop(bay_uuid, None)
        if entry is not None:
            entry.drop()

    def clear(self):
        """Drop every client."""
        with self._lock:
            entries = list(self._clients.values())
            self._clients.clear()
        for entry in entries:
            entry.drop()

    def cached(self, bay_uuid):
        """Return the cached :class:`BayClient` of a bay, or None."""
        with self._lock:
            return self._clients.get(bay_uuid)


_CACHE = ClientCache()
atexit.register(_CACHE.clear)


def client_for(cluster, load_files=None):
    """Lend the cached ApiClient of ``cluster`` (a context manager).

    :param load_files: as for :func:`build`; called only when a client
        has to be built.
    :raises: what ``load_files`` raises.
    """
    return _CACHE.client(cluster, load_files)


def forget(bay_uuid):
    """Drop the cached client of a bay (the bay is gone)."""
    _CACHE.forget(bay_uuid)


def cache():
    """Return the process's :class:`ClientCache`."""
    return _CACHE

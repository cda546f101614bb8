"""The conductor's RPC endpoint: a thin façade over the handlers.

Every RPC method takes the request context first. Expected errors are
declared with ``messaging.expected_exceptions`` so they reach the API as
the right HTTP status without a traceback in the conductor's log.
"""

import threading

from futurist import periodics
from futurist import ThreadPoolExecutor
from oslo_config import cfg
from oslo_log import log as logging
import oslo_messaging as messaging

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.conductor import health
from magnum.conductor import periodic
from magnum.conductor import rpcapi
from magnum.conductor import status_sync
from magnum.conductor.handlers import bays
from magnum.conductor.handlers import certificates
from magnum.conductor.handlers import k8s_resources
from magnum.conductor.handlers import upgrades
from magnum.db import api as db_api

CONF = cfg.CONF
LOG = logging.getLogger(__name__)


class ConductorManager:
    """Receives RPC requests; one instance per conductor process."""

    target = messaging.Target(version=rpcapi.RPC_API_VERSION)

    def __init__(self, host):
        self.host = host
        self.executor = ThreadPoolExecutor(max_workers=CONF.conductor.workers)
        self.operations = bays.BayOperations(host)
        self.sync = status_sync.StatusSync(
            host, self.operations, self.executor
        )
        self.health = health.HealthMonitor(host, self.executor)
        self.periodic = periodic.PeriodicTasks(
            host, extra_tasks=[self._health_task()]
        )
        self._stop = threading.Event()
        self._sync_thread = None

    def _health_task(self):
        interval = CONF.kubernetes.health_polling_interval
        admin = magnum_context.get_admin_context()

        @periodics.periodic(spacing=max(interval, 1), enabled=interval > 0)
        def check_health():
            self.health.check_round(admin)

        return check_health

    def init_host(self):
        """Start background work; called once the RPC server runs.

        Reservations this host held before a restart are dropped: nothing
        of this process can be holding them.
        """
        admin = magnum_context.get_admin_context()
        released = db_api.get_instance().clear_reservations(admin, self.host)
        if released:
            LOG.info(
                'Released %d reservations of a previous run of %s',
                released,
                self.host,
            )
        self.periodic.start()
        self._stop.clear()
        self._sync_thread = threading.Thread(
            target=self._sync_loop, name='status-sync', daemon=True
        )
        self._sync_thread.start()

    def del_host(self):
        """Stop background work before the process exits."""
        self._stop.set()
        if self._sync_thread is not None:
            self._sync_thread.join(timeout=10)
        self.periodic.stop()
        self.executor.shutdown(wait=True)

    def _sync_loop(self):
        self.sync.run(magnum_context.get_admin_context(), self._stop)

    def ping(self, context):
        """Answer with this conductor's host name.

        :param context: the request context.
        """
        return self.host

    def start_operation(self, context, cluster_uuid):
        """Run the operation recorded on a bay (a cast).

        :param cluster_uuid: the bay.
        """
        self.executor.submit(self._start, context, cluster_uuid)

    def _start(self, context, cluster_uuid):
        try:
            self.operations.run(context, cluster_uuid)
        except (exception.ClusterLocked, exception.ClusterNotFound) as e:
            LOG.info(
                'Not starting the operation of bay %s now: %s', cluster_uuid, e
            )
        except Exception:  # noqa: BLE001 - logged; resumed later
            LOG.exception('Operation of bay %s could not start', cluster_uuid)

    @messaging.expected_exceptions(exception.MagnumException)
    def get_ca_certificate(self, context, cluster_uuid, ca_cert_type):
        """Return the PEM of one of the bay's CAs.

        :raises: ClusterNotFound (HTTP 404); Invalid (HTTP 400).
        """
        return certificates.get_ca(context, cluster_uuid, ca_cert_type)

    @messaging.expected_exceptions(exception.MagnumException)
    def sign_certificate(self, context, cluster_uuid, csr, ca_cert_type):
        """Sign a CSR with one of the bay's CAs and return the PEM.

        :raises: ClusterNotFound (HTTP 404); InvalidCsr (HTTP 400).
        """
        return certificates.sign(context, cluster_uuid, csr, ca_cert_type)

    @messaging.expected_exceptions(exception.MagnumException)
    def rotate_ca_certificate(self, context, cluster_uuid):
        """Rotate the bay's CAs and push them to its nodes.

        :raises: NotSupported (HTTP 400); ClusterLocked,
            InvalidStateTransition (HTTP 409).
        """
        return certificates.rotate_ca(context, self.host, cluster_uuid)

    @messaging.expected_exceptions(exception.MagnumException)
    def rotate_credential(self, context, cluster_uuid):
        """Give the bay a new trustee and trust.

        :raises: NotSupported (HTTP 400); ClusterLocked,
            InvalidStateTransition (HTTP 409).
        """
        return certificates.rotate_credential(context, self.host, cluster_uuid)

    @messaging.expected_exceptions(exception.MagnumException)
    def upgrade_cluster(
        self,
        context,
        cluster_uuid,
        template_uuid,
        max_batch_size,
        nodegroup_uuid,
    ):
        """Upgrade a bay (or one of its nodegroups) to another template.

        :raises: NotSupported (HTTP 400); ClusterLocked,
            InvalidStateTransition, InvalidClusterTemplateForUpgrade
            (HTTP 409).
        """
        return upgrades.upgrade(
            context,
            self.host,
            cluster_uuid,
            template_uuid,
            max_batch_size,
            nodegroup_uuid,
        )

    @messaging.expected_exceptions(exception.MagnumException)
    def list_k8s_resources(
        self,
        context,
        resource,
        cluster_uuid,
        limit=None,
        marker=None,
        sort_key=None,
        sort_dir=None,
    ):
        """Return one page of a bay's pods, services or rcs, refreshed.

        :raises: see :func:`k8s_resources.list_resources`.
        """
        return k8s_resources.list_resources(
            context,
            resource,
            cluster_uuid,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )

    @messaging.expected_exceptions(exception.MagnumException)
    def get_k8s_resource(self, context, resource, cluster_uuid, ident):
        """Return one pod, service or rc of a bay, refreshed.

        :raises: see :func:`k8s_resources.get_resource`.
        """
        return k8s_resources.get_resource(
            context, resource, cluster_uuid, ident
        )

    @messaging.expected_exceptions(exception.MagnumException)
    def create_k8s_resource(
        self, context, resource, cluster_uuid, manifest, values=None
    ):
        """Create a pod, service or rc in a bay.

        :raises: see :func:`k8s_resources.create_resource`.
        """
        return k8s_resources.create_resource(
            context, resource, cluster_uuid, manifest, values
        )

    @messaging.expected_exceptions(exception.MagnumException)
    def update_k8s_resource(
        self,
        context,
        resource,
        cluster_uuid,
        ident,
        manifest=None,
        replicas=None,
        values=None,
    ):
        """Replace a pod, service or rc, or scale an rc.

        :raises: see :func:`k8s_resources.update_resource`.
        """
        return k8s_resources.update_resource(
            context,
            resource,
            cluster_uuid,
            ident,
            manifest=manifest,
            replicas=replicas,
            values=values,
        )

    @messaging.expected_exceptions(exception.MagnumException)
    def delete_k8s_resource(self, context, resource, cluster_uuid, ident):
        """Delete a pod, service or rc from a bay.

        :raises: see :func:`k8s_resources.delete_resource`.
        """
        return k8s_resources.delete_resource(
            context, resource, cluster_uuid, ident
        )

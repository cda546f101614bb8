"""Periodic work of a conductor, run by a futurist PeriodicWorker.

Each task is a plain function decorated with ``futurist.periodics.periodic``
and bound to the manager; the worker runs them in its own threads and
stops them on shutdown.
"""

import threading

from futurist import periodics
from oslo_config import cfg
from oslo_log import log as logging

from magnum import objects
from magnum.common import context as magnum_context

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
BINARY = 'magnum-conductor'


def heartbeat(host):
    """Record that the conductor on ``host`` is alive."""
    objects.MagnumService.report_state_up(
        magnum_context.get_admin_context(), host, BINARY
    )


class PeriodicTasks:
    """Runs a conductor's periodic tasks in background threads."""

    def __init__(self, host, extra_tasks=()):
        self.host = host
        tasks = [(self._heartbeat(), None, None)]
        tasks += [(task, None, None) for task in extra_tasks]
        self.worker = periodics.PeriodicWorker(tasks)
        self.thread = None

    def _heartbeat(self):
        host = self.host

        @periodics.periodic(
            spacing=CONF.conductor.heartbeat_interval, run_immediately=True
        )
        def report_state_up():
            try:
                heartbeat(host)
            except Exception:  # noqa: BLE001 - keep beating
                LOG.exception('Heartbeat of %s failed', host)

        return report_state_up

    def start(self):
        """Start the tasks in a daemon thread."""
        if CONF.periodic_enable:
            self.thread = threading.Thread(
                target=self.worker.start, name='periodic-tasks', daemon=True
            )
            self.thread.start()

    def stop(self):
        """Stop the tasks and wait for the running ones to finish."""
        if self.thread is not None:
            self.worker.stop()
            self.worker.wait()
            self.thread.join(timeout=10)
            self.thread = None

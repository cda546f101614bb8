"""The status sync: settle bays whose stacks finished, resume lost work.

A round starts every ``[conductor] sync_interval`` seconds and looks at
the bays in progress that this conductor owns (see ``hash_ring``):

* operations the driver accepted: the driver is asked once for the state
  of all their stacks (``Driver.get_states``); a bay whose stacks reached
  the end of the operation is settled with the stack outputs or the
  deepest failed resource's error;
* create operations past the bay's ``create_timeout`` fail;
* operations nobody is working on (lost casts, conductors that died) are
  run again.
"""

import datetime
import threading
import time

from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils

from magnum import objects
from magnum.common import exception
from magnum.conductor import hash_ring
from magnum.conductor import settle
from magnum.conductor import states
from magnum.conductor import task as bay_task
from magnum.drivers import loader
from magnum.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
#: How far Heat's clock may run behind ours when we compare times.
CLOCK_SKEW = datetime.timedelta(seconds=60)


def watched_stacks(bay, nodegroups):
    """Return the stack ids whose state decides the bay's operation."""
    args = bay.operation_args or {}
    if 'nodegroup' in args:
        return [
            ng.stack_id
            for ng in nodegroups
            if args['nodegroup'] in (ng.uuid, ng.name) and ng.stack_id
        ]
    ids = [bay.stack_id] if bay.stack_id else []
    # A delete and a rotation change the nodegroups' own stacks too.
    if bay.operation in (
        states.DELETE.name,
        states.ROTATE_CA.name,
        states.ROTATE_CREDENTIAL.name,
    ):
        ids += [
            ng.stack_id
            for ng in nodegroups
            if ng.stack_id and ng.stack_id != bay.stack_id
        ]
    return ids


def _aware(value):
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value


def _stale(bay, state):
    """Whether a stack's state predates the bay's current operation."""
    started = _aware(bay.status_started_at)
    changed = _aware(state.updated_at)
    return (
        started is not None
        and changed is not None
        and changed < started - CLOCK_SKEW
    )


def evaluate(op, bay, stack_states):
    """Decide the outcome of ``op`` from its stacks' states.

    :returns: ``(status, failed_stack_id, reason)`` once decided (the
        reason only when it is known here), else None.
    """
    if not stack_states:
        if op is states.DELETE:
            return op.complete, None, None
        return op.failed, None, _('The bay has no stack.')
    failed = None
    for state in stack_states:
        if state.status == 'DELETE_COMPLETE' and op.action != 'DELETE':
            return (
                op.failed,
                None,
                _('Stack with id %s not found in Heat.') % state.stack_id,
            )
        if op.action == 'UPDATE' and _stale(bay, state):
            return None
        result = states.outcome(op, state.status)
        if result is None:
            return None
        if result == op.failed:
            failed = state.stack_id
    if failed:
        return op.failed, failed, None
    return op.complete, None, None


class StatusSync:
    """Runs sync rounds for one conductor."""

    #: The clock the rounds are scheduled by.
    clock = staticmethod(time.monotonic)

    def __init__(self, host, operations, executor):
        self.host = host
        self.operations = operations
        self.executor = executor
        #: Bays whose settling or resumption is queued or running.
        self._queued = set()
        self._queued_lock = threading.Lock()

    def _submit(self, uuid, fn, *args):
        """Run ``fn(*args)`` in the executor unless work on bay ``uuid``
        is queued or running already (the rounds come faster than it may
        take).

        :returns: whether it was submitted.
        """
        with self._queued_lock:
            if uuid in self._queued:
                return False
            self._queued.add(uuid)

        def run():
            try:
                fn(*args)
            finally:
                with self._queued_lock:
                    self._queued.discard(uuid)

        try:
            self.executor.submit(run)
        except BaseException:
            with self._queued_lock:
                self._queued.discard(uuid)
            raise
        return True

    def run(self, context, stop):
        """Run rounds until the event ``stop`` is set.

        A round starts ``[conductor] sync_interval`` seconds after the
        previous one started (at once if that one took longer), so a stack
        that finishes waits at most one interval plus one round, however
        long the rounds take. A round that fails is logged; the next one
        runs as usual.

        :param context: an admin request context.
        :param stop: a ``threading.Event``.
        """
        next_start = self.clock()
        while True:
            next_start += CONF.conductor.sync_interval
            if stop.wait(max(0.0, next_start - self.clock())):
                return
            next_start = max(next_start, self.clock())
            try:
                self.sync_round(context)
            except Exception:  # noqa: BLE001 - the loop must go on
                LOG.exception('Status sync round failed')

    def sync_round(self, context):
        """Run one round; return how many owned bays are in progress."""
        ring = hash_ring.Ring.current(context, self.host)
        bays = [
            b
            for b in objects.Cluster.list_in_status(
                context, states.IN_PROGRESS
            )
            if ring.owns(b.uuid)
        ]
        if not bays:
            return 0
        now = timeutils.utcnow(True)
        dead = bay_task.dead_hosts(context)
        submitted = {}
        for bay in bays:
            if bay.operation_submitted_at is None:
                self._maybe_resume(context, bay, now, dead)
            elif self._timed_out(bay, now):
                self._submit_finish(context, bay, None)
            else:
                submitted[bay.uuid] = bay
        if submitted:
            self._check_stacks(context, submitted)
        return len(bays)

    def _maybe_resume(self, context, bay, now, dead):
        held = bay.reservation and bay.reservation not in dead
        started = bay.status_started_at or bay.updated_at or now
        age = timeutils.delta_seconds(started, now)
        if held or age < CONF.conductor.resume_after:
            return
        LOG.info(
            'Bay %s: resuming %s, which no conductor is running',
            bay.uuid,
            bay.operation,
        )
        self._submit(bay.uuid, self._resume, context, bay.uuid)

    def _resume(self, context, uuid):
        try:
            self.operations.run(context, uuid)
        except (exception.ClusterLocked, exception.ClusterNotFound):
            pass
        except Exception:  # noqa: BLE001 - logged; tried again later
            LOG.exception('Resuming the operation of bay %s failed', uuid)

    @staticmethod
    def _timed_out(bay, now):
        if bay.operation != states.CREATE.name or not bay.create_timeout:
            return False
        started = bay.status_started_at or bay.created_at
        return timeutils.delta_seconds(started, now) > bay.create_timeout * 60

    def _drivers_of(self, context, bays):
        """Group bays by driver; bays whose driver fails to load wait."""
        admin = context.elevated()
        drivers = {}
        by_driver = {}
        for bay in bays:
            key = bay.cluster_template_id
            if key not in drivers:
                try:
                    template = objects.ClusterTemplate.get(admin, key)
                    drivers[key] = loader.for_template(template)
                except Exception:  # noqa: BLE001 - other bays go on
                    LOG.exception('No driver for template %s', key)
                    drivers[key] = None
            if drivers[key] is not None:
                by_driver.setdefault(drivers[key], []).append(bay)
        return by_driver

    def _check_stacks(self, context, bays):
        groups = objects.NodeGroup.list_for_clusters(context, list(bays))
        watched = {
            uuid: watched_stacks(bay, groups[uuid])
            for uuid, bay in bays.items()
        }
        by_driver = self._drivers_of(context, bays.values())
        for driver, driver_bays in by_driver.items():
            ids = sorted({sid for b in driver_bays for sid in watched[b.uuid]})
            try:
                found = driver.get_states(context, ids) if ids else {}
            except exception.MagnumException as e:
                LOG.warning(
                    'Cannot read the state of %d stacks: %s', len(ids), e
                )
                continue
            for bay in driver_bays:
                op = states.operation(bay.operation)
                stack_states = [
                    found[sid] for sid in watched[bay.uuid] if sid in found
                ]
                decided = evaluate(op, bay, stack_states)
                if decided is not None:
                    self._submit_finish(context, bay, decided)

    def _submit_finish(self, context, bay, decided):
        self._submit(
            bay.uuid, self.finish, context, bay.uuid, bay.operation, decided
        )

    def finish(self, context, uuid, operation, decided):
        """Settle a bay whose operation ended (or timed out).

        :param decided: ``(status, failed_stack_id, reason)`` from
            :func:`evaluate`, or None for a create that timed out.
        """
        if not self._still_owed(context, uuid, operation):
            # Settled since the round read it: reserving the bay (a
            # write) would be for nothing.
            return
        try:
            with bay_task.BayTask(
                context, self.host, uuid, retry_seconds=0
            ) as task:
                bay = task.cluster
                if (
                    bay.operation != operation
                    or bay.operation_submitted_at is None
                ):
                    return
                op = states.operation(operation)
                if decided is None:
                    reason = (
                        _(
                            'Timed out: not created within its create_timeout '
                            'of %d minute(s)'
                        )
                        % bay.create_timeout
                    )
                    settle.settle(context, task, op, op.failed, reason)
                    return
                status, failed_stack, reason = decided
                if status == op.failed:
                    settle.settle(
                        context,
                        task,
                        op,
                        status,
                        reason or self._reason(context, task, failed_stack),
                    )
                    return
                outputs = None
                if op is not states.DELETE:
                    outputs = task.driver.get_outputs(
                        context, bay, task.template, task.nodegroups
                    )
                settle.settle(context, task, op, status, outputs=outputs)
        except exception.ClusterLocked:
            LOG.debug('Bay %s is busy; settling it next round', uuid)
        except exception.ClusterNotFound:
            LOG.debug('Bay %s is gone', uuid)

    @staticmethod
    def _still_owed(context, uuid, operation):
        try:
            bay = objects.Cluster.get_by_uuid(context, uuid)
        except exception.ClusterNotFound:
            return False
        return (
            bay.operation == operation
            and bay.operation_submitted_at is not None
        )

    @staticmethod
    def _reason(context, task, stack_id):
        try:
            return task.driver.get_failure_reason(
                context, task.cluster, stack_id
            )
        except exception.MagnumException as e:
            return _(
                'Stack %(stack)s failed; its error could not be read: %(err)s'
            ) % {'stack': stack_id, 'err': e}

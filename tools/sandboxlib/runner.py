"""Run the stages of ``up`` concurrently, each once what it needs is done.

A stage is a named function of a :class:`Context`. It declares the stages it
needs before it starts (``after``) and may wait for more in the middle of its
work with :meth:`Context.require`, so a slow step (a schema sync) overlaps the
work of other stages.
"""

from dataclasses import dataclass
from dataclasses import field
import sys
import threading
import time
import traceback


class SandboxError(Exception):
    """A failure to report to the user as-is (no traceback)."""


class DependencyFailed(SandboxError):
    """A stage needed another stage that failed."""


@dataclass(frozen=True)
class Stage:
    """One step of ``up``: ``run(ctx)`` once the ``after`` stages are done."""

    name: str
    run: object
    after: tuple = ()
    doc: str = ''


@dataclass
class Context:
    """What every stage shares: paths, process table, results."""

    layout: object
    procs: object
    results: dict = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self):
        self._done = {}
        self._failed = set()
        self._lock = threading.Lock()

    def log(self, stage, message):
        """Print a progress line with the time since ``up`` started."""
        with self._lock:
            print(
                f'{time.monotonic() - self.started:7.1f}s  '
                f'{stage:<12} {message}',
                flush=True,
            )

    def require(self, *names):
        """Block until the named stages are done; raise if one failed."""
        for name in names:
            self._done[name].wait()
            if name in self._failed:
                raise DependencyFailed(f'needs stage {name!r}, which failed')

    def publish(self, key, value):
        """Store a result (ids, URLs) for later stages and the report."""
        with self._lock:
            self.results[key] = value


def run_stages(ctx, stages):
    """Run ``stages`` with their dependencies; return {name: error}."""
    ctx._done = {s.name: threading.Event() for s in stages}
    errors = {}

    def runner(stage):
        try:
            ctx.require(*stage.after)
            stage.run(ctx)
        except DependencyFailed as exc:
            errors[stage.name] = exc
            ctx._failed.add(stage.name)
        except SandboxError as exc:
            errors[stage.name] = exc
            ctx._failed.add(stage.name)
            ctx.log(stage.name, f'FAILED: {exc}')
        except Exception as exc:  # noqa: BLE001 - any bug must surface with its traceback
            errors[stage.name] = exc
            ctx._failed.add(stage.name)
            ctx.log(stage.name, 'FAILED with an unexpected error:')
            traceback.print_exc(file=sys.stdout)
        finally:
            ctx._done[stage.name].set()

    threads = [
        threading.Thread(target=runner, args=(s,), name=s.name, daemon=True)
        for s in stages
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors

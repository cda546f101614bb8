"""heat-engine as the sandbox runs it: in one process, with a short leaf pause.

Stock convergence sleeps 1 s after triggering each independent resource
(``heat.engine.stack``), so a stack of N leaves needs about N seconds. With
SANDBOX_HEAT_LEAF_PAUSE below 1 (the sandbox's "fast" mode sets 0.01), only
that sleep is capped; the rest of Heat is untouched. The engine is also kept
from forking a worker, which saves one interpreter (~150 MB).

Usage: python -m sandboxlib.runtime.heat_engine --config-file heat.conf
"""

import os
import time


class _CappedSleepTime:
    """Stand-in for the ``time`` module whose sleep() never exceeds a cap."""

    def __init__(self, cap):
        self._cap = cap

    def __getattr__(self, name):
        return getattr(time, name)

    def sleep(self, seconds):
        time.sleep(min(seconds, self._cap))


def main():
    """Patch the leaf pause and the launcher, then run heat-engine."""
    from heat.cmd import engine
    from heat.engine import stack

    pause = float(os.environ.get('SANDBOX_HEAT_LEAF_PAUSE', '1'))
    if pause < 1:
        stack.time = _CappedSleepTime(pause)

    launch = engine.service.launch

    def launch_in_process(*args, **kwargs):
        kwargs['no_fork'] = True
        return launch(*args, **kwargs)

    engine.service.launch = launch_in_process
    engine.launch_engine()
    # In-process, the launcher returns at once (EngineService.wait() does not
    # block); the launcher's signal handlers end the process on SIGTERM.
    while True:
        time.sleep(3600)


if __name__ == '__main__':
    main()

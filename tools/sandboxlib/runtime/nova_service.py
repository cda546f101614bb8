"""nova-conductor / nova-scheduler in one process each.

Under the threading backend, ``nova.service.serve`` always forks a worker
unless ``no_fork`` is set (only nova-compute sets it), which doubles the
memory of each service. This wrapper passes ``no_fork=True`` and runs the
stock main().

Usage: python -m sandboxlib.runtime.nova_service conductor|scheduler \
    --config-file ...
"""

import importlib
import sys


def main():
    """Run the nova service named by the first argument without forking."""
    binary = sys.argv.pop(1)
    if binary not in ('conductor', 'scheduler'):
        sys.exit(f'unknown nova service {binary!r}')
    command = importlib.import_module(f'nova.cmd.{binary}')
    serve = command.service.serve

    def serve_in_process(server, workers=None, no_fork=False):
        return serve(server, workers=1, no_fork=True)

    command.service.serve = serve_in_process
    sys.argv[0] = f'nova-{binary}'
    command.main()


if __name__ == '__main__':
    main()

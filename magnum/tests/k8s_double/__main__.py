"""Serve the Kubernetes API double until SIGTERM or SIGINT.

Example (what the sandbox node agent runs for a bay master)::

    python -m magnum.tests.k8s_double --host 127.42.0.15 --port 6443 \\
        --cert server.crt --key server.key --client-ca ca.crt --nodes 2

It prints one line ``serving <url>`` on stdout once it accepts requests.
"""

import argparse
import logging
import signal
import sys
import threading

from magnum.tests.k8s_double import double
from magnum.tests.k8s_double import server

LOG = logging.getLogger('magnum.tests.k8s_double')


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog='python -m magnum.tests.k8s_double',
        description='Serve a Kubernetes API double on a loopback address.',
    )
    parser.add_argument(
        '--host',
        default='127.0.0.1',
        help='address to bind (default 127.0.0.1)',
    )
    parser.add_argument(
        '--port',
        type=int,
        default=6443,
        help='port (default 6443, 0 for any free port)',
    )
    parser.add_argument(
        '--cert', help='server certificate (PEM); with --key enables TLS'
    )
    parser.add_argument('--key', help='server private key (PEM)')
    parser.add_argument(
        '--client-ca',
        help='CA (PEM) that client '
        'certificates must chain to; enables client-'
        'certificate authentication',
    )
    parser.add_argument('--token', help='accepted bearer token')
    parser.add_argument('--token-file', help='file holding the token')
    parser.add_argument(
        '--nodes',
        type=int,
        default=0,
        help='number of Ready nodes to register',
    )
    parser.add_argument(
        '--node-prefix', default='node', help='node names are <prefix>-<i>'
    )
    parser.add_argument(
        '--node-address',
        action='append',
        default=[],
        help='InternalIP of node i (repeat per node)',
    )
    parser.add_argument(
        '--no-controllers',
        action='store_true',
        help='do not run the RC/scheduler stand-in',
    )
    parser.add_argument(
        '--git-version',
        default=double.DEFAULT_VERSION,
        help='version reported by /version',
    )
    parser.add_argument(
        '--debug', action='store_true', help='log every request'
    )
    args = parser.parse_args(argv)
    if bool(args.cert) != bool(args.key):
        parser.error('--cert and --key go together')
    if args.client_ca and not args.cert:
        parser.error('--client-ca needs --cert and --key')
    return args


def build(args):
    """Build a :class:`KubeDouble` from parsed arguments (not started)."""
    token = args.token
    if args.token_file:
        with open(args.token_file) as handle:
            token = handle.read().strip()
    tls = (
        server.TLSConfig(args.cert, args.key, args.client_ca)
        if args.cert
        else None
    )
    kube = double.KubeDouble(
        args.host,
        args.port,
        tls=tls,
        token=token,
        controllers=not args.no_controllers,
        git_version=args.git_version,
    )
    for index in range(args.nodes):
        address = (
            args.node_address[index]
            if index < len(args.node_address)
            else None
        )
        kube.add_node(f'{args.node_prefix}-{index}', address=address)
    return kube


def main(argv=None):
    """Run until SIGTERM/SIGINT; return the exit status."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.INFO,
        format='%(asctime)s %(levelname)s %(message)s',
    )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    kube = build(args).start()
    print(f'serving {kube.url}', flush=True)
    try:
        stop.wait()
    finally:
        kube.stop()
    LOG.info('stopped')
    return 0


if __name__ == '__main__':
    sys.exit(main())

"""The sandbox node agent: the boot scripts of the nodes of sandbox bays.

No machine boots in the sandbox: Nova's fake driver reports a server
ACTIVE and nothing runs in it. For every ACTIVE server whose user data is
the Ignition config of a magnum node (it writes /etc/sysconfig/heat-params,
see magnum/drivers/heat/README.rst), this agent does what that node's boot
scripts would do, with the values of its heat-params:

* a master: get a token of the bay's trustee scoped to its trust
  (TRUSTEE_USER_ID, TRUSTEE_PASSWORD, TRUST_ID at AUTH_URL), fetch the
  bay's CA and have a server certificate signed by the magnum certificates
  API (MAGNUM_URL), serve the Kubernetes API double on the master's API
  address (a 127.42.0.x floating IP; anything outside 127.0.0.0/8 is
  refused) on port 6443 with TLS and client-certificate authentication,
  then signal the node's wait condition (WAIT_ENDPOINT) with SUCCESS;
* a minion: the same token, CA and a kubelet certificate, register the
  minion as a Ready node in the doubles of its bay, then signal;
* a server that disappears: its node is deleted from the doubles (unless
  a server of the same name replaced it), and a double whose masters are
  all gone is stopped;
* a rotation of the bay's CA (the servers' metadata
  ``magnum_ca_rotation_id`` changed in place, as the nodes' CA rotation
  timers would notice): fetch the new CA, have new kubelet and API server
  certificates signed, and restart the bay's doubles with the new server
  certificate and the new CA as the client CA (a double keeps nothing
  across a restart: the agent registers the minions again);
* servers replaced with new heat-params (new trustee credentials after a
  credential rotation) are booted like new ones, with their own
  credentials.

The label ``sandbox_fail_resource`` of the bay (read from the magnum API,
as a node could) makes the agent signal FAILURE instead, with a reason
naming the label, for ``kube_masters`` (every master) or ``kube_minions``
(every minion): Heat then fails that resource and the stack. The label
``sandbox_hang_resource`` (same values) makes those nodes never signal, as
nodes whose boot hangs: the stack's timeout ends it. Other values are
logged and ignored.

Every address it contacts is checked to be on loopback. It polls Nova
(admin, all projects, microversion 2.47 for the user data) every
``--interval`` seconds (at most 1), works on at most ``--workers`` bays at
a time, and keeps state only for servers that exist.

    python -m sandboxlib.bay.node_agent --state-dir DIR --log-file FILE \\
        [--auth-url URL --username admin --password admin --project admin]
"""

import argparse
import base64
import calendar
from concurrent import futures
import dataclasses
import ipaddress
import json
import logging
import os
from pathlib import Path
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID
import requests

LOG = logging.getLogger('node-agent')
LOOPBACK = ipaddress.ip_network('127.0.0.0/8')
HEAT_PARAMS = '/etc/sysconfig/heat-params'
NOVA_VERSION = 'compute 2.47'
MAGNUM_VERSION = 'container-infra latest'
FAIL_LABEL = 'sandbox_fail_resource'
HANG_LABEL = 'sandbox_hang_resource'
FAILABLE = {'master': 'kube_masters', 'minion': 'kube_minions'}
#: Attempts at a node's boot before the agent reports it failed.
MAX_ATTEMPTS = 5
REQUEST_TIMEOUT = 15
DOUBLE_START_TIMEOUT = 60
CHECKOUT = Path(__file__).resolve().parents[3]


class AgentError(Exception):
    """A node's boot cannot go on now; the message says why."""


class Refused(AgentError):
    """A node's boot must not go on at all (reported at once)."""


def loopback(url):
    """Return ``url`` if its host is on loopback, else raise AgentError."""
    host = urllib.parse.urlsplit(url).hostname or ''
    if host != 'localhost':
        try:
            if ipaddress.ip_address(host) in LOOPBACK:
                return url
        except ValueError:
            pass
        raise Refused(f'{url} is not on loopback: refused')
    return url


def _request(method, url, **kwargs):
    kwargs.setdefault('timeout', REQUEST_TIMEOUT)
    try:
        response = requests.request(method, loopback(url), **kwargs)
    except requests.RequestException as e:
        raise AgentError(f'{method} {url} failed: {e}') from e
    return response


def _checked(response, what):
    if response.status_code >= 400:
        raise AgentError(
            f'{what}: HTTP {response.status_code} {response.text[:300]}'
        )
    return response


def password_token(auth_url, user, scope, verify=True, catalog=None):
    """Return ``(token, expiry as epoch seconds)`` of a Keystone password
    authentication of ``user`` with ``scope``; ``catalog`` gets the
    token's catalog."""
    body = {
        'auth': {
            'identity': {'methods': ['password'], 'password': {'user': user}},
            'scope': scope,
        }
    }
    response = _checked(
        _request(
            'POST',
            auth_url.rstrip('/') + '/auth/tokens',
            json=body,
            verify=verify,
        ),
        'Keystone token',
    )
    token = response.json()['token']
    if catalog is not None:
        catalog(token.get('catalog', ()))
    try:
        stamp = time.strptime(token['expires_at'][:19], '%Y-%m-%dT%H:%M:%S')
        expires = calendar.timegm(stamp)
    except (KeyError, ValueError):
        expires = time.time() + 600
    return response.headers['X-Subject-Token'], expires


# -- what a node is ------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Node:
    """An ACTIVE server of a bay, its heat-params and the bay's last CA
    rotation its metadata names."""

    server_id: str
    name: str
    params: dict
    ca_rotation: str = ''

    @property
    def role(self):
        return self.params.get('NODE_ROLE')

    @property
    def bay(self):
        return self.params.get('CLUSTER_UUID')

    @property
    def tls(self):
        return self.params.get('TLS_DISABLED', 'false') != 'true'

    @property
    def api_address(self):
        """The address this master serves the API on."""
        p = self.params
        return (
            p.get('KUBE_API_PUBLIC_ADDRESS')
            or p.get('NODE_PUBLIC_IP')
            or p.get('NODE_IP')
        )

    @property
    def credentials(self):
        """The trustee credentials in the node's heat-params."""
        p = self.params
        return (
            p.get('TRUSTEE_USER_ID'),
            p.get('TRUSTEE_PASSWORD'),
            p.get('TRUST_ID'),
        )

    @property
    def api_port(self):
        return (
            6443 if self.tls else int(self.params.get('KUBE_API_PORT', 8080))
        )


def heat_params(user_data):
    """Return the heat-params of a node's base64 Ignition user data.

    None when the user data is not a magnum node's Ignition config.
    """
    try:
        config = json.loads(base64.b64decode(user_data))
        files = config['storage']['files']
    except (ValueError, TypeError, KeyError):
        return None
    for entry in files:
        if entry.get('path') != HEAT_PARAMS:
            continue
        source = entry.get('contents', {}).get('source', '')
        if not source.startswith('data:,'):
            return None
        text = urllib.parse.unquote(source[len('data:,') :])
        # KEY='value' assignments, a quoted value possibly spanning lines.
        try:
            words = shlex.split(text, comments=True)
        except ValueError:
            return None
        params = {}
        for word in words:
            key, sep, value = word.partition('=')
            if sep:
                params[key] = value
        return params if params.get('CLUSTER_UUID') else None
    return None


def signal_heat(node, status, reason):
    """POST the node's wait condition signal (WAIT_ENDPOINT, WAIT_TOKEN)."""
    url = node.params.get('WAIT_ENDPOINT', '')
    if not url.startswith(('http://', 'https://')):
        raise AgentError(f'{node.name} has no wait condition URL')
    headers = {
        'X-Auth-Token': node.params.get('WAIT_TOKEN', ''),
        'Content-Type': 'application/json',
    }
    body = {
        'status': status,
        'reason': reason,
        'data': reason,
        'id': node.name,
    }
    _checked(
        _request('POST', url, headers=headers, data=json.dumps(body)),
        f'signal of {node.name}',
    )
    LOG.info('signalled %s %s: %s', node.name, status, reason)


# -- certificates ----------------------------------------------------------


def make_csr(common_name, organization=None, sans=()):
    """Return ``(key_pem, csr_pem)`` for a 2048-bit RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    names = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        names.append(
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)
        )
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name(names)
    )
    alt = []
    for san in sans:
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(san)))
        except ValueError:
            alt.append(x509.DNSName(san))
    if alt:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(alt), critical=False
        )
    builder = builder.add_extension(
        x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
        ),
        critical=False,
    )
    csr = builder.sign(key, hashes.SHA256())
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    return key_pem, csr.public_bytes(serialization.Encoding.PEM)


class Magnum:
    """The magnum API as a node of one bay sees it (trust-scoped token)."""

    def __init__(self, params):
        self.params = params
        self._token = None
        self._expires = 0.0

    def _verify(self):
        return self.params.get('VERIFY_CA', 'true') == 'true'

    def token(self):
        """Return a token of the trustee scoped to the bay's trust."""
        if self._token and time.time() < self._expires - 300:
            return self._token
        p = self.params
        self._token, self._expires = password_token(
            p['AUTH_URL'],
            {
                'id': p.get('TRUSTEE_USER_ID'),
                'password': p.get('TRUSTEE_PASSWORD'),
            },
            {'OS-TRUST:trust': {'id': p.get('TRUST_ID')}},
            verify=self._verify(),
        )
        return self._token

    def _call(self, method, path, what, token=None, **kwargs):
        headers = {
            'X-Auth-Token': token or self.token(),
            'OpenStack-API-Version': MAGNUM_VERSION,
        }
        url = self.params['MAGNUM_URL'].rstrip('/') + path
        return _checked(
            _request(
                method, url, headers=headers, verify=self._verify(), **kwargs
            ),
            what,
        ).json()

    def labels(self, admin_token):
        """Return the bay's labels ({} when magnum does not know it).

        Read as the sandbox's admin: a bay's trust may not read bays
        (policy ``deny_cluster_user``); nodes never need to.
        """
        uuid = self.params['CLUSTER_UUID']
        try:
            return (
                self._call(
                    'GET', f'/clusters/{uuid}', 'bay', token=admin_token
                ).get('labels')
                or {}
            )
        except AgentError as e:
            if 'HTTP 404' in str(e):
                return {}
            raise

    def ca(self):
        uuid = self.params['CLUSTER_UUID']
        return self._call('GET', f'/certificates/{uuid}', 'CA of the bay')[
            'pem'
        ].encode()

    def sign(self, csr_pem):
        body = {
            'cluster_uuid': self.params['CLUSTER_UUID'],
            'csr': csr_pem.decode(),
        }
        return self._call(
            'POST', '/certificates', 'certificate signing', json=body
        )['pem'].encode()


# -- the Kubernetes API double of a bay --------------------------------------


class Double:
    """A Kubernetes API double serving one bay's API address."""

    def __init__(self, address, port, tls, directory, python, path):
        self.address = address
        self.port = port
        self.tls = tls
        self.dir = Path(directory)
        self.python = python
        self.path = path
        self.proc = None
        self.ca_file = self.dir / 'ca.pem'

    @property
    def url(self):
        scheme = 'https' if self.tls else 'http'
        return f'{scheme}://{self.address}:{self.port}'

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def start(self, ca_pem=None, cert_pem=None, key_pem=None):
        """Start the double and wait until it serves."""
        self.dir.mkdir(parents=True, exist_ok=True)
        argv = [
            self.python,
            '-m',
            'magnum.tests.k8s_double',
            '--host',
            self.address,
            '--port',
            str(self.port),
        ]
        if self.tls:
            self.ca_file.write_bytes(ca_pem)
            (self.dir / 'server.pem').write_bytes(cert_pem)
            key = self.dir / 'server-key.pem'
            key.write_bytes(key_pem)
            key.chmod(0o600)
            argv += [
                '--cert',
                str(self.dir / 'server.pem'),
                '--key',
                str(key),
                '--client-ca',
                str(self.ca_file),
            ]
        log = self.dir / 'double.log'
        # A restart appends: only what this process logs says it serves.
        offset = log.stat().st_size if log.exists() else 0
        env = dict(os.environ)
        env['PYTHONPATH'] = os.pathsep.join(
            p for p in (str(self.path), env.get('PYTHONPATH')) if p
        )
        with open(log, 'ab') as out:
            self.proc = subprocess.Popen(
                argv,
                cwd=self.path,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + DOUBLE_START_TIMEOUT
        while time.monotonic() < deadline:
            if b'serving ' in log.read_bytes()[offset:]:
                LOG.info(
                    'double of %s serves (pid %s)', self.url, self.proc.pid
                )
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise AgentError(
            f'the Kubernetes API double on {self.url} did not start: '
            + log.read_text(errors='replace')[-500:]
        )

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            LOG.info('double of %s stopped', self.url)
        self.proc = None

    def request(self, method, path, cert, **kwargs):
        """Call the double as the holder of ``cert`` (cert, key paths)."""
        return _request(
            method,
            self.url + path,
            cert=cert if self.tls else None,
            verify=str(self.ca_file) if self.tls else False,
            **kwargs,
        )


def node_body(node):
    """The Node object a minion's kubelet registers, Ready."""
    addresses = [{'type': 'Hostname', 'address': node.name}]
    if node.params.get('NODE_IP'):
        addresses.insert(
            0, {'type': 'InternalIP', 'address': node.params['NODE_IP']}
        )
    return {
        'apiVersion': 'v1',
        'kind': 'Node',
        'metadata': {
            'name': node.name,
            'labels': {
                'kubernetes.io/hostname': node.name,
                'kubernetes.io/os': 'linux',
                'magnum.openstack.org/role': 'worker',
            },
        },
        'spec': {},
        'status': {
            'conditions': [
                {
                    'type': 'Ready',
                    'status': 'True',
                    'reason': 'KubeletReady',
                    'message': 'kubelet is posting ready status',
                }
            ],
            'addresses': addresses,
        },
    }


# -- one bay -----------------------------------------------------------------


class Bay:
    """What the agent did for one bay; reconciled with its servers."""

    def __init__(self, uuid, agent):
        self.uuid = uuid
        self.agent = agent
        self.dir = agent.state_dir / uuid
        self.magnum = None
        self.clients = {}  # trustee credentials -> Magnum
        self.labels = None
        self.ca = None
        self.rotation = None  # the CA rotation the bay's doubles serve
        self.doubles = {}  # API address -> Double
        self.done = set()  # server ids booted (signalled)
        self.attempts = {}  # server id -> failed attempts
        self.retry_at = {}  # server id -> monotonic time of the next try
        self.kubelets = {}  # minion server id -> (node, cert, key paths)
        self.warned = set()  # sandbox labels with a value not honoured

    def _made_to_fail_or_hang(self, node):
        """Honour the bay's sandbox labels for ``node``: signal FAILURE
        (sandbox_fail_resource) or never signal (sandbox_hang_resource).

        :returns: True when the node's boot ends here.
        """
        resource = FAILABLE[node.role]
        for label in (FAIL_LABEL, HANG_LABEL):
            target = (self.labels or {}).get(label)
            if target and target not in FAILABLE.values():
                if label not in self.warned:
                    LOG.warning(
                        'bay %s: %s=%s is not honoured',
                        self.uuid,
                        label,
                        target,
                    )
                    self.warned.add(label)
            elif target == resource:
                self.done.add(node.server_id)
                if label == FAIL_LABEL:
                    signal_heat(
                        node,
                        'FAILURE',
                        f'{label}={resource}: the boot of {node.name} was '
                        'made to fail by the sandbox',
                    )
                else:
                    LOG.info('%s=%s: %s never signals', label, resource, node)
                return True
        return False

    def _client(self, node):
        """Use (and return) the magnum client of the node's credentials:
        nodes booted after a credential rotation carry new ones."""
        client = self.clients.get(node.credentials)
        if client is None:
            client = self.clients[node.credentials] = Magnum(node.params)
        self.magnum = client
        return client

    def _prepare(self, node):
        self._client(node)
        if self.labels is None:
            self.labels = self.magnum.labels(self.agent._admin())
        if self.ca is None:
            self.ca = self.magnum.ca()
            self.rotation = node.ca_rotation

    def _boot(self, node, step):
        """Run one node's boot ``step``; retry it later (backing off) when
        it fails, and report the node failed after MAX_ATTEMPTS."""
        if time.monotonic() < self.retry_at.get(node.server_id, 0):
            return
        try:
            step(node)
        except AgentError as e:
            count = self.attempts.get(node.server_id, 0) + 1
            self.attempts[node.server_id] = count
            self.retry_at[node.server_id] = time.monotonic() + 2**count
            LOG.warning('%s: attempt %d: %s', node.name, count, e)
            if count >= MAX_ATTEMPTS or isinstance(e, Refused):
                self.done.add(node.server_id)
                try:
                    signal_heat(node, 'FAILURE', f'sandbox node agent: {e}')
                except AgentError as err:
                    LOG.error(
                        '%s: cannot report the failure: %s', node.name, err
                    )

    def _ensure_double(self, node):
        """Return the running double of a master's API address."""
        address = node.api_address
        loopback(f'http://{address}/')
        double = self.doubles.get(address)
        if double is not None and double.alive():
            return double
        if double is not None:
            LOG.warning('double of %s exited: starting it again', double.url)
        double = Double(
            address,
            node.api_port,
            node.tls,
            self.dir / address,
            self.agent.python,
            self.agent.double_path,
        )
        self._start(double, node)
        self.doubles[address] = double
        return double

    def _start(self, double, node):
        """Start a master's double (a server certificate of the bay's
        current CA) and register the bay's minions in it."""
        if node.tls:
            address = node.api_address
            sans = {address, node.params.get('NODE_IP'), '127.0.0.1'}
            sans |= {'kubernetes', 'kubernetes.default', node.name}
            key, csr = make_csr(
                'kube-apiserver', sans=sorted(s for s in sans if s)
            )
            double.start(self.ca, self.magnum.sign(csr), key)
        else:
            double.start()
        for minion, cert in self.kubelets.values():
            self._register(double, minion, cert)

    def _kubelet_cert(self, node):
        """Have the minion's kubelet certificate signed; return the paths
        (cert, key)."""
        key, csr = make_csr(
            f'system:node:{node.name}',
            'system:nodes',
            (node.name, node.params.get('NODE_IP') or node.name),
        )
        cert = self.dir / 'kubelets' / node.server_id
        cert.mkdir(parents=True, exist_ok=True)
        (cert / 'cert.pem').write_bytes(self.magnum.sign(csr))
        (cert / 'key.pem').write_bytes(key)
        return (str(cert / 'cert.pem'), str(cert / 'key.pem'))

    def _rotate_ca(self, nodes, rotation):
        """What the nodes' CA rotation timers do, for the whole bay: the
        new CA, kubelet and API server certificates signed by it, and the
        API servers restarted with them."""
        marked = next(n for n in nodes if n.ca_rotation == rotation)
        self._client(marked)
        self.ca = self.magnum.ca()
        for server_id, (minion, _) in list(self.kubelets.items()):
            self.kubelets[server_id] = (minion, self._kubelet_cert(minion))
        masters = {n.api_address: n for n in nodes if n.role == 'master'}
        for address, double in self.doubles.items():
            if address in masters:
                double.stop()
                self._start(double, masters[address])
        self.rotation = rotation
        LOG.info('bay %s: rotated to its new CA (%s)', self.uuid, rotation)

    def _boot_master(self, node):
        self._prepare(node)
        if self._made_to_fail_or_hang(node):
            return
        double = self._ensure_double(node)
        self.done.add(node.server_id)
        signal_heat(
            node,
            'SUCCESS',
            f'Kubernetes API of {node.name} is up on {double.url}',
        )

    def _register(self, double, node, cert):
        response = double.request(
            'POST', '/api/v1/nodes', cert, json=node_body(node)
        )
        if response.status_code != 409:
            _checked(response, f'registration of node {node.name}')

    def _boot_minion(self, node):
        self._prepare(node)
        if self._made_to_fail_or_hang(node):
            return
        doubles = [d for d in self.doubles.values() if d.alive()]
        if not doubles:
            return  # no API yet: the minion waits for its masters
        if node.server_id not in self.kubelets:
            self.kubelets[node.server_id] = (node, self._kubelet_cert(node))
        for double in doubles:
            self._register(double, node, self.kubelets[node.server_id][1])
        self.done.add(node.server_id)
        signal_heat(node, 'SUCCESS', f'kubelet of {node.name} is Ready')

    def _forget(self, server_id, names=()):
        """Forget a server that is gone; its node leaves the doubles
        unless a server of the same name (in ``names``) replaced it."""
        self.done.discard(server_id)
        self.attempts.pop(server_id, None)
        self.retry_at.pop(server_id, None)
        gone = self.kubelets.pop(server_id, None)
        if gone is None:
            return
        node, cert = gone
        if node.name in names:
            shutil.rmtree(
                self.dir / 'kubelets' / server_id, ignore_errors=True
            )
            LOG.info('node %s of bay %s was replaced', node.name, self.uuid)
            return
        for double in self.doubles.values():
            if double.alive():
                response = double.request(
                    'DELETE', f'/api/v1/nodes/{node.name}', cert
                )
                if response.status_code not in (200, 404):
                    LOG.warning(
                        'cannot delete node %s: %s',
                        node.name,
                        response.text[:200],
                    )
        shutil.rmtree(self.dir / 'kubelets' / server_id, ignore_errors=True)
        LOG.info('node %s left bay %s', node.name, self.uuid)

    def reconcile(self, nodes):
        """Make the bay's doubles and nodes match its servers ``nodes``."""
        present = {n.server_id for n in nodes}
        names = {n.name for n in nodes}
        for server_id in list(
            self.done | set(self.kubelets) | set(self.attempts)
        ):
            if server_id not in present:
                self._forget(server_id, names)
        addresses = {n.api_address for n in nodes if n.role == 'master'}
        for address in list(self.doubles):
            if address not in addresses:
                self.doubles.pop(address).stop()
                shutil.rmtree(self.dir / address, ignore_errors=True)
        rotation = next(
            (
                n.ca_rotation
                for n in nodes
                if n.ca_rotation and n.ca_rotation != self.rotation
            ),
            None,
        )
        if rotation and self.ca is not None:
            try:
                self._rotate_ca(nodes, rotation)
            except AgentError as e:
                LOG.warning('bay %s: CA rotation: %s', self.uuid, e)
        for role, step in (
            ('master', self._boot_master),
            ('minion', self._boot_minion),
        ):
            for node in nodes:
                if node.role != role:
                    continue
                if node.server_id not in self.done:
                    self._boot(node, step)
                elif role == 'master' and node.api_address in self.doubles:
                    # A master's API restarts when it exits (systemd would).
                    try:
                        self._ensure_double(node)
                    except AgentError as e:
                        LOG.warning('%s: %s', node.name, e)

    def idle(self):
        return not (
            self.doubles or self.done or self.kubelets or self.attempts
        )

    def close(self):
        for double in self.doubles.values():
            double.stop()
        self.doubles.clear()
        shutil.rmtree(self.dir, ignore_errors=True)


# -- the agent ---------------------------------------------------------------


class Agent:
    """Polls Nova and reconciles every sandbox bay with its servers."""

    def __init__(self, args):
        self.args = args
        self.state_dir = Path(args.state_dir)
        self.python = args.python
        self.double_path = args.double_path
        self.stop = threading.Event()
        self.bays = {}
        self.running = {}
        self.pool = futures.ThreadPoolExecutor(
            max_workers=args.workers, thread_name_prefix='bay'
        )
        self._token = None
        self._token_until = 0.0
        self._compute = None
        self._seen = {}  # server id -> heat-params, None: not a bay node

    def _admin(self):
        if self._token and time.time() < self._token_until - 300:
            return self._token
        a = self.args
        self._token, self._token_until = password_token(
            a.auth_url,
            {
                'name': a.username,
                'password': a.password,
                'domain': {'name': a.user_domain},
            },
            {
                'project': {
                    'name': a.project,
                    'domain': {'name': a.project_domain},
                }
            },
            catalog=self._find_compute,
        )
        return self._token

    def _find_compute(self, catalog):
        for service in catalog:
            if service['type'] == 'compute':
                for endpoint in service['endpoints']:
                    if endpoint['interface'] == 'public':
                        self._compute = loopback(endpoint['url'].rstrip('/'))
        if not self._compute:
            raise AgentError('no compute endpoint in the catalog')

    def servers(self):
        """Return the ACTIVE servers of bays, as :class:`Node` objects."""
        token = self._admin()
        response = _checked(
            _request(
                'GET',
                self._compute + '/servers/detail?all_tenants=1',
                headers={
                    'X-Auth-Token': token,
                    'OpenStack-API-Version': NOVA_VERSION,
                },
            ),
            'server list',
        )
        nodes = []
        seen = {}
        for server in response.json()['servers']:
            if server.get('status') != 'ACTIVE':
                continue
            params = self._seen.get(server['id'], False)
            if params is False:
                params = heat_params(
                    server.get('OS-EXT-SRV-ATTR:user_data') or ''
                )
            seen[server['id']] = params
            if params:
                meta = server.get('metadata') or {}
                nodes.append(
                    Node(
                        server['id'],
                        server['name'],
                        params,
                        meta.get('magnum_ca_rotation_id') or '',
                    )
                )
        self._seen = seen
        return nodes

    def _reconcile(self, bay, nodes):
        try:
            bay.reconcile(nodes)
        except Exception:  # noqa: BLE001 - one bay must not stop the agent
            LOG.exception('bay %s', bay.uuid)

    def poll(self):
        """One round: list servers and start the bays' reconciliations."""
        by_bay = {}
        for node in self.servers():
            by_bay.setdefault(node.bay, []).append(node)
        for uuid in set(by_bay) | set(self.bays):
            running = self.running.get(uuid)
            if running is not None and not running.done():
                continue
            bay = self.bays.get(uuid)
            if bay is None:
                bay = self.bays[uuid] = Bay(uuid, self)
                LOG.info('bay %s appeared', uuid)
            nodes = by_bay.get(uuid, [])
            if not nodes and bay.idle():
                bay.close()
                del self.bays[uuid]
                self.running.pop(uuid, None)
                LOG.info('bay %s is gone', uuid)
                continue
            self.running[uuid] = self.pool.submit(self._reconcile, bay, nodes)

    def run(self):
        self.state_dir.mkdir(parents=True, exist_ok=True)
        ready = self.state_dir / 'ready'
        ready.unlink(missing_ok=True)
        LOG.info('polling Nova every %.1f s', self.args.interval)
        while not self.stop.is_set():
            try:
                self.poll()
                if not ready.exists():
                    ready.write_text(f'{os.getpid()}\n')
            except AgentError as e:
                LOG.warning('poll: %s', e)
            self.stop.wait(self.args.interval)
        LOG.info('stopping')
        self.pool.shutdown(wait=True, cancel_futures=True)
        for bay in self.bays.values():
            bay.close()
        ready.unlink(missing_ok=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m sandboxlib.bay.node_agent',
        description='Boot the nodes of sandbox bays (see the module doc).',
    )
    parser.add_argument('--auth-url', default='http://127.0.0.1:5000/v3')
    parser.add_argument('--username', default='admin')
    parser.add_argument('--password', default='admin')
    parser.add_argument('--project', default='admin')
    parser.add_argument('--user-domain', default='Default')
    parser.add_argument('--project-domain', default='Default')
    parser.add_argument('--state-dir', required=True)
    parser.add_argument('--log-file', help='default: stderr')
    parser.add_argument('--interval', type=float, default=0.5)
    parser.add_argument('--workers', type=int, default=4)
    parser.add_argument(
        '--python',
        default=sys.executable,
        help='python that runs the Kubernetes API double',
    )
    parser.add_argument(
        '--double-path',
        default=str(CHECKOUT),
        help='directory holding the magnum package (of the double)',
    )
    args = parser.parse_args(argv)
    if not 0 < args.interval <= 1:
        parser.error('--interval must be in (0, 1] seconds')
    if not 1 <= args.workers <= 16:
        parser.error('--workers must be in [1, 16]')
    loopback(args.auth_url)
    return args


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(
        filename=args.log_file,
        level=logging.INFO,
        format='%(asctime)s %(levelname)s %(threadName)s %(message)s',
    )
    agent = Agent(args)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: agent.stop.set())
    agent.run()
    return 0


if __name__ == '__main__':
    sys.exit(main())

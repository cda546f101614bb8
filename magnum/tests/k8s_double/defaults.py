"""Defaults the apiserver fills in, and the service address allocator.

Defaults follow kube-apiserver for the fields Magnum code may read: pod
restart/DNS policy and grace period, container pull policy and port
protocol, service type, ports and an allocated ``clusterIP`` from the
portal network (10.254.0.0/16: data only, never contacted), RC replicas,
selector and labels.
"""

import ipaddress
import time

SERVICE_CIDR = ipaddress.ip_network('10.254.0.0/16')
NODE_PORTS = range(30000, 32768)


def now():
    """Current time as an RFC 3339 UTC timestamp (``...Z``)."""
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())


def _container(container):
    image = container.get('image') or ''
    tag = image.rsplit('/', 1)[-1]
    latest = ':' not in tag or tag.endswith(':latest')
    container.setdefault(
        'imagePullPolicy', 'Always' if latest else 'IfNotPresent'
    )
    container.setdefault('terminationMessagePath', '/dev/termination-log')
    container.setdefault('terminationMessagePolicy', 'File')
    container.setdefault('resources', {})
    for port in container.get('ports') or []:
        if isinstance(port, dict):
            port.setdefault('protocol', 'TCP')


def pod_spec(spec):
    """Fill in the defaults of a PodSpec (pods and RC templates)."""
    spec.setdefault('restartPolicy', 'Always')
    spec.setdefault('dnsPolicy', 'ClusterFirst')
    spec.setdefault('terminationGracePeriodSeconds', 30)
    spec.setdefault('schedulerName', 'default-scheduler')
    spec.setdefault('securityContext', {})
    spec.setdefault('enableServiceLinks', True)
    for key in ('containers', 'initContainers'):
        for container in spec.get(key) or []:
            if isinstance(container, dict):
                _container(container)


def pod(obj):
    """Defaults of a Pod; a new pod starts ``Pending``."""
    pod_spec(obj.setdefault('spec', {}))
    obj.setdefault('status', {}).setdefault('phase', 'Pending')
    obj['status'].setdefault('qosClass', 'BestEffort')


def service(obj):
    """Defaults of a Service (allocation is done by :func:`allocate`)."""
    spec = obj.setdefault('spec', {})
    spec.setdefault('type', 'ClusterIP')
    spec.setdefault('sessionAffinity', 'None')
    if spec['type'] != 'ExternalName':
        spec.setdefault('internalTrafficPolicy', 'Cluster')
    for port in spec.get('ports') or []:
        if isinstance(port, dict):
            port.setdefault('protocol', 'TCP')
            if 'port' in port:
                port.setdefault('targetPort', port['port'])
    obj.setdefault('status', {}).setdefault('loadBalancer', {})


def replication_controller(obj):
    """Defaults of an RC: replicas, selector and labels from the template."""
    spec = obj.setdefault('spec', {})
    spec.setdefault('replicas', 1)
    template = spec.get('template')
    if isinstance(template, dict):
        labels = (template.get('metadata') or {}).get('labels') or {}
        if labels and not spec.get('selector'):
            spec['selector'] = dict(labels)
        meta = obj.setdefault('metadata', {})
        if labels and not meta.get('labels'):
            meta['labels'] = dict(labels)
        pod_spec(template.setdefault('spec', {}))
    obj.setdefault('status', {}).setdefault('replicas', 0)


def namespace(obj):
    """Defaults of a Namespace; it is always ``Active``."""
    name = obj['metadata'].get('name', '')
    labels = obj['metadata'].setdefault('labels', {})
    labels.setdefault('kubernetes.io/metadata.name', name)
    obj.setdefault('spec', {}).setdefault('finalizers', ['kubernetes'])
    obj['status'] = {'phase': 'Active'}


def node(obj):
    """Defaults of a Node (its status is whatever the kubelet posts)."""
    obj.setdefault('spec', {})
    obj.setdefault('status', {})


APPLY = {
    'pods': pod,
    'services': service,
    'replicationcontrollers': replication_controller,
    'namespaces': namespace,
    'nodes': node,
}


def keep_allocated(new, old):
    """On update keep the clusterIP and node ports the user left out."""
    spec, old_spec = new.get('spec') or {}, old.get('spec') or {}
    for key in ('clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy'):
        if not spec.get(key) and old_spec.get(key):
            spec[key] = old_spec[key]
    old_ports = {
        p.get('port'): p.get('nodePort')
        for p in old_spec.get('ports') or []
        if isinstance(p, dict)
    }
    for port in spec.get('ports') or []:
        if isinstance(port, dict) and old_ports.get(port.get('port')):
            port.setdefault('nodePort', old_ports[port.get('port')])


def _first_free(candidates, used):
    return next(c for c in candidates if c not in used)


def _bad_ip(field, wanted, why):
    return ('FieldValueInvalid', field, f'Invalid value: "{wanted}": {why}')


def allocate(obj, used_ips, used_node_ports):
    """Give a Service a clusterIP and node ports; return causes on error.

    ``used_ips`` and ``used_node_ports`` are sets taken from the other
    services.  Returns a list of ``(reason, field, message)`` tuples.
    """
    spec = obj['spec']
    if spec.get('type') == 'ExternalName':
        return []
    wanted = spec.get('clusterIP') or ''
    if wanted and wanted != 'None':
        field = 'spec.clusterIPs[0]'
        try:
            address = ipaddress.ip_address(wanted)
        except ValueError:
            return [_bad_ip(field, wanted, 'must be a valid IP address')]
        if address not in SERVICE_CIDR:
            return [
                _bad_ip(
                    field,
                    wanted,
                    (
                        f'failed to allocate IP {wanted}: provided IP is not '
                        'in the valid range. The range of valid IPs is '
                        f'{SERVICE_CIDR}'
                    ),
                )
            ]
        if wanted in used_ips:
            return [
                _bad_ip(
                    field,
                    wanted,
                    (
                        f'failed to allocate IP {wanted}: provided IP is '
                        'already allocated'
                    ),
                )
            ]
    elif not wanted:
        wanted = str(
            _first_free(
                SERVICE_CIDR.hosts(),
                {ipaddress.ip_address(ip) for ip in used_ips},
            )
        )
    spec['clusterIP'] = wanted
    spec['clusterIPs'] = [wanted]
    spec.setdefault('ipFamilies', ['IPv4'])
    spec.setdefault('ipFamilyPolicy', 'SingleStack')
    if spec.get('type') in ('NodePort', 'LoadBalancer'):
        used = set(used_node_ports)
        for port in spec.get('ports') or []:
            if not port.get('nodePort'):
                port['nodePort'] = _first_free(NODE_PORTS, used)
            used.add(port['nodePort'])
        spec.setdefault('externalTrafficPolicy', 'Cluster')
    return []


def make_node(name, ready=True, address=None, labels=None):
    """Build a Node as a kubelet would register it."""
    node_labels = {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
    }
    node_labels.update(labels or {})
    addresses = [{'type': 'Hostname', 'address': name}]
    if address:
        addresses.insert(0, {'type': 'InternalIP', 'address': address})
    resources = {'cpu': '2', 'memory': '4025424Ki', 'pods': '110'}
    return {
        'apiVersion': 'v1',
        'kind': 'Node',
        'metadata': {'name': name, 'labels': node_labels},
        'spec': {},
        'status': {
            'conditions': [ready_condition(ready)],
            'addresses': addresses,
            'capacity': dict(resources),
            'allocatable': dict(resources),
            'nodeInfo': {
                'architecture': 'amd64',
                'bootID': '',
                'machineID': '',
                'systemUUID': '',
                'containerRuntimeVersion': 'docker://1.9',
                'kernelVersion': '4.4.0',
                'kubeProxyVersion': '',
                'kubeletVersion': 'v1.32.4',
                'operatingSystem': 'linux',
                'osImage': 'Fedora Atomic Host',
            },
        },
    }


def ready_condition(ready):
    """A node ``Ready`` condition, True or False."""
    stamp = now()
    return {
        'type': 'Ready',
        'status': 'True' if ready else 'False',
        'reason': 'KubeletReady' if ready else 'KubeletNotReady',
        'message': 'kubelet is posting ready status'
        if ready
        else 'kubelet stopped posting node status',
        'lastHeartbeatTime': stamp,
        'lastTransitionTime': stamp,
    }

"""Helpers shared by the double's tests: clients and manifests."""

import kubernetes
import requests

TOKEN = 's3cret-token'


def client_for(kube, token=None, pki=None, cert=True):
    """An ``ApiClient`` for ``kube``: token and/or CA + client cert."""
    config = kubernetes.client.Configuration(host=kube.url)
    if token:
        config.api_key = {'authorization': 'Bearer ' + token}
    if pki:
        config.ssl_ca_cert = pki.ca
        if cert:
            config.cert_file, config.key_file = (
                pki.client_cert,
                pki.client_key,
            )
    return kubernetes.client.ApiClient(config)


class Raw:
    """``requests`` against a double, with the token and a timeout."""

    def __init__(self, kube, token=TOKEN):
        self.kube = kube
        self.session = requests.Session()
        if token:
            self.session.headers['Authorization'] = 'Bearer ' + token

    def __call__(self, method, path, **kwargs):
        """Send one request; return the ``requests`` response."""
        kwargs.setdefault('timeout', 10)
        return self.session.request(method, self.kube.url + path, **kwargs)


def pod_body(name, image='nginx:1.25', labels=None, **meta):
    """A minimal pod manifest."""
    return {
        'apiVersion': 'v1',
        'kind': 'Pod',
        'metadata': dict(meta, name=name, labels=labels or {}),
        'spec': {'containers': [{'name': 'main', 'image': image}]},
    }


def rc_body(name, replicas=2, labels=None):
    """A minimal replication controller manifest."""
    labels = labels or {'app': name}
    return {
        'apiVersion': 'v1',
        'kind': 'ReplicationController',
        'metadata': {'name': name},
        'spec': {
            'replicas': replicas,
            'template': {
                'metadata': {'labels': labels},
                'spec': {'containers': [{'name': 'main', 'image': 'redis:7'}]},
            },
        },
    }


def service_body(name, port=80, **spec):
    """A minimal service manifest."""
    return {
        'apiVersion': 'v1',
        'kind': 'Service',
        'metadata': {'name': name},
        'spec': dict(spec, ports=[{'port': port}]),
    }

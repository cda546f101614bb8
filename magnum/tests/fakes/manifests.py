"""Manifests of pods, services and rcs the tests send."""

import json

POD_YAML = """apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
"""
SERVICE_YAML = """apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {tier: front}
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 8080
"""


def rc(replicas=2, image='redis:7', selector=None):
    """A replication controller ``redis`` (a dict)."""
    return {
        'apiVersion': 'v1',
        'kind': 'ReplicationController',
        'metadata': {'name': 'redis'},
        'spec': {
            'replicas': replicas,
            'selector': selector or {'app': 'redis'},
            'template': {
                'metadata': {'labels': {'app': 'redis'}},
                'spec': {'containers': [{'name': 'redis', 'image': image}]},
            },
        },
    }


def rc_json(**kwargs):
    """:func:`rc` as JSON text."""
    return json.dumps(rc(**kwargs))

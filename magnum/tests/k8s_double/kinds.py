"""The resource kinds the double serves, and the discovery documents.

Each :class:`Kind` says how a resource is named on the wire (plural,
singular, Kind, short names), whether it lives in a namespace, which
subresources it has and what a DELETE returns.  Discovery (``/api``,
``/api/v1``, ``/apis``, ``/version``) is built from this table.
"""

import dataclasses

ITEM_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']
SUB_VERBS = ['get', 'patch', 'update']


@dataclasses.dataclass(frozen=True)
class Kind:
    """Static description of one served resource."""

    plural: str
    singular: str
    kind: str
    namespaced: bool
    short_names: tuple = ()
    subresources: tuple = ('status',)
    delete_returns_object: bool = False

    @property
    def list_kind(self):
        """The Kind of a list of these objects, e.g. ``PodList``."""
        return self.kind + 'List'


KINDS = {
    k.plural: k
    for k in (
        Kind('pods', 'pod', 'Pod', True, ('po',), delete_returns_object=True),
        Kind(
            'services',
            'service',
            'Service',
            True,
            ('svc',),
            delete_returns_object=True,
        ),
        Kind(
            'replicationcontrollers',
            'replicationcontroller',
            'ReplicationController',
            True,
            ('rc',),
            ('scale', 'status'),
        ),
        Kind('nodes', 'node', 'Node', False, ('no',)),
        Kind(
            'namespaces',
            'namespace',
            'Namespace',
            False,
            ('ns',),
            delete_returns_object=True,
        ),
    )
}

NAMESPACED = tuple(p for p, k in KINDS.items() if k.namespaced)


def _resource(kind, sub=None):
    entry = {
        'name': kind.plural,
        'singularName': kind.singular,
        'namespaced': kind.namespaced,
        'kind': kind.kind,
        'verbs': list(ITEM_VERBS),
    }
    if sub is None:
        if kind.short_names:
            entry['shortNames'] = list(kind.short_names)
        return entry
    entry.update(
        name=f'{kind.plural}/{sub}', singularName='', verbs=list(SUB_VERBS)
    )
    if sub == 'scale':
        entry.update(group='autoscaling', version='v1', kind='Scale')
    return entry


def api_resource_list():
    """``GET /api/v1``: the APIResourceList of the core group."""
    resources = []
    for kind in KINDS.values():
        resources.append(_resource(kind))
        resources.extend(_resource(kind, sub) for sub in kind.subresources)
    return {
        'kind': 'APIResourceList',
        'apiVersion': 'v1',
        'groupVersion': 'v1',
        'resources': resources,
    }


def api_versions(server_address):
    """``GET /api``: the APIVersions of the legacy core group."""
    return {
        'kind': 'APIVersions',
        'versions': ['v1'],
        'serverAddressByClientCIDRs': [
            {'clientCIDR': '0.0.0.0/0', 'serverAddress': server_address}
        ],
    }


def api_group_list():
    """``GET /apis``: no named groups are served."""
    return {'kind': 'APIGroupList', 'apiVersion': 'v1', 'groups': []}


def version_info(git_version):
    """``GET /version``: a VersionInfo with every field the client needs."""
    major, minor = git_version.lstrip('v').split('.')[:2]
    return {
        'major': major,
        'minor': minor,
        'gitVersion': git_version,
        'gitCommit': '0' * 40,
        'gitTreeState': 'clean',
        'buildDate': '2025-04-22T00:00:00Z',
        'goVersion': 'go1.23.8',
        'compiler': 'gc',
        'platform': 'linux/amd64',
    }


def root_paths():
    """``GET /``: the list of served path prefixes."""
    return {
        'paths': [
            '/api',
            '/api/v1',
            '/apis',
            '/healthz',
            '/livez',
            '/readyz',
            '/version',
        ]
    }

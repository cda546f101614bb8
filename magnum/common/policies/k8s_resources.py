"""Rules of the pods, services and replication controllers of bays.

``pod:*`` (/v1/pods), ``service:*`` (/v1/services) and ``rc:*``
(/v1/rcs): readers of the bay's project read, members write, as for bays.
"""

from magnum.common.policies import base

#: rule prefix -> the collection's URL
RESOURCES = {'pod': '/v1/pods', 'service': '/v1/services', 'rc': '/v1/rcs'}

rules = [
    rule
    for resource, path in RESOURCES.items()
    for rule in base.crud(
        resource,
        path,
        path + '/{%s_ident}/{bay_ident}' % resource,
        reader=base.READER,
        writer=base.WRITER,
        actions=('create', 'delete', 'update', 'get', 'get_all', 'detail'),
    )
]


def list_rules():
    """Return the rules of these resources."""
    return rules

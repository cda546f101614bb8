"""Access to the cloud-lookup implementation in use.

Production uses :class:`magnum.common.cloud.openstack.OpenStackLookup`;
tests install a fake with :func:`set_lookup`.
"""

_LOOKUP = None


def get_lookup():
    """Return the process-wide lookup (the OpenStack one by default)."""
    global _LOOKUP
    if _LOOKUP is None:
        from magnum.common.cloud import openstack

        _LOOKUP = openstack.OpenStackLookup()
    return _LOOKUP


def set_lookup(lookup):
    """Install ``lookup`` (None restores the default on next use)."""
    global _LOOKUP
    _LOOKUP = lookup

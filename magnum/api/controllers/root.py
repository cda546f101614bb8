"""The API root: the versions document, and version-less URLs."""

import pecan
from pecan import rest

from magnum.api import expose
from magnum.api import microversions
from magnum.api.controllers import link
from magnum.api.controllers import v1


def versions_document():
    """Return the document of ``GET /``."""
    return {
        'name': 'OpenStack Magnum API',
        'description': 'Magnum is an OpenStack project which aims to '
        'provide container cluster management.',
        'versions': [
            {
                'id': 'v1',
                'links': [{'href': link.app_url() + '/v1/', 'rel': 'self'}],
                'status': 'CURRENT',
                'max_version': str(microversions.MAX_VERSION),
                'min_version': str(microversions.MIN_VERSION),
            }
        ],
    }


class RootController(rest.RestController):
    """``/``: the versions document; ``/v1``: version 1."""

    v1 = v1.Controller()

    @expose.handler()
    def get(self):
        """Return the versions document (public, no authentication)."""
        return versions_document()

    @pecan.expose()
    def _route(self, args, request=None):
        """Serve version-less URLs (``/clusters``) as ``/v1/clusters``."""
        if args and args[0] and args[0] != 'v1':
            args = ['v1'] + list(args)
        return super()._route(args, request)

"""/v1/credentials: rotating the credentials of a bay (1.12 and later)."""

import pecan
from pecan import rest

from magnum.api import expose
from magnum.api.controllers.v1 import cluster_common


class CredentialsController(rest.RestController):
    """Credentials of bays."""

    @expose.handler(status_code=202, min_version='1.12')
    def patch(self, cluster_ident):
        """Give the bay a new trustee and trust and push them to it.

        :raises: PolicyNotAuthorized (HTTP 403); NotSupported (HTTP 400);
            ClusterNotFound (HTTP 404); InvalidStateTransition,
            ClusterLocked (HTTP 409).
        """
        context = pecan.request.context
        cluster = cluster_common.load_cluster(
            context, cluster_ident, 'credential:rotate'
        )
        pecan.request.rpcapi.rotate_credential(context, cluster.uuid)
        return {'uuid': cluster.uuid}

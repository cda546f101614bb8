"""/v1/stats: how many bays and nodes a project (or the cloud) has."""

import pecan
from pecan import rest

from magnum.api import expose
from magnum.common import exception
from magnum.common import policy
from magnum.db import api as db_api
from magnum.i18n import _


class StatsController(rest.RestController):
    """Usage statistics."""

    @expose.handler()
    def get_all(self, project_id=None, type='cluster'):
        """Return ``{"clusters": N, "nodes": N}``.

        Admins see every project unless they name one; others see their
        own project and may not name another.

        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400) for a
            type other than ``cluster``.
        """
        context = pecan.request.context
        target = {
            'project_id': project_id or context.project_id,
            'user_id': context.user_id,
        }
        policy.authorize(context, 'stats:get_all', target)
        if type != 'cluster':
            raise exception.Invalid(_('Invalid stats type %s') % type)
        if not context.is_admin:
            project_id = context.project_id
        clusters, nodes = db_api.get_instance().get_cluster_stats(
            context, project_id
        )
        return {'clusters': clusters, 'nodes': nodes}

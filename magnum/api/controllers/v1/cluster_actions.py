"""/v1/clusters/{ident}/actions/{resize,upgrade}."""

import pecan
from pecan import rest
from wsme import types as wtypes

from magnum import objects
from magnum.api import bay_rules
from magnum.api import expose
from magnum.api.controllers.v1 import cluster_common as cluster_api
from magnum.api.controllers.v1 import types
from magnum.common import exception
from magnum.common import policy
from magnum.conductor import states


class ResizeBody(wtypes.Base):
    """The body of a resize action."""

    node_count = wtypes.wsattr(types.IntegerType(minimum=0), mandatory=True)
    nodes_to_remove = wtypes.wsattr([wtypes.text], default=[])
    nodegroup = wtypes.wsattr(types.string())


class UpgradeBody(wtypes.Base):
    """The body of an upgrade action."""

    cluster_template = wtypes.wsattr(types.string(), mandatory=True)
    max_batch_size = wtypes.wsattr(types.IntegerType(minimum=1), default=1)
    nodegroup = wtypes.wsattr(types.string())


class ActionsController(rest.RestController):
    """Actions on a bay."""

    _custom_actions = {'resize': ['POST'], 'upgrade': ['POST']}

    @expose.handler(status_code=202, body=True, min_version='1.7')
    def resize(self, cluster_ident, body):
        """Resize a nodegroup (default: the default worker nodegroup).

        :raises: PolicyNotAuthorized (HTTP 403); Invalid,
            NGResizeOutBounds, MasterNGResizeNotSupported,
            ZeroNodeCountNotSupported (HTTP 400); ClusterNotFound,
            NodeGroupNotFound (HTTP 404); InvalidStateTransition (HTTP 409).
        """
        context = pecan.request.context
        cluster = cluster_api.load_cluster(
            context, cluster_ident, 'cluster:resize'
        )
        fields = types.set_fields(types.from_body(ResizeBody, body))
        if fields['node_count'] == 0 and expose.request_version() < '1.10':
            raise exception.ZeroNodeCountNotSupported()
        ident = fields.get('nodegroup')
        if ident:
            ng = objects.NodeGroup.get(context, cluster.uuid, ident)
        else:
            ng = [
                g
                for g in objects.NodeGroup.list(context, cluster.uuid)
                if g.is_default and g.role == 'worker'
            ][0]
        bay_rules.check_resize_bounds(ng, fields['node_count'])
        cluster_api.start(
            context,
            cluster,
            states.RESIZE,
            {
                'nodegroup': ng.uuid,
                'node_count': fields['node_count'],
                'nodes_to_remove': fields.get('nodes_to_remove') or [],
            },
        )
        return {'uuid': cluster.uuid}

    @expose.handler(status_code=202, body=True, min_version='1.7')
    def upgrade(self, cluster_ident, body):
        """Upgrade a bay to another template.

        :raises: PolicyNotAuthorized (HTTP 403); ClusterUpgradeNotSupported
            (HTTP 400) at microversion 1.7; NotSupported (HTTP 400) when
            the bay's driver cannot upgrade; ClusterNotFound,
            ClusterTemplateNotFound (HTTP 404);
            InvalidClusterTemplateForUpgrade, InvalidStateTransition
            (HTTP 409).
        """
        context = pecan.request.context
        cluster = cluster_api.load_cluster(
            context,
            cluster_ident,
            'cluster:upgrade',
            'cluster:upgrade_all_projects',
        )
        if expose.request_version() < '1.8':
            raise exception.ClusterUpgradeNotSupported()
        fields = types.set_fields(types.from_body(UpgradeBody, body))
        template = objects.ClusterTemplate.get(
            context, fields['cluster_template']
        )
        ng_uuid = None
        if fields.get('nodegroup'):
            ng = objects.NodeGroup.get(
                context, cluster.uuid, fields['nodegroup']
            )
            if (
                not ng.is_default
                and template.uuid != cluster.cluster_template_id
            ):
                raise exception.InvalidClusterTemplateForUpgrade(
                    reason='a non-default nodegroup can only be upgraded '
                    'to the template of its cluster'
                )
            ng_uuid = ng.uuid
        policy.authorize(
            context, 'cluster:upgrade', cluster_api.target(cluster)
        )
        pecan.request.rpcapi.upgrade_cluster(
            context,
            cluster.uuid,
            template.uuid,
            fields['max_batch_size'],
            ng_uuid,
        )
        return {'uuid': cluster.uuid}

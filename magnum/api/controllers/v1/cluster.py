"""Bays: /v1/clusters and the legacy /v1/bays.

Creating, updating or deleting a bay writes the bay (and its default
nodegroups) with an ``*_IN_PROGRESS`` status and the operation the
conductor owes, in one transaction, then casts the work; the answer is
202. The conductor settles the status when the stacks finish.
"""

from oslo_utils import timeutils
import pecan
from pecan import rest
from wsme import types as wtypes

from magnum import objects
from magnum.api import bay_rules
from magnum.api import expose
from magnum.api.controllers.v1 import cluster_actions
from magnum.api.controllers.v1 import cluster_common
from magnum.api.controllers.v1 import cluster_views
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import nodegroup
from magnum.api.controllers.v1 import patch as jsonpatch_rules
from magnum.api.controllers.v1 import types
from magnum.common import exception
from magnum.common import name_generator
from magnum.common import policy
from magnum.conductor import states
from magnum.db import api as db_api
from magnum.i18n import _
from magnum.objects import fields as m_fields

NAME = types.string(max_length=242, pattern='^[a-zA-Z][a-zA-Z0-9_.-]*$')
_HEALTH = wtypes.Enum(str, *m_fields.ClusterHealthStatus.ALL)


def _body_type(class_name, template_field, timeout_field):
    attrs = {
        'name': wtypes.wsattr(NAME),
        template_field: wtypes.wsattr(types.uuid_or_name, mandatory=True),
        'keypair': wtypes.wsattr(types.string()),
        'node_count': wtypes.wsattr(types.IntegerType(minimum=0)),
        'master_count': wtypes.wsattr(types.IntegerType(minimum=1)),
        'docker_volume_size': wtypes.wsattr(types.IntegerType(minimum=1)),
        'labels': wtypes.wsattr(types.labels),
        'master_flavor_id': wtypes.wsattr(types.string()),
        'flavor_id': wtypes.wsattr(types.string()),
        timeout_field: wtypes.wsattr(types.IntegerType(minimum=0)),
        'discovery_url': wtypes.wsattr(types.string(min_length=0)),
        'fixed_network': wtypes.wsattr(types.string()),
        'fixed_subnet': wtypes.wsattr(types.string()),
        'floating_ip_enabled': wtypes.wsattr(types.boolean),
        'master_lb_enabled': wtypes.wsattr(types.boolean),
        'merge_labels': wtypes.wsattr(types.boolean),
    }
    return type(class_name, (wtypes.Base,), attrs)


ClusterBody = _body_type(
    'ClusterBody', 'cluster_template_id', 'create_timeout'
)
BayBody = _body_type('BayBody', 'baymodel_id', 'bay_create_timeout')


class ClusterPatchBody(wtypes.Base):
    """What a bay PATCH may change."""

    node_count = wtypes.wsattr(types.IntegerType(minimum=0))
    health_status = wtypes.wsattr(_HEALTH)
    health_status_reason = wtypes.wsattr(types.labels)


PATCHABLE = ('node_count', 'health_status', 'health_status_reason')
#: Paths a PATCH must not touch (besides the common internal ones).
INTERNAL = (
    '/api_address',
    '/node_addresses',
    '/master_addresses',
    '/stack_id',
    '/cluster_id',
    '/ca_cert_ref',
    '/magnum_cert_ref',
    '/etcd_ca_cert_ref',
    '/front_proxy_ca_cert_ref',
    '/trust_id',
    '/trustee_user_name',
    '/trustee_password',
    '/trustee_user_id',
)
DEFAULT_TIMEOUT = 60


def default_nodegroups(fields, template):
    """Values of the default master and worker nodegroups of a new bay."""
    labels = fields['labels']
    common = {
        'project_id': fields['project_id'],
        'labels': labels,
        'image_id': template.image_id,
        'is_default': True,
        'docker_volume_size': fields.get('docker_volume_size'),
        'status': states.S.CREATE_IN_PROGRESS,
    }
    max_nodes = labels.get('max_node_count')
    return [
        dict(
            common,
            name='default-master',
            role='master',
            node_count=fields['master_count'],
            flavor_id=fields.get('master_flavor_id'),
        ),
        dict(
            common,
            name='default-worker',
            role='worker',
            node_count=fields['node_count'],
            flavor_id=fields.get('flavor_id'),
            min_node_count=int(labels.get('min_node_count', 0) or 0),
            max_node_count=int(max_nodes) if max_nodes else None,
        ),
    ]


class ClustersController(rest.RestController):
    """Bays under one resource name (``clusters`` or ``bays``)."""

    _custom_actions = {'detail': ['GET']}

    def __init__(self, resource='clusters', legacy=False):
        super().__init__()
        self.resource = resource
        self.legacy = legacy
        self.body_type = BayBody if legacy else ClusterBody
        if not legacy:
            # The bay API never had actions or nodegroups (they came with
            # microversions 1.7 and 1.9, on clusters only).
            self.actions = cluster_actions.ActionsController()
            self.nodegroups = nodegroup.NodeGroupController()

    def _view(self, cluster, nodegroups, **kwargs):
        return cluster_views.view(
            cluster,
            nodegroups,
            self.resource,
            expose.request_version(),
            legacy=self.legacy,
            **kwargs,
        )

    def _list(self, rule, limit, marker, sort_key, sort_dir, detail):
        context = pecan.request.context
        limit, sort_dir = collection.authorize_list(
            context, 'cluster', rule, limit, sort_dir
        )
        clusters = objects.Cluster.list(
            context,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        groups = objects.NodeGroup.list_for_clusters(
            context, [c.uuid for c in clusters]
        )
        if detail:
            fields = cluster_views.FULL
        else:
            fields = (
                cluster_views.BAY_SUMMARY
                if self.legacy
                else cluster_views.SUMMARY
            )
        items = [
            self._view(c, groups[c.uuid], fields=fields) for c in clusters
        ]
        return collection.collection(
            self.resource,
            items,
            limit,
            self.resource,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )

    @expose.handler()
    def get_all(self, limit=None, marker=None, sort_key='id', sort_dir='asc'):
        """List the caller's bays (every project's for admins).

        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400);
            ClusterNotFound (HTTP 404) for an unknown marker.
        """
        return self._list(
            'get_all', limit, marker, sort_key, sort_dir, detail=False
        )

    @expose.handler()
    def detail(self, limit=None, marker=None, sort_key='id', sort_dir='asc'):
        """List the caller's bays with every field.

        :raises: as :meth:`get_all`.
        """
        return self._list(
            'detail', limit, marker, sort_key, sort_dir, detail=True
        )

    @expose.handler()
    def get_one(self, ident):
        """Show a bay, by uuid or name.

        :raises: PolicyNotAuthorized (HTTP 403); ClusterNotFound (HTTP
            404); AmbiguousName (HTTP 409).
        """
        context = pecan.request.context
        cluster = cluster_common.load_cluster(
            context, ident, 'cluster:get', 'cluster:get_one_all_projects'
        )
        nodegroups = objects.NodeGroup.list(context, cluster.uuid)
        template = _template_or_none(context, cluster)
        return self._view(
            cluster, nodegroups, template=template, show_faults=True
        )

    @expose.handler(status_code=202, body=True)
    def post(self, body):
        """Create a bay: 202 with its uuid (201 and the bay for the
        legacy bay API at microversion 1.1).

        :raises: PolicyNotAuthorized, ResourceLimitExceeded (HTTP 403);
            Invalid and its subclasses (HTTP 400) for bad fields, an
            unusable template, flavor or network; KeyPairNotFound,
            ClusterTemplateNotFound (HTTP 404).
        """
        context = pecan.request.context
        policy.authorize(context, 'cluster:create')
        fields = {
            k: v
            for k, v in types.set_fields(
                types.from_body(self.body_type, body)
            ).items()
            if v is not None
        }
        if self.legacy:
            fields['cluster_template_id'] = fields.pop('baymodel_id')
            if 'bay_create_timeout' in fields:
                fields['create_timeout'] = fields.pop('bay_create_timeout')
        version = expose.request_version()
        fields.setdefault('node_count', 1)
        fields.setdefault('master_count', 1)
        if fields['node_count'] == 0 and version < '1.10':
            raise exception.ZeroNodeCountNotSupported()
        template = self._template(
            context, fields['cluster_template_id'], version
        )
        fields['cluster_template_id'] = template.uuid
        bay_rules.check_driver(template)
        bay_rules.inherit(fields, template)
        bay_rules.check_master_count(fields)
        bay_rules.check_os_resources(context, fields, template)
        fields.setdefault('name', name_generator.generate('cluster'))
        fields.setdefault('create_timeout', DEFAULT_TIMEOUT)
        if fields.get('discovery_url') == '':
            fields.pop('discovery_url')
        fields.update(project_id=context.project_id, user_id=context.user_id)
        cluster = self._insert(context, fields, template)
        pecan.request.rpcapi.start_operation(context, cluster.uuid)
        if self.legacy and version < '1.2':
            pecan.response.status = 201
            nodegroups = objects.NodeGroup.list(context, cluster.uuid)
            return self._view(cluster, nodegroups)
        return {'uuid': cluster.uuid}

    @staticmethod
    def _template(context, ident, version):
        try:
            template = objects.ClusterTemplate.get(context, ident)
        except exception.ClusterTemplateNotFound as e:
            if version < '1.10':
                raise exception.InvalidParameterValue(err=e.message)
            raise
        if (
            template.hidden
            and not context.is_admin
            and template.project_id != context.project_id
        ):
            raise exception.NotAuthorized(
                _('The cluster template %s is hidden.') % ident
            )
        return template

    @staticmethod
    def _insert(context, fields, template):
        nodegroups = default_nodegroups(fields, template)
        values = {
            k: v
            for k, v in fields.items()
            if k not in ('node_count', 'master_count')
        }
        values.update(
            status=states.S.CREATE_IN_PROGRESS,
            operation=states.CREATE.name,
            operation_args={
                'token': context.auth_token,
                'roles': list(context.roles),
            },
            status_started_at=timeutils.utcnow(),
        )
        limit = bay_rules.quota_limit(context, context.project_id)
        row, _ngs = db_api.get_instance().create_cluster_with_nodegroups(
            context, values, nodegroups, limit
        )
        return objects.Cluster._from_db_object(
            objects.Cluster(context), row, context
        )

    @expose.handler(status_code=202, body=True)
    def patch(self, ident, body, rollback=False):
        """Update a bay with a JSON patch: node_count starts a scale;
        health_status and health_status_reason are recorded.

        :raises: PolicyNotAuthorized (HTTP 403); Invalid, PatchError
            (HTTP 400) for other fields or bad values; ClusterNotFound
            (HTTP 404); InvalidStateTransition (HTTP 409) when the bay is
            busy.
        """
        context = pecan.request.context
        cluster = cluster_common.load_cluster(
            context, ident, 'cluster:update', 'cluster:update_all_projects'
        )
        version = expose.request_version()
        if rollback and version < '1.3':
            raise exception.Invalid(
                _('rollback is not supported before microversion 1.3')
            )
        nodegroups = objects.NodeGroup.list(context, cluster.uuid)
        node_count, *_rest = cluster_views.counts(nodegroups)
        current = {
            'node_count': node_count,
            'health_status': cluster.health_status,
            'health_status_reason': cluster.health_status_reason,
        }
        ops = jsonpatch_rules.validate(body, internal=INTERNAL)
        document = {
            k: getattr(cluster, k, None)
            for k in cluster_views.FULL
            if hasattr(cluster, k)
        }
        document.update(current)
        patched = jsonpatch_rules.apply(document, ops)
        changed = sorted(k for k in patched if patched[k] != document.get(k))
        illegal = [k for k in changed if k not in PATCHABLE]
        if illegal:
            raise exception.Invalid(
                _('cannot change cluster property(ies) %s.')
                % ', '.join(illegal)
            )
        checked = types.set_fields(
            types.from_body(
                ClusterPatchBody,
                {k: patched[k] for k in changed if patched[k] is not None},
            )
        )
        if 'node_count' in changed:
            self._scale(
                context,
                cluster,
                nodegroups,
                checked.get('node_count'),
                version,
            )
        elif _names(ops, 'node_count'):
            # The count may already be the one a scale in progress set:
            # the answer must not depend on how far that scale got.
            states.check_status(cluster, states.UPDATE)
        health = {k: checked.get(k) for k in changed if k != 'node_count'}
        if health:
            policy.authorize(
                context,
                'cluster:update_health_status',
                cluster_common.target(cluster),
            )
            for key, value in health.items():
                setattr(cluster, key, value)
            cluster.save()
        if self.legacy and version < '1.2':
            # The first releases scaled synchronously and answered with
            # the new count; the conductor sets it on the nodegroup later.
            for ng in nodegroups:
                if 'node_count' in changed and _default_worker(ng):
                    ng.node_count = checked['node_count']
            pecan.response.status = 200
            return self._view(
                objects.Cluster.get(context, cluster.uuid), nodegroups
            )
        return {'uuid': cluster.uuid}

    @staticmethod
    def _scale(context, cluster, nodegroups, node_count, version):
        if node_count is None:
            raise exception.Invalid(_('node_count cannot be removed'))
        if node_count == 0 and version < '1.10':
            raise exception.ZeroNodeCountNotSupported()
        worker = [ng for ng in nodegroups if _default_worker(ng)]
        if worker:
            bay_rules.check_resize_bounds(worker[0], node_count)
        cluster_common.start(
            context, cluster, states.UPDATE, {'node_count': node_count}
        )

    @expose.handler(status_code=204)
    def delete(self, ident):
        """Delete a bay (its stacks, certificates, trust, then the row).

        :raises: PolicyNotAuthorized (HTTP 403); ClusterNotFound (HTTP
            404).
        """
        context = pecan.request.context
        cluster = cluster_common.load_cluster(
            context, ident, 'cluster:delete', 'cluster:delete_all_projects'
        )
        if cluster.status == states.S.DELETE_IN_PROGRESS:
            return
        cluster_common.start(context, cluster, states.DELETE)


def _names(ops, field):
    """Return whether a validated JSON patch touches ``/field``."""
    return any(op['path'].lstrip('/').split('/')[0] == field for op in ops)


def _default_worker(nodegroup):
    return nodegroup.is_default and nodegroup.role == 'worker'


def _template_or_none(context, cluster):
    admin = context.elevated()
    try:
        return objects.ClusterTemplate.get(admin, cluster.cluster_template_id)
    except exception.ClusterTemplateNotFound:
        return None

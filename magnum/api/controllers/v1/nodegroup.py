"""/v1/clusters/{cluster_ident}/nodegroups (microversion 1.9 and later)."""

from oslo_utils import uuidutils
import pecan
from pecan import rest
from wsme import types as wtypes

from magnum import objects
from magnum.api import expose
from magnum.api import validation
from magnum.api.controllers import link
from magnum.api.controllers.v1 import cluster_common
from magnum.api.controllers.v1 import cluster_template
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import patch as jsonpatch_rules
from magnum.api.controllers.v1 import types
from magnum.common import exception
from magnum.common import name_generator
from magnum.common import policy
from magnum.conductor import states
from magnum.i18n import _

MIN_VERSION = '1.9'
FULL = (
    'id',
    'uuid',
    'name',
    'cluster_id',
    'project_id',
    'docker_volume_size',
    'labels',
    'flavor_id',
    'image_id',
    'node_addresses',
    'node_count',
    'role',
    'max_node_count',
    'min_node_count',
    'is_default',
    'stack_id',
    'status',
    'status_reason',
    'version',
    'node_labels',
    'node_taints',
    'created_at',
    'updated_at',
)
SUMMARY = (
    'uuid',
    'name',
    'flavor_id',
    'node_count',
    'role',
    'is_default',
    'image_id',
    'status',
    'stack_id',
)
PATCHABLE = ('min_node_count', 'max_node_count', 'node_labels', 'node_taints')
TAINT_EFFECTS = ('NoSchedule', 'PreferNoSchedule', 'NoExecute')
#: kubernetes.io labels a nodegroup may still set.
ALLOWED_K8S_LABELS = (
    'beta.kubernetes.io/arch',
    'beta.kubernetes.io/instance-type',
    'beta.kubernetes.io/os',
    'failure-domain.beta.kubernetes.io/region',
    'failure-domain.beta.kubernetes.io/zone',
    'kubernetes.io/arch',
    'kubernetes.io/hostname',
    'kubernetes.io/os',
    'node.kubernetes.io/instance-type',
    'node.kubernetes.io/windows-build',
    'topology.kubernetes.io/region',
    'topology.kubernetes.io/zone',
)
ALLOWED_K8S_PREFIXES = ('kubelet.kubernetes.io/', 'node.kubernetes.io/')


class NodeGroupBody(wtypes.Base):
    """The writable fields of a new nodegroup."""

    name = wtypes.wsattr(types.string())
    docker_volume_size = wtypes.wsattr(types.IntegerType(minimum=1))
    labels = wtypes.wsattr(types.labels)
    flavor_id = wtypes.wsattr(types.string())
    image_id = wtypes.wsattr(types.string())
    node_count = wtypes.wsattr(types.IntegerType(minimum=0), default=1)
    role = wtypes.wsattr(types.string(), default='worker')
    min_node_count = wtypes.wsattr(types.IntegerType(minimum=0), default=0)
    max_node_count = wtypes.wsattr(types.IntegerType(minimum=0))
    merge_labels = wtypes.wsattr(types.boolean, default=False)
    node_labels = wtypes.wsattr(types.labels)
    node_taints = wtypes.wsattr([{wtypes.text: wtypes.text}])


class NodeGroupPatchBody(wtypes.Base):
    """What a nodegroup PATCH may change."""

    min_node_count = wtypes.wsattr(types.IntegerType(minimum=0))
    max_node_count = wtypes.wsattr(types.IntegerType(minimum=0))
    node_labels = wtypes.wsattr(types.labels)
    node_taints = wtypes.wsattr([{wtypes.text: wtypes.text}])


def view(ng, cluster_uuid, fields=FULL):
    """Return the representation of a nodegroup."""
    body = {}
    for field in fields:
        value = getattr(ng, field)
        body[field] = (
            cluster_template.iso(value) if field.endswith('_at') else value
        )
    if fields is FULL:
        body['links'] = link.self_and_bookmark(
            'clusters', '%s/nodegroups/%s' % (cluster_uuid, ng.uuid)
        )
    return body


def _invalid(ng_name, attr, expl):
    return exception.NodeGroupInvalidInput(
        attr=attr, nodegroup=ng_name, expl=expl
    )


def check_counts(name, node_count, low, high):
    """:raises: NodeGroupInvalidInput (HTTP 409) for inconsistent counts."""
    if high is not None and low is not None and high < low:
        raise _invalid(
            name,
            'max_node_count',
            _('max_node_count must be >= min_node_count'),
        )
    if low is not None and node_count is not None and node_count < low:
        raise _invalid(
            name, 'node_count', _('node_count must be >= min_node_count')
        )
    if high is not None and node_count is not None and node_count > high:
        raise _invalid(
            name, 'node_count', _('node_count must be <= max_node_count')
        )


def check_node_labels(name, labels):
    """Refuse labels in Kubernetes' reserved namespaces.

    :raises: NodeGroupInvalidInput (HTTP 409).
    """
    for key in labels or {}:
        prefix = key.split('/', 1)[0] if '/' in key else ''
        reserved = prefix.endswith(('kubernetes.io', 'k8s.io'))
        if (
            reserved
            and key not in ALLOWED_K8S_LABELS
            and not key.startswith(ALLOWED_K8S_PREFIXES)
        ):
            raise _invalid(
                name,
                'node_labels',
                _('label %s is in a reserved namespace') % key,
            )


def check_node_taints(name, taints):
    """Taints are ``{key, value?, effect}``.

    :raises: NodeGroupInvalidInput (HTTP 409).
    """
    for taint in taints or []:
        unknown = set(taint) - {'key', 'value', 'effect'}
        if (
            unknown
            or not taint.get('key')
            or taint.get('effect') not in TAINT_EFFECTS
        ):
            raise _invalid(
                name,
                'node_taints',
                _(
                    'each taint needs a key and an effect among %s, and '
                    'nothing else'
                )
                % ', '.join(TAINT_EFFECTS),
            )


class NodeGroupController(rest.RestController):
    """Nodegroups of one bay."""

    def _cluster(self, cluster_ident, rule, all_projects=None):
        context = pecan.request.context
        return context, cluster_common.load_cluster(
            context, cluster_ident, 'nodegroup:%s' % rule, all_projects
        )

    @expose.handler(min_version=MIN_VERSION)
    def get_all(
        self,
        cluster_ident,
        limit=None,
        marker=None,
        sort_key='id',
        sort_dir='asc',
        role=None,
    ):
        """List a bay's nodegroups (optionally of one role).

        :raises: PolicyNotAuthorized (HTTP 403); ClusterNotFound (HTTP 404).
        """
        context, cluster = self._cluster(
            cluster_ident, 'get_all', 'nodegroup:get_all_all_projects'
        )
        limit = collection.validate_limit(limit)
        sort_dir = collection.validate_sort_dir(sort_dir)
        filters = {'role': role} if role else None
        ngs = objects.NodeGroup.list(
            context,
            cluster.uuid,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
            filters=filters,
        )
        items = [view(ng, cluster.uuid, SUMMARY) for ng in ngs]
        return collection.collection(
            'nodegroups',
            items,
            limit,
            'clusters/%s/nodegroups' % cluster.uuid,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )

    @expose.handler(min_version=MIN_VERSION)
    def get_one(self, cluster_ident, ident):
        """Show a nodegroup by id, uuid or name.

        :raises: PolicyNotAuthorized (HTTP 403); ClusterNotFound,
            NodeGroupNotFound (HTTP 404).
        """
        context, cluster = self._cluster(
            cluster_ident, 'get', 'nodegroup:get_one_all_projects'
        )
        ng = objects.NodeGroup.get(context, cluster.uuid, ident)
        return view(ng, cluster.uuid)

    @expose.handler(status_code=202, body=True, min_version=MIN_VERSION)
    def post(self, cluster_ident, body):
        """Add a worker nodegroup to a bay (a stack of its own).

        :raises: PolicyNotAuthorized (HTTP 403); Invalid,
            CreateMasterNodeGroup, FlavorNotFound (HTTP 400);
            ClusterNotFound (HTTP 404); ClusterAPIAddressUnavailable,
            NodeGroupAlreadyExists, NodeGroupInvalidInput,
            InvalidStateTransition (HTTP 409).
        """
        context, cluster = self._cluster(cluster_ident, 'create')
        fields = {
            k: v
            for k, v in types.set_fields(
                types.from_body(NodeGroupBody, body)
            ).items()
            if v is not None
        }
        if fields['role'] == 'master':
            raise exception.CreateMasterNodeGroup()
        if not cluster.api_address:
            raise exception.ClusterAPIAddressUnavailable()
        name = fields.setdefault('name', name_generator.generate('ng'))
        check_counts(
            name,
            fields['node_count'],
            fields['min_node_count'],
            fields.get('max_node_count'),
        )
        check_node_labels(name, fields.get('node_labels'))
        check_node_taints(name, fields.get('node_taints'))
        labels = fields.get('labels')
        if not labels or fields.pop('merge_labels', False):
            fields['labels'] = dict(cluster.labels or {}, **(labels or {}))
        fields.pop('merge_labels', None)
        fields.setdefault('flavor_id', cluster.flavor_id)
        fields.setdefault('docker_volume_size', cluster.docker_volume_size)
        if 'image_id' not in fields:
            admin = context.elevated()
            fields['image_id'] = objects.ClusterTemplate.get(
                admin, cluster.cluster_template_id
            ).image_id
        validation.check_os_resources(
            context, {'flavor_id': fields['flavor_id']}
        )
        fields.update(
            project_id=cluster.project_id,
            is_default=False,
            status=states.S.CREATE_IN_PROGRESS,
            uuid=uuidutils.generate_uuid(),
        )
        row = cluster_common.start(
            context,
            cluster,
            states.NODEGROUP_CREATE,
            {'nodegroup': fields['uuid']},
            nodegroup=fields,
        )
        ng = objects.NodeGroup._from_db_object(
            objects.NodeGroup(context), row, context
        )
        return view(ng, cluster.uuid)

    @expose.handler(status_code=202, body=True, min_version=MIN_VERSION)
    def patch(self, cluster_ident, ident, body):
        """Change a nodegroup's bounds, node labels or taints.

        :raises: PolicyNotAuthorized (HTTP 403); Invalid, PatchError
            (HTTP 400); ClusterNotFound, NodeGroupNotFound (HTTP 404);
            NodeGroupInvalidInput (HTTP 409).
        """
        context, cluster = self._cluster(cluster_ident, 'update')
        ng = objects.NodeGroup.get(context, cluster.uuid, ident)
        ops = jsonpatch_rules.validate(body)
        document = {k: getattr(ng, k) for k in FULL}
        patched = jsonpatch_rules.apply(document, ops)
        changed = [k for k in patched if patched[k] != document.get(k)]
        illegal = sorted(k for k in changed if k not in PATCHABLE)
        if illegal:
            raise exception.Invalid(
                _("'%s' is an internal attribute and can not be updated")
                % ', '.join('/' + k for k in illegal)
            )
        checked = types.set_fields(
            types.from_body(
                NodeGroupPatchBody,
                {k: patched[k] for k in changed if patched[k] is not None},
            )
        )
        new = {k: checked.get(k) for k in changed}
        if ng.role == 'master' and set(new) & {'node_labels', 'node_taints'}:
            raise _invalid(
                ng.name,
                'node_labels',
                _('master nodegroups have no node labels or taints'),
            )
        check_counts(
            ng.name,
            ng.node_count,
            new.get('min_node_count', ng.min_node_count),
            new.get('max_node_count', ng.max_node_count),
        )
        check_node_labels(ng.name, new.get('node_labels'))
        check_node_taints(ng.name, new.get('node_taints'))
        for key, value in new.items():
            setattr(ng, key, value)
        ng.save()
        return view(ng, cluster.uuid)

    @expose.handler(status_code=204, min_version=MIN_VERSION)
    def delete(self, cluster_ident, ident):
        """Delete a non-default nodegroup and its stack.

        :raises: PolicyNotAuthorized (HTTP 403);
            DeletingDefaultNGNotSupported (HTTP 400); ClusterNotFound,
            NodeGroupNotFound (HTTP 404); InvalidStateTransition (HTTP 409).
        """
        context, cluster = self._cluster(cluster_ident, 'delete')
        ng = objects.NodeGroup.get(context, cluster.uuid, ident)
        if ng.is_default:
            raise exception.DeletingDefaultNGNotSupported()
        policy.authorize(
            context, 'nodegroup:delete', cluster_common.target(cluster)
        )
        cluster_common.start(
            context,
            cluster,
            states.NODEGROUP_DELETE,
            {'nodegroup': ng.uuid},
            nodegroup_updates={ng.id: {'status': states.S.DELETE_IN_PROGRESS}},
        )

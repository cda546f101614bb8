"""/v1/quotas: explicit cluster limits per project."""

from oslo_config import cfg
import pecan
from pecan import rest
from wsme import types as wtypes

from magnum import objects
from magnum.api import expose
from magnum.api.controllers.v1 import cluster_template
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import types
from magnum.common import cloud
from magnum.common import exception
from magnum.common import policy
from magnum.i18n import _
from magnum.objects import fields as m_fields

CONF = cfg.CONF
_RESOURCE = wtypes.Enum(str, *m_fields.QuotaResource.ALL)


class QuotaBody(wtypes.Base):
    """The body of a quota create."""

    project_id = wtypes.wsattr(types.string(), mandatory=True)
    resource = wtypes.wsattr(_RESOURCE, default='Cluster')
    hard_limit = wtypes.wsattr(types.IntegerType(minimum=0), default=1)


class QuotaUpdateBody(wtypes.Base):
    """The body of a quota update (not a JSON patch, as upstream)."""

    project_id = wtypes.wsattr(types.string())
    resource = wtypes.wsattr(_RESOURCE)
    hard_limit = wtypes.wsattr(types.IntegerType(minimum=0), mandatory=True)


def view(quota):
    """Return the API representation of a quota."""
    return {
        'id': quota.id,
        'project_id': quota.project_id,
        'resource': quota.resource,
        'hard_limit': quota.hard_limit,
        'created_at': cluster_template.iso(quota.created_at),
        'updated_at': cluster_template.iso(quota.updated_at),
    }


def _check_resource(resource):
    if resource not in m_fields.QuotaResource.ALL:
        raise exception.Invalid(
            _('Invalid quota resource %(resource)s; expected one of %(all)s')
            % {
                'resource': resource,
                'all': ', '.join(m_fields.QuotaResource.ALL),
            }
        )


def _authorize_project(context, rule, project_id):
    target = {'project_id': project_id, 'user_id': context.user_id}
    policy.authorize(context, rule, target)


class QuotaController(rest.RestController):
    """CRUD of quotas; items are addressed by project and resource."""

    @expose.handler()
    def get_all(
        self,
        limit=None,
        marker=None,
        sort_key='id',
        sort_dir='asc',
        all_tenants=False,
    ):
        """List explicit quotas (of every project with ``all_tenants``).

        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400).
        """
        context = pecan.request.context
        policy.authorize(context, 'quota:get_all')
        try:
            context.all_tenants = types.BooleanType.validate(all_tenants)
        except ValueError as e:
            raise exception.Invalid(str(e))
        limit = collection.validate_limit(limit)
        sort_dir = collection.validate_sort_dir(sort_dir)
        if marker is not None:
            try:
                marker = int(marker)
            except ValueError:
                raise exception.Invalid(_('marker must be an integer id'))
        quotas = objects.Quota.list(
            context,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        return collection.collection(
            'quotas',
            [view(q) for q in quotas],
            limit,
            'quotas',
            marker_key='id',
            sort_key=sort_key,
            sort_dir=sort_dir,
        )

    @expose.handler()
    def get_one(self, project_id, resource):
        """Show a project's quota, or the default when none is set.

        :raises: PolicyNotAuthorized (HTTP 403).
        """
        context = pecan.request.context
        _authorize_project(context, 'quota:get', project_id)
        _check_resource(resource)
        context.all_tenants = True
        quota = objects.Quota.get_by_project_id_resource(
            context, project_id, resource
        )
        if quota is None:
            return {
                'project_id': project_id,
                'resource': resource,
                'hard_limit': CONF.quotas.max_clusters_per_project,
                'id': None,
                'created_at': None,
                'updated_at': None,
            }
        return view(quota)

    @expose.handler(status_code=201, body=True)
    def post(self, body):
        """Create a quota for an existing Keystone project.

        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400);
            ProjectNotFound (HTTP 404); QuotaAlreadyExists (HTTP 409).
        """
        context = pecan.request.context
        policy.authorize(context, 'quota:create')
        fields = types.set_fields(types.from_body(QuotaBody, body))
        project = cloud.get_lookup().find_project(
            context, fields['project_id']
        )
        if project is None:
            raise exception.ProjectNotFound(name=fields['project_id'])
        quota = objects.Quota(
            context,
            project_id=project.id,
            resource=fields['resource'],
            hard_limit=fields['hard_limit'],
        )
        quota.create()
        return view(quota)

    @expose.handler(status_code=202, body=True)
    def patch(self, project_id, resource, body):
        """Change a quota's hard limit.

        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400);
            QuotaNotFound (HTTP 404).
        """
        context = pecan.request.context
        policy.authorize(context, 'quota:update')
        _check_resource(resource)
        fields = types.set_fields(types.from_body(QuotaUpdateBody, body))
        context.all_tenants = True
        quota = objects.Quota(
            context, project_id=project_id, resource=resource
        )
        quota.update_hard_limit(fields['hard_limit'])
        return view(quota)

    @expose.handler(status_code=204)
    def delete(self, project_id, resource):
        """Delete a quota.

        :raises: PolicyNotAuthorized (HTTP 403); QuotaNotFound (HTTP 404).
        """
        context = pecan.request.context
        policy.authorize(context, 'quota:delete')
        _check_resource(resource)
        context.all_tenants = True
        objects.Quota(
            context, project_id=project_id, resource=resource
        ).destroy()

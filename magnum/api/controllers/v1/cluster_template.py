"""Cluster templates: /v1/clustertemplates and the legacy /v1/baymodels.

Both names serve the same resource at every microversion; they differ only
in their URLs, the key of their collections and, for baymodels, the short
fields of the plain list (upstream's legacy view).
"""

import pecan
from pecan import rest
from wsme import types as wtypes

from magnum import objects
from magnum.api import expose
from magnum.api import validation
from magnum.api.controllers import link
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import patch as jsonpatch_rules
from magnum.api.controllers.v1 import types
from magnum.common import exception
from magnum.common import name_generator
from magnum.common import policy
from magnum.drivers import registry
from magnum.objects import fields as m_fields

_COE = wtypes.Enum(str, *m_fields.ClusterType.ALL)
_SERVER_TYPE = wtypes.Enum(str, *m_fields.ServerType.ALL)


class ClusterTemplateBody(wtypes.Base):
    """The writable fields of a cluster template and their constraints."""

    name = wtypes.wsattr(types.string())
    coe = wtypes.wsattr(_COE, mandatory=True)
    image_id = wtypes.wsattr(types.string(), mandatory=True)
    flavor_id = wtypes.wsattr(types.string())
    master_flavor_id = wtypes.wsattr(types.string())
    dns_nameserver = wtypes.wsattr(types.dnslist)
    keypair_id = wtypes.wsattr(types.string())
    external_network_id = wtypes.wsattr(types.string())
    fixed_network = wtypes.wsattr(types.string())
    fixed_subnet = wtypes.wsattr(types.string())
    network_driver = wtypes.wsattr(types.string())
    volume_driver = wtypes.wsattr(types.string())
    apiserver_port = wtypes.wsattr(types.IntegerType(1024, 65535))
    docker_volume_size = wtypes.wsattr(types.IntegerType(minimum=1))
    docker_storage_driver = wtypes.wsattr(types.string())
    cluster_distro = wtypes.wsattr(types.string())
    http_proxy = wtypes.wsattr(types.string())
    https_proxy = wtypes.wsattr(types.string())
    no_proxy = wtypes.wsattr(types.string())
    registry_enabled = wtypes.wsattr(types.boolean)
    labels = wtypes.wsattr(types.labels)
    tls_disabled = wtypes.wsattr(types.boolean)
    public = wtypes.wsattr(types.boolean)
    server_type = wtypes.wsattr(_SERVER_TYPE)
    insecure_registry = wtypes.wsattr(types.string())
    master_lb_enabled = wtypes.wsattr(types.boolean)
    floating_ip_enabled = wtypes.wsattr(types.boolean)
    hidden = wtypes.wsattr(types.boolean)
    tags = wtypes.wsattr(types.string(min_length=0))
    driver = wtypes.wsattr(types.string(min_length=0))


WRITABLE = tuple(a.key for a in wtypes.list_attributes(ClusterTemplateBody))
VIEW_FIELDS = WRITABLE + (
    'uuid',
    'project_id',
    'user_id',
    'created_at',
    'updated_at',
)
#: Paths a PATCH may not remove (besides the always-internal ones).
MANDATORY = (
    '/coe',
    '/image_id',
    '/network_driver',
    '/external_network_id',
    '/tls_disabled',
    '/public',
    '/server_type',
    '/registry_enabled',
    '/cluster_distro',
    '/hidden',
)
DEFAULTS = {
    'server_type': 'vm',
    'registry_enabled': False,
    'tls_disabled': False,
    'public': False,
    'hidden': False,
    'master_lb_enabled': False,
    'floating_ip_enabled': True,
    'labels': {},
}
#: Fields whose value names an OpenStack resource to check.
OS_RESOURCE_FIELDS = (
    'image_id',
    'flavor_id',
    'master_flavor_id',
    'keypair_id',
    'external_network_id',
    'fixed_network',
    'fixed_subnet',
)


def iso(value):
    """Render a datetime the way upstream's API does."""
    return value.isoformat() if value is not None else None


def view(template, resource, fields=VIEW_FIELDS, base=None):
    """Return the API representation of a template.

    :param template: a ClusterTemplate, or the dict of its fields.
    :param base: the application URL (lists pass it once for all items).
    """
    values = template if isinstance(template, dict) else template.as_dict()
    body = {field: values.get(field) for field in fields}
    for field in ('created_at', 'updated_at'):
        if field in body:
            body[field] = iso(body[field])
    body['links'] = link.self_and_bookmark(resource, values['uuid'], base)
    return body


def _target(template):
    return {'project_id': template.project_id, 'user_id': template.user_id}


def _authorize_publish(context, fields):
    if fields.get('public') or fields.get('hidden'):
        if not policy.check(context, 'clustertemplate:publish'):
            raise exception.ClusterTemplatePublishDenied()


def _validate(context, fields, changed):
    """Validate a template's fields; return the values derived from them.

    :param changed: the fields to check against the cloud.
    """
    validation.validate_drivers(fields)
    found = validation.check_os_resources(
        context, {k: fields.get(k) for k in changed if k in OS_RESOURCE_FIELDS}
    )
    derived = {}
    image = found.get('image_id')
    if image is not None:
        derived['cluster_distro'] = image.os_distro
        if not fields.get('driver') and image.driver:
            derived['driver'] = image.driver
    distro = derived.get('cluster_distro', fields.get('cluster_distro'))
    driver = derived.get('driver', fields.get('driver'))
    if changed & {'image_id', 'server_type', 'driver', 'coe'} and (
        distro or driver
    ):
        # Without the image's os_distro (its check switched off) only an
        # explicit driver can be checked; bay creation checks the rest.
        registry.driver_name_for(
            fields.get('server_type'), distro, fields.get('coe'), driver
        )
    return derived


class ClusterTemplatesController(rest.RestController):
    """CRUD of cluster templates under one resource name."""

    _custom_actions = {'detail': ['GET']}

    def __init__(self, resource='clustertemplates', summary_fields=None):
        super().__init__()
        self.resource = resource
        self.summary_fields = summary_fields

    def _list(self, rule, limit, marker, sort_key, sort_dir, fields):
        context = pecan.request.context
        limit, sort_dir = collection.authorize_list(
            context, 'clustertemplate', rule, limit, sort_dir
        )
        templates = objects.ClusterTemplate.list_values(
            context,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        base = link.app_url()
        items = [view(t, self.resource, fields, base) for t in templates]
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
        """List the templates the caller may see.

        :param limit: page size (at most ``[api] max_limit``).
        :param marker: uuid of the last template of the previous page.
        :param sort_key: column to sort on.
        :param sort_dir: ``asc`` or ``desc``.
        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400) for a
            bad limit, sort key or direction; ClusterTemplateNotFound
            (HTTP 404) for an unknown marker.
        """
        fields = self.summary_fields or VIEW_FIELDS
        return self._list('get_all', limit, marker, sort_key, sort_dir, fields)

    @expose.handler()
    def detail(self, limit=None, marker=None, sort_key='id', sort_dir='asc'):
        """List the templates the caller may see, with every field.

        :raises: as :meth:`get_all`.
        """
        return self._list(
            'detail', limit, marker, sort_key, sort_dir, VIEW_FIELDS
        )

    def _load(self, ident, rule):
        """Authorize ``rule``, then load the template once.

        :raises: PolicyNotAuthorized (HTTP 403); ClusterTemplateNotFound
            (HTTP 404); AmbiguousName (HTTP 409).
        """
        context = pecan.request.context
        policy.authorize(context, 'clustertemplate:%s' % rule)
        all_projects = 'get_one' if rule == 'get' else rule
        if context.is_admin and policy.check(
            context, 'clustertemplate:%s_all_projects' % all_projects
        ):
            context.all_tenants = True
        template = objects.ClusterTemplate.get(context, ident)
        if rule != 'get' or not template.public:
            policy.authorize(
                context, 'clustertemplate:%s' % rule, _target(template)
            )
        return template

    @expose.handler()
    def get_one(self, ident):
        """Show one template, by uuid or name.

        :raises: PolicyNotAuthorized (HTTP 403); ClusterTemplateNotFound
            (HTTP 404); AmbiguousName (HTTP 409).
        """
        return view(self._load(ident, 'get'), self.resource)

    @expose.handler(status_code=201, body=True)
    def post(self, body):
        """Create a template.

        :raises: PolicyNotAuthorized, ClusterTemplatePublishDenied
            (HTTP 403); Invalid and its subclasses (HTTP 400) for bad
            fields, drivers or missing image/flavor/network;
            KeyPairNotFound (HTTP 404).
        """
        context = pecan.request.context
        policy.authorize(context, 'clustertemplate:create')
        fields = {
            k: v
            for k, v in types.set_fields(
                types.from_body(ClusterTemplateBody, body)
            ).items()
            if v is not None
        }
        _authorize_publish(context, fields)
        for key, value in DEFAULTS.items():
            fields.setdefault(key, value)
        fields.setdefault(
            'network_driver', validation.default_network_driver(fields['coe'])
        )
        fields.update(_validate(context, fields, set(fields)))
        fields.setdefault('name', name_generator.generate('template'))
        template = objects.ClusterTemplate(
            context,
            project_id=context.project_id,
            user_id=context.user_id,
            **fields,
        )
        template.create()
        result = view(template, self.resource)
        pecan.response.location = result['links'][0]['href']
        return result

    @expose.handler(body=True)
    def patch(self, ident, body):
        """Update a template with a JSON patch.

        Templates that bays use may change only one of name, public,
        hidden and tags at a time.

        :raises: PolicyNotAuthorized, ClusterTemplatePublishDenied
            (HTTP 403); Invalid, PatchError, ClusterTemplateReferenced and
            the resource checks of :meth:`post` (HTTP 400);
            ClusterTemplateNotFound (HTTP 404).
        """
        context = pecan.request.context
        template = self._load(ident, 'update')
        ops = jsonpatch_rules.validate(body, mandatory=MANDATORY)
        current = {k: getattr(template, k) for k in WRITABLE}
        patched = jsonpatch_rules.apply(current, ops)
        checked = types.set_fields(
            types.from_body(
                ClusterTemplateBody,
                {k: v for k, v in patched.items() if v is not None},
            )
        )
        new = {k: checked.get(k) for k in WRITABLE}
        changed = {k for k in WRITABLE if new[k] != current[k]}
        if changed & {'public', 'hidden'}:
            if not policy.check(context, 'clustertemplate:publish'):
                raise exception.ClusterTemplatePublishDenied()
        new.update(_validate(context, new, changed))
        for key in WRITABLE:
            if new[key] != current[key]:
                setattr(template, key, new[key])
        template.save()
        return view(template, self.resource)

    @expose.handler(status_code=204)
    def delete(self, ident):
        """Delete a template that no bay uses.

        :raises: PolicyNotAuthorized (HTTP 403); ClusterTemplateReferenced
            (HTTP 400); ClusterTemplateNotFound (HTTP 404).
        """
        self._load(ident, 'delete').destroy()

"""What /v1/pods, /v1/services and /v1/rcs share (the Liberty API).

Every object lives in a bay, named by ``bay_ident`` (uuid or name):

* ``GET /v1/<kind>?bay_ident=B`` (also ``/v1/<kind>/?bay_ident=B``, as
  python-magnumclient 2.1.0 sends it) and ``GET /v1/<kind>/detail?…``;
* ``GET|PATCH|DELETE /v1/<kind>/<ident>/<bay_ident>``, also written
  ``/v1/<kind>/<ident>?bay_ident=B`` and ``/v1/<kind>/<ident>/?bay_ident=B``
  (``ident``: the object's uuid or name);
* ``POST /v1/<kind>`` with ``bay_uuid`` (uuid or name) and ``manifest``
  (JSON or YAML text) or ``manifest_url``.

Policy is checked first, then the bay is loaded with the tenancy rules of
bays (another project's bay is 404). The API never talks to Kubernetes:
each request is one RPC call to a conductor (a PATCH two: the current
object, then the change), which checks that the bay is a Kubernetes bay in
a ``*_COMPLETE`` status (else 400 or 409) and refreshes what it returns
from the bay. ``manifest_url`` is fetched here (``magnum.common.urlfetch``)
and every manifest is validated here (``magnum.common.k8s_manifest``)
before the conductor sees it. Neither the manifest nor its URL is stored:
they are echoed by the create and update answers and null otherwise.
"""

import pecan
from pecan import rest
from wsme import types as wtypes

from magnum.api import expose
from magnum.api.controllers import link
from magnum.api.controllers.v1 import cluster_common
from magnum.api.controllers.v1 import cluster_template
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import patch as jsonpatch_rules
from magnum.api.controllers.v1 import types
from magnum.common import exception
from magnum.common import k8s_manifest
from magnum.common import policy
from magnum.common import urlfetch
from magnum.i18n import _

#: Admins who may see every bay may reach its objects too.
ALL_PROJECTS_RULE = 'cluster:get_one_all_projects'
MANIFEST_FIELDS = ('manifest', 'manifest_url')
TIMESTAMPS = ('created_at', 'updated_at')
#: Paths no PATCH may touch, besides the common internal ones.
INTERNAL = ('/bay_uuid', '/name', '/labels')


def body_type(class_name, **extra):
    """The create body of a resource: bay, manifest or its URL, extras."""
    attrs = {
        'bay_uuid': wtypes.wsattr(types.uuid_or_name, mandatory=True),
        'manifest': wtypes.wsattr(types.string(max_length=None)),
        'manifest_url': wtypes.wsattr(types.string(max_length=2048)),
    }
    attrs.update(extra)
    return type(class_name, (wtypes.Base,), attrs)


def load_manifest(resource, fields):
    """The validated manifest of ``manifest`` or ``manifest_url``.

    :raises: Invalid (HTTP 400) when neither or both are given;
        InvalidManifest, InvalidParameterValue (HTTP 400).
    """
    text, url = fields.get('manifest'), fields.get('manifest_url')
    if text is not None and url is not None:
        raise exception.Invalid(
            _('Give either manifest or manifest_url, not both.')
        )
    if url is not None:
        text = urlfetch.fetch(url)
    if text is None:
        raise exception.Invalid(_('A manifest or manifest_url is required.'))
    return k8s_manifest.load(resource, text)


class K8sResourceController(rest.RestController):
    """CRUD of one kind of Kubernetes object in bays.

    Subclasses set the class attributes below (upper case: lower-case
    attributes would be reachable as path segments, see pecan's
    ``_lookup_child``, and pod names are lower case).
    """

    _custom_actions = {'detail': ['GET']}

    #: The resource (policy prefix and RPC resource): pod, service, rc.
    RESOURCE = None
    #: The URL collection and the key of lists: pods, services, rcs.
    COLLECTION = None
    #: The create body type (see :func:`body_type`).
    BODY = None
    #: Fields of list items and of everything else (before the manifest).
    SUMMARY = ()
    #: Fields a PATCH may change (manifest and manifest_url always).
    PATCHABLE = MANIFEST_FIELDS
    #: WSME types checking patched values of the other patchable fields.
    PATCH_TYPES = {}
    #: Those of them a PATCH may remove (set to null).
    REMOVABLE = ()

    # -- helpers ---------------------------------------------------------

    def _rule(self, action):
        return '%s:%s' % (self.RESOURCE, action)

    def _bay(self, context, bay_ident, action):
        """Authorize ``action``, then load the bay once.

        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400)
            without ``bay_ident``; ClusterNotFound (HTTP 404).
        """
        policy.authorize(context, self._rule(action))
        if not bay_ident:
            raise exception.Invalid(_('bay_ident is required.'))
        return cluster_common.load_cluster(
            context, bay_ident, self._rule(action), ALL_PROJECTS_RULE
        )

    def _view(self, record, detail=True, manifest=None, manifest_url=None):
        fields = self.SUMMARY + (TIMESTAMPS if detail else ())
        body = {}
        for field in fields:
            value = getattr(record, field)
            body[field] = (
                cluster_template.iso(value) if field in TIMESTAMPS else value
            )
        if detail:
            body['manifest'] = manifest
            body['manifest_url'] = manifest_url
        body['links'] = link.self_and_bookmark(
            self.COLLECTION, '%s/%s' % (record.uuid, record.bay_uuid)
        )
        return body

    def _list(self, action, bay_ident, limit, marker, sort_key, sort_dir):
        context = pecan.request.context
        cluster = self._bay(context, bay_ident, action)
        limit = collection.validate_limit(limit)
        sort_dir = collection.validate_sort_dir(sort_dir)
        records = pecan.request.rpcapi.list_k8s_resources(
            context,
            self.RESOURCE,
            cluster.uuid,
            limit=limit,
            marker=marker,
            sort_key=sort_key,
            sort_dir=sort_dir,
        )
        detail = action == 'detail'
        return collection.collection(
            self.COLLECTION,
            [self._view(r, detail=detail) for r in records],
            limit,
            self.COLLECTION,
            sort_key=sort_key,
            sort_dir=sort_dir,
            bay_ident=bay_ident,
        )

    # -- handlers --------------------------------------------------------

    @expose.handler()
    def get_all(
        self,
        bay_ident=None,
        limit=None,
        marker=None,
        sort_key='id',
        sort_dir='asc',
    ):
        """List the objects of this kind magnum created in a bay.

        :param bay_ident: the bay, by uuid or name (required).
        :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400);
            ClusterNotFound (HTTP 404); NotSupported (HTTP 400), Conflict
            (HTTP 409) for a bay that is not a ready Kubernetes bay;
            KubernetesAPIFailed; ConductorUnavailable (HTTP 503).
        """
        return self._list(
            'get_all', bay_ident, limit, marker, sort_key, sort_dir
        )

    @expose.handler()
    def detail(
        self,
        bay_ident=None,
        limit=None,
        marker=None,
        sort_key='id',
        sort_dir='asc',
    ):
        """List the objects of a bay with every field.

        :raises: as :meth:`get_all`.
        """
        return self._list(
            'detail', bay_ident, limit, marker, sort_key, sort_dir
        )

    @expose.handler(optional_segments=('bay_ident',))
    def get_one(self, ident, bay_ident=None):
        """Show one object of a bay, by uuid or name.

        :raises: as :meth:`get_all`; PodNotFound, ServiceNotFound,
            ReplicationControllerNotFound (HTTP 404).
        """
        context = pecan.request.context
        cluster = self._bay(context, bay_ident, 'get')
        record = pecan.request.rpcapi.get_k8s_resource(
            context, self.RESOURCE, cluster.uuid, ident
        )
        return self._view(record)

    @expose.handler(status_code=201, body=True)
    def post(self, body):
        """Create an object in a bay from a manifest.

        :raises: PolicyNotAuthorized (HTTP 403); Invalid, InvalidManifest,
            InvalidParameterValue (HTTP 400), also for an unknown bay;
            Conflict (HTTP 409) for a bay that is not ready;
            KubernetesAPIFailed (409 for a taken name, 422 for an object
            Kubernetes refuses, …); ConductorUnavailable (HTTP 503).
        """
        context = pecan.request.context
        policy.authorize(context, self._rule('create'))
        fields = {
            k: v
            for k, v in types.set_fields(
                types.from_body(self.BODY, body)
            ).items()
            if v is not None
        }
        try:
            cluster = cluster_common.load_cluster(
                context,
                fields.pop('bay_uuid'),
                self._rule('create'),
                ALL_PROJECTS_RULE,
            )
        except exception.ClusterNotFound as e:
            raise exception.InvalidParameterValue(err=e.message)
        manifest = load_manifest(self.RESOURCE, fields)
        values = {k: v for k, v in fields.items() if k not in MANIFEST_FIELDS}
        record = pecan.request.rpcapi.create_k8s_resource(
            context, self.RESOURCE, cluster.uuid, manifest, values or None
        )
        result = self._view(
            record,
            manifest=fields.get('manifest'),
            manifest_url=fields.get('manifest_url'),
        )
        pecan.response.location = result['links'][0]['href']
        return result

    @expose.handler(body=True, optional_segments=('bay_ident',))
    def patch(self, ident, bay_ident=None, body=None):
        """Change an object with a JSON patch: a new ``manifest`` (or
        ``manifest_url``) replaces it; the subclasses' other patchable
        fields (an rc's ``replicas``) are applied to it.

        :raises: as :meth:`get_one`; Invalid, PatchError, InvalidManifest
            (HTTP 400); KubernetesAPIFailed (422 for a change Kubernetes
            refuses, 409 for a concurrent change).
        """
        context = pecan.request.context
        cluster = self._bay(context, bay_ident, 'update')
        ops = jsonpatch_rules.validate(
            body, internal=INTERNAL, mandatory=('/bay_uuid',)
        )
        rpcapi = pecan.request.rpcapi
        record = rpcapi.get_k8s_resource(
            context, self.RESOURCE, cluster.uuid, ident
        )
        document = self._view(record)
        document.pop('links')
        patched = jsonpatch_rules.apply(document, ops)
        changed = sorted(k for k in patched if patched[k] != document.get(k))
        illegal = [k for k in changed if k not in self.PATCHABLE]
        if illegal:
            raise exception.Invalid(
                _('cannot change %(resource)s property(ies) %(fields)s.')
                % {'resource': self.RESOURCE, 'fields': ', '.join(illegal)}
            )
        manifest = None
        given = {k: patched[k] for k in MANIFEST_FIELDS if k in changed}
        if any(v is not None for v in given.values()):
            manifest = load_manifest(self.RESOURCE, given)
        values = self._patched_values(patched, changed)
        replicas = values.pop('replicas', None)
        record = rpcapi.update_k8s_resource(
            context,
            self.RESOURCE,
            cluster.uuid,
            record.uuid,
            manifest=manifest,
            replicas=replicas,
            values=values or None,
        )
        return self._view(
            record,
            manifest=given.get('manifest'),
            manifest_url=given.get('manifest_url'),
        )

    def _patched_values(self, patched, changed):
        """Check the changed values of the other patchable fields.

        :raises: Invalid (HTTP 400).
        """
        keys = [k for k in changed if k in self.PATCH_TYPES]
        if not keys:
            return {}
        checker = type(
            'PatchBody',
            (wtypes.Base,),
            {k: wtypes.wsattr(self.PATCH_TYPES[k]) for k in keys},
        )
        for key in keys:
            if patched[key] is None and key not in self.REMOVABLE:
                raise exception.Invalid(_('%s cannot be removed.') % key)
        values = types.set_fields(
            types.from_body(
                checker,
                {k: patched[k] for k in keys if patched[k] is not None},
            )
        )
        values.update({k: None for k in keys if patched[k] is None})
        return values

    @expose.handler(status_code=204, optional_segments=('bay_ident',))
    def delete(self, ident, bay_ident=None):
        """Delete an object from a bay.

        :raises: as :meth:`get_one`.
        """
        context = pecan.request.context
        cluster = self._bay(context, bay_ident, 'delete')
        pecan.request.rpcapi.delete_k8s_resource(
            context, self.RESOURCE, cluster.uuid, ident
        )

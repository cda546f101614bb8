"""The Heat driver: a bay is a Heat stack of templates/kubecluster.yaml.

Which identity talks to Heat:

* creating a stack (bay or nodegroup): the requesting user's token; Heat
  refuses trust-scoped tokens there, because it would have to delegate
  the trust again for its own deferred operations;
* updating, resizing and deleting: the user's token when the request
  carries one, else the bay's trust (a conductor resuming work);
* reading states, failure reasons and outputs: magnum's service user,
  which may list every project's stacks (Heat policy
  ``stacks:global_index``): a sync round lists the tagged stacks in
  progress in one request, and the few that just finished in another.

Heat's errors are translated in :mod:`magnum.drivers.heat.client` only.
"""

import hashlib
import re
import urllib.parse

from keystoneauth1 import exceptions as ka_exc
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils

from magnum.common import cloud
from magnum.common import exception
from magnum.common import keystone
from magnum.drivers import base
from magnum.drivers.heat import client
from magnum.drivers.heat import ignition
from magnum.drivers.heat import template_def
from magnum.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

#: The tag of every stack the driver creates (bays and nodegroups): the
#: status sync lists the tagged stacks in progress in one request.
STACK_TAG = 'magnum'
#: Longest stacks.list URL get_states sends (Heat behind gunicorn, Apache
#: or uwsgi refuses longer request lines: gunicorn's limit is 4094).
MAX_URL = 4000
#: What get_states allows for the endpoint and the fixed query arguments
#: of a list by id (``https://<host>/v1/<project id>/stacks?global_...``).
URL_BASE_ALLOWANCE = 400
_GONE_REASON = 'Stack with id %s not found in Heat.'
#: How Heat shows the value of a hidden parameter.
_HIDDEN = '******'
#: Bound of the nested-stack walk of deepest_failure.
MAX_DEPTH = 10


def stack_name(name, ident, length=30):
    """Return the deterministic Heat stack name of ``name``/``ident``.

    ``name[:length]`` with ``_`` and ``.`` as ``-`` and other characters
    dropped, then ``-`` and 12 hex digits of ``ident`` (a uuid), in lower
    case; it starts with a letter, as Heat requires.
    """
    base_name = (name or '')[:length].replace('_', '-').replace('.', '-')
    base_name = re.sub('[^a-zA-Z0-9-]', '', base_name)
    if not base_name[:1].isalpha():
        base_name = 'bay' + base_name
    return ('%s-%s' % (base_name, ident.replace('-', '')[:12])).lower()


def _minion_members(nodes):
    """Map server ids or names to members of the minions' group."""
    members = []
    for node in nodes or ():
        match = re.search(r'-minion-(\d+)$', node)
        if uuidutils.is_uuid_like(node) or not match:
            members.append(node)
        else:
            members.append(match.group(1))
    return members


def _heat_string(value):
    if isinstance(value, (list, tuple)):
        return ','.join(str(v) for v in value)
    return str(value)


class HeatDriver(base.Driver):
    """A bay as a Heat stack built from :mod:`template_def`'s mappings."""

    definition = template_def.TemplateDefinition()

    # -- identities --------------------------------------------------------

    @staticmethod
    def _trust_session(cluster):
        """Return a session acting through the bay's trust."""
        from magnum.common import trust

        return trust.trust_session(cluster)

    def _change_session(self, context, cluster):
        if context is not None and context.auth_token:
            return keystone.user_session(context)
        return self._trust_session(cluster)

    @staticmethod
    def _service_heat():
        return client.heat(keystone.service_session())

    # -- inputs of the stacks ---------------------------------------------

    @staticmethod
    def _default_groups(nodegroups):
        masters = [ng for ng in nodegroups if ng.role == 'master']
        workers = [ng for ng in nodegroups if ng.role != 'master']

        def pick(groups):
            default = [ng for ng in groups if ng.is_default]
            return (default or groups or [None])[0]

        return pick(masters), pick(workers)

    @staticmethod
    def _catalog_url(session, service_type, override):
        if override:
            return override.rstrip('/')
        try:
            url = session.get_endpoint(
                service_type=service_type,
                interface='public',
                region_name=CONF.cluster_heat.region_name
                or CONF.keystone_auth.get('region_name'),
            )
        except ka_exc.ClientException as e:
            raise exception.ServiceUnavailable(service='Keystone', reason=e)
        if not url:
            raise exception.ServiceUnavailable(
                service='Keystone',
                reason=_('no %s endpoint in the catalog') % service_type,
            )
        return url.rstrip('/')

    def _node_urls(self, session):
        group = CONF.cluster_heat
        magnum_url = self._catalog_url(
            session, 'container-infra', group.magnum_url
        )
        if not magnum_url.endswith('/v1'):
            magnum_url += '/v1'
        try:
            auth_url = self._catalog_url(
                session, 'identity', group.node_auth_url
            )
        except exception.ServiceUnavailable:
            auth_url = keystone.auth_url()
        if not auth_url.endswith('/v3'):
            auth_url += '/v3'
        return {
            'magnum_url': magnum_url,
            'auth_url': auth_url,
            'verify_ca': group.node_verify_ca,
        }

    @staticmethod
    def _networks(context, cluster, template):
        """Resolve the bay's networks to ids with the cloud lookups."""
        lookup = cloud.get_lookup()
        derived = {}
        external = lookup.find_network(context, template.external_network_id)
        if external is None:
            raise exception.ExternalNetworkNotFound(
                network=template.external_network_id
            )
        derived['external_network'] = external.id
        fixed = template_def.effective(cluster, template, 'fixed_network')
        if fixed:
            network = lookup.find_network(context, fixed)
            if network is None:
                raise exception.FixedNetworkNotFound(network=fixed)
            derived['fixed_network'] = network.id
        fixed_subnet = template_def.effective(
            cluster, template, 'fixed_subnet'
        )
        if fixed_subnet:
            subnet = lookup.find_subnet(context, fixed_subnet)
            if subnet is None:
                raise exception.FixedSubnetNotFound(subnet=fixed_subnet)
            derived['fixed_subnet'] = subnet.id
            derived['fixed_subnet_cidr'] = subnet.cidr
            derived.setdefault('fixed_network', subnet.network_id)
        return derived

    @staticmethod
    def _no_proxy(template, cidr):
        if not (template.http_proxy or template.https_proxy):
            return template.no_proxy or None
        parts = [template.no_proxy, cidr or '10.0.0.0/24', '127.0.0.1']
        return ','.join(p for p in parts if p)

    def _check(self, inputs):
        """Refuse bays this driver cannot build (see subclasses)."""

    def _inputs(self, context, session, cluster, template, master, worker):
        derived = self._networks(context, cluster, template)
        derived.update(self._node_urls(session))
        labels = dict(template.labels or {})
        labels.update(cluster.labels or {})
        derived['no_proxy'] = self._no_proxy(
            template,
            labels.get('fixed_subnet_cidr')
            or derived.get('fixed_subnet_cidr'),
        )
        inputs = template_def.Inputs(
            cluster=cluster,
            template=template,
            master=master,
            worker=worker,
            labels=labels,
            derived=derived,
        )
        self._check(inputs)
        return inputs

    # -- stacks -----------------------------------------------------------

    @staticmethod
    def _existing(heat, name, what):
        """Return the id of the stack called ``name``, or None."""
        existing = client.call(heat.stacks.get, name, what=what)
        return existing.id if existing else None

    def _create_stack(self, heat, name, inputs, timeout, what):
        """Create the stack ``name``; return its id (the existing one's if
        another conductor created it meanwhile)."""
        definition = self.definition
        template, files, environment = definition.load(
            definition.template_file,
            definition.environment_files(
                inputs, CONF.cluster_heat.extra_environment_files
            ),
        )
        parameters = definition.stack_parameters(inputs)
        parameters.update(
            definition.node_configs(inputs, template, environment, parameters)
        )
        try:
            created = client.call(
                heat.stacks.create,
                stack_name=name,
                template=template,
                files=files,
                environment=environment,
                parameters=parameters,
                timeout_mins=timeout or CONF.cluster_heat.create_timeout,
                disable_rollback=True,
                tags=STACK_TAG,
                what=what,
            )
        except exception.OperationInProgress:
            # Another conductor created it meanwhile: same name, same bay.
            existing = self._existing(heat, name, what)
            if existing:
                return existing
            raise
        LOG.info('Creating stack %s for %s', name, what)
        return created['stack']['id']

    @staticmethod
    def _updating_with(heat, stack_id, parameters, what):
        """Whether the stack is already being updated with ``parameters``
        (Heat shows hidden parameters, the trustee's, masked)."""
        stack = client.call(heat.stacks.get, stack_id, what=what)
        if not stack:
            raise exception.ResourceNotFound(name='Heat stack', id=stack_id)
        current = getattr(stack, 'parameters', None) or {}
        return stack.stack_status == 'UPDATE_IN_PROGRESS' and all(
            current.get(k) in (_heat_string(v), _HIDDEN)
            for k, v in parameters.items()
        )

    @classmethod
    def _update_stack(cls, heat, stack_id, parameters, what, **template):
        """PATCH the stack's ``parameters`` (and its template and files,
        when ``template`` has them).

        A repeated call after a conductor crash changes nothing when the
        first one took: sending the update again would make Heat cancel
        the running traversal and fail its resources.
        """
        if cls._updating_with(heat, stack_id, parameters, what):
            return
        try:
            result = client.call(
                heat.stacks.update,
                stack_id,
                existing=True,
                parameters=parameters,
                disable_rollback=True,
                what=what,
                **template,
            )
        except exception.OperationInProgress:
            if cls._updating_with(heat, stack_id, parameters, what):
                return
            raise
        if result is client.GONE:
            raise exception.ResourceNotFound(name='Heat stack', id=stack_id)

    @staticmethod
    def _delete_stack(heat, stack_id, what):
        """Start deleting a stack; return True if it is already gone."""
        if not stack_id:
            return True
        try:
            result = client.call(heat.stacks.delete, stack_id, what=what)
        except exception.OperationInProgress:
            stack = client.call(heat.stacks.get, stack_id, what=what)
            if not stack:
                return True
            if stack.stack_status == 'DELETE_IN_PROGRESS':
                return False
            raise
        return result is client.GONE

    # -- base.Driver -------------------------------------------------------

    def create_cluster(self, context, cluster, template, nodegroups, timeout):
        """Create the bay's stack (or find it); return its id.

        :raises: InvalidParameterValue (HTTP 400) when Heat refuses the
            stack; ExternalNetworkNotFound, FixedNetworkNotFound,
            FixedSubnetNotFound, RequiredParameterNotProvided (HTTP 400);
            NotAuthorized (HTTP 403); ServiceUnavailable (HTTP 503).
        """
        session = keystone.user_session(context)
        heat = client.heat(session)
        name = stack_name(cluster.name, cluster.uuid)
        existing = self._existing(heat, name, cluster.name)
        if existing:
            return existing
        master, worker = self._default_groups(nodegroups)
        inputs = self._inputs(
            context, session, cluster, template, master, worker
        )
        return self._create_stack(heat, name, inputs, timeout, cluster.name)

    def update_cluster(self, context, cluster, template, nodegroups):
        """Apply the default worker nodegroup's node count to the stack.

        :raises: OperationInProgress (HTTP 400) when the stack is busy
            with another change; ResourceNotFound (HTTP 404) when the
            stack is gone.
        """
        _, worker = self._default_groups(nodegroups)
        heat = client.heat(self._change_session(context, cluster))
        self._update_stack(
            heat,
            cluster.stack_id,
            {'number_of_minions': worker.node_count},
            cluster.name,
        )

    def resize_cluster(
        self,
        context,
        cluster,
        template,
        nodegroup,
        node_count,
        nodes_to_remove,
    ):
        """Resize a worker nodegroup, removing the given servers first.

        :param nodes_to_remove: server ids, or server names
            (``<stack>-minion-<index>``).
        :raises: MasterNGResizeNotSupported (HTTP 400) for masters;
            OperationInProgress (HTTP 400); ResourceNotFound (HTTP 404).
        """
        if nodegroup.role == 'master':
            self.validate_master_resize(node_count)
        parameters = {'number_of_minions': node_count}
        if nodes_to_remove:
            parameters['minions_to_remove'] = _minion_members(nodes_to_remove)
        heat = client.heat(self._change_session(context, cluster))
        self._update_stack(
            heat,
            nodegroup.stack_id or cluster.stack_id,
            parameters,
            cluster.name,
        )

    def delete_cluster(self, context, cluster, nodegroups):
        """Start deleting the nodegroups' stacks and the bay's stack.

        :returns: True when no stack is left.
        :raises: OperationInProgress (HTTP 400) when Heat refuses to
            delete a stack now.
        """
        heat = client.heat(self._change_session(context, cluster))
        stack_ids = [
            ng.stack_id
            for ng in nodegroups
            if ng.stack_id and ng.stack_id != cluster.stack_id
        ]
        stack_ids.append(cluster.stack_id)
        gone = [
            self._delete_stack(heat, stack_id, cluster.name)
            for stack_id in stack_ids
        ]
        return all(gone)

    def create_nodegroup(self, context, cluster, template, nodegroup):
        """Create a worker nodegroup's own stack (or find it).

        Its minions join the bay's network, security group and API, read
        from the bay's stack outputs.

        :raises: CreateMasterNodeGroup (HTTP 400) for masters;
            ResourceNotFound (HTTP 404) when the bay's stack is gone.
        """
        if nodegroup.role == 'master':
            raise exception.CreateMasterNodeGroup()
        session = keystone.user_session(context)
        heat = client.heat(session)
        name = stack_name(
            '%s-%s' % ((cluster.name or '')[:20], nodegroup.name[:9]),
            nodegroup.uuid,
        )
        existing = self._existing(heat, name, cluster.name)
        if existing:
            return existing
        bay = client.call(heat.stacks.get, cluster.stack_id, what=cluster.name)
        if not bay:
            raise exception.ResourceNotFound(
                name='Heat stack', id=cluster.stack_id
            )
        outputs = {o['output_key']: o.get('output_value') for o in bay.outputs}
        inputs = self._inputs(
            context, session, cluster, template, None, nodegroup
        )
        inputs.derived.update(
            is_cluster_stack=False,
            fixed_network=outputs.get('fixed_network'),
            fixed_subnet=outputs.get('fixed_subnet'),
            fixed_subnet_cidr=outputs.get('fixed_subnet_cidr'),
            existing_master_private_ip=outputs.get('api_private_address'),
            existing_security_group=outputs.get('minion_security_group'),
        )
        return self._create_stack(heat, name, inputs, None, cluster.name)

    def delete_nodegroup(self, context, cluster, nodegroup):
        """Start deleting a nodegroup's own stack.

        :returns: True when it has none (left).
        """
        if not nodegroup.stack_id or nodegroup.stack_id == cluster.stack_id:
            return True
        heat = client.heat(self._change_session(context, cluster))
        return self._delete_stack(heat, nodegroup.stack_id, cluster.name)

    def _rotate(self, context, cluster, nodegroups, parameters):
        """PATCH every stack of the bay (its own, then its nodegroups')
        with ``parameters`` and the driver's current templates (stacks
        built by an older release lack the rotation parameters).

        :returns: True (the stacks are updating).
        """
        definition = self.definition
        template, files, _ = definition.load(definition.template_file, ())
        heat = client.heat(self._change_session(context, cluster))
        stack_ids = [cluster.stack_id] + [
            ng.stack_id
            for ng in nodegroups
            if ng.stack_id and ng.stack_id != cluster.stack_id
        ]
        for stack_id in dict.fromkeys(stack_ids):
            self._update_stack(
                heat,
                stack_id,
                parameters,
                cluster.name,
                template=template,
                files=files,
            )
        return True

    def rotate_ca_certificate(self, context, cluster, template, nodegroups):
        """Have the nodes take up the bay's new CA, in place.

        The stacks get a new ``ca_rotation_id`` (derived from the new CA's
        reference): Heat changes every server's metadata
        (``magnum_ca_rotation_id``) without replacing it, and each node,
        which watches its metadata, fetches the new CA, has its
        certificates signed by it and restarts its Kubernetes services.
        The api_address and the nodes' addresses stay.

        :returns: True (the stacks are updating).
        :raises: OperationInProgress (HTTP 400) when a stack is busy;
            ResourceNotFound (HTTP 404) when a stack is gone.
        """
        rotation = hashlib.sha256(
            (cluster.ca_cert_ref or '').encode()
        ).hexdigest()[:16]
        return self._rotate(
            context,
            cluster,
            nodegroups,
            {
                'ca_rotation_id': rotation,
                'node_user_data_update_policy': 'IGNORE',
            },
        )

    def rotate_credential(self, context, cluster, template, nodegroups):
        """Have the nodes take up the bay's new trustee credentials.

        The new password and trust reach a node only through its heat-params
        (user data, read at first boot): the stacks get them with
        ``node_user_data_update_policy=REPLACE``, so Heat replaces every
        server with one that boots with them, on the same port (the node's
        fixed and floating IPs, hence the api_address, stay).

        :returns: True (the stacks are updating).
        :raises: OperationInProgress (HTTP 400) when a stack is busy;
            ResourceNotFound (HTTP 404) when a stack is gone;
            InvalidParameterValue (HTTP 400) when a credential holds
            characters Heat may not copy into the nodes' user data.
        """
        parameters = {
            'trustee_user_id': cluster.trustee_user_id,
            'trustee_username': cluster.trustee_username,
            'trustee_password': cluster.trustee_password,
            'trust_id': cluster.trust_id,
            'node_user_data_update_policy': 'REPLACE',
        }
        ignition.check_values(parameters)
        return self._rotate(context, cluster, nodegroups, parameters)

    def get_states(self, context, stack_ids):
        """Return ``{stack_id: StackState}`` of the given stacks.

        As magnum's service user, with every project's stacks (Heat
        policy ``stacks:global_index``):

        1. one ``stacks.list`` of the stacks in progress that carry
           :data:`STACK_TAG` (``status=IN_PROGRESS``, ``tags_any``): the
           wanted stacks still running are all in it;
        2. only for the wanted stacks not in that answer (they finished,
           vanished, or predate the tag): a list by id, in as few requests
           as keep each URL under :data:`MAX_URL`.

        A stack in neither answer is reported ``DELETE_COMPLETE``, "not
        found in Heat". Heat returns every match of a list without a
        ``limit`` (and heatclient pages only when given one).

        :raises: NotAuthorized (HTTP 403) when the service user may not
            list all projects' stacks; ServiceUnavailable (HTTP 503).
        """
        wanted = list(dict.fromkeys(s for s in stack_ids if s))
        states = {}
        if not wanted:
            return states
        heat = self._service_heat()
        running = _list_stacks(
            heat, filters={'status': 'IN_PROGRESS'}, tags_any=STACK_TAG
        )
        wanted_set = set(wanted)
        for stack in running:
            if stack.id in wanted_set:
                states[stack.id] = _state(stack)
        rest = [s for s in wanted if s not in states]
        for chunk in id_chunks(rest):
            for stack in _list_stacks(heat, filters={'id': chunk}):
                if stack.id in wanted_set:
                    states[stack.id] = _state(stack)
        for stack_id in wanted:
            states.setdefault(
                stack_id,
                base.StackState(
                    stack_id=stack_id,
                    status='DELETE_COMPLETE',
                    reason=_GONE_REASON % stack_id,
                ),
            )
        return states

    def get_failure_reason(self, context, cluster, stack_id):
        """Return why the stack failed, in one sentence: its deepest
        failed resource (nested stacks included) and that resource's
        error; the stack's own reason when no resource failed."""
        heat = self._service_heat()
        stack = client.call(heat.stacks.get, stack_id)
        if not stack:
            return _GONE_REASON % stack_id
        resources = client.call(
            lambda: list(
                heat.resources.list(
                    stack.id,
                    nested_depth=CONF.cluster_heat.failure_nested_depth,
                )
            )
        )
        failed = deepest_failure(stack.id, resources or ())
        if failed is None:
            return stack.stack_status_reason
        path, resource = failed
        return _('Resource %(path)s (%(type)s) failed: %(reason)s') % {
            'path': path,
            'type': resource.resource_type,
            'reason': (resource.resource_status_reason or '').strip()
            or resource.resource_status,
        }

    def get_outputs(self, context, cluster, template, nodegroups):
        """Return the bay's API address, version and nodegroup addresses
        and counts from its finished stacks.

        :raises: ResourceNotFound (HTTP 404) when the bay's stack is gone.
        """
        heat = self._service_heat()
        floating = bool(
            template_def.effective(cluster, template, 'floating_ip_enabled')
        )
        master, worker = self._default_groups(nodegroups)
        stack = client.call(
            heat.stacks.get, cluster.stack_id, resolve_outputs=True
        )
        if not stack:
            raise exception.ResourceNotFound(
                name='Heat stack', id=cluster.stack_id
            )
        result = self.definition.stack_outputs(
            stack,
            template,
            floating,
            master.name if master else None,
            worker.name if worker else None,
        )
        groups = dict(result.nodegroups)
        for ng in nodegroups:
            if not ng.stack_id or ng.stack_id == cluster.stack_id:
                continue
            own = client.call(
                heat.stacks.get, ng.stack_id, resolve_outputs=True
            )
            if own:
                groups.update(
                    self.definition.stack_outputs(
                        own, template, floating, None, ng.name
                    ).nodegroups
                )
        return base.ClusterOutputs(
            api_address=result.api_address,
            coe_version=result.coe_version,
            container_version=result.container_version,
            nodegroups=groups,
        )


def id_chunks(ids, max_url=MAX_URL, allowance=URL_BASE_ALLOWANCE):
    """Split ``ids`` so that each list by id fits in a URL of ``max_url``
    characters (``&id=<id>`` per id, after ``allowance`` for the rest)."""
    chunks, chunk, size = [], [], allowance
    for ident in ids:
        cost = len('&id=') + len(urllib.parse.quote(ident, safe=''))
        if chunk and size + cost > max_url:
            chunks.append(chunk)
            chunk, size = [], allowance
        chunk.append(ident)
        size += cost
    if chunk:
        chunks.append(chunk)
    return chunks


def _list_stacks(heat, **kwargs):
    """One stacks.list request of every project's stacks."""
    try:
        return (
            client.call(
                lambda: list(heat.stacks.list(global_tenant=True, **kwargs))
            )
            or ()
        )
    except exception.NotAuthorized as e:
        raise exception.NotAuthorized(
            _("%s The service user needs Heat's stacks:global_index policy.")
            % e
        )


def _state(stack):
    changed = stack.updated_time or stack.creation_time
    return base.StackState(
        stack_id=stack.id,
        status=stack.stack_status,
        reason=stack.stack_status_reason,
        updated_at=timeutils.normalize_time(timeutils.parse_isotime(changed))
        if changed
        else None,
    )


def _link(resource, rel):
    for link in getattr(resource, 'links', None) or ():
        if link.get('rel') == rel:
            return link.get('href', '')
    return ''


def deepest_failure(stack_id, resources):
    """Return ``(path, resource)`` of the deepest failed resource.

    ``resources`` is a nested resource list (``nested_depth``): each
    resource's ``stack`` link names the stack it belongs to, and a nested
    stack's id is the physical id of the resource that holds it. The path
    joins the names from the top stack down (``kube_masters/0/node/...``).
    """
    by_stack = {}
    for resource in resources:
        by_stack.setdefault(
            _link(resource, 'stack').rstrip('/').rsplit('/', 1)[-1], []
        ).append(resource)
    best = None

    def walk(current, prefix, depth):
        """Record the deepest failure under ``current``; True if any."""
        nonlocal best
        found = False
        for resource in by_stack.get(current, ()):
            if not resource.resource_status.endswith('FAILED'):
                continue
            found = True
            path = prefix + resource.resource_name
            nested = resource.physical_resource_id
            if (
                nested
                and nested != current
                and depth < MAX_DEPTH
                and walk(nested, path + '/', depth + 1)
            ):
                continue
            if best is None or depth > best[0]:
                best = (depth, path, resource)
        return found

    walk(stack_id, '', 0)
    return None if best is None else best[1:]

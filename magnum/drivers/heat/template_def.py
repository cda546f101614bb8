"""What a bay's Heat stack is given and what it gives back, as data.

* :data:`PARAMETERS`: ``(heat parameter, sources, transform, required)``.
  A source is ``<object>.<attribute>``, the objects being ``cluster``,
  ``template``, ``master`` and ``worker`` (the nodegroups the stack
  builds), ``label`` (the bay's labels) and ``derived`` (what the driver
  looked up in the cloud); the first source with a value wins, and a
  parameter without one is left to the template's default.
* :data:`LABELS`: labels copied verbatim to the Heat parameter of the same
  name.
* :data:`SWITCHES`: ``(switch, environment if on, environment if off)``;
  the environment files (templates/environments/) are the only thing that
  turns the optional parts of the stack on or off.
* :data:`OUTPUTS`: ``(heat output or parameter:<name>, target, transform,
  when)``; targets are ``cluster.<field>`` or ``master|worker.<field>``
  of :class:`~magnum.drivers.base.NodeGroupOutputs`.

:class:`TemplateDefinition` applies them; the bare metal driver uses a
subclass with other switches.
"""

import collections
import dataclasses
import os

from heatclient.common import template_utils

from magnum.common import exception
from magnum.drivers import base
from magnum.drivers.heat import ignition

TEMPLATES = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), 'templates'
)
ENVIRONMENTS = os.path.join(TEMPLATES, 'environments')

Param = collections.namedtuple(
    'Param', 'name sources transform required', defaults=(None, False)
)
Output = collections.namedtuple(
    'Output', 'source target transform when', defaults=(None, None)
)


def _count(value, template):
    return int(value)


def _addresses(value, template):
    return tuple(a for a in (value or ()) if a)


def _api_url(value, template):
    if not value:
        return None
    if template.tls_disabled:
        return 'http://%s:8080' % value
    return 'https://%s:6443' % value


PARAMETERS = (
    Param('cluster_uuid', ('cluster.uuid',), required=True),
    Param('magnum_url', ('derived.magnum_url',), required=True),
    Param('auth_url', ('derived.auth_url',), required=True),
    Param('trustee_user_id', ('cluster.trustee_user_id',)),
    Param('trustee_username', ('cluster.trustee_username',)),
    Param('trustee_password', ('cluster.trustee_password',)),
    Param('trust_id', ('cluster.trust_id',)),
    Param('verify_ca', ('derived.verify_ca',), bool),
    Param(
        'master_image',
        ('master.image_id', 'template.image_id'),
        required=True,
    ),
    Param(
        'minion_image',
        ('worker.image_id', 'template.image_id'),
        required=True,
    ),
    Param(
        'master_flavor',
        (
            'master.flavor_id',
            'cluster.master_flavor_id',
            'template.master_flavor_id',
        ),
        required=True,
    ),
    Param(
        'minion_flavor',
        ('worker.flavor_id', 'cluster.flavor_id', 'template.flavor_id'),
        required=True,
    ),
    Param('ssh_key_name', ('cluster.keypair', 'template.keypair_id')),
    Param('number_of_masters', ('master.node_count',), int),
    Param('number_of_minions', ('worker.node_count',), int),
    Param(
        'docker_volume_size',
        (
            'worker.docker_volume_size',
            'cluster.docker_volume_size',
            'template.docker_volume_size',
        ),
        int,
    ),
    Param('external_network', ('derived.external_network',), required=True),
    Param('fixed_network', ('derived.fixed_network',)),
    Param('fixed_subnet', ('derived.fixed_subnet',)),
    Param(
        'fixed_subnet_cidr',
        ('label.fixed_subnet_cidr', 'derived.fixed_subnet_cidr'),
    ),
    Param('dns_nameserver', ('template.dns_nameserver',)),
    Param('tls_disabled', ('template.tls_disabled',), bool),
    Param('network_driver', ('template.network_driver',)),
    Param(
        'pods_network_cidr',
        ('label.flannel_network_cidr', 'label.calico_ipv4pool'),
    ),
    Param('portal_network_cidr', ('label.service_cluster_ip_range',)),
    Param('discovery_url', ('cluster.discovery_url',)),
    Param('kube_tag', ('label.kube_tag', 'cluster.coe_version')),
    Param('http_proxy', ('template.http_proxy',)),
    Param('https_proxy', ('template.https_proxy',)),
    Param('no_proxy', ('derived.no_proxy',)),
    # Nodegroup stacks only.
    Param('is_cluster_stack', ('derived.is_cluster_stack',), bool),
    Param(
        'existing_master_private_ip', ('derived.existing_master_private_ip',)
    ),
    Param('existing_security_group', ('derived.existing_security_group',)),
    Param('minions_to_remove', ('derived.minions_to_remove',), list),
)

LABELS = (
    'availability_zone',
    'calico_tag',
    'cgroup_driver',
    'container_infra_prefix',
    'docker_volume_type',
    'etcd_tag',
    'flannel_backend',
    'flannel_tag',
    'kubeapi_options',
    'kubecontroller_options',
    'kubelet_options',
    'kubeproxy_options',
    'kubescheduler_options',
)

SWITCHES = (
    (
        'private_network',
        'with_private_network.yaml',
        'no_private_network.yaml',
    ),
    ('floating_ip', 'enable_floating_ip.yaml', 'disable_floating_ip.yaml'),
    ('master_lb', 'with_master_lb.yaml', 'no_master_lb.yaml'),
    ('docker_volume', 'with_volume.yaml', 'no_volume.yaml'),
)

OUTPUTS = (
    Output('api_address', 'cluster.api_address', _api_url),
    Output('parameter:kube_tag', 'cluster.coe_version'),
    Output('kube_masters', 'master.node_addresses', _addresses, 'floating_ip'),
    Output(
        'kube_masters_private', 'master.node_addresses', _addresses, 'fixed_ip'
    ),
    Output('kube_minions', 'worker.node_addresses', _addresses, 'floating_ip'),
    Output(
        'kube_minions_private', 'worker.node_addresses', _addresses, 'fixed_ip'
    ),
    Output('parameter:number_of_masters', 'master.node_count', _count),
    Output('parameter:number_of_minions', 'worker.node_count', _count),
)


@dataclasses.dataclass(frozen=True)
class Inputs:
    """Everything the parameters of one stack come from."""

    cluster: object
    template: object
    #: The default master nodegroup (None for a nodegroup's own stack).
    master: object
    #: The worker nodegroup the stack builds.
    worker: object
    labels: dict
    #: Values looked up by the driver (see PARAMETERS' derived.* sources).
    derived: dict

    def get(self, ref):
        """Return the value ``ref`` (``object.attribute``) names, or None."""
        kind, _, attr = ref.partition('.')
        if kind == 'label':
            value = self.labels.get(attr)
            return value if value not in (None, '') else None
        if kind == 'derived':
            return self.derived.get(attr)
        obj = getattr(self, kind)
        if obj is None or not obj.obj_attr_is_set(attr):
            return None
        return getattr(obj, attr)


def effective(cluster, template, field):
    """Return the bay's value of ``field``, else its template's."""
    if cluster.obj_attr_is_set(field) and getattr(cluster, field) is not None:
        return getattr(cluster, field)
    return getattr(template, field)


class TemplateDefinition:
    """The Kubernetes HOT templates of the VM driver and how to feed them."""

    template_file = 'kubecluster.yaml'
    parameters = PARAMETERS
    labels = LABELS
    switches = SWITCHES
    outputs = OUTPUTS
    #: Switches this kind of bay cannot turn on.
    forced_switches = {}
    #: Environment files every stack of this kind gets, after the switches.
    environments = ()

    # -- parameters -------------------------------------------------------

    def value(self, inputs, param):
        """Return the value of ``param`` (a :class:`Param`), or None."""
        for ref in param.sources:
            value = inputs.get(ref)
            if value is not None:
                return param.transform(value) if param.transform else value
        return None

    def stack_parameters(self, inputs):
        """Return the Heat parameters of the stack ``inputs`` describe.

        :raises: RequiredParameterNotProvided (HTTP 400).
        """
        params = {}
        for param in self.parameters:
            value = self.value(inputs, param)
            if value is not None:
                params[param.name] = value
            elif param.required:
                raise exception.RequiredParameterNotProvided(
                    heat_param=param.name
                )
        for label in self.labels:
            value = inputs.labels.get(label)
            if value is not None:
                params[label] = value
        return params

    def node_configs(self, inputs, template, environment, parameters):
        """Return the stack parameters holding its nodes' Ignition configs:
        ``minion_ignition``, and ``master_ignition`` in a bay's own stack.

        :param template: the stack's template (a dict, as :meth:`load`
            returns it); its defaults count where nothing else is sent.
        :param environment: the stack's merged environment.
        :param parameters: the parameters sent to Heat.
        :raises: InvalidParameterValue (HTTP 400) when a parameter Heat
            copies into the configs holds characters it may not.
        """
        ignition.check_values(parameters)
        effective = {
            name: spec.get('default')
            for name, spec in (template.get('parameters') or {}).items()
        }
        effective.update(environment.get('parameter_defaults') or {})
        effective.update(environment.get('parameters') or {})
        effective.update(parameters)
        roles = ['minion']
        if inputs.derived.get('is_cluster_stack', True):
            roles.insert(0, 'master')
        return {
            '%s_ignition' % role: ignition.render(role, effective)
            for role in roles
        }

    # -- environments -------------------------------------------------------

    def switch_states(self, inputs):
        """Return ``{switch: bool}`` for the stack of ``inputs``."""
        cluster, template = inputs.cluster, inputs.template
        volume = next(
            p for p in self.parameters if p.name == 'docker_volume_size'
        )
        cluster_stack = inputs.derived.get('is_cluster_stack', True)
        states = {
            'private_network': not inputs.derived.get('fixed_network'),
            'floating_ip': bool(
                effective(cluster, template, 'floating_ip_enabled')
            ),
            'master_lb': cluster_stack
            and bool(effective(cluster, template, 'master_lb_enabled')),
            'docker_volume': bool(self.value(inputs, volume)),
        }
        states.update(self.forced_switches)
        return states

    def environment_files(self, inputs, extra=()):
        """Return the environment files of the stack, in merge order."""
        states = self.switch_states(inputs)
        names = [
            on if states[switch] else off for switch, on, off in self.switches
        ]
        names.extend(self.environments)
        return [os.path.join(ENVIRONMENTS, n) for n in names] + list(extra)

    @staticmethod
    def load(template_file, environment_files):
        """Return ``(template, files, environment)`` ready for Heat."""
        files, template = template_utils.get_template_contents(
            template_file=os.path.join(TEMPLATES, template_file)
        )
        env_files, environment = (
            template_utils.process_multiple_environments_and_files(
                env_paths=list(environment_files)
            )
        )
        files.update(env_files)
        return template, files, environment

    # -- outputs -----------------------------------------------------------

    def stack_outputs(
        self, stack, template, floating_ip, master_name, worker_name
    ):
        """Return the :class:`~magnum.drivers.base.ClusterOutputs` of a
        finished stack.

        :param stack: a heatclient Stack with its outputs and parameters.
        :param master_name: nodegroup the master.* targets go to (None:
            none, for a nodegroup's own stack).
        """
        outputs = {
            o['output_key']: o.get('output_value') for o in stack.outputs or ()
        }
        parameters = stack.parameters or {}
        cluster = {}
        groups = {master_name: {}, worker_name: {}}
        wanted = 'floating_ip' if floating_ip else 'fixed_ip'
        for out in self.outputs:
            if out.when not in (None, wanted):
                continue
            kind, _, key = out.source.rpartition(':')
            source = parameters if kind == 'parameter' else outputs
            if key not in source:
                continue
            value = source[key]
            if out.transform:
                value = out.transform(value, template)
            target, _, field = out.target.partition('.')
            if target == 'cluster':
                cluster[field] = value
            else:
                name = master_name if target == 'master' else worker_name
                if name is not None:
                    groups[name][field] = value
        return base.ClusterOutputs(
            nodegroups={
                name: base.NodeGroupOutputs(**fields)
                for name, fields in groups.items()
                if name is not None and fields
            },
            **cluster,
        )


class BareMetalTemplateDefinition(TemplateDefinition):
    """The same templates on Ironic machines: the nodes go on an existing
    network (no private network of their own), keep containers on their
    local disks (no Cinder volumes), get no server groups and more time to
    boot (environments/baremetal.yaml)."""

    forced_switches = {'private_network': False, 'docker_volume': False}
    environments = ('baremetal.yaml',)

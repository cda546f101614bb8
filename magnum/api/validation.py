"""Rules of cluster templates and bays that need no database.

Static rules (drivers per COE) are plain functions; the checks of
referenced OpenStack resources go through the cloud-lookup interface and
run in parallel, each one switchable in ``[cloud_lookup]``.
"""

from concurrent import futures

from oslo_config import cfg

from magnum.common import cloud
from magnum.common import exception
from magnum.i18n import _

CONF = cfg.CONF

SUPPORTED_NETWORK_DRIVERS = {'kubernetes': ('flannel', 'calico')}
SUPPORTED_VOLUME_DRIVERS = {'kubernetes': ('cinder',)}
_POOL = futures.ThreadPoolExecutor(
    max_workers=8, thread_name_prefix='cloud-lookup'
)


def allowed_network_drivers(coe):
    """Return the network drivers a template of ``coe`` may use."""
    supported = SUPPORTED_NETWORK_DRIVERS.get(coe, ())
    allowed = CONF.cluster_template.kubernetes_allowed_network_drivers
    if 'all' in allowed:
        return supported
    return tuple(d for d in supported if d in allowed)


def default_network_driver(coe):
    """Return the network driver of a template that names none."""
    if coe == 'kubernetes':
        return CONF.cluster_template.kubernetes_default_network_driver
    return None


def validate_drivers(template):
    """Check the network and volume drivers and the docker volume size.

    :param template: dict of the template's fields.
    :raises: InvalidParameterValue (HTTP 400).
    """
    coe = template.get('coe')
    network = template.get('network_driver')
    if network and network not in allowed_network_drivers(coe):
        raise exception.InvalidParameterValue(
            err=_(
                'Network driver type %(driver)s is not supported, expecting a '
                '%(supported)s network driver.'
            )
            % {
                'driver': network,
                'supported': '/'.join(allowed_network_drivers(coe)),
            }
        )
    volume = template.get('volume_driver')
    if volume and volume not in SUPPORTED_VOLUME_DRIVERS.get(coe, ()):
        raise exception.InvalidParameterValue(
            err=_(
                'Volume driver type %(driver)s is not supported, expecting a '
                '%(supported)s volume driver.'
            )
            % {
                'driver': volume,
                'supported': '/'.join(SUPPORTED_VOLUME_DRIVERS.get(coe, ())),
            }
        )
    size = template.get('docker_volume_size')
    if (
        template.get('docker_storage_driver') == 'devicemapper'
        and size is not None
        and size < 3
    ):
        raise exception.InvalidParameterValue(
            err=_(
                'docker volume size %s GB is not valid, expecting minimum '
                'value 3GB for devicemapper storage driver.'
            )
            % size
        )


def _image(context, ident):
    image = cloud.get_lookup().find_image(context, ident)
    if image is None:
        raise exception.ImageNotFound(image_id=ident)
    if not image.os_distro:
        raise exception.OSDistroFieldNotFound(image_id=ident)
    return image


def _flavor(context, ident):
    flavor = cloud.get_lookup().find_flavor(context, ident)
    if flavor is None:
        raise exception.FlavorNotFound(flavor=ident)
    return flavor


def _keypair(context, name):
    keypair = cloud.get_lookup().find_keypair(context, name)
    if keypair is None:
        raise exception.KeyPairNotFound(keypair=name)
    return keypair


def _external_network(context, ident):
    network = cloud.get_lookup().find_network(context, ident)
    if network is None or not network.external:
        raise exception.ExternalNetworkNotFound(network=ident)
    return network


def _fixed_network(context, ident):
    network = cloud.get_lookup().find_network(context, ident)
    if network is None:
        raise exception.FixedNetworkNotFound(network=ident)
    return network


def _fixed_subnet(context, ident):
    subnet = cloud.get_lookup().find_subnet(context, ident)
    if subnet is None:
        raise exception.FixedSubnetNotFound(subnet=ident)
    return subnet


#: field -> (config switch, check)
_CHECKS = {
    'image_id': ('validate_image', _image),
    'flavor_id': ('validate_flavor', _flavor),
    'master_flavor_id': ('validate_flavor', _flavor),
    'keypair_id': ('validate_keypair', _keypair),
    'keypair': ('validate_keypair', _keypair),
    'external_network_id': ('validate_external_network', _external_network),
    'fixed_network': ('validate_fixed_network', _fixed_network),
    'fixed_subnet': ('validate_fixed_network', _fixed_subnet),
}


def check_os_resources(context, fields):
    """Check the OpenStack resources named in ``fields``, in parallel.

    Only fields present and non-empty are checked, and only those whose
    check is enabled in ``[cloud_lookup]``.

    :returns: ``{field: found resource}`` of the checks that ran.
    :raises: the first failure in field order: ImageNotFound,
        OSDistroFieldNotFound, FlavorNotFound, ExternalNetworkNotFound,
        FixedNetworkNotFound, FixedSubnetNotFound (HTTP 400);
        KeyPairNotFound (HTTP 404); Conflict (HTTP 409) for an ambiguous
        name; CloudLookupFailed (HTTP 503).
    """
    jobs = {}
    for field, (switch, check) in _CHECKS.items():
        value = fields.get(field)
        if value and getattr(CONF.cloud_lookup, switch):
            jobs[field] = _POOL.submit(check, context, value)
    return {field: job.result() for field, job in jobs.items()}

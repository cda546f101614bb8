"""API microversions of container-infra v1.

History (the changes a client opts in to with a higher version):

* 1.1 - the baseline API.
* 1.2 - bay/cluster create, update and delete answer 202 and work in the
  background.
* 1.3 - ``?rollback=`` on bay/cluster PATCH.
* 1.4 - ``GET /v1/stats``.
* 1.5 - CA rotation, ``PATCH /v1/certificates/{cluster}``.
* 1.6 - quotas.
* 1.7 - cluster actions: resize (upgrade answers 400).
* 1.8 - cluster action upgrade.
* 1.9 - nodegroups.
* 1.10 - node_count 0 for bays/clusters and resize.
* 1.11 - (upstream removed bays and baymodels here; this service keeps
  them at every version, as aliases of clusters and cluster templates).
* 1.12 - credential rotation, ``PATCH /v1/credentials/{cluster}``.
* 1.13 - cluster bodies name the stack ``cluster_id`` instead of
  ``stack_id``.
* 1.14 - nodegroup ``node_labels`` and ``node_taints``.
"""

import functools
import re

from magnum.common import exception
from magnum.i18n import _

SERVICE_TYPE = 'container-infra'
#: The service name upstream writes in response headers.
RESPONSE_SERVICE = 'container-infrastructure-management'
SERVICE_ALIASES = (
    'container-infra',
    'container-infrastructure',
    'container-infrastructure-management',
)
HEADER = 'OpenStack-API-Version'
LEGACY_HEADER = 'X-OpenStack-Magnum-API-Version'
MIN_HEADER = 'OpenStack-API-Minimum-Version'
MAX_HEADER = 'OpenStack-API-Maximum-Version'
ENVIRON_KEY = 'magnum.api_version'

_VERSION_RE = re.compile(r'^([1-9]\d*)\.(0|[1-9]\d*)$')


@functools.total_ordering
class Version:
    """A microversion ``major.minor``, comparable with others."""

    def __init__(self, major, minor):
        self.major = major
        self.minor = minor

    @classmethod
    def parse(cls, text):
        """Parse ``'1.9'``; raise ValueError for anything else."""
        match = _VERSION_RE.match(text.strip())
        if not match:
            raise ValueError(text)
        return cls(int(match.group(1)), int(match.group(2)))

    def _key(self):
        return (self.major, self.minor)

    def __eq__(self, other):
        return self._key() == Version._as(other)._key()

    def __lt__(self, other):
        return self._key() < Version._as(other)._key()

    def __hash__(self):
        return hash(self._key())

    @staticmethod
    def _as(other):
        return other if isinstance(other, Version) else Version.parse(other)

    def __str__(self):
        return '%d.%d' % (self.major, self.minor)

    __repr__ = __str__


MIN_VERSION = Version(1, 1)
MAX_VERSION = Version(1, 14)


class NotAcceptableVersion(exception.MagnumException):
    """The requested microversion is outside what the server supports."""

    code = 406
    msg_fmt = _(
        'Version %(version)s was requested but the minor version '
        'is not supported by this service. The supported version '
        'range is: [%(min)s, %(max)s].'
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.extra = {
            'max_version': str(MAX_VERSION),
            'min_version': str(MIN_VERSION),
            'code': 'magnum.microversion-unsupported',
            'title': 'Requested microversion is unsupported',
            'links': [
                {
                    'rel': 'help',
                    'href': 'http://docs.openstack.org/api-guide/compute/'
                    'microversions.html',
                }
            ],
        }


class InvalidVersionHeader(exception.MagnumException):
    """The version header cannot be understood."""

    code = 406
    msg_fmt = _('%(reason)s')


class VersionNotSupportedByMethod(exception.MagnumException):
    """The route exists but not at the requested version."""

    code = 406
    msg_fmt = _(
        'Version %(version)s was requested but the requested API '
        '%(api)s is not supported for this version.'
    )


def negotiate(headers):
    """Return the Version a request asks for.

    :param headers: a mapping of request headers (case-insensitive get).
    :raises: InvalidVersionHeader (HTTP 406) for a header that cannot be
        parsed or names another service; NotAcceptableVersion (HTTP 406)
        for a version out of range.
    """
    value = headers.get(HEADER)
    if value is not None:
        parts = value.strip().split()
        if len(parts) != 2 or parts[0].lower() not in SERVICE_ALIASES:
            raise InvalidVersionHeader(
                reason=_('Invalid service type for %s header') % HEADER
            )
        text = parts[1]
    else:
        text = headers.get(LEGACY_HEADER)
        if text is None:
            return MIN_VERSION
    if text.strip().lower() == 'latest':
        return MAX_VERSION
    try:
        version = Version.parse(text)
    except ValueError:
        raise InvalidVersionHeader(
            reason=_('Invalid value for %s header') % HEADER
        )
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise NotAcceptableVersion(
            version=str(version), min=MIN_VERSION, max=MAX_VERSION
        )
    return version


def response_headers(version):
    """Return the version headers of a /v1 answer."""
    headers = [
        (MIN_HEADER, '%s %s' % (RESPONSE_SERVICE, MIN_VERSION)),
        (MAX_HEADER, '%s %s' % (RESPONSE_SERVICE, MAX_VERSION)),
        ('Vary', HEADER),
    ]
    if version is not None:
        headers.append((HEADER, '%s %s' % (RESPONSE_SERVICE, version)))
    return headers

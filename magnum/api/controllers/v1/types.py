"""WSME types of the API: what request bodies may contain.

They coerce what upstream's clients send (``"10"`` for an integer,
``"True"`` for a boolean, label values of any scalar type) and refuse the
rest with 400 and a message naming the field.
"""

import ast
import ipaddress

from oslo_utils import strutils
from oslo_utils import uuidutils
import wsme
from wsme import types as wtypes
from wsme.rest import json as wjson

from magnum.common import exception
from magnum.i18n import _


class BooleanType(wtypes.UserType):
    """A boolean, also given as "true"/"false"/"yes"/"1"… strings."""

    basetype = wtypes.text
    name = 'boolean'

    @staticmethod
    def validate(value):
        if isinstance(value, bool):
            return value
        return strutils.bool_from_string(str(value), strict=True)

    @staticmethod
    def frombasetype(value):
        return value


class IntegerType(wtypes.UserType):
    """An integer within bounds, also given as a string of digits."""

    basetype = wtypes.text
    name = 'integer'

    def __init__(self, minimum=None, maximum=None):
        self.minimum = minimum
        self.maximum = maximum

    def validate(self, value):
        if isinstance(value, (bool, float)):
            raise ValueError(_('%s is not an integer') % value)
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(_('%s is not an integer') % value)
        if self.minimum is not None and number < self.minimum:
            raise ValueError(
                _('Value should be greater or equal to %s') % self.minimum
            )
        if self.maximum is not None and number > self.maximum:
            raise ValueError(
                _('Value should be lower or equal to %s') % self.maximum
            )
        return number

    @staticmethod
    def frombasetype(value):
        return value


class DnsListType(wtypes.UserType):
    """One IP address or a comma-separated list of them."""

    basetype = wtypes.text
    name = 'dnslist'

    @staticmethod
    def validate(value):
        for address in str(value).split(','):
            try:
                ipaddress.ip_address(address.strip())
            except ValueError:
                raise ValueError(
                    _('Invalid DNS nameserver %s') % address.strip()
                )
        return value

    @staticmethod
    def frombasetype(value):
        return value


class UuidOrNameType(wtypes.UserType):
    """A UUID or a name of 1 to 255 characters."""

    basetype = wtypes.text
    name = 'uuid_or_name'

    @staticmethod
    def validate(value):
        if not isinstance(value, str) or not 1 <= len(value) <= 255:
            raise ValueError(
                _('Expected a UUID or name but received %s') % value
            )
        return value

    @staticmethod
    def frombasetype(value):
        return value


class UuidType(wtypes.UserType):
    """A UUID."""

    basetype = wtypes.text
    name = 'uuid'

    @staticmethod
    def validate(value):
        if not uuidutils.is_uuid_like(value):
            raise ValueError(_('Expected a UUID but received %s') % value)
        return value

    @staticmethod
    def frombasetype(value):
        return value


def _scalar_to_text(key, value):
    if isinstance(value, bool):
        return 'True' if value else 'False'
    if isinstance(value, (int, float, str)):
        return str(value)
    raise ValueError(
        _('Label %(key)s has a value of unsupported type %(type)s')
        % {'key': key, 'type': type(value).__name__}
    )


class LabelsType(wtypes.UserType):
    """A dict of string keys to scalar values, stored as strings.

    A string holding a Python or JSON dict literal is accepted too
    (upstream's PATCH of ``/labels``, as magnum-ui sends it).
    """

    basetype = wtypes.text
    name = 'labels'

    @staticmethod
    def validate(value):
        if isinstance(value, str):
            value = parse_literal(value, '/labels')
        if not isinstance(value, dict):
            raise ValueError(_('Labels must be a dict'))
        return {str(k): _scalar_to_text(k, v) for k, v in value.items()}

    @staticmethod
    def frombasetype(value):
        return value


def parse_literal(value, path):
    """Parse a dict given as a string (Python or JSON literal).

    :raises: ValueError when it is not a literal dict.
    """
    try:
        parsed = ast.literal_eval(value.strip())
    except (ValueError, SyntaxError):
        parsed = None
    if not isinstance(parsed, dict):
        raise ValueError(_('The value of %s must be a dict') % path)
    return parsed


def string(min_length=1, max_length=255, pattern=None):
    """A string type with length bounds."""
    return wtypes.StringType(
        min_length=min_length, max_length=max_length, pattern=pattern
    )


boolean = BooleanType()
dnslist = DnsListType()
uuid_or_name = UuidOrNameType()
uuid = UuidType()
labels = LabelsType()


def from_body(datatype, data):
    """Validate a request body against a WSME complex type.

    :returns: an instance of ``datatype``.
    :raises: Invalid (HTTP 400) naming the offending field.
    """
    if not isinstance(data, dict):
        raise exception.Invalid(_('The request body must be a JSON object.'))
    try:
        return wjson.fromjson(datatype, data)
    except wsme.exc.ClientSideError as e:
        raise exception.Invalid(str(e.faultstring))
    except exception.Invalid as e:
        raise exception.Invalid(e.message)
    except (ValueError, TypeError) as e:
        raise exception.Invalid(_('Invalid input: %s') % e)


def set_fields(obj):
    """Return the fields of a WSME object that the request set."""
    result = {}
    for attr in wtypes.list_attributes(type(obj)):
        value = getattr(obj, attr.key)
        if value is not wtypes.Unset:
            result[attr.key] = value
    return result

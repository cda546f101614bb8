"""Collections: limit/marker/sort validation and the ``next`` link."""

import urllib.parse

from oslo_config import cfg

from magnum.api.controllers import link
from magnum.common import exception
from magnum.common import policy
from magnum.i18n import _

CONF = cfg.CONF


def authorize_list(context, prefix, rule, limit, sort_dir):
    """Check a list request's policy, then its paging arguments.

    Admins passing ``<prefix>:<rule>_all_projects`` list every project.

    :returns: ``(limit, sort_dir)`` validated.
    :raises: PolicyNotAuthorized (HTTP 403); Invalid (HTTP 400).
    """
    policy.authorize(context, '%s:%s' % (prefix, rule))
    if context.is_admin and policy.check(
        context, '%s:%s_all_projects' % (prefix, rule)
    ):
        context.all_tenants = True
    return validate_limit(limit), validate_sort_dir(sort_dir)


def validate_limit(limit):
    """Return the page size to use (at most ``[api] max_limit``).

    :raises: Invalid (HTTP 400) when ``limit`` is not a positive integer.
    """
    if limit is None:
        return CONF.api.max_limit
    try:
        value = int(limit)
    except (TypeError, ValueError):
        raise exception.Invalid(_('Limit must be an integer'))
    if value <= 0:
        raise exception.Invalid(_('Limit must be positive'))
    return min(value, CONF.api.max_limit)


def validate_sort_dir(sort_dir):
    """Return ``asc`` or ``desc``.

    :raises: Invalid (HTTP 400) for anything else.
    """
    sort_dir = sort_dir or 'asc'
    if sort_dir not in ('asc', 'desc'):
        raise exception.Invalid(
            _(
                'Invalid sort direction: %s. Acceptable '
                "values are 'asc' or 'desc'"
            )
            % sort_dir
        )
    return sort_dir


def next_link(items, limit, resource, marker_key='uuid', **params):
    """Return the URL of the next page, or None on the last page.

    A next page is announced when the page is full, as upstream does.
    """
    if not items or len(items) != limit:
        return None
    query = {k: v for k, v in params.items() if v is not None}
    query['limit'] = limit
    query['marker'] = items[-1][marker_key]
    return '%s/v1/%s?%s' % (
        link.app_url(),
        resource,
        urllib.parse.urlencode(query),
    )


def collection(key, items, limit, resource, marker_key='uuid', **params):
    """Return ``{key: items[, "next": url]}``."""
    body = {key: items}
    following = next_link(items, limit, resource, marker_key, **params)
    if following:
        body['next'] = following
    return body

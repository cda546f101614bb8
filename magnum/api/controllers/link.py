"""Links of API resources."""

import pecan


def app_url():
    """Return the URL the client reached the application at."""
    return pecan.request.application_url.rstrip('/')


def make_link(rel, resource, args='', bookmark=False, base=None):
    """Return a link object ``{"href": …, "rel": …}``.

    :param rel: ``self`` or ``bookmark``.
    :param resource: the collection, e.g. ``clustertemplates``.
    :param args: the path after the collection, e.g. the uuid.
    :param bookmark: bookmark links omit the ``/v1`` prefix.
    """
    base = base or app_url()
    prefix = '' if bookmark else '/v1'
    href = '%s%s/%s' % (base, prefix, resource)
    if args:
        href = '%s/%s' % (href, args)
    return {'href': href, 'rel': rel}


def self_and_bookmark(resource, args, base=None):
    """Return the usual pair of self and bookmark links.

    :param base: the application URL, when the caller has it already
        (lists build thousands of links).
    """
    base = base or app_url()
    return [
        make_link('self', resource, args, base=base),
        make_link('bookmark', resource, args, bookmark=True, base=base),
    ]

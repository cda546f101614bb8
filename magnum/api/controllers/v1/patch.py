"""JSON-patch (RFC 6902) updates with upstream's rules.

A patch is applied to the resource's current document; the result is then
validated by the resource's body type like a create would be.
"""

import re

import jsonpatch

from magnum.common import exception
from magnum.i18n import _

#: Attributes no patch may touch, for every resource.
INTERNAL = (
    '/created_at',
    '/id',
    '/links',
    '/updated_at',
    '/uuid',
    '/project_id',
    '/user_id',
)
_PATH_RE = re.compile(r'^(/[\w-]+)+$')
_OPS = ('add', 'replace', 'remove')


def validate(patch, internal=(), mandatory=()):
    """Check a patch document and return its operations.

    :param internal: more paths that may not be changed.
    :param mandatory: paths that may not be removed.
    :raises: Invalid (HTTP 400) naming the first offending operation.
    """
    if not isinstance(patch, list) or not patch:
        raise exception.Invalid(
            _('The request body must be a non-empty JSON-patch list.')
        )
    internal = set(INTERNAL) | set(internal)
    for op in patch:
        if not isinstance(op, dict):
            raise exception.Invalid(
                _('Each patch operation must be an object.')
            )
        path, action = op.get('path'), op.get('op')
        if not isinstance(path, str) or not _PATH_RE.match(path):
            raise exception.Invalid(_('Invalid patch path: %s') % path)
        if action not in _OPS:
            raise exception.Invalid(
                _('Invalid patch operation %(op)s; use one of %(ops)s')
                % {'op': action, 'ops': ', '.join(_OPS)}
            )
        if path in internal:
            raise exception.Invalid(
                _("'%s' is an internal attribute and can not be updated")
                % path
            )
        if action == 'remove' and path in mandatory:
            raise exception.Invalid(
                _("'%s' is a mandatory attribute and can not be removed")
                % path
            )
        if action != 'remove' and 'value' not in op:
            raise exception.Invalid(
                _("'add' and 'replace' operations need a value")
            )
    return patch


def apply(document, patch):
    """Apply ``patch`` to a copy of ``document`` and return the result.

    Adding a top-level attribute is allowed only where the attribute
    exists and is null (upstream's rule); removal sets it to null.

    :raises: PatchError (HTTP 400) when the patch does not apply.
    """
    for op in patch:
        key = op['path'].split('/')[1]
        if op['op'] == 'add' and op['path'].count('/') == 1:
            if key not in document:
                raise exception.PatchError(
                    patch=patch,
                    reason=_(
                        'Adding a new attribute %s to the '
                        'root of the resource is not '
                        'allowed.'
                    )
                    % op['path'],
                )
            if document[key] not in (None, {}, []):
                raise exception.PatchError(
                    patch=patch,
                    reason=_(
                        'The attribute %s has existed, '
                        "please use 'replace' operation "
                        'instead.'
                    )
                    % op['path'],
                )
    try:
        result = jsonpatch.apply_patch(document, patch)
    except (
        jsonpatch.JsonPatchException,
        jsonpatch.JsonPointerException,
        TypeError,
        ValueError,
    ) as e:
        raise exception.PatchError(patch=patch, reason=e)
    for key in document:
        result.setdefault(key, None)
    return result

"""PATCH bodies by content type: JSON patch, merge patch, strategic merge.

* ``application/json-patch+json``: RFC 6902, applied with ``jsonpatch``.
* ``application/merge-patch+json``: RFC 7386.
* ``application/strategic-merge-patch+json``: RFC 7386 plus merge-by-key
  for the lists that the apiserver merges (containers by ``name``,
  container ports by ``containerPort``, service ports by ``port``, ...),
  the ``$patch: delete|replace`` directives and
  ``$deleteFromPrimitiveList/<field>``; ``$setElementOrder`` and
  ``$retainKeys`` are accepted and ignored.
"""

import copy
import json

import jsonpatch
import jsonpointer

from magnum.tests.k8s_double import status

JSON_PATCH = 'application/json-patch+json'
MERGE_PATCH = 'application/merge-patch+json'
STRATEGIC_PATCH = 'application/strategic-merge-patch+json'

# Lists merged by key under strategic merge, by path (list items are "[]",
# a pod template's "spec.template" prefix is dropped first).
MERGE_KEYS = {
    ('spec', 'containers'): 'name',
    ('spec', 'initContainers'): 'name',
    ('spec', 'containers', '[]', 'ports'): 'containerPort',
    ('spec', 'initContainers', '[]', 'ports'): 'containerPort',
    ('spec', 'containers', '[]', 'env'): 'name',
    ('spec', 'initContainers', '[]', 'env'): 'name',
    ('spec', 'containers', '[]', 'volumeMounts'): 'mountPath',
    ('spec', 'initContainers', '[]', 'volumeMounts'): 'mountPath',
    ('spec', 'volumes'): 'name',
    ('spec', 'imagePullSecrets'): 'name',
    ('spec', 'ports'): 'port',
    ('metadata', 'ownerReferences'): 'uid',
    ('status', 'conditions'): 'type',
    ('status', 'addresses'): 'type',
}


def _unprocessable(error):
    return status.ApiError(
        422,
        'Invalid',
        'the server rejected our request due to an error in our request',
        {
            'causes': [
                {'reason': 'UnexpectedServerResponse', 'message': str(error)}
            ]
        },
    )


def merge_patch(target, patch):
    """Return ``target`` merged with ``patch`` as RFC 7386 describes."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _merge_key(path):
    if path[:2] == ('spec', 'template'):
        path = path[2:]
    return MERGE_KEYS.get(path)


def _merge_list(target, patch, key, path):
    if any(
        isinstance(p, dict) and p.get('$patch') == 'replace' for p in patch
    ):
        return [
            copy.deepcopy(p)
            for p in patch
            if not (isinstance(p, dict) and '$patch' in p)
        ]
    result = copy.deepcopy(target) if isinstance(target, list) else []
    for item in patch:
        if not isinstance(item, dict) or key not in item:
            result.append(copy.deepcopy(item))
            continue
        found = [
            i
            for i, old in enumerate(result)
            if isinstance(old, dict) and old.get(key) == item[key]
        ]
        if item.get('$patch') == 'delete':
            result = [old for i, old in enumerate(result) if i not in found]
        elif found:
            result[found[0]] = strategic_merge(
                result[found[0]], item, path + ('[]',)
            )
        else:
            result.append(strategic_merge({}, item, path + ('[]',)))
    return result


def strategic_merge(target, patch, path=()):
    """Return ``target`` merged with a strategic-merge ``patch``."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    directive = patch.get('$patch')
    if directive == 'replace':
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != '$patch'}
    if directive == 'delete':
        return None
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if name.startswith(('$setElementOrder/', '$retainKeys', '$patch')):
            continue
        if name.startswith('$deleteFromPrimitiveList/'):
            field = name.split('/', 1)[1]
            if isinstance(result.get(field), list):
                result[field] = [v for v in result[field] if v not in value]
            continue
        key = _merge_key(path + (name,))
        if value is None:
            result.pop(name, None)
        elif key and isinstance(value, list):
            result[name] = _merge_list(
                result.get(name), value, key, path + (name,)
            )
        else:
            merged = strategic_merge(result.get(name), value, path + (name,))
            if merged is None:
                result.pop(name, None)
            else:
                result[name] = merged
    return result


def apply(content_type, original, raw):
    """Apply a PATCH body of ``content_type`` to ``original``; return copy.

    Raises 415 for an unknown type, 400 for an unreadable body and 422
    when a JSON patch cannot be applied.
    """
    media = (content_type or '').split(';')[0].strip().lower()
    if media not in (JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH):
        raise status.unsupported_media_type(
            (JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH)
        )
    try:
        patch = json.loads(raw or b'null')
    except ValueError as exc:
        raise status.bad_request(f'error decoding patch: {exc}')
    if media == JSON_PATCH:
        if not isinstance(patch, list):
            raise status.bad_request('json patch must be a list of operations')
        try:
            return jsonpatch.JsonPatch(patch).apply(copy.deepcopy(original))
        except (
            jsonpatch.JsonPatchException,
            jsonpointer.JsonPointerException,
        ) as exc:
            raise _unprocessable(exc)
    if not isinstance(patch, dict):
        raise status.bad_request('patch body must be a JSON object')
    if media == MERGE_PATCH:
        return merge_patch(original, patch)
    return strategic_merge(original, patch)

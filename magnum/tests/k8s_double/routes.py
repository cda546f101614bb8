"""Map an HTTP request (method, path, query, body) to an API operation.

Transport-free: :func:`handle` returns a :class:`Response` (a JSON or
text body, or a :class:`~.watch.Watch` to stream) or raises
:class:`~.status.ApiError`.  Paths have had one trailing ``/`` removed.
"""

import dataclasses
import json

from magnum.tests.k8s_double import kinds
from magnum.tests.k8s_double import status
from magnum.tests.k8s_double import tables
from magnum.tests.k8s_double import watch

HEALTH = ('/healthz', '/livez', '/readyz')
JSON_TYPES = ('', 'application/json', '*/*')


@dataclasses.dataclass
class Response:
    """What to send: a status code and a body, or a watch stream."""

    code: int
    body: object = None
    stream: watch.Watch = None


@dataclasses.dataclass
class Target:
    """A parsed resource path."""

    plural: str
    namespace: object = None
    name: str = None
    sub: str = None
    legacy_watch: bool = False


def _parse(parts):
    head = parts[0] if parts else None
    if len(parts) == 1 and head in kinds.NAMESPACED:
        return Target(head)
    if (
        head == 'namespaces'
        and len(parts) >= 3
        and parts[2] in kinds.NAMESPACED
    ):
        return (
            Target(parts[2], parts[1], *parts[3:]) if len(parts) <= 5 else None
        )
    if head in ('nodes', 'namespaces') and len(parts) <= 3:
        return Target(head, '', *parts[1:])
    return None


def _resource_target(parts):
    if not all(parts):
        raise status.no_route()
    legacy = parts[0] == 'watch'
    target = _parse(parts[1:] if legacy else parts)
    if target is None or (
        target.sub
        and target.sub not in kinds.KINDS[target.plural].subresources
    ):
        raise status.no_route()
    if legacy and target.sub:
        raise status.no_route()
    target.legacy_watch = legacy
    return target


def _json_body(headers, raw):
    media = (headers.get('Content-Type') or '').split(';')[0].strip()
    if media.lower() not in JSON_TYPES:
        raise status.unsupported_media_type(['application/json'])
    try:
        return json.loads(raw) if raw else None
    except ValueError as exc:
        raise status.bad_request(f'error decoding request body: {exc}')


def _collection(registry, method, target, query, headers, raw, limits):
    if method == 'GET':
        if target.legacy_watch or query.get('watch') in ('true', '1'):
            return Response(
                200,
                stream=watch.Watch(
                    registry.store,
                    target.plural,
                    target.namespace,
                    query,
                    limits,
                ),
            )
        return Response(
            200,
            registry.list(
                target.plural,
                target.namespace,
                query.get('labelSelector'),
                query.get('fieldSelector'),
            ),
        )
    if method == 'POST' and target.namespace is not None:
        return Response(
            201,
            registry.create(
                target.plural, target.namespace, _json_body(headers, raw)
            ),
        )
    raise status.method_not_allowed()


def _item(registry, method, target, query, headers, raw):
    args = (target.plural, target.namespace, target.name)
    scale = target.sub == 'scale'
    if method == 'GET':
        if scale:
            return Response(200, registry.read_scale(*args[1:]))
        return Response(200, registry.read(*args))
    if method == 'PUT':
        body = _json_body(headers, raw)
        if scale:
            return Response(200, registry.replace_scale(*args[1:], body))
        return Response(200, registry.replace(*args, body, target.sub))
    if method == 'PATCH':
        content_type = headers.get('Content-Type')
        if scale:
            return Response(
                200, registry.patch_scale(*args[1:], content_type, raw)
            )
        return Response(
            200, registry.patch(*args, content_type, raw, target.sub)
        )
    if method == 'DELETE' and not target.sub:
        options = _json_body(headers, raw) or {}
        if query.get('propagationPolicy'):
            options['propagationPolicy'] = query['propagationPolicy']
        return Response(200, registry.delete(*args, options))
    raise status.method_not_allowed()


def _fixed(path, server):
    if path in HEALTH or path.startswith(tuple(h + '/' for h in HEALTH)):
        return 'ok'
    return {
        '/': kinds.root_paths,
        '/version': lambda: kinds.version_info(server.git_version),
        '/api': lambda: kinds.api_versions(server.address),
        '/api/v1': kinds.api_resource_list,
        '/apis': kinds.api_group_list,
    }.get(path, lambda: None)()


def handle(server, method, path, query, headers, raw):
    """Serve one request for ``server`` (a KubeDouble); return Response.

    ``query`` maps each parameter to its first value.
    """
    fixed = _fixed(path, server)
    if fixed is not None:
        if method != 'GET':
            raise status.method_not_allowed()
        return Response(200, fixed)
    if not path.startswith('/api/v1/'):
        raise status.no_route()
    target = _resource_target(path[len('/api/v1/') :].split('/'))
    registry = server.registry
    if target.name and target.legacy_watch:
        query = dict(query, fieldSelector='metadata.name=' + target.name)
        target.name = None
    if target.name is None:
        response = _collection(
            registry,
            method,
            target,
            query,
            headers,
            raw,
            server.max_watch_seconds,
        )
    else:
        response = _item(registry, method, target, query, headers, raw)
    if (
        method == 'GET'
        and target.sub != 'scale'
        and tables.wants_table(headers.get('Accept'))
    ):
        _as_table(response, target.plural, query)
    return response


def _as_table(response, plural, query):
    include = query.get('includeObject') or 'Metadata'
    if response.stream is not None:
        response.stream.render = lambda obj: tables.table(
            plural, [obj], obj['metadata'].get('resourceVersion'), include
        )
    elif 'items' in response.body:
        response.body = tables.table(
            plural,
            response.body['items'],
            response.body['metadata']['resourceVersion'],
            include,
        )
    else:
        response.body = tables.table(
            plural,
            [response.body],
            response.body['metadata'].get('resourceVersion'),
            include,
        )

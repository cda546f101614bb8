"""The API reference documents exactly the routes the application serves.

The routes of the application are derived from the application itself:

1. the pecan controller tree under ``RootController`` is walked the way
   pecan's ``RestController`` routes (``get_all``/``get``/``get_one``/
   ``post``/``put``/``patch``/``delete``, ``_custom_actions`` and nested
   controllers, which sit under the item path of their parent);
2. each derived route is then dispatched through a pecan application built
   on the real root controller, with a hook that records the handler pecan
   chose and stops the request before the handler runs: a walker that
   misread the tree fails here, not silently;
3. the other applications of the paste pipeline (``/healthcheck``) are
   read from ``etc/magnum/api-paste.ini``.

The documented routes are the ``.. rest_method::`` directives of
``api-ref/source/*.inc``. Path parameters are compared by position only:
``/v1/clustertemplates/{clustertemplate_ident}`` and the app's
``/v1/clustertemplates/{ident}`` are the same route.
"""

import configparser
import importlib.machinery
import importlib.util
import inspect
import os
import pathlib
import re
import subprocess
import sys

import pecan
from pecan import hooks as pecan_hooks
from pecan import rest
import pytest
import webob.exc
import webtest

from magnum.api.controllers import root

TOP = pathlib.Path(__file__).resolve().parents[4]
API_REF = TOP / 'api-ref' / 'source'
PASTE_INI = TOP / 'etc' / 'magnum' / 'api-paste.ini'

#: RestController methods and the HTTP method pecan routes to them.
REST_METHODS = (
    ('get_all', 'GET'),
    ('get', 'GET'),
    ('get_one', 'GET'),
    ('post', 'POST'),
    ('put', 'PUT'),
    ('patch', 'PATCH'),
    ('delete', 'DELETE'),
)
_REST_NAMES = {name for name, _method in REST_METHODS}
_REST_METHOD_RE = re.compile(
    r'^\.\.\s+rest_method::\s+([A-Z]+)\s+(\S+)\s*$', re.MULTILINE
)


def normalise(path):
    """Return ``path`` with every ``{param}`` as ``{}`` and no query."""
    path = path.split('?', 1)[0].rstrip('/') or '/'
    return re.sub(r'\{[^}]*\}', '{}', path)


def _path_params(fn):
    """Path segments: positional parameters without a default, then the
    optional ones the handler declares as segments
    (``expose.handler(optional_segments=...)``)."""
    params = inspect.signature(fn).parameters.values()
    optional = getattr(fn, 'optional_segments', ())
    return [
        p.name
        for p in params
        if p.kind == p.POSITIONAL_OR_KEYWORD
        and (p.default is p.empty or p.name in optional)
        and p.name not in ('self', 'body')
    ]


def _exposed(obj, name):
    fn = getattr(obj, name, None)
    return fn if fn is not None and hasattr(fn, '_pecan') else None


def _placeholders(names):
    return ''.join('/{%s}' % n for n in names)


def _children(controller):
    """Attributes of ``controller`` that are controllers themselves.

    Pecan looks children up on the instance, so controllers that
    ``__init__`` sets count as much as class attributes.
    """
    for name in sorted(dir(controller)):
        if name.startswith('_'):
            continue
        value = getattr(controller, name)
        if isinstance(value, rest.RestController):
            yield name, value


class Route:
    """One route: HTTP method, path template, and the handler behind it."""

    def __init__(self, method, path, handler, routing_args=()):
        self.method = method
        self.path = path
        self.handler = handler
        #: Path values pecan hands to the handler (parent idents first).
        self.routing_args = tuple(routing_args)

    @property
    def key(self):
        return (self.method, normalise(self.path))

    def example_url(self):
        """The path with a distinct value in each placeholder."""
        count = iter(range(1, 100))
        return re.sub(r'\{[^}]*\}', lambda m: 'p%d' % next(count), self.path)

    def __repr__(self):
        return '%s %s' % self.key


def walk(controller, path='', inherited=0):
    """Yield the routes of ``controller`` and of the controllers below it.

    :param path: the URL path of ``controller`` (``''`` for the root).
    :param inherited: how many leading path parameters of its handlers
        the URL above ``controller`` provides (the parents' idents).
    :raises: AssertionError for routing this walker does not understand.
    """
    for hook in ('_lookup', '_default'):
        assert not hasattr(controller, hook), (
            '%s defines %s: teach test_api_ref_parity.walk its routing'
            % (type(controller).__name__, hook)
        )
    for name, method in REST_METHODS:
        fn = _exposed(controller, name)
        if fn is None:
            continue
        own = _path_params(fn)[inherited:]
        if name in ('get_all', 'post') and own:
            continue  # pecan never routes extra path segments here
        if name == 'get' and own and _exposed(controller, 'get_one'):
            continue
        yield Route(method, (path + _placeholders(own)) or '/', fn)
    for action, methods in getattr(controller, '_custom_actions', {}).items():
        for method in methods:
            fn = _exposed(controller, '%s_%s' % (method.lower(), action))
            fn = fn or _exposed(controller, action)
            assert fn is not None, 'no handler of custom action %s' % action
            own = _path_params(fn)[inherited:]
            yield Route(
                method, '%s%s/%s' % (path, _placeholders(own), action), fn
            )
    item = _exposed(controller, 'get_one') or _exposed(controller, 'get')
    item_params = _path_params(item)[inherited:] if item else []
    for name, child in _children(controller):
        if name in _REST_NAMES:
            continue
        yield from walk(
            child,
            '%s%s/%s' % (path, _placeholders(item_params), name),
            inherited + len(item_params),
        )


def paste_routes():
    """Routes of the paste composite served by other applications."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PASTE_INI)
    for key in parser['composite:main']:
        if key.startswith('/') and key != '/':
            yield ('GET', normalise(key))


def app_routes():
    """``{(method, normalised path): Route}`` of the pecan application."""
    routes = {}
    for route in walk(root.RootController()):
        assert route.key not in routes, 'two handlers for %r' % (route,)
        routes[route.key] = route
    return routes


def documented_routes():
    """``{(method, normalised path): file name}`` of the api-ref."""
    found = {}
    for inc in sorted(API_REF.glob('*.inc')):
        for method, path in _REST_METHOD_RE.findall(inc.read_text()):
            key = (method, normalise(path))
            assert key not in found, '%s %s documented twice (%s, %s)' % (
                method,
                path,
                found[key],
                inc.name,
            )
            found[key] = inc.name
    return found


class _Stop(pecan_hooks.PecanHook):
    """Record the handler pecan routed to, then answer 204 at once."""

    def __init__(self):
        self.seen = []

    def before(self, state):
        self.seen.append(state.controller)
        raise webob.exc.HTTPNoContent()


@pytest.fixture(scope='module')
def dispatcher():
    stop = _Stop()
    app = pecan.make_app(
        root.RootController(),
        hooks=[stop],
        force_canonical=False,
        guess_content_type_from_ext=False,
    )
    return webtest.TestApp(app), stop


def _same_function(a, b):
    unwrap = inspect.unwrap
    return unwrap(getattr(a, '__func__', a)) is unwrap(
        getattr(b, '__func__', b)
    )


def test_walker_finds_the_known_shapes():
    """Collection, item, custom action and two-segment item routes."""
    routes = app_routes()
    for key in [
        ('GET', '/'),
        ('GET', '/v1'),
        ('GET', '/v1/clustertemplates'),
        ('GET', '/v1/clustertemplates/detail'),
        ('GET', '/v1/clustertemplates/{}'),
        ('PATCH', '/v1/clustertemplates/{}'),
        ('GET', '/v1/quotas/{}/{}'),
        ('POST', '/v1/clusters/{}/actions/resize'),
        ('GET', '/v1/clusters/{}/nodegroups/{}'),
        ('GET', '/v1/pods/{}/{}'),
        ('PATCH', '/v1/rcs/{}/{}'),
        ('DELETE', '/v1/services/{}/{}'),
    ]:
        assert key in routes, key


def test_every_derived_route_dispatches_to_its_handler(dispatcher):
    client, stop = dispatcher
    for route in app_routes().values():
        del stop.seen[:]
        resp = client.request(
            route.example_url(), method=route.method, expect_errors=True
        )
        assert resp.status_int == 204 and len(stop.seen) == 1, (
            '%r did not reach a handler (%s)' % (route, resp.status)
        )
        assert _same_function(stop.seen[0], route.handler), (
            '%r reached %s, not %s'
            % (route, stop.seen[0].__name__, route.handler.__name__)
        )


def test_every_route_is_documented():
    routes = set(app_routes()) | set(paste_routes())
    missing = sorted(routes - set(documented_routes()))
    assert not missing, (
        'routes served but not in api-ref/source/*.inc (add a '
        '".. rest_method::" section): %s'
        % ', '.join('%s %s' % r for r in missing)
    )


def test_every_documented_route_is_served():
    routes = set(app_routes()) | set(paste_routes())
    documented = documented_routes()
    extra = sorted(set(documented) - routes)
    assert not extra, 'documented but not served: %s' % ', '.join(
        '%s %s (%s)' % (m, p, documented[(m, p)]) for m, p in extra
    )


def test_every_inc_file_is_included():
    index = (API_REF / 'index.rst').read_text()
    for inc in API_REF.glob('*.inc'):
        assert '.. include:: %s' % inc.name in index, inc.name


def test_samples_are_answers_of_the_current_api():
    """tools/api-ref-samples --check: the samples match the real API."""
    done = subprocess.run(
        [sys.executable, str(TOP / 'tools' / 'api-ref-samples'), '--check'],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONWARNINGS='ignore'),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _samples_tool():
    loader = importlib.machinery.SourceFileLoader(
        'api_ref_samples', str(TOP / 'tools' / 'api-ref-samples')
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_samples_normalise_uids_and_resource_versions():
    """Kubernetes uids and resourceVersions get fixed values in order of
    appearance, in fields and in messages alike."""
    normalise = _samples_tool().Normaliser()
    uid = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'
    first = normalise(
        {
            'metadata': {'uid': uid, 'resourceVersion': '4711'},
            'detail': 'Precondition failed: ResourceVersion in '
            'precondition: 4711, ResourceVersion in object meta: 4712',
        }
    )
    assert first == {
        'metadata': {
            'uid': '0eadbef0-0001-4001-8001-000000000001',
            'resourceVersion': '1',
        },
        'detail': 'Precondition failed: ResourceVersion in '
        'precondition: 1, ResourceVersion in object meta: 2',
    }
    assert normalise(['resourceVersion 4712', uid]) == [
        'resourceVersion 2',
        '0eadbef0-0001-4001-8001-000000000001',
    ]

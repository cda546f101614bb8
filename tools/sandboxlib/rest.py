"""Small JSON REST client on keystoneauth1 for the identity and seed stages.

Plain REST keeps ``up`` fast (no SDK import) and shows exactly which API call
each idempotent "ensure" makes.
"""

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from .runner import SandboxError
from .settings import AUTH_URL
from .settings import REGION


def session(user):
    """Return a keystoneauth session of ``user`` (a settings.User)."""
    auth = v3.Password(
        auth_url=AUTH_URL,
        username=user.name,
        password=user.password,
        user_domain_name=user.domain,
        project_name=user.project,
        project_domain_name='Default',
    )
    return ks_session.Session(auth=auth, timeout=60)


class Api:
    """JSON calls to one catalog service (public interface)."""

    def __init__(self, sess, service_type, microversion=None):
        self.sess = sess
        self.service_type = service_type
        self.microversion = microversion

    def call(
        self, method, path, body=None, data=None, headers=None, ok_404=False
    ):
        """Make a request; return the JSON body (None if empty or 404 ok)."""
        kwargs = {
            'endpoint_filter': {
                'service_type': self.service_type,
                'interface': 'public',
                'region_name': REGION,
            },
            'headers': dict(headers or {}),
            'raise_exc': True,
        }
        if body is not None:
            kwargs['json'] = body
        if data is not None:
            kwargs['data'] = data
        if self.microversion:
            kwargs['microversion'] = self.microversion
            kwargs['microversion_service_type'] = self.service_type
        try:
            resp = self.sess.request(path, method, **kwargs)
        except ks_exc.HttpError as exc:
            if ok_404 and exc.http_status == 404:
                return None
            raise SandboxError(
                f'{method} {self.service_type} {path}: HTTP {exc.http_status} '
                f'{exc.response.text[:300] if exc.response else ""}'
            )
        except ks_exc.ClientException as exc:
            raise SandboxError(
                f'{method} {self.service_type} {path}: {exc}'
            ) from exc
        if not resp.content:
            return None
        return resp.json()

    def get(self, path, **kwargs):
        return self.call('GET', path, **kwargs)

    def post(self, path, body, **kwargs):
        return self.call('POST', path, body=body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.call('PUT', path, body=body, **kwargs)

    def patch(self, path, body, **kwargs):
        return self.call('PATCH', path, body=body, **kwargs)

    def delete(self, path, **kwargs):
        return self.call('DELETE', path, **kwargs)

    def find_one(self, collection, key, **filters):
        """Return the one item of ``collection`` matching ``filters``.

        ``key`` is the list's key in the response body (e.g. "projects").
        """
        query = '&'.join(f'{k}={v}' for k, v in filters.items())
        items = self.get(f'{collection}?{query}')[key]
        items = [
            i
            for i in items
            if all(str(i.get(k)) == str(v) for k, v in filters.items())
        ]
        if len(items) > 1:
            raise SandboxError(f'more than one {collection} matches {filters}')
        return items[0] if items else None

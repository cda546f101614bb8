"""The request context carried from the API through RPC to the conductor."""

import copy

from oslo_context import context
from oslo_db.sqlalchemy import enginefacade

from magnum.common import policy


@enginefacade.transaction_context_provider
class RequestContext(context.RequestContext):
    """Security context and request information.

    On top of oslo.context it carries:

    * ``auth_token_info``: the token body keystonemiddleware validated, so
      OpenStack clients can be built without another Keystone round trip;
    * ``all_tenants``: set when an admin lists resources of all projects;
    * ``trust_id``: set when the context acts on behalf of a trust.
    """

    def __init__(
        self,
        auth_token_info=None,
        all_tenants=False,
        trust_id=None,
        is_admin=None,
        **kwargs,
    ):
        super().__init__(is_admin=bool(is_admin), **kwargs)
        self.auth_token_info = auth_token_info
        self.all_tenants = all_tenants
        self.trust_id = trust_id
        if is_admin is None:
            # Not given: the policy's context_is_admin rule decides.
            self.is_admin = policy.check_is_admin(self)

    def elevated(self):
        """Return an admin copy that sees every project.

        For lookups the request itself may not make (a bay's template of
        another project, in the conductor); never for policy checks.
        """
        ctx = copy.copy(self)
        ctx.is_admin = True
        ctx.all_tenants = True
        if 'admin' not in ctx.roles:
            ctx.roles = list(ctx.roles) + ['admin']
        return ctx

    def to_dict(self):
        """Serialise the context for RPC."""
        value = super().to_dict()
        value.update(
            auth_token_info=self.auth_token_info,
            all_tenants=self.all_tenants,
            trust_id=self.trust_id,
        )
        return value

    @classmethod
    def from_dict(cls, values):
        """Rebuild a context serialised by :meth:`to_dict`."""
        values = dict(values)
        extra = {
            k: values.pop(k, None) for k in ('auth_token_info', 'trust_id')
        }
        all_tenants = values.pop('all_tenants', False)
        ctx = super().from_dict(values)
        ctx.auth_token_info = extra['auth_token_info']
        ctx.trust_id = extra['trust_id']
        ctx.all_tenants = all_tenants
        return ctx

    def to_policy_values(self):
        """Policy credentials, plus ``is_trust`` for trust-scoped tokens
        (rule ``deny_cluster_user``)."""
        values = super().to_policy_values()
        values['is_trust'] = bool(self.trust_id)
        return values

    @classmethod
    def from_environ(cls, environ, **kwargs):
        """Build a context from a WSGI environ set up by the auth layer.

        A trust-scoped token's trust id comes from the validated token.
        """
        info = environ.get('keystone.token_info') or {}
        kwargs.setdefault('auth_token_info', info or None)
        trust = (info.get('token') or {}).get('OS-TRUST:trust') or {}
        kwargs.setdefault('trust_id', trust.get('id'))
        return super().from_environ(environ, **kwargs)


def make_context(*args, **kwargs):
    """Return a new :class:`RequestContext`."""
    return RequestContext(*args, **kwargs)


def get_admin_context(read_deleted='no'):
    """Return an admin context that no request stands behind.

    Used by the conductor's periodic tasks; it sees every project.
    """
    return RequestContext(
        user_id=None,
        project_id=None,
        is_admin=True,
        all_tenants=True,
        overwrite=False,
    )

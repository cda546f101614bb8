"""oslo.policy enforcement for magnum.

Rules are defined in code, one module per resource in
``magnum.common.policies``; operators override them in a policy file.
"""

import threading

from oslo_config import cfg
from oslo_policy import opts as policy_opts
from oslo_policy import policy as oslo_policy

from magnum.common import exception
from magnum.common import policies

CONF = cfg.CONF
_ENFORCER = None
_ENFORCER_LOCK = threading.Lock()

# oslo.policy's defaults: the new (scope-aware) rules are enforced.
policy_opts.set_defaults(CONF, policy_file='policy.yaml')


def get_enforcer():
    """Return the process-wide enforcer (also the oslo.policy entry point)."""
    global _ENFORCER
    if _ENFORCER is None:
        # The API serves requests on several threads: the enforcer is
        # made once, and published only when its rules are loaded
        # (oslo.policy's loading is not thread-safe).
        with _ENFORCER_LOCK:
            if _ENFORCER is None:
                enforcer = oslo_policy.Enforcer(CONF)
                enforcer.register_defaults(policies.list_rules())
                enforcer.load_rules()
                _ENFORCER = enforcer
    return _ENFORCER


def reset():
    """Forget the enforcer (tests and configuration reloads)."""
    global _ENFORCER
    with _ENFORCER_LOCK:
        if _ENFORCER is not None:
            _ENFORCER.clear()
        _ENFORCER = None


def default_target(context):
    """The target of a check that names no object: the caller's own."""
    return {'project_id': context.project_id, 'user_id': context.user_id}


def authorize(context, rule, target=None):
    """Raise unless ``rule`` allows ``context`` to act on ``target``.

    :param context: the request context.
    :param rule: the policy name, e.g. ``clustertemplate:create``.
    :param target: dict of the object's attributes (``project_id`` …);
        defaults to the caller's own project and user.
    :raises: PolicyNotAuthorized (HTTP 403)
    """
    target = default_target(context) if target is None else target
    try:
        get_enforcer().authorize(
            rule,
            target,
            context,
            do_raise=True,
            exc=exception.PolicyNotAuthorized,
            action=rule,
        )
    except oslo_policy.InvalidScope:
        raise exception.PolicyNotAuthorized(action=rule)


def check(context, rule, target=None):
    """Return whether ``rule`` allows ``context`` on ``target``."""
    target = default_target(context) if target is None else target
    try:
        return get_enforcer().authorize(rule, target, context)
    except oslo_policy.InvalidScope:
        return False


def check_is_admin(context):
    """Return whether the context passes the ``context_is_admin`` rule."""
    credentials = context.to_policy_values()
    target = credentials
    return get_enforcer().authorize('context_is_admin', target, credentials)

"""Per-bay trustee users and Keystone trusts.

Every bay gets a user of its own, ``<bay uuid>_<project id>``, in the
trustee domain (``[trust] trustee_domain_*``), created by the domain's
administrator with a random password, and a trust from the user who
creates the bay to that user (impersonation on, the creator's roles in the
project unless ``[trust] roles`` says otherwise). Once the creator's
token has expired, the conductor (Heat stack reads, updates and deletes)
and the bay's nodes (fetching certificates) act with a token of the
trustee scoped to the trust: :func:`trust_session`.

The functions set ``trustee_user_id``, ``trustee_username``,
``trustee_password`` and ``trust_id`` on the bay object; the caller saves
it. Keystone errors become :mod:`magnum.common.exception` classes.
"""

import contextlib
import copy
import secrets

from keystoneauth1 import exceptions as ka_exc
from keystoneauth1 import session as ka_session
from keystoneauth1.identity import v3 as ka_v3
import openstack
from openstack import exceptions as sdk_exc
from oslo_config import cfg
from oslo_log import log as logging

from magnum.common import exception
from magnum.common import keystone
from magnum.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)
_KEYSTONE_ERRORS = (sdk_exc.SDKException, ka_exc.ClientException)
_ADMIN_SESSION = None


def trustee_username(cluster):
    """Return the name of the bay's trustee user."""
    return '%s_%s' % (cluster.uuid, cluster.project_id)


def _admin_auth():
    group = CONF.trust
    admin = group.trustee_domain_admin_id or group.trustee_domain_admin_name
    if not (group.trustee_domain_id or group.trustee_domain_name):
        missing = 'trustee_domain_id or trustee_domain_name'
    elif not (admin and group.trustee_domain_admin_password):
        missing = 'trustee_domain_admin_id/_name and _password'
    else:
        missing = None
    if missing:
        raise exception.ServiceUnavailable(
            service='Keystone', reason=_('[trust] %s is not set') % missing
        )
    kwargs = {
        'auth_url': keystone.auth_url(),
        'password': group.trustee_domain_admin_password,
    }
    if group.trustee_domain_id:
        kwargs['domain_id'] = group.trustee_domain_id
    else:
        kwargs['domain_name'] = group.trustee_domain_name
    if group.trustee_domain_admin_id:
        kwargs['user_id'] = group.trustee_domain_admin_id
        return ka_v3.Password(**kwargs)
    kwargs['username'] = group.trustee_domain_admin_name
    if group.trustee_domain_admin_domain_id:
        kwargs['user_domain_id'] = group.trustee_domain_admin_domain_id
    elif group.trustee_domain_admin_domain_name:
        kwargs['user_domain_name'] = group.trustee_domain_admin_domain_name
    elif group.trustee_domain_id:
        kwargs['user_domain_id'] = group.trustee_domain_id
    else:
        kwargs['user_domain_name'] = group.trustee_domain_name
    return ka_v3.Password(**kwargs)


def admin_session():
    """Return the session of the trustee domain's administrator.

    The token is scoped to the trustee domain.

    :raises: ServiceUnavailable (HTTP 503) when ``[trust]`` lacks the
        domain or the administrator's credentials.
    """
    global _ADMIN_SESSION
    if _ADMIN_SESSION is None:
        _ADMIN_SESSION = ka_session.Session(
            auth=_admin_auth(), verify=keystone.tls_verify()
        )
    return _ADMIN_SESSION


def reset():
    """Forget the cached administrator session (config reloads, tests)."""
    global _ADMIN_SESSION
    _ADMIN_SESSION = None


def _identity(session):
    """Return openstacksdk's identity proxy acting with ``session``."""
    connection = openstack.connection.Connection(
        session=session,
        identity_endpoint_override=keystone.auth_url(),
        app_name='magnum',
        app_version='1',
    )
    return connection.identity


def _trustee_domain_id(session):
    if CONF.trust.trustee_domain_id:
        return CONF.trust.trustee_domain_id
    # The administrator's token is scoped to the trustee domain.
    return session.auth.get_access(session).domain_id


def _create_trustee(cluster):
    session = admin_session()
    identity = _identity(session)
    domain_id = _trustee_domain_id(session)
    name = trustee_username(cluster)
    password = secrets.token_urlsafe(18)
    try:
        user = identity.create_user(
            name=name,
            password=password,
            domain_id=domain_id,
            description=_('Trustee of cluster %s') % cluster.uuid,
        )
    except sdk_exc.ConflictException:
        # An earlier attempt created the user but its id was never saved:
        # take it over with a new password.
        user = identity.find_user(
            name, ignore_missing=False, domain_id=domain_id
        )
        identity.update_user(user, password=password)
    cluster.trustee_user_id = user.id
    cluster.trustee_username = name
    cluster.trustee_password = password


def _create_trust(context, cluster, session):
    identity = _identity(session)
    # A resumed operation's context may carry no roles: the token's own
    # roles then are the trustor's.
    roles = (
        CONF.trust.roles
        or context.roles
        or session.auth.get_access(session).role_names
    )
    trust = identity.create_trust(
        trustor_user_id=context.user_id,
        trustee_user_id=cluster.trustee_user_id,
        project_id=context.project_id,
        roles=[{'name': role} for role in roles],
        is_impersonation=True,
    )
    cluster.trust_id = trust.id


def create_trustee_and_trust(context, cluster):
    """Give a bay its trustee user and a trust from the requesting user.

    Idempotent: a bay that has both keeps them; a trustee left behind
    by an interrupted attempt is taken over.

    :param context: the requesting user's context; its token creates the
        trust, so it must still be valid.
    :param cluster: the bay (a :class:`magnum.objects.Cluster`); its
        trustee and trust fields are set, not saved.
    :raises: TrusteeOrTrustToClusterFailed (HTTP 500) when Keystone
        refuses; ServiceUnavailable (HTTP 503) when ``[trust]`` is not
        configured; NotAuthorized (HTTP 403) when the context has no
        token.
    """
    # Fails (403) before anything is created when there is no token.
    user = None if cluster.trust_id else keystone.user_session(context)
    with _translated(cluster, exception.TrusteeOrTrustToClusterFailed):
        if not cluster.trustee_user_id:
            _create_trustee(cluster)
        if user is not None:
            _create_trust(context, cluster, user)
    LOG.info(
        'Cluster %s has trustee %s and trust %s',
        cluster.uuid,
        cluster.trustee_user_id,
        cluster.trust_id,
    )


def _deletion_sessions(context, cluster):
    """Yield the sessions that may delete the trust, best first."""
    if context.auth_token and context.user_id == cluster.user_id:
        yield keystone.user_session(context)
    if cluster.trustee_user_id and cluster.trustee_password:
        # The trustee impersonates the trustor: Keystone lets it delete.
        yield trust_session(cluster)
    try:
        service = keystone.service_session()
    except exception.ServiceUnavailable:
        return
    yield service


def _delete_trust(context, cluster):
    refused = None
    for session in _deletion_sessions(context, cluster):
        try:
            _identity(session).delete_trust(
                cluster.trust_id, ignore_missing=True
            )
        except (
            sdk_exc.ForbiddenException,
            ka_exc.Unauthorized,
            ka_exc.Forbidden,
        ) as e:
            refused = e
            continue
        return
    if refused is not None:
        raise refused
    raise exception.TrusteeOrTrustDeletionFailed(
        cluster_uuid=cluster.uuid,
        reason=_('no credentials may delete trust %s') % cluster.trust_id,
    )


def _delete_trustee(cluster):
    identity = _identity(admin_session())
    user = cluster.trustee_user_id
    if not user:
        # An interrupted create may have left a user whose id was lost.
        user = identity.find_user(
            trustee_username(cluster),
            domain_id=_trustee_domain_id(admin_session()),
        )
    if user:
        identity.delete_user(user, ignore_missing=True)


def _trust_configured():
    group = CONF.trust
    return bool(group.trustee_domain_id or group.trustee_domain_name)


def delete_trustee_and_trust(context, cluster):
    """Delete the bay's trust and trustee user; missing ones are fine.

    The trust is deleted by its trustor when the context is that user,
    else by the trustee (which impersonates the trustor), else by
    magnum's service user; the trustee user by the domain administrator.

    :param context: the request context.
    :param cluster: the bay; its trustee and trust fields are cleared.
    :raises: TrusteeOrTrustDeletionFailed (HTTP 500) when Keystone
        refuses.
    """
    if not (cluster.trust_id or cluster.trustee_user_id):
        if not _trust_configured():
            return
    with _translated(cluster, exception.TrusteeOrTrustDeletionFailed):
        if cluster.trust_id:
            _delete_trust(context, cluster)
            cluster.trust_id = None
        _delete_trustee(cluster)
    cluster.trustee_user_id = None
    cluster.trustee_username = None
    cluster.trustee_password = None


def rotate_trustee_and_trust(context, cluster):
    """Give the bay's trustee a new password and the bay a new trust.

    The new trust is created with the requesting user's token before the
    old one is deleted, so the bay is never without one; the old password
    stops working at once.

    :param context: the requesting user's context (its token is needed).
    :param cluster: the bay; its password and trust fields change.
    :raises: NotAuthorized (HTTP 403) without a token;
        TrusteeOrTrustToClusterFailed (HTTP 500) when Keystone refuses.
    """
    user = keystone.user_session(context)
    old_trust = cluster.trust_id
    with _translated(cluster, exception.TrusteeOrTrustToClusterFailed):
        if not cluster.trustee_user_id:
            _create_trustee(cluster)
        else:
            password = secrets.token_urlsafe(18)
            _identity(admin_session()).update_user(
                cluster.trustee_user_id, password=password
            )
            cluster.trustee_password = password
        _create_trust(context, cluster, user)
    if old_trust:
        stale = copy.copy(cluster)
        stale.trust_id = old_trust
        with _translated(cluster, exception.TrusteeOrTrustDeletionFailed):
            _delete_trust(context, stale)
    LOG.info(
        'Cluster %s has a new trustee password and trust %s',
        cluster.uuid,
        cluster.trust_id,
    )


def trust_session(cluster):
    """Return a session of the bay's trustee scoped to the bay's trust.

    It acts as the bay's creator (the trust impersonates) with the
    delegated roles, in the bay's project, and keeps working after the
    creator's token has expired. Keystone does not let it create further
    trusts, so Heat refuses to create stacks with it; reading, updating
    and deleting them works.

    :raises: ClusterTrustUnavailable (HTTP 500) when the bay has no
        trustee or trust.
    """
    if not (
        cluster.trustee_user_id
        and cluster.trustee_password
        and cluster.trust_id
    ):
        raise exception.ClusterTrustUnavailable(
            cluster_uuid=cluster.uuid,
            reason=_('it has no trustee or trust'),
        )
    auth = ka_v3.Password(
        auth_url=keystone.auth_url(),
        user_id=cluster.trustee_user_id,
        password=cluster.trustee_password,
        trust_id=cluster.trust_id,
    )
    return ka_session.Session(auth=auth, verify=keystone.tls_verify())


def trustee_auth_url():
    """Return the Keystone v3 URL the bay's nodes authenticate against.

    It is the identity endpoint of ``[trust] trustee_keystone_interface``
    in the service catalog.

    :raises: ServiceUnavailable (HTTP 503) when it cannot be found.
    """
    session = keystone.service_session()
    try:
        url = session.get_endpoint(
            service_type='identity',
            interface=CONF.trust.trustee_keystone_interface,
            region_name=CONF.keystone_auth.get('region_name'),
        )
    except ka_exc.ClientException as e:
        raise exception.ServiceUnavailable(service='Keystone', reason=e)
    if not url:
        raise exception.ServiceUnavailable(
            service='Keystone',
            reason=_('no %s identity endpoint in the catalog')
            % CONF.trust.trustee_keystone_interface,
        )
    url = url.rstrip('/')
    return url if url.endswith('/v3') else url + '/v3'


@contextlib.contextmanager
def _translated(cluster, failure):
    """Turn Keystone errors inside the block into ``failure``."""
    try:
        yield
    except _KEYSTONE_ERRORS as e:
        LOG.error(
            'Keystone refused a trust operation of cluster %s: %s',
            cluster.uuid,
            e,
        )
        raise failure(cluster_uuid=cluster.uuid, reason=_reason(e))


def _reason(error):
    status = getattr(error, 'status_code', None) or getattr(
        error, 'http_status', None
    )
    text = str(error).strip() or type(error).__name__
    return '%s (HTTP %s)' % (text, status) if status else text

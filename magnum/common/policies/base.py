"""Base rules that the per-resource rules are written in terms of."""

from oslo_policy import policy

ROLE_ADMIN = 'rule:context_is_admin'
ADMIN_OR_PROJECT_READER = 'rule:admin_or_project_reader'
ADMIN_OR_PROJECT_MEMBER = 'rule:admin_or_project_member'
ADMIN_OR_PROJECT_MEMBER_USER = 'rule:admin_or_project_member_user'
ADMIN_OR_PROJECT_READER_USER = 'rule:admin_or_project_reader_user'
PROJECT_MEMBER = 'rule:project_member'
READER = 'rule:admin_or_project_reader_deny_cluster_user'
WRITER = 'rule:admin_or_project_member_deny_cluster_user'
PROJECT_MEMBER_NOT_BAY = 'rule:project_member_deny_cluster_user'

rules = [
    policy.RuleDefault(
        name='context_is_admin',
        check_str='role:admin',
        description='Who is an administrator of the service.',
    ),
    policy.RuleDefault(
        name='project_member',
        check_str='role:member and project_id:%(project_id)s',
        description='A member of the project that owns the target.',
    ),
    policy.RuleDefault(
        name='project_reader',
        check_str='role:reader and project_id:%(project_id)s',
        description='A reader of the project that owns the target.',
    ),
    policy.RuleDefault(
        name='is_user',
        check_str='user_id:%(user_id)s',
        description='The user that owns the target.',
    ),
    policy.RuleDefault(
        name='admin_or_project_reader',
        check_str='(rule:context_is_admin) or (rule:project_reader)',
        description='An administrator, or a reader of the project.',
    ),
    policy.RuleDefault(
        name='admin_or_project_member',
        check_str='(rule:context_is_admin) or (rule:project_member)',
        description='An administrator, or a member of the project.',
    ),
    policy.RuleDefault(
        name='admin_or_project_member_user',
        check_str='(rule:context_is_admin) or '
        '(rule:project_member and rule:is_user)',
        description='An administrator, or the member of the project who '
        'owns the target.',
    ),
    policy.RuleDefault(
        name='deny_cluster_user',
        check_str='not is_trust:True',
        description="Not a bay's trustee acting through the bay's trust "
        '(the credentials the nodes of a bay hold): a trust-scoped token '
        "acts as the bay's creator, and must only fetch certificates.",
    ),
    policy.RuleDefault(
        name='admin_or_project_reader_deny_cluster_user',
        check_str='(rule:admin_or_project_reader) and '
        '(rule:deny_cluster_user)',
        description='An administrator or a reader of the project, not '
        "through a bay's trust.",
    ),
    policy.RuleDefault(
        name='admin_or_project_member_deny_cluster_user',
        check_str='(rule:admin_or_project_member) and '
        '(rule:deny_cluster_user)',
        description='An administrator or a member of the project, not '
        "through a bay's trust.",
    ),
    policy.RuleDefault(
        name='project_member_deny_cluster_user',
        check_str='(rule:project_member) and (rule:deny_cluster_user)',
        description="A member of the project, not through a bay's trust.",
    ),
    policy.RuleDefault(
        name='admin_or_project_reader_user',
        check_str='(rule:context_is_admin) or '
        '(rule:project_reader and rule:is_user)',
        description='An administrator, or the reader of the project who '
        'owns the target.',
    ),
]


def list_rules():
    """Return the base rules."""
    return rules


def crud(resource, path, item_path, reader, writer, actions, extra=()):
    """Build DocumentedRuleDefaults for the usual actions of a resource.

    :param resource: the rule prefix, e.g. ``cluster``.
    :param path: the collection URL.
    :param item_path: the URL of one item.
    :param reader: check string of the read actions.
    :param writer: check string of the write actions.
    :param actions: names among create, delete, update, get, get_all,
        detail.
    :param extra: more DocumentedRuleDefaults to append.
    """
    table = {
        'create': (writer, 'Create a %s.', [(path, 'POST')]),
        'delete': (writer, 'Delete a %s.', [(item_path, 'DELETE')]),
        'update': (writer, 'Update a %s.', [(item_path, 'PATCH')]),
        'get': (
            reader,
            'Retrieve information about the given %s.',
            [(item_path, 'GET')],
        ),
        'get_all': (reader, 'Retrieve a list of %ss.', [(path, 'GET')]),
        'detail': (
            reader,
            'Retrieve a list of %ss with detail.',
            [(path + '/detail', 'GET')],
        ),
    }
    result = []
    for action in actions:
        check, text, ops = table[action]
        result.append(
            policy.DocumentedRuleDefault(
                name='%s:%s' % (resource, action),
                check_str=check,
                description=text % resource,
                scope_types=['project'],
                operations=[{'path': p, 'method': m} for p, m in ops],
            )
        )
    return result + list(extra)


def admin_rule(name, description, path, method):
    """A DocumentedRuleDefault granted to administrators only."""
    return policy.DocumentedRuleDefault(
        name=name,
        check_str=ROLE_ADMIN,
        description=description,
        operations=[{'path': path, 'method': method}],
    )

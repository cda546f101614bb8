"""Options of the [keystone_auth] and [keystone_authtoken] groups.

[keystone_authtoken] belongs to keystonemiddleware (it validates incoming
tokens); [keystone_auth] holds magnum's own service credentials, used for
admin lookups (projects for quotas, Heat stacks of all projects).
"""

from keystoneauth1 import loading as ka_loading
from oslo_config import cfg

AUTH_GROUP = 'keystone_auth'
AUTHTOKEN_GROUP = 'keystone_authtoken'

auth_group = cfg.OptGroup(AUTH_GROUP, title='Service credentials of magnum')


def register_opts(conf):
    """Register keystoneauth's session and plugin options for magnum."""
    conf.register_group(auth_group)
    ka_loading.register_session_conf_options(conf, AUTH_GROUP)
    ka_loading.register_auth_conf_options(conf, AUTH_GROUP)
    ka_loading.register_adapter_conf_options(conf, AUTH_GROUP)


def list_opts():
    """Return the options of this group for the sample generator."""
    opts = (
        ka_loading.get_session_conf_options()
        + ka_loading.get_auth_common_conf_options()
        + ka_loading.get_auth_plugin_conf_options('password')
        + ka_loading.get_adapter_conf_options(include_deprecated=False)
    )
    unique = {o.dest: o for o in opts}
    return {auth_group: sorted(unique.values(), key=lambda o: o.dest)}

# shellcheck shell=bash
# A stand-in for devstack's function library, for test_plugin.py.
#
# Functions that act on the machine or the cloud only append their name and
# arguments, one call per line (arguments separated by " | "), to
# $FAKE_DEVSTACK_LOG. iniset really writes INI files (with Python's
# configparser), so the tests read the magnum.conf the plugin produced.
# Keystone look-ups answer "<kind>-<name>" ids.

: "${FAKE_DEVSTACK_LOG:?}"
: "${FAKE_PYTHON:?}"

function _record {
    local IFS='|'
    local line="$*"
    echo "${line//|/ | }" >> "$FAKE_DEVSTACK_LOG"
}

function iniset {
    "$FAKE_PYTHON" - "$@" <<'PYEOF'
import configparser
import os
import sys

path, section, key, value = sys.argv[1:5]
parser = configparser.RawConfigParser(
    strict=False, default_section='__no_default__'
)
parser.optionxform = str
if os.path.exists(path):
    parser.read(path)
if not parser.has_section(section):
    parser.add_section(section)
parser.set(section, key, value)
with open(path, 'w') as stream:
    parser.write(stream)
PYEOF
}

function trueorfalse {
    local default=$1
    local name=$2
    local value=${!name:-$default}
    case "$value" in
        1|[Tt]rue|[Yy]es|[Oo]n) echo True ;;
        *) echo False ;;
    esac
}

function is_service_enabled {
    local service
    for service in "$@"; do
        if [[ ",$ENABLED_SERVICES," == *",$service,"* ]]; then
            return 0
        fi
    done
    return 1
}

function enable_service {
    local service
    for service in "$@"; do
        if ! is_service_enabled "$service"; then
            ENABLED_SERVICES+="${ENABLED_SERVICES:+,}$service"
        fi
    done
}

function echo_summary {
    _record echo_summary "$@"
}

function get_python_exec_prefix {
    echo "$FAKE_BIN_DIR"
}

function die {
    _record die "$@"
    exit 1
}

function database_connection_url {
    echo "mysql+pymysql://root:dbpass@127.0.0.1/$1?charset=utf8"
}

function iniset_rpc_backend {
    _record iniset_rpc_backend "$@"
    iniset "$2" DEFAULT transport_url "rabbit://stackrabbit:rabbitpass@127.0.0.1:5672/"
}

function configure_keystone_authtoken_middleware {
    _record configure_keystone_authtoken_middleware "$@"
    iniset "$1" keystone_authtoken auth_type password
    iniset "$1" keystone_authtoken auth_url "$KEYSTONE_SERVICE_URI"
    iniset "$1" keystone_authtoken username "$2"
}

function setup_logging {
    _record setup_logging "$@"
}

function write_uwsgi_config {
    _record write_uwsgi_config "$@"
    iniset "$1" uwsgi wsgi-file "$2"
    iniset "$1" uwsgi http "$4"
}

function get_or_create_domain {
    _record get_or_create_domain "$@"
    echo "domain-$1"
}

function get_or_create_user {
    _record get_or_create_user "$@"
    echo "user-$1"
}

function get_or_create_service {
    _record get_or_create_service "$@"
    echo "service-$2"
}

function get_or_create_endpoint {
    _record get_or_create_endpoint "$@"
    echo "endpoint-$1"
}

function _record_only {
    local name
    for name in "$@"; do
        eval "function $name { _record $name \"\$@\"; }"
    done
}

_record_only setup_develop pip_install create_service_user \
    get_or_add_user_domain_role recreate_database run_process stop_process \
    remove_uwsgi_config wait_for_service openstack

function sudo {
    _record sudo "$@"
    "$@"
}

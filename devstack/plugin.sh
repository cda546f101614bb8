# shellcheck shell=bash
# The devstack plugin of magnum. stack.sh, unstack.sh and clean.sh source it
# with the phase as arguments (stack install|post-config|extra, unstack,
# clean), after settings.

MAGNUM_PLUGIN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=devstack/lib/magnum
source "$MAGNUM_PLUGIN_DIR/lib/magnum"

if is_service_enabled magnum-api magnum-cond; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing magnum"
        install_magnum
        if [[ "$MAGNUM_INSTALL_CLIENT" == "True" ]]; then
            install_magnumclient
        fi
        if [[ "$MAGNUM_REGISTER_GUEST_IMAGE" == "True" ]]; then
            magnum_add_guest_image
        fi
    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring magnum"
        configure_magnum
        if is_service_enabled key; then
            create_magnum_accounts
            create_magnum_trustee_domain
        fi
    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        echo_summary "Initializing and starting magnum"
        init_magnum
        if [[ "$MAGNUM_REGISTER_GUEST_IMAGE" == "True" ]]; then
            magnum_register_image
        fi
        start_magnum
    fi

    if [[ "$1" == "unstack" ]]; then
        stop_magnum
    fi

    if [[ "$1" == "clean" ]]; then
        cleanup_magnum
    fi
fi

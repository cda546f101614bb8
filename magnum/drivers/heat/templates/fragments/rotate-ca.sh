# CA rotation of a booted node, run by magnum-ca-rotation.timer: when the
# server's metadata names a rotation of the bay's CA that this node has
# not applied, fetch the new CA, have the node's certificates signed by it
# (the role's script, boot-role.sh, does that part) and restart the
# services that use them. Nothing else (no token) while there is none.
set -euo pipefail
APPLIED=/var/lib/magnum/ca_rotation_id
WANTED=$(curl -fsS --max-time 10 \
    http://169.254.169.254/openstack/latest/meta_data.json |
    jq -r '.meta.magnum_ca_rotation_id // ""')
[ -n "$WANTED" ] && [ "$WANTED" != "$(cat "$APPLIED" 2>/dev/null || true)" ] ||
    exit 0
MAGNUM_ROTATING_CA=1
# shellcheck source=/dev/null
. /usr/local/lib/magnum/common.sh
log "rotating to the bay's new CA ($WANTED)"
# shellcheck source=/dev/null
. /usr/local/lib/magnum/boot-role.sh
echo "$WANTED" > "$APPLIED"
log "certificates of the new CA in use"
